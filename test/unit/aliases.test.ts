// Alias names (PRIMARY_RECORD_NAME, READER_RECORD_NAME): parsed and refused like the templates,
// owned like the replica names, and written in the same batch; zero writes once in sync.
import { ChangeResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSettings } from '../../lambda/src/config.js';
import { desiredRecords } from '../../lambda/src/desired.js';
import { route53OrderKey } from '../../lambda/src/names.js';
import { markerValue } from '../../lambda/src/contracts.js';
import { endpointOf, groupOf, primaryEndpointOf, readerEndpointOf } from '../../testkit/fakes/fake-group.js';
import { configError as fixtureConfigError, mockedWorld, terraformEvent, topologyOf, validEnv, ZONE_NAME, type MockedWorld } from '../../testkit/fakes/fixtures.js';
import { slot } from '../../testkit/fakes/zone-views.js';

const PRIMARY = `primary.${ZONE_NAME}`;
const READER = `reader.${ZONE_NAME}`;
const ALIASES = { PRIMARY_RECORD_NAME: PRIMARY, READER_RECORD_NAME: READER };
const MARKER = markerValue('test-owner', 'g');

const configError = (env: Record<string, string | undefined>) => fixtureConfigError(validEnv(env));

describe('alias configuration', () => {
  it('is off unless set, and normalizes case and the trailing dot', () => {
    expect(loadSettings(validEnv()).config).toMatchObject({ primaryRecordName: undefined, readerRecordName: undefined });
    const { config } = loadSettings(validEnv({ PRIMARY_RECORD_NAME: 'Primary.Cache.Example.Internal.', READER_RECORD_NAME: READER }));
    expect(config).toMatchObject({ primaryRecordName: PRIMARY, readerRecordName: READER });
  });

  it.each([
    ['PRIMARY_RECORD_NAME', 'primary.other.internal', 'outside the zone'],
    ['READER_RECORD_NAME', `bad name.${ZONE_NAME}`, 'labels may hold only'],
    ['PRIMARY_RECORD_NAME', `read2.${ZONE_NAME}`, 'a name of RECORD_NAME_TEMPLATE'],
    ['READER_RECORD_NAME', `read16.${ZONE_NAME}`, 'a name of RECORD_NAME_TEMPLATE'],
    ['PRIMARY_RECORD_NAME', `_owner.read1.${ZONE_NAME}`, 'ownership markers'],
  ])('refuses %s = %s (%s)', (variable, value, why) => {
    const error = configError({ [variable]: value });
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(why);
    expect(error.message).toContain(JSON.stringify(value));
  });

  it('refuses an alias the AZ template produces, and one alias for both endpoints', () => {
    const az = configError({ AZ_RECORD_NAME_TEMPLATE: `read-{az}.${ZONE_NAME}`, READER_RECORD_NAME: `read-any.${ZONE_NAME}` });
    expect([az.variable, az.message]).toEqual(['READER_RECORD_NAME', expect.stringContaining('matches AZ_RECORD_NAME_TEMPLATE')]);
    const same = configError({ PRIMARY_RECORD_NAME: PRIMARY, READER_RECORD_NAME: PRIMARY.toUpperCase() });
    expect([same.variable, same.message]).toEqual(['READER_RECORD_NAME', expect.stringContaining('it is PRIMARY_RECORD_NAME too')]);
  });
});

describe('alias names in the name scheme', () => {
  const scheme = loadSettings(validEnv(ALIASES)).scheme;

  it('owns the aliases and their markers, nothing else', () => {
    expect([...scheme.aliases]).toEqual([
      ['primary', PRIMARY],
      ['reader', READER],
    ]);
    for (const name of [PRIMARY, READER]) {
      expect(scheme.isRecordName(name)).toBe(true);
      expect(scheme.recordNameOfMarker(`_owner.${name}`)).toBe(name);
    }
    expect(scheme.isRecordName(`primary2.${ZONE_NAME}`)).toBe(false);
    expect(loadSettings(validEnv()).scheme.isRecordName(PRIMARY)).toBe(false);
  });

  it('lists a range that covers every alias and marker', () => {
    const { startName, lastKey } = scheme.listing;
    const start = route53OrderKey(startName);
    for (const name of [PRIMARY, READER, `_owner.${PRIMARY}`, `_owner.${READER}`, slot(1), `_owner.${slot(16)}`]) {
      expect(route53OrderKey(name) >= start && route53OrderKey(name) <= lastKey, name).toBe(true);
    }
    // "primary" sorts before "read1": the listing starts at the alias.
    expect(startName).toBe(PRIMARY);
  });
});

