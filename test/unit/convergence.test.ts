// Convergence at Terraform's update and delete: the handler, the real adapters and planner over
// in-memory zones. The invocation carries the applied environment and, on update, the previous
// one (tf.prev_input.environment); what the previous configuration owned and the new one does not
// keep is deleted, markers included, in batches that each name only one configuration's records
// (IAM evaluates a batch against one statement: two policies side by side do not allow a mix).
import { DescribeCacheClustersCommand, DescribeReplicationGroupsCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand, NoSuchHostedZone, Route53Client, type Change } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createClients } from '../../lambda/src/clients.js';
import { loadSettings, otherConfigurations } from '../../lambda/src/config.js';
import { markerValue } from '../../lambda/src/contracts.js';
import { createHandler, type Handler } from '../../lambda/src/handler.js';
import { IAM_RETRY_DELAYS_MS } from '../../lambda/src/reconcile.js';
import { Route53ZoneStore } from '../../lambda/src/route53.js';
import { ElastiCacheTopologyReader } from '../../lambda/src/topology.js';
import { endpointOf, FakeGroup, groupOf, readerEndpointOf } from '../../testkit/fakes/fake-group.js';
import { FakeZone } from '../../testkit/fakes/fake-zone.js';
import { snsEvent, validEnv, ZONE_NAME } from '../../testkit/fakes/fixtures.js';

type Env = Record<string, string>;
const base = validEnv() as Env;
const ecMock = mockClient(ElastiCacheClient);
const r53Mock = mockClient(Route53Client);
afterEach(() => {
  ecMock.reset();
  r53Mock.reset();
});

interface Bed {
  readonly zones: Map<string, FakeZone>;
  /** Every accepted batch: zone id and its changes. */
  readonly batches: Array<{ zoneId: string; changes: Change[] }>;
  readonly sleeps: number[];
  /** A handler for this environment (a function after an apply that changed its configuration). */
  handler(env: Env): Handler;
  /** Fail the next `n` ChangeResourceRecordSets with AccessDenied (a policy still propagating). */
  denyNext(n: number): void;
}

function bed(zoneIds: string[] = ['Z0FAKE']): Bed {
  const group = new FakeGroup(groupOf(3));
  const zones = new Map(zoneIds.map((id) => [id, new FakeZone(id, ZONE_NAME)]));
  const batches: Bed['batches'] = [];
  const sleeps: number[] = [];
  let denied = 0;
  const zone = (id: string | undefined) => {
    const found = zones.get(String(id).replace('/hostedzone/', ''));
    if (!found) throw new NoSuchHostedZone({ message: `No hosted zone found with ID: ${id}`, $metadata: {} });
    return found;
  };
  ecMock.on(DescribeReplicationGroupsCommand).callsFake((input) => group.describeReplicationGroups(input));
  ecMock.on(DescribeCacheClustersCommand).callsFake((input) => group.describeCacheClusters(input));
  r53Mock.on(ListResourceRecordSetsCommand).callsFake((input) => zone(input.HostedZoneId).list(input));
  r53Mock.on(ChangeResourceRecordSetsCommand).callsFake((input) => {
    if (denied > 0) {
      denied--;
      throw Object.assign(new Error('User: … is not authorized to perform: route53:ChangeResourceRecordSets'), { name: 'AccessDenied' });
    }
    zone(input.HostedZoneId).change(input.ChangeBatch.Changes);
    batches.push({ zoneId: input.HostedZoneId, changes: input.ChangeBatch.Changes });
    return { ChangeInfo: { Id: '/change/C1', Status: 'PENDING', SubmittedAt: new Date(0) } };
  });
  const clients = createClients();
  return {
    zones,
    batches,
    sleeps,
    handler: (env) => {
      const { config, scheme } = loadSettings(env);
      return createHandler({
        config,
        scheme,
        topology: new ElastiCacheTopologyReader(clients.elasticache),
        zone: new Route53ZoneStore(clients.route53, config.hostedZoneId, scheme),
        zoneFor: (other) => new Route53ZoneStore(clients.route53, other.config.hostedZoneId, other.scheme),
        sleep: async (ms) => void sleeps.push(ms),
        write: () => undefined,
      });
    },
    denyNext: (n) => {
      denied = n;
    },
  };
}

