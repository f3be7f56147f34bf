import { describe, expect, it } from 'vitest';
import { loadConfig, maxSlot } from '../../lambda/src/config.js';
import { configError, validEnv } from '../../testkit/fakes/fixtures.js';

describe('loadConfig', () => {
  it('applies the documented defaults to a minimal environment', () => {
    // Prepare
    const env = validEnv();
    // Act
    const config = loadConfig(env);
    // Assess
    expect(config).toEqual({
      replicationGroupId: 'g',
      hostedZoneId: 'Z0FAKE',
      hostedZoneName: 'cache.example.internal',
      recordNameTemplate: 'read{n}.cache.example.internal',
      azRecordNameTemplate: undefined,
      recordTtl: 10,
      recordCount: 0,
      fallbackToPrimary: false,
      ownerId: 'test-owner',
      dryRun: false,
      adoptExistingRecords: false,
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(maxSlot(config)).toBe(16);
  });

  it('ADOPT_EXISTING_RECORDS: true or false, anything else named', () => {
    expect(loadConfig(validEnv({ ADOPT_EXISTING_RECORDS: 'TRUE' })).adoptExistingRecords).toBe(true);
    expect(configError(validEnv({ ADOPT_EXISTING_RECORDS: 'yes' })).message).toBe('ADOPT_EXISTING_RECORDS: expected true or false; got "yes"');
  });

  it('normalizes zone id prefix, case and trailing dots', () => {
    const config = loadConfig(
      validEnv({
        HOSTED_ZONE_ID: '/hostedzone/Z123ABC',
        HOSTED_ZONE_NAME: 'Cache.Example.Internal.',
        RECORD_NAME_TEMPLATE: 'Read{n}.CACHE.example.internal.',
        AZ_RECORD_NAME_TEMPLATE: 'read-{az}.cache.example.internal',
      }),
    );
    expect(config.hostedZoneId).toBe('Z123ABC');
    expect(config.hostedZoneName).toBe('cache.example.internal');
    expect(config.recordNameTemplate).toBe('read{n}.cache.example.internal');
    expect(config.azRecordNameTemplate).toBe('read-{az}.cache.example.internal');
  });

  it('turns fallback on by default only with a fixed record count', () => {
    expect(loadConfig(validEnv({ RECORD_COUNT: '3' })).fallbackToPrimary).toBe(true);
    expect(loadConfig(validEnv({ RECORD_COUNT: '3', FALLBACK_TO_PRIMARY: 'false' })).fallbackToPrimary).toBe(false);
    expect(loadConfig(validEnv({ FALLBACK_TO_PRIMARY: 'TRUE' })).fallbackToPrimary).toBe(true);
    expect(maxSlot(loadConfig(validEnv({ RECORD_COUNT: '3' })))).toBe(16);
  });

  it('accepts the bounds of the numeric ranges', () => {
    expect(loadConfig(validEnv({ RECORD_TTL: '0', RECORD_COUNT: '16' }))).toMatchObject({ recordTtl: 0, recordCount: 16 });
    expect(loadConfig(validEnv({ RECORD_TTL: '86400' })).recordTtl).toBe(86400);
  });

  it.each([
    ['REPLICATION_GROUP_ID', undefined, /not set/],
    ['REPLICATION_GROUP_ID', 'My-Group', /\[a-z\]/],
    ['REPLICATION_GROUP_ID', 'a'.repeat(41), /1-40/],
    ['REPLICATION_GROUP_ID', '1group', /ElastiCache id/],
    ['HOSTED_ZONE_ID', undefined, /zone id/],
    ['HOSTED_ZONE_ID', 'z-lower', /zone id/],
    ['HOSTED_ZONE_NAME', '', /zone DNS name/],
    ['HOSTED_ZONE_NAME', 'bad zone.internal', /zone DNS name/],
    ['RECORD_NAME_TEMPLATE', undefined, /\{n\}/],
    ['RECORD_NAME_TEMPLATE', 'read.cache.example.internal', /exactly once/],
    ['RECORD_NAME_TEMPLATE', 'read{n}{n}.cache.example.internal', /exactly once/],
    ['RECORD_NAME_TEMPLATE', 'read{n}.other.internal', /outside the zone/],
    ['RECORD_NAME_TEMPLATE', 'read{n}.notcache.example.internal', /outside the zone/],
    ['RECORD_NAME_TEMPLATE', 'read {n}.cache.example.internal', /labels/],
    ['RECORD_NAME_TEMPLATE', 'read{n}-{az}.cache.example.internal', /not allowed/],
    ['AZ_RECORD_NAME_TEMPLATE', 'read-{n}.cache.example.internal', /\{az\}/],
    ['AZ_RECORD_NAME_TEMPLATE', 'read-{az}.elsewhere.internal', /outside the zone/],
    ['AZ_RECORD_NAME_TEMPLATE', 'read{az}.cache.example.internal', /differ from RECORD_NAME_TEMPLATE/],
    ['RECORD_TTL', '-1', /0\.\.86400/],
    ['RECORD_TTL', '86401', /0\.\.86400/],
    ['RECORD_TTL', '1.5', /integer/],
    ['RECORD_COUNT', '17', /0\.\.16/],
    ['RECORD_COUNT', 'three', /integer/],
    ['FALLBACK_TO_PRIMARY', 'yes', /true or false/],
    ['OWNER_ID', undefined, /\[A-Za-z0-9\._-\]/],
    ['OWNER_ID', 'has space', /1-64/],
    ['OWNER_ID', 'x'.repeat(65), /1-64/],
    ['DRY_RUN', '1', /true or false/],
    ['ZONE_ROLE_ARN', 'replica-dns-zone', /IAM role ARN/],
    ['ZONE_ROLE_ARN', 'arn:aws:iam::2222:role/r', /12-digit account/],
    ['ZONE_ROLE_ARN', 'arn:aws:iam::222222222222:user/r', /role\/<name>/],
    ['ZONE_ROLE_ARN', 'arn:aws:sts::222222222222:assumed-role/r/s', /IAM role ARN/],
  ])('rejects %s=%j with an error naming the variable and the expected form', (variable, value, expected) => {
    // Prepare
    const env = validEnv({ [variable]: value });
    // Act
    const error = configError(env);
    // Assess
    expect(error.variable).toBe(variable);
    expect(error.message.startsWith(`${variable}: expected `)).toBe(true);
    expect(error.message).toMatch(expected);
    expect(error.name).toBe('ConfigError');
  });

  it('reads the optional zone role (Route 53 in another account), unset by default', () => {
    expect(loadConfig(validEnv()).zoneRoleArn).toBeUndefined();
    expect(loadConfig(validEnv({ ZONE_ROLE_ARN: ' ' })).zoneRoleArn).toBeUndefined();
    expect(loadConfig(validEnv({ ZONE_ROLE_ARN: 'arn:aws:iam::222222222222:role/dns/replica-dns-zone' })).zoneRoleArn).toBe(
      'arn:aws:iam::222222222222:role/dns/replica-dns-zone',
    );
    expect(loadConfig(validEnv({ ZONE_ROLE_ARN: 'arn:aws-us-gov:iam::222222222222:role/z' })).zoneRoleArn).toBe('arn:aws-us-gov:iam::222222222222:role/z');
  });
});