describe('desired alias records', () => {
  const scheme = loadSettings(validEnv(ALIASES)).scheme;
  const options = { recordCount: 0, fallbackToPrimary: false };

  it('point at the primary and reader endpoints, also with no replica available', () => {
    const topology = { ...topologyOf([{ clusterId: 'g-001' }]), readerEndpoint: readerEndpointOf('g') };
    const { records } = desiredRecords(topology, new Map(), options, scheme, new Set());
    expect(Object.fromEntries(records)).toEqual({ [PRIMARY]: primaryEndpointOf('g'), [READER]: readerEndpointOf('g') });
  });

  it('keep their current target while the group reports no endpoint, and are not created without one', () => {
    const topology = topologyOf([{ clusterId: 'g-001' }, { clusterId: 'g-002' }], { primaryEndpoint: null });
    const current = new Map([[PRIMARY, 'old-primary.example']]);
    const { records } = desiredRecords(topology, current, options, scheme, new Set());
    expect(Object.fromEntries(records)).toEqual({ [PRIMARY]: 'old-primary.example', [slot(1)]: endpointOf('g-002') });
  });
});

describe('alias names through the handler', () => {
  let world: MockedWorld;
  afterEach(() => {
    world.elasticacheMock.restore();
    world.route53Mock.restore();
  });
  const writes = () => world.route53Mock.commandCalls(ChangeResourceRecordSetsCommand).length;

  it('creates the aliases with markers in the one batch of the first run, then writes nothing, also after a failover', async () => {
    world = mockedWorld(groupOf(3), ALIASES);
    const first = await world.handler(terraformEvent('create'));
    expect(first).toMatchObject({ outcome: 'applied', changes: 8, recordsChanged: 4, conflicts: [] });
    expect(writes()).toBe(1);
    expect(world.zone.cnames()).toEqual({
      [PRIMARY]: primaryEndpointOf('g'),
      [READER]: readerEndpointOf('g'),
      [slot(1)]: endpointOf('g-002'),
      [slot(2)]: endpointOf('g-003'),
    });
    for (const name of [PRIMARY, READER]) {
      expect(world.zone.get(`_owner.${name}`, 'TXT')).toMatchObject({ ttl: 10, values: [MARKER] });
      expect(world.zone.get(name, 'CNAME')?.ttl).toBe(10);
    }

    expect(await world.handler(terraformEvent('update'))).toMatchObject({ outcome: 'in-sync', changes: 0 });
    expect(writes()).toBe(1);

    world.group.spec = { ...groupOf(3), primary: 'g-002' };
    const failover = await world.handler(terraformEvent('update'));
    expect(failover.plan.filter((line) => line.includes('primary.') || line.includes('reader.'))).toEqual([]);
    expect(failover.recordsChanged).toBe(1);
  });

  it('leaves a foreign record at an alias name alone and reports it, while the rest reconciles', async () => {
    world = mockedWorld(groupOf(2), ALIASES);
    world.zone.put({ name: READER, type: 'CNAME', ttl: 60, values: ['mine.example'] });
    const summary = await world.handler(terraformEvent('create'));
    expect(summary.conflicts).toEqual([{ name: READER, reason: 'CNAME record without our ownership marker' }]);
    expect(world.zone.get(READER, 'CNAME')).toMatchObject({ ttl: 60, values: ['mine.example'] });
    expect(world.zone.get(`_owner.${READER}`, 'TXT')).toBeUndefined();
    expect(world.zone.cnames()[PRIMARY]).toBe(primaryEndpointOf('g'));
    const [run, emf] = world.logged();
    expect(run).toMatchObject({ level: 'WARN', outcome: 'applied' });
    expect(emf).toMatchObject({ Conflicts: 1, Errors: 0 });
  });

  it('removes the aliases and their markers at destroy', async () => {
    world = mockedWorld(groupOf(2), ALIASES);
    await world.handler(terraformEvent('create'));
    await world.handler(terraformEvent('delete'));
    expect(world.zone.cnames()).toEqual({});
    expect(world.zone.get(`_owner.${PRIMARY}`, 'TXT')).toBeUndefined();
  });
});