const input = (env: Env) => ({ trigger: 'terraform', config: 'hash', environment: env });
const create = (env: Env) => ({ ...input(env), tf: { action: 'create', prev_input: null } });
const update = (previous: Env, env: Env) => ({ ...input(env), tf: { action: 'update', prev_input: input(previous) } });
const destroy = (env: Env, previous?: Env) => ({ ...input(env), tf: { action: 'delete', prev_input: previous ? input(previous) : null } });

/** The zone's records that are not SOA/NS, as "name TYPE value". */
function records(zone: FakeZone): string[] {
  return zone
    .all()
    .filter((r) => r.type === 'CNAME' || r.type === 'TXT')
    .map((r) => `${r.name} ${r.type} ${r.values.join(',')}`);
}
const owned = (name: string, target: string, owner = 'test-owner') => [`${name} CNAME ${target}`, `_owner.${name} TXT ${markerValue(owner, 'g')}`];
const z = (label: string) => `${label}.${ZONE_NAME}`;
const FOREIGN = [`${z('read3')} CNAME someone-else.example.com`, `${z('replica2')} CNAME other.example.com`];

describe('a configuration change converges at Terraform update', () => {
  it('record_name_template changed: old names and markers deleted, new ones written; foreign records at old and new names untouched', async () => {
    const t = bed();
    const zone = t.zones.get('Z0FAKE')!;
    zone.put({ name: z('read3'), type: 'CNAME', ttl: 60, values: ['someone-else.example.com'] });
    zone.put({ name: z('replica2'), type: 'CNAME', ttl: 60, values: ['other.example.com'] });
    await t.handler(base)(create(base));
    expect(records(zone).sort()).toEqual([...owned(z('read1'), endpointOf('g-002')), ...owned(z('read2'), endpointOf('g-003')), FOREIGN[0]!, FOREIGN[1]!].sort());

    const next = { ...base, RECORD_NAME_TEMPLATE: `replica{n}.${ZONE_NAME}` };
    const summary = await t.handler(next)(update(base, next));

    // replica2 is foreign: default mode passes it over (replica1, replica3).
    expect(records(zone).sort()).toEqual([...owned(z('replica1'), endpointOf('g-002')), ...owned(z('replica3'), endpointOf('g-003')), ...FOREIGN].sort());
    expect(summary.outcome).toBe('applied');
    expect(summary.conflicts.map((c) => c.name)).toEqual([z('replica2')]);
  });

  it('each batch names one configuration only: the retirement of the old names, then the new names', async () => {
    const t = bed();
    await t.handler(base)(create(base));
    t.batches.length = 0;
    const next = { ...base, RECORD_NAME_TEMPLATE: `replica{n}.${ZONE_NAME}` };
    await t.handler(next)(update(base, next));
    const names = t.batches.map((b) => [...new Set(b.changes.map((c) => c.ResourceRecordSet!.Name!.replace(/^_owner\./, '').replace(/\d+\..*/, '')))]);
    expect(names).toEqual([['read'], ['replica']]);
    expect(t.batches[0]!.changes.every((c) => c.Action === 'DELETE')).toBe(true);
  });

  it('az_record_name_template and primary_record_name turned off, reader_record_name changed, record_count lowered', async () => {
    const t = bed();
    const zone = t.zones.get('Z0FAKE')!;
    const before = { ...base, RECORD_COUNT: '3', AZ_RECORD_NAME_TEMPLATE: `az-{az}.${ZONE_NAME}`, PRIMARY_RECORD_NAME: z('primary'), READER_RECORD_NAME: z('reader') };
    await t.handler(before)(create(before));
    expect(records(zone).filter((r) => r.includes(' CNAME ')).map((r) => r.split(' ')[0]).sort()).toEqual(
      [z('az-us-east-1a'), z('az-us-east-1b'), z('az-us-east-1c'), z('primary'), z('read1'), z('read2'), z('read3'), z('reader')].sort(),
    );

    const after = { ...base, RECORD_COUNT: '1', READER_RECORD_NAME: z('ro') };
    await t.handler(after)(update(before, after));
    expect(records(zone).sort()).toEqual([...owned(z('read1'), endpointOf('g-002')), ...owned(z('ro'), readerEndpointOf('g'))].sort());
  });

  it('owner_id changed: the names are rewritten under the new owner, nothing of the old owner is left', async () => {
    const t = bed();
    const zone = t.zones.get('Z0FAKE')!;
    await t.handler(base)(create(base));
    const next = { ...base, OWNER_ID: 'new-owner' };
    await t.handler(next)(update(base, next));
    expect(records(zone).sort()).toEqual([...owned(z('read1'), endpointOf('g-002'), 'new-owner'), ...owned(z('read2'), endpointOf('g-003'), 'new-owner')].sort());
  });

  it('zone switched: the old zone keeps only what is not ours; the new one has the names', async () => {
    const t = bed(['Z0FAKE', 'Z0NEW']);
    const old = t.zones.get('Z0FAKE')!;
    old.put({ name: z('read3'), type: 'CNAME', ttl: 60, values: ['someone-else.example.com'] });
    await t.handler(base)(create(base));
    const next = { ...base, HOSTED_ZONE_ID: 'Z0NEW' };
    await t.handler(next)(update(base, next));
    expect(records(old)).toEqual([FOREIGN[0]]);
    expect(records(t.zones.get('Z0NEW')!).sort()).toEqual([...owned(z('read1'), endpointOf('g-002')), ...owned(z('read2'), endpointOf('g-003'))].sort());
  });

  it('zone switched away from a zone that no longer exists (created and destroyed by the same apply): nothing to retire', async () => {
    const t = bed(['Z0NEW']);
    const next = { ...base, HOSTED_ZONE_ID: 'Z0NEW' };
    const summary = await t.handler(next)(update(base, next));
    expect(summary.outcome).toBe('applied');
    expect(records(t.zones.get('Z0NEW')!)).toHaveLength(4);
  });

  it('without a previous environment (an input of an older version) nothing but the current names is touched', async () => {
    const t = bed();
    const zone = t.zones.get('Z0FAKE')!;
    await t.handler(base)(create(base));
    const next = { ...base, RECORD_NAME_TEMPLATE: `replica{n}.${ZONE_NAME}` };
    await t.handler(next)({ trigger: 'terraform', config: 'hash', tf: { action: 'update', prev_input: { trigger: 'terraform', config: 'old' } } });
    expect(records(zone).filter((r) => r.startsWith('read') || r.startsWith('_owner.read'))).toHaveLength(4);
  });

  it('a previous environment that does not load is not used (the reconciler never deletes by a configuration it cannot read)', () => {
    const { config } = loadSettings(base);
    const others = otherConfigurations(config, [{ ...base, RECORD_NAME_TEMPLATE: 'read.elsewhere' }, base, { ...base, OWNER_ID: 'x' }]);
    expect(others.settings.map((s) => s.config.ownerId)).toEqual(['x']);
    expect(others.unusable).toEqual([expect.stringMatching(/^RECORD_NAME_TEMPLATE: expected/)]);
  });

  it('an SNS event never retires anything, even with an environment in its payload', async () => {
    const t = bed();
    await t.handler(base)(create(base));
    const next = { ...base, RECORD_NAME_TEMPLATE: `replica{n}.${ZONE_NAME}` };
    await t.handler(next)(snsEvent('ElastiCache:FailoverComplete', 'g-002'));
    expect(records(t.zones.get('Z0FAKE')!).filter((r) => r.startsWith('read'))).toHaveLength(2);
  });
});

