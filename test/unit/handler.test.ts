// Handler flows over aws-sdk-client-mock: the real adapters, planner and handler against an
// in-memory replication group and hosted zone that keep their state between runs.
import { DescribeCacheClustersCommand, DescribeReplicationGroupsCommand } from '@aws-sdk/client-elasticache';
import { ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import { afterEach, describe, expect, it } from 'vitest';
import { markerValue } from '../../lambda/src/contracts.js';
import { endpointOf, groupOf, primaryEndpointOf, type GroupSpec } from '../../testkit/fakes/fake-group.js';
import { mockedWorld, scheduledEvent, snsEvent, terraformEvent, type MockedWorld } from '../../testkit/fakes/fixtures.js';
import { slot } from '../../testkit/fakes/zone-views.js';

const MARKER = markerValue('test-owner', 'g');
let world: MockedWorld;

afterEach(() => {
  world.elasticacheMock.restore();
  world.route53Mock.restore();
});

/** Start from a converged zone for `spec`, with the call history cleared. */
async function converged(spec: GroupSpec, env: Record<string, string> = {}): Promise<MockedWorld> {
  world = mockedWorld(spec, env);
  await world.handler(terraformEvent('create'));
  world.elasticacheMock.resetHistory();
  world.route53Mock.resetHistory();
  world.lines.length = 0;
  return world;
}

const writes = () => world.route53Mock.commandCalls(ChangeResourceRecordSetsCommand).length;
const reads = () => world.route53Mock.commandCalls(ListResourceRecordSetsCommand).length;
const elasticacheCalls = () => world.elasticacheMock.calls().length;
const withPrimary = (spec: GroupSpec, primary: string): GroupSpec => ({ ...spec, primary });

describe('handler flows', () => {
  it('first run creates one name per replica with markers, in one write', async () => {
    // Prepare
    world = mockedWorld(groupOf(3));
    // Act
    const summary = await world.handler(terraformEvent('create'));
    // Assess
    expect(summary).toMatchObject({
      trigger: 'terraform',
      action: 'create',
      outcome: 'applied',
      changes: 4,
      recordsChanged: 2,
      conflicts: [],
      dryRun: false,
      attempts: 1,
      records: { [slot(1)]: endpointOf('g-002'), [slot(2)]: endpointOf('g-003') },
    });
    expect(world.zone.cnames()).toEqual({ [slot(1)]: endpointOf('g-002'), [slot(2)]: endpointOf('g-003') });
    expect(world.zone.get(`_owner.${slot(1)}`, 'TXT')?.values).toEqual([MARKER]);
    expect(world.elasticacheMock.commandCalls(DescribeReplicationGroupsCommand)).toHaveLength(1);
    expect(world.elasticacheMock.commandCalls(DescribeCacheClustersCommand)).toHaveLength(3);
    expect([reads(), writes()]).toEqual([1, 1]);
  });

  it('writes nothing and reads the zone once when already in sync', async () => {
    await converged(groupOf(3));
    const summary = await world.handler(scheduledEvent);
    expect(summary).toMatchObject({ trigger: 'schedule', outcome: 'in-sync', changes: 0, recordsChanged: 0, attempts: 1 });
    expect([reads(), writes()]).toEqual([1, 0]);
  });

  it('moves exactly one name on failover, and one again on a second failover', async () => {
    // Prepare
    const spec = groupOf(3);
    await converged(spec);
    // Act: g-002 (read1) is promoted
    world.group.spec = withPrimary(spec, 'g-002');
    const first = await world.handler(snsEvent('ElastiCache:FailoverComplete', 'g-002'));
    // Assess
    expect(first).toMatchObject({ trigger: 'sns', event: 'ElastiCache:FailoverComplete', outcome: 'applied', recordsChanged: 1 });
    expect(world.zone.cnames()).toEqual({ [slot(1)]: endpointOf('g-001'), [slot(2)]: endpointOf('g-003') });
    expect([reads(), writes()]).toEqual([1, 1]);

    // Act: g-003 (read2) is promoted
    world.group.spec = withPrimary(spec, 'g-003');
    const second = await world.handler(snsEvent('ElastiCache:FailoverComplete', 'g-003'));
    // Assess
    expect(second).toMatchObject({ outcome: 'applied', recordsChanged: 1 });
    expect(world.zone.cnames()).toEqual({ [slot(1)]: endpointOf('g-001'), [slot(2)]: endpointOf('g-002') });
    expect([reads(), writes()]).toEqual([2, 2]);
  });

  it('adds a name for an added replica without touching the others', async () => {
    await converged(groupOf(3));
    world.group.spec = groupOf(4);
    const summary = await world.handler(snsEvent('ElastiCache:ReplicationGroupIncreaseReplicaCountFinished', 'g'));
    expect(summary).toMatchObject({ outcome: 'applied', recordsChanged: 1, changes: 2 });
    expect(world.zone.cnames()).toEqual({ [slot(1)]: endpointOf('g-002'), [slot(2)]: endpointOf('g-003'), [slot(3)]: endpointOf('g-004') });
  });

  it('deletes the name and marker of a removed replica', async () => {
    const spec = groupOf(4);
    await converged(spec);
    world.group.spec = { ...spec, members: spec.members.filter((m) => m.clusterId !== 'g-003') };
    const summary = await world.handler(snsEvent('ElastiCache:DeleteCacheClusterComplete', 'g-003'));
    expect(summary).toMatchObject({ outcome: 'applied', recordsChanged: 1, changes: 2 });
    expect(world.zone.cnames()).toEqual({ [slot(1)]: endpointOf('g-002'), [slot(3)]: endpointOf('g-004') });
    expect(world.zone.get(`_owner.${slot(2)}`, 'TXT')).toBeUndefined();
  });

  it('drops a replica being replaced and restores its name when the node is back', async () => {
    const spec = groupOf(3);
    await converged(spec);
    world.group.spec = { ...spec, members: spec.members.map((m) => (m.clusterId === 'g-003' ? { ...m, status: 'modifying', nodeStatus: 'rebooting' } : m)) };
    await world.handler(snsEvent('ElastiCache:CacheNodeReplaceStarted', 'g-003'));
    expect(world.zone.cnames()).toEqual({ [slot(1)]: endpointOf('g-002') });
    world.group.spec = spec;
    await world.handler(snsEvent('ElastiCache:CacheNodeReplaceComplete', 'g-003'));
    expect(world.zone.cnames()).toEqual({ [slot(1)]: endpointOf('g-002'), [slot(2)]: endpointOf('g-003') });
  });

  it('deletes the names when no replica is left and fallback is off (default mode)', async () => {
    const spec = groupOf(2);
    await converged(spec);
    world.group.spec = { ...spec, members: spec.members.slice(0, 1) };
    const summary = await world.handler(scheduledEvent);
    expect(summary).toMatchObject({ outcome: 'applied', recordsChanged: 1, records: {} });
    expect(world.zone.cnames()).toEqual({});
  });

  it('points the existing names at the primary when no replica is left and fallback is on (default mode)', async () => {
    const spec = groupOf(3);
    await converged(spec, { FALLBACK_TO_PRIMARY: 'true' });
    world.group.spec = { ...spec, members: spec.members.map((m) => (m.clusterId === 'g-001' ? m : { ...m, status: 'rebooting cache cluster nodes' })) };
    await world.handler(scheduledEvent);
    expect(world.zone.cnames()).toEqual({ [slot(1)]: primaryEndpointOf('g'), [slot(2)]: primaryEndpointOf('g') });
  });

  it('keeps all N names on the primary when no replica is left (fixed mode)', async () => {
    const spec = groupOf(3);
    await converged(spec, { RECORD_COUNT: '3' });
    expect(Object.keys(world.zone.cnames())).toEqual([slot(1), slot(2), slot(3)]);
    world.group.spec = { ...spec, members: spec.members.slice(0, 1) };
    await world.handler(scheduledEvent);
    expect(world.zone.cnames()).toEqual({ [slot(1)]: primaryEndpointOf('g'), [slot(2)]: primaryEndpointOf('g'), [slot(3)]: primaryEndpointOf('g') });
  });

  it('skips a slot name a foreign record holds (default mode), names every replica, reports the skipped name', async () => {
    // Prepare
    world = mockedWorld(groupOf(3));
    world.zone.put({ name: slot(1), type: 'CNAME', ttl: 300, values: ['hand-made.example'] });
    // Act
    const summary = await world.handler({});
    // Assess
    expect(summary.conflicts).toEqual([{ name: slot(1), reason: expect.stringMatching(/^held by a foreign record \(.*without our ownership marker\); slot skipped$/) }]);
    expect(summary.records).toEqual({ [slot(2)]: endpointOf('g-002'), [slot(3)]: endpointOf('g-003') });
    expect(world.zone.cnames()).toEqual({ [slot(1)]: 'hand-made.example', [slot(2)]: endpointOf('g-002'), [slot(3)]: endpointOf('g-003') });
    const [run, emf] = world.logged();
    expect(run).toMatchObject({ level: 'WARN', outcome: 'applied' });
    expect(emf).toMatchObject({ Conflicts: 1, Errors: 0 });
    // A later run writes nothing and still reports the skipped name.
    world.lines.length = 0;
    const again = await world.handler(scheduledEvent);
    expect(again).toMatchObject({ outcome: 'in-sync', conflicts: [{ name: slot(1) }] });
    expect(world.logged()[0]).toMatchObject({ level: 'WARN' });
  });

  it('reports a foreign record in the way of a promised name (fixed mode), leaves it alone and reconciles the rest', async () => {
    // Prepare
    world = mockedWorld(groupOf(3), { RECORD_COUNT: '2' });
    world.zone.put({ name: slot(1), type: 'CNAME', ttl: 300, values: ['hand-made.example'] });
    // Act
    const summary = await world.handler({});
    // Assess
    expect(summary.conflicts).toEqual([{ name: slot(1), reason: 'CNAME record without our ownership marker' }]);
    expect(summary.records).toEqual({ [slot(2)]: endpointOf('g-003') });
    expect(world.zone.cnames()).toEqual({ [slot(1)]: 'hand-made.example', [slot(2)]: endpointOf('g-003') });
    const [run, emf] = world.logged();
    expect(run).toMatchObject({ level: 'WARN', outcome: 'applied' });
    expect(emf).toMatchObject({ Conflicts: 1, Errors: 0 });
  });

  it('re-reads and re-plans when the batch is rejected because the zone changed underneath', async () => {
    // Prepare: someone repoints read1 between our read and our write, once
    const spec = groupOf(3);
    await converged(spec);
    let raced = false;
    world.zone.beforeChange = (zone) => {
      if (!raced) zone.put({ name: slot(1), type: 'CNAME', ttl: 10, values: ['someone-else.example'] });
      raced = true;
    };
    world.group.spec = withPrimary(spec, 'g-002');
    // Act
    const summary = await world.handler(snsEvent('ElastiCache:FailoverComplete', 'g-002'));
    // Assess
    expect(summary).toMatchObject({ outcome: 'applied', attempts: 2 });
    expect([reads(), writes()]).toEqual([2, 2]);
    expect(world.zone.cnames()).toEqual({ [slot(1)]: endpointOf('g-001'), [slot(2)]: endpointOf('g-003') });
  });

  it('gives up with a ConflictError after three rejected batches, logging and counting the error', async () => {
    const spec = groupOf(3);
    await converged(spec);
    let n = 0;
    world.zone.beforeChange = (zone) => zone.put({ name: slot(1), type: 'CNAME', ttl: 10, values: [`race-${n++}.example`] });
    world.group.spec = withPrimary(spec, 'g-002');
    await expect(world.handler(scheduledEvent)).rejects.toMatchObject({ name: 'ConflictError', attempts: 3, cause: { name: 'InvalidChangeBatch' } });
    expect([reads(), writes()]).toEqual([3, 3]);
    const [run, emf] = world.logged();
    expect(run).toMatchObject({ level: 'ERROR', outcome: 'error', error: { name: 'ConflictError' } });
    expect(emf).toMatchObject({ Errors: 1 });
  });

  it('logs the plan in dry run and writes nothing', async () => {
    world = mockedWorld(groupOf(3), { DRY_RUN: 'true' });
    const summary = await world.handler({});
    expect(summary).toMatchObject({ outcome: 'dry-run', dryRun: true, changes: 4, recordsChanged: 2 });
    expect(summary.plan[0]).toBe(`CREATE CNAME ${slot(1)} ${endpointOf('g-002')} ttl=10`);
    expect(writes()).toBe(0);
    expect(world.logged()[1]).toMatchObject({ ChangesApplied: 0, DriftFound: 2 });
  });

  it('destroy deletes every record and marker of this owner, and nothing else, without reading the group', async () => {
    await converged(groupOf(3));
    world.zone.put({ name: slot(4), type: 'CNAME', ttl: 60, values: ['hand-made.example'] });
    world.group.spec = undefined; // the group may already be gone
    const summary = await world.handler(terraformEvent('delete'));
    expect(summary).toMatchObject({ trigger: 'terraform', action: 'delete', outcome: 'destroyed', changes: 4, records: {} });
    expect(world.zone.cnames()).toEqual({ [slot(4)]: 'hand-made.example' });
    expect(world.zone.all().filter((r) => r.name.startsWith('_owner.'))).toEqual([]);
    expect(elasticacheCalls()).toBe(0);
  });

  it.each([
    ['malformed JSON', { Records: [{ EventSource: 'aws:sns', Sns: { Message: '{oops' } }] }],
    ['several records', { Records: [{ EventSource: 'aws:sns', Sns: { Message: '{}' } }, { EventSource: 'aws:sns', Sns: { Message: '{}' } }] }],
    ['a non-ElastiCache message', snsEvent('AutoScaling:EC2_INSTANCE_LAUNCH', 'g-001')],
    ['an unknown payload', { hello: 'world' }],
  ])('ignores %s without calling AWS', async (_label, event) => {
    world = mockedWorld(groupOf(3));
    const summary = await world.handler(event);
    expect(summary).toMatchObject({ outcome: 'ignored', changes: 0, reason: expect.any(String) });
    expect([elasticacheCalls(), reads(), writes()]).toEqual([0, 0, 0]);
    expect(world.logged()).toHaveLength(1);
  });

  it('ignores an event about a cluster of another group after reading the topology, without Route 53 calls', async () => {
    world = mockedWorld(groupOf(3));
    const summary = await world.handler(snsEvent('ElastiCache:FailoverComplete', 'other-001'));
    expect(summary).toMatchObject({ outcome: 'ignored', reason: 'not a member of the group' });
    expect([reads(), writes()]).toEqual([0, 0]);
  });

  it('acts on an event about a member whose id lacks the group prefix', async () => {
    const spec = groupOf(3);
    world = mockedWorld({ ...spec, members: [...spec.members, { clusterId: 'legacy', az: 'us-east-1a' }] });
    const summary = await world.handler(snsEvent('ElastiCache:CacheClusterProvisioningComplete', 'legacy'));
    expect(summary).toMatchObject({ outcome: 'applied', recordsChanged: 3 });
  });

  it('fails with a TopologyError for an unknown group, logging it, without Route 53 calls', async () => {
    world = mockedWorld(undefined);
    await expect(world.handler(scheduledEvent)).rejects.toMatchObject({ name: 'TopologyError' });
    expect([reads(), writes()]).toEqual([0, 0]);
    expect(world.logged().map((l) => l.level ?? 'emf')).toEqual(['ERROR', 'emf']);
  });

  it('writes one run line and one EMF line per run', async () => {
    world = mockedWorld(groupOf(2));
    await world.handler(scheduledEvent);
    const [run, emf] = world.logged();
    expect(run).toMatchObject({
      level: 'INFO',
      trigger: 'schedule',
      outcome: 'applied',
      topology: { members: 2, primary: 'g-001', servingReplicas: ['g-002'], notServing: {} },
      plan: expect.any(Array),
      durationMs: expect.any(Number),
    });
    expect(emf).toMatchObject({
      _aws: {
        Timestamp: expect.any(Number),
        CloudWatchMetrics: [
          {
            Namespace: 'ElastiCacheReplicaDns',
            Dimensions: [['ReplicationGroupId']],
            Metrics: expect.arrayContaining([{ Name: 'ChangesApplied', Unit: 'Count' }, { Name: 'DurationMs', Unit: 'Milliseconds' }]),
          },
        ],
      },
      ReplicationGroupId: 'g',
      ChangesApplied: 2,
      DriftFound: 1,
      Errors: 0,
    });
    expect(world.lines).toHaveLength(2);
  });
});

describe('metrics', () => {
  it('counts a name whose marker alone drifted (TTL change) as drift', async () => {
    // Prepare: converged with TTL 10, then the function is reconfigured to TTL 30
    await converged(groupOf(2));
    const spec = world.group.spec!;
    const zone = world.zone;
    world.elasticacheMock.restore();
    world.route53Mock.restore();
    world = mockedWorld(spec, { RECORD_TTL: '30' });
    for (const record of zone.all()) world.zone.put(record);
    // Act
    const summary = await world.handler(scheduledEvent);
    // Assess: record and marker rewritten with the new TTL: 4 changes, 1 name
    expect(summary).toMatchObject({ outcome: 'applied', changes: 4, recordsChanged: 1 });
    expect(world.logged()[1]).toMatchObject({ ChangesApplied: 4, DriftFound: 1 });
    expect(world.zone.get(`_owner.${slot(1)}`, 'TXT')?.ttl).toBe(30);
  });
});

describe('the run line identifies the invocation', () => {
  it('carries the request id, whether the environment was cold, and a timestamp', async () => {
    // Prepare
    world = mockedWorld(groupOf(3));
    const before = Date.now();
    // Act
    await world.handler(terraformEvent('create'), { awsRequestId: 'request-1' });
    await world.handler(scheduledEvent, { awsRequestId: 'request-2' });
    // Assess: the run lines (EMF metric lines carry no message)
    const runs = world.logged().filter((l) => l.message === 'elasticache-replica-dns run');
    expect(runs.map((l) => [l.function_request_id, l.cold_start])).toEqual([
      ['request-1', true],
      ['request-2', false],
    ]);
    for (const l of runs) expect(Date.parse(String(l.timestamp))).toBeGreaterThanOrEqual(before - 1);
  });

  it('logs an ignored event with its request id too', async () => {
    // Prepare
    world = mockedWorld(groupOf(3));
    // Act
    await world.handler({ unrelated: true }, { awsRequestId: 'request-9' });
    // Assess
    expect(world.logged()[0]).toMatchObject({ outcome: 'ignored', function_request_id: 'request-9', cold_start: true });
  });
});
