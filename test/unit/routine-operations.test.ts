// Routine ElastiCache operations through the handler (the real adapters, planner and handler
// over aws-sdk-client-mock): the statuses each operation shows (lambda/src/serving.ts cites the
// pages), a run during it (its notification, then the schedule) and after it, and what that did
// to the names: names moved and Route 53 writes, counted over the whole operation.
import { ChangeResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import { afterEach, describe, expect, it } from 'vitest';
import { endpointOf, groupOf, primaryEndpointOf, type GroupSpec, type MemberSpec } from '../../testkit/fakes/fake-group.js';
import { mockedWorld, scheduledEvent, snsEvent, terraformEvent, type MockedWorld } from '../../testkit/fakes/fixtures.js';
import { slot } from '../../testkit/fakes/zone-views.js';

let world: MockedWorld;

afterEach(() => {
  world.elasticacheMock.restore();
  world.route53Mock.restore();
});

const FIXED = { RECORD_COUNT: '3' };
const writes = () => world.route53Mock.commandCalls(ChangeResourceRecordSetsCommand).length;

interface Operation {
  /** The zone's names while the operation runs (after its runs). */
  readonly during: Record<string, string>;
  readonly after: Record<string, string>;
  /** Record names created, moved or deleted over the operation (a name moved twice counts twice). */
  readonly namesChanged: number;
  readonly writes: number;
}

/** Converge on `spec`, run on the notification and the schedule while `during` holds, then on the schedule after it. */
async function operation(spec: GroupSpec, during: GroupSpec, event: string, env: Record<string, string> = {}): Promise<Operation> {
  world = mockedWorld(spec, env);
  await world.handler(terraformEvent('create'));
  world.route53Mock.resetHistory();
  world.lines.length = 0;
  let namesChanged = 0;
  const run = async (trigger: unknown) => {
    namesChanged += (await world.handler(trigger)).recordsChanged;
  };
  world.group.spec = during;
  await run(snsEvent(event, during.groupId));
  await run(scheduledEvent);
  const duringZone = world.zone.cnames();
  world.group.spec = spec;
  await run(scheduledEvent);
  return { during: duringZone, after: world.zone.cnames(), namesChanged, writes: writes() };
}

const withMember = (spec: GroupSpec, id: string, change: Partial<MemberSpec>): GroupSpec => ({
  ...spec,
  members: spec.members.map((m) => (m.clusterId === id ? { ...m, ...change } : m)),
});
const everyMember = (spec: GroupSpec, change: Partial<MemberSpec>, status: string): GroupSpec => ({
  ...spec,
  status,
  members: spec.members.map((m) => ({ ...m, ...change })),
});

describe('a daily backup taken from a replica (cluster snapshotting, node available)', () => {
  const spec = groupOf(3);
  const backup = { ...withMember(spec, 'g-003', { status: 'snapshotting' }), status: 'snapshotting' };

  it('default mode keeps the replica’s record: nothing moved, nothing written', async () => {
    // Act
    const result = await operation(spec, backup, 'ElastiCache:SnapshotComplete');
    // Assess
    const names = { [slot(1)]: endpointOf('g-002'), [slot(2)]: endpointOf('g-003') };
    expect(result.during).toEqual(names);
    expect(result.after).toEqual(names);
    expect([result.namesChanged, result.writes]).toEqual([0, 0]);
  });

  it('fixed mode keeps the replica’s name: nothing moved, nothing written', async () => {
    const result = await operation(spec, backup, 'ElastiCache:SnapshotComplete', FIXED);
    const names = { [slot(1)]: endpointOf('g-002'), [slot(2)]: endpointOf('g-003'), [slot(3)]: endpointOf('g-002') };
    expect(result.during).toEqual(names);
    expect(result.after).toEqual(names);
    expect([result.namesChanged, result.writes]).toEqual([0, 0]);
  });
});

describe('every member modifying or updating (online scaling, a service or security-group update)', () => {
  const spec = groupOf(3);

  it.each([
    ['modifying', 'ElastiCache:ModifyReplicationGroupComplete', {}],
    ['modifying', 'ElastiCache:ModifyReplicationGroupComplete', FIXED],
    ['updating', 'ElastiCache:ServiceUpdateAutoUpdateStarted', {}],
    ['updating', 'ElastiCache:ServiceUpdateAutoUpdateStarted', FIXED],
  ])('%s (%s, %o): every name stays on its replica, nothing written', async (status, event, env) => {
    // Prepare: the group and every member report the operation; every node still serves
    const during = everyMember(spec, { status }, status === 'modifying' ? 'modifying' : 'available');
    // Act
    const result = await operation(spec, during, event, env);
    // Assess
    expect(result.during).toEqual(result.after);
    expect(Object.values(result.during)).not.toContain(primaryEndpointOf('g'));
    expect(Object.keys(result.during)).toHaveLength(env === FIXED ? 3 : 2);
    expect([result.namesChanged, result.writes]).toEqual([0, 0]);
  });
});

describe('a replica rebooted (node rebooting): stops serving at once, gets a name back after', () => {
  const spec = groupOf(3);
  const reboot = withMember(spec, 'g-003', { status: 'rebooting cluster nodes', nodeStatus: 'rebooting' });

  it('default mode removes its record during the reboot and gives the same slot back', async () => {
    const result = await operation(spec, reboot, 'ElastiCache:CacheClusterRebootStarted');
    expect(result.during).toEqual({ [slot(1)]: endpointOf('g-002') });
    expect(result.after).toEqual({ [slot(1)]: endpointOf('g-002'), [slot(2)]: endpointOf('g-003') });
    expect([result.namesChanged, result.writes]).toEqual([2, 2]);
  });

  it('fixed mode moves its one name to the other replica and back: two moves, nothing else touched', async () => {
    const result = await operation(spec, reboot, 'ElastiCache:CacheClusterRebootStarted', FIXED);
    expect(result.during).toEqual({ [slot(1)]: endpointOf('g-002'), [slot(2)]: endpointOf('g-002'), [slot(3)]: endpointOf('g-002') });
    expect(result.after, 'the very name it had comes back; read3 never moves').toEqual({ [slot(1)]: endpointOf('g-002'), [slot(2)]: endpointOf('g-003'), [slot(3)]: endpointOf('g-002') });
    expect([result.namesChanged, result.writes]).toEqual([2, 2]);
  });
});

describe('a status the policy does not know', () => {
  it('is decided conservatively and named in the run’s log line (warn)', async () => {
    // Prepare: an unknown cluster status on a node that reports available, an unknown node status on another
    const spec = groupOf(3);
    const during = withMember(withMember(spec, 'g-002', { status: 'resharding' }), 'g-003', { nodeStatus: 'hibernating' });
    // Act
    const result = await operation(spec, during, 'ElastiCache:SomethingNew');
    // Assess: g-002 keeps its name; g-003 loses it while its node says something unknown
    expect(result.during).toEqual({ [slot(1)]: endpointOf('g-002') });
    const [line] = world.logged();
    expect(line).toMatchObject({
      level: 'WARN',
      topology: {
        servingReplicas: ['g-002'],
        notServing: { 'g-003': "unknown node status 'hibernating': treated as not serving" },
        unknownStatus: [
          { member: 'g-002', groupStatus: 'available', clusterStatus: 'resharding', nodeStatuses: ['available'], serves: true, reason: expect.stringMatching(/treated as serving$/) },
          { member: 'g-003', groupStatus: 'available', clusterStatus: 'available', nodeStatuses: ['hibernating'], serves: false, reason: expect.stringMatching(/treated as not serving$/) },
        ],
      },
    });
    expect(world.logged().at(-2)).toMatchObject({ level: 'INFO', topology: { notServing: {} } });
    expect(world.logged().at(-2)?.topology).not.toHaveProperty('unknownStatus');
  });
});