describe('destroy at Terraform delete', () => {
  it('removes the records and markers of the applied and the previous configuration, nothing foreign', async () => {
    const t = bed(['Z0FAKE', 'Z0NEW']);
    const old = t.zones.get('Z0FAKE')!;
    old.put({ name: z('read3'), type: 'CNAME', ttl: 60, values: ['someone-else.example.com'] });
    await t.handler(base)(create(base));
    // An apply that wrote the new zone and stopped before retiring the old one.
    const next = { ...base, HOSTED_ZONE_ID: 'Z0NEW' };
    await t.handler(next)(create(next));
    const summary = await t.handler(next)(destroy(next, base));
    expect(summary.outcome).toBe('destroyed');
    expect(records(old)).toEqual([FOREIGN[0]]);
    expect(records(t.zones.get('Z0NEW')!)).toEqual([]);
  });
});

describe('IAM propagation', () => {
  it('a Terraform run retries AccessDenied with backoff until the new policy applies', async () => {
    const t = bed();
    t.denyNext(2);
    const summary = await t.handler(base)(create(base));
    expect(summary.outcome).toBe('applied');
    expect(t.sleeps).toEqual(IAM_RETRY_DELAYS_MS.slice(0, 2));
  });

  it('gives up after the last delay, and an SNS run does not wait at all', async () => {
    const t = bed();
    t.denyNext(99);
    await expect(t.handler(base)(create(base))).rejects.toMatchObject({ name: 'AccessDenied' });
    expect(t.sleeps).toEqual([...IAM_RETRY_DELAYS_MS]);
    t.sleeps.length = 0;
    await expect(t.handler(base)(snsEvent('ElastiCache:FailoverComplete', 'g-002'))).rejects.toMatchObject({ name: 'AccessDenied' });
    expect(t.sleeps).toEqual([]);
  });
});


