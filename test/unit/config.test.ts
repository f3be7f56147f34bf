import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../lambda/src/config.js';
import { MAX_SLOTS } from '../../lambda/src/contracts.js';
import { configError, validEnv } from '../../testkit/fakes/fixtures.js';

/** The checked configuration, as the handler receives it from loadSettings. */
const configOf = (env: Record<string, string | undefined>) => loadSettings(env).config;

describe('loadSettings', () => {
  it('applies the documented defaults to a minimal environment', () => {
    // Prepare
    const env = validEnv();
    // Act
    const config = configOf(env);
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
  });

  it('ADOPT_EXISTING_RECORDS: true or false, anything else named', () => {
    expect(configOf(validEnv({ ADOPT_EXISTING_RECORDS: 'TRUE' })).adoptExistingRecords).toBe(true);
    expect(configError(validEnv({ ADOPT_EXISTING_RECORDS: 'yes' })).message).toBe('ADOPT_EXISTING_RECORDS: expected true or false; got "yes"');
  });

  it('normalizes zone id prefix, case and trailing dots', () => {
    const config = configOf(
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
    expect(configOf(validEnv({ RECORD_COUNT: '3' })).fallbackToPrimary).toBe(true);
    expect(configOf(validEnv({ RECORD_COUNT: '3', FALLBACK_TO_PRIMARY: 'false' })).fallbackToPrimary).toBe(false);
    expect(configOf(validEnv({ FALLBACK_TO_PRIMARY: 'TRUE' })).fallbackToPrimary).toBe(true);
  });

  it(`names slots 1..${MAX_SLOTS} whatever RECORD_COUNT is, so lowering the count still finds the names above it`, () => {
    const { scheme } = loadSettings(validEnv({ RECORD_COUNT: '3' }));
    expect(scheme.slotOf(`read${MAX_SLOTS}.cache.example.internal`)).toBe(MAX_SLOTS);
    expect(scheme.slotOf(`read${MAX_SLOTS + 1}.cache.example.internal`)).toBeUndefined();
  });

  it('accepts the bounds of the numeric ranges', () => {
    expect(configOf(validEnv({ RECORD_TTL: '0', RECORD_COUNT: '16' }))).toMatchObject({ recordTtl: 0, recordCount: 16 });
    expect(configOf(validEnv({ RECORD_TTL: '86400' })).recordTtl).toBe(86400);
  });

  it.each([
    ['REPLICATION_GROUP_ID', undefined, /not set/],
    ['REPLICATION_GROUP_ID', 'My-Group', /\[a-z\]/],
    ['REPLICATION_GROUP_ID', 'a'.repeat(41), /1-40/],
    ['REPLICATION_GROUP_ID', '1group', /ElastiCache id/],
    ['HOSTED_ZONE_ID', undefined, /zone id/],
    ['HOSTED_ZONE_ID', 'z-lower', /zone id/],
    ['HOSTED_ZONE_ID', '0FAKE', /zone id/],
    ['HOSTED_ZONE_ID', '/hostedzone/4K7QEXAMPLE', /zone id/],
    ['HOSTED_ZONE_ID', `Z${'A'.repeat(32)}`, /zone id/],
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
    expect(configOf(validEnv()).zoneRoleArn).toBeUndefined();
    expect(configOf(validEnv({ ZONE_ROLE_ARN: ' ' })).zoneRoleArn).toBeUndefined();
    expect(configOf(validEnv({ ZONE_ROLE_ARN: 'arn:aws:iam::222222222222:role/dns/replica-dns-zone' })).zoneRoleArn).toBe(
      'arn:aws:iam::222222222222:role/dns/replica-dns-zone',
    );
    expect(configOf(validEnv({ ZONE_ROLE_ARN: 'arn:aws-us-gov:iam::222222222222:role/z' })).zoneRoleArn).toBe('arn:aws-us-gov:iam::222222222222:role/z');
  });
});