describe('adoption of blog-style records (ADOPT_EXISTING_RECORDS)', () => {
  /** The 2018 blog's Lambda left read1..read3 without markers: two on replicas, one on the primary (stale after a failover); read4 is someone else's. */
  function blogZone(t: Bed): FakeZone {
    const zone = t.zones.get('Z0FAKE')!;
    zone.put({ name: z('read1'), type: 'CNAME', ttl: 60, values: [endpointOf('g-002')] });
    zone.put({ name: z('read2'), type: 'CNAME', ttl: 60, values: [endpointOf('g-003')] });
    zone.put({ name: z('read3'), type: 'CNAME', ttl: 60, values: [endpointOf('g-001')] });
    zone.put({ name: z('read4'), type: 'CNAME', ttl: 60, values: ['someone-else.example.com'] });
    return zone;
  }
  const FIXED = { ...base, RECORD_COUNT: '3' };

  it('takes over the CNAMEs whose value is an endpoint of the group, writing their markers in the same batch; the rest stays foreign', async () => {
    const t = bed();
    const zone = blogZone(t);
    const env = { ...FIXED, ADOPT_EXISTING_RECORDS: 'true' };
    const summary = await t.handler(env)(create(env));
    expect(summary.conflicts).toEqual([]);
    expect(t.batches).toHaveLength(1);
    // read1/read2 keep their replica (sticky), read3 leaves the primary; all get our TTL and marker.
    expect(records(zone).sort()).toEqual(
      [...owned(z('read1'), endpointOf('g-002')), ...owned(z('read2'), endpointOf('g-003')), ...owned(z('read3'), endpointOf('g-002')), `${z('read4')} CNAME someone-else.example.com`].sort(),
    );
    expect(zone.get(z('read1'), 'CNAME')?.ttl).toBe(10);
  });

  it('off (the default): the same records are foreign, reported, and untouched', async () => {
    const t = bed();
    const zone = blogZone(t);
    const before = records(zone);
    const summary = await t.handler(FIXED)(create(FIXED));
    expect(summary.conflicts.map((c) => [c.name, c.orphaned ?? false])).toEqual([
      [z('read1'), true],
      [z('read2'), true],
      [z('read3'), true],
    ]);
    expect(summary.conflicts[0]!.reason).toMatch(/adopt_existing_records/);
    expect(records(zone)).toEqual(before);
  });

  it('never adopts a CNAME next to a marker of another owner, nor one beside other records at the name', async () => {
    const t = bed();
    const zone = t.zones.get('Z0FAKE')!;
    zone.put({ name: z('read1'), type: 'CNAME', ttl: 60, values: [endpointOf('g-002')] });
    zone.put({ name: `_owner.${z('read1')}`, type: 'TXT', ttl: 60, values: [markerValue('someone', 'g')] });
    const env = { ...base, RECORD_COUNT: '1', ADOPT_EXISTING_RECORDS: 'true' };
    const summary = await t.handler(env)(create(env));
    expect(summary.conflicts.map((c) => c.name)).toEqual([z('read1')]);
    expect(zone.get(`_owner.${z('read1')}`, 'TXT')?.values).toEqual([markerValue('someone', 'g')]);
  });
});
