// The shipped reconciler (the committed lambda/dist/reconciler.zip) deployed into the emulator as a
// Lambda function, subscribed to the replication group's notification topic, through the life of
// one group in default mode (one name per available replica): Terraform's create invoke,
// failovers, replica additions and removals, node replacements, Terraform's destroy invoke. Every
// ElastiCache operation drives the function through the notifications the emulator publishes;
// the zone is read back with ListResourceRecordSets and, with Redis, every name is checked with
// ROLE on the node it names. The steps build on each other, in order.
import {
  DecreaseReplicaCountCommand,
  IncreaseReplicaCountCommand,
  TestFailoverCommand,
} from '@aws-sdk/client-elasticache';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaRuntimePins, lambdaRuntimesSupportedHere } from '../../testkit/emulator/emulator.js';
import { expectLeanRuns, lowestFree, movedSlots } from '../../testkit/world/checks.js';
import {
  createGroup,
  createPrivateZone,
  deployReconciler,
  describeGroup,
  newTopic,
  observe,
  startWorld,
  TERRAFORM_CREATE,
  TERRAFORM_DELETE,
  type Deployment,
  type GroupView,
  type World,
} from '../../testkit/world/world.js';
import {
  changeZone,
  cname,
  expectDefaultMode,
  expectRolesBehindNames,
  notOwnedBy,
  ownedBy,
  record,
} from '../../testkit/world/zone.js';
import { listZone, type ZoneRecord } from '../../testkit/zone-records.js';
import { snapshot } from '../../testkit/world/records.js';
import { normalizeName } from '../../lambda/src/names.js';

const ZONE = 'cache.example.internal';
const GROUP = 'app';

let world: World;
let zoneId: string;
let dep: Deployment;
/** Records that are not the deployment's, as they were before it first ran. */
let othersAtStart: Map<string, string>;

interface State {
  group: GroupView;
  records: ZoneRecord[];
  slots: Map<number, string>;
}

/** Topology and zone now, with the default-mode invariants and ROLE behind every name checked. */
async function settled(): Promise<State> {
  const group = await describeGroup(world, GROUP);
  const records = await listZone(world, zoneId);
  const slots = expectDefaultMode(dep, records, group);
  await expectRolesBehindNames(world, dep, records, group);
  expect(snapshot(notOwnedBy(dep, records)), 'records that are not ours are untouched').toEqual(othersAtStart);
  return { group, records, slots };
}

beforeAll(async () => {
  world = await startWorld();
  zoneId = await createPrivateZone(world, ZONE);
  const topicArn = await newTopic(world, 'app-elasticache-events');
  // The group exists before the module (its notifications so far reach no subscriber).
  await createGroup(world, GROUP, { members: 3, topicArn });
  // Records of others in the same zone: look-alike names, a deeper name, another owner's slot.
  await changeZone(world, zoneId, [
    record(`db.${ZONE}`, 'A', ['10.0.0.10']),
    cname(`read.${ZONE}`, 'reader.example.com'),
    cname(`read17.${ZONE}`, 'seventeen.example.com'),
    cname(`reader1.${ZONE}`, 'r1.example.com'),
    cname(`x.read1.${ZONE}`, 'deep.example.com'),
    record(`read1.${ZONE}`.replace('read1', 'readx'), 'TXT', ['"not a slot"']),
    cname(`read9.${ZONE}`, 'someone-elses.example.com', 60),
    record(`_owner.read9.${ZONE}`, 'TXT', ['"heritage=elasticache-replica-dns,owner=other-team,group=other"'], 60),
  ]);
  othersAtStart = snapshot(await listZone(world, zoneId));
  dep = await deployReconciler(world, {
    functionName: 'app-replica-dns',
    groupId: GROUP,
    zoneId,
    zoneName: ZONE,
    template: `read{n}.${ZONE}`,
    ownerId: 'app-prod',
    topicArn,
  });
});

afterAll(async () => {
  await world?.stop();
});

/** TestFailover and its checks: exactly one name moves — the promoted replica's, to the old primary. */
async function failover(): Promise<void> {
  // Prepare
  const before = await settled();
  // Act
  const observed = await observe(world, () => world.ec.send(new TestFailoverCommand({ ReplicationGroupId: GROUP, NodeGroupId: '0001' })));
  // Assess
  const after = await settled();
  const promoted = after.group.primary.clusterId;
  const oldPrimary = before.group.primary.clusterId;
  expect(promoted).not.toBe(oldPrimary);
  expect(after.group.members.find((m) => m.clusterId === oldPrimary)?.role).toBe('replica');
  const moved = movedSlots(before.slots, after.slots);
  expect(moved, 'exactly one name moves').toHaveLength(1);
  expect(before.slots.get(moved[0]!), 'the moved name was the promoted replica’s').toBe(promoted);
  expect(after.slots.get(moved[0]!), 'and now names the old primary').toBe(oldPrimary);
  expect([...after.slots.values()]).not.toContain(promoted);
  expectLeanRuns(observed);
  expect(observed.runs.map((r) => r.summary?.event)).toEqual(['ElastiCache:FailoverComplete']);
  expect(observed.writes).toBe(1);
  expect(observed.runs[0]!.summary!.recordsChanged).toBe(1);
}

describe('default mode, one group through its life', () => {
  it('initial creation: the Terraform create invoke writes a name per replica in one batch', async () => {
    // Prepare
    const group = await describeGroup(world, GROUP);
    expect(group.availableReplicas).toHaveLength(2);
    // Act
    const observed = await observe(world, () => dep.invoke(TERRAFORM_CREATE));
    // Assess
    const summary = observed.value;
    expect(summary).toMatchObject({ trigger: 'terraform', action: 'create', outcome: 'applied', groupId: GROUP, dryRun: false, conflicts: [] });
    const { slots, records } = await settled();
    expect([...slots.keys()].sort(), 'new names take the lowest slots').toEqual(lowestFree([], group.availableReplicas.length));
    const cnames = Object.fromEntries(ownedBy(dep, records).filter((r) => r.type === 'CNAME').map((r) => [r.name, normalizeName(r.values[0]!)]));
    expect(summary.records, 'the summary lists the names readers can use').toEqual(cnames);
    expect(summary.changes, 'a CNAME and a marker per name').toBe(2 * group.availableReplicas.length);
    expectLeanRuns(observed);
    expect(observed.writes).toBe(1);
    // The default runtime, nodejs22.x, runs on the pinned Node.js 22 as on Lambda (runtimes.test.ts: nodejs24.x).
    // The pinned binaries are linux-x64 builds; elsewhere the emulator falls back to the host's node.
    const node22 = `v${lambdaRuntimePins().find((p) => p.runtime === 'nodejs22.x')!.version}`;
    expect(node22.startsWith('v22.')).toBe(true);
    for (const run of observed.runs) {
      expect(run.runtime).toBe('nodejs22.x');
      if (lambdaRuntimesSupportedHere) expect({ node: run.nodeVersion, source: run.nodeSource }).toEqual({ node: node22, source: 'runtime' });
    }
  });

  it('failover: exactly one name moves, to the old primary; none names the new primary', async () => {
    await failover();
  });

  it('second failover: the same again from the new topology', async () => {
    await failover();
  });

  it('add replica: the newcomer gets the lowest free name, no other name moves', async () => {
    // Prepare
    const before = await settled();
    // Act
    const observed = await observe(world, () =>
      world.ec.send(new IncreaseReplicaCountCommand({ ReplicationGroupId: GROUP, NewReplicaCount: before.group.availableReplicas.length + 1, ApplyImmediately: true })),
    );
    // Assess
    const after = await settled();
    const added = after.group.members.filter((m) => !before.group.members.some((b) => b.clusterId === m.clusterId));
    expect(added).toHaveLength(1);
    const moved = movedSlots(before.slots, after.slots);
    expect(moved, 'only the new name changes').toEqual(lowestFree(before.slots.keys(), 1));
    expect(after.slots.get(moved[0]!)).toBe(added[0]!.clusterId);
    expectLeanRuns(observed);
    expect(observed.writes, 'one write, whatever the number of notifications').toBe(1);
  });

  it('remove replica: that replica’s name and marker are deleted, the others do not move', async () => {
    // Prepare: remove the replica holding the lowest slot.
    const before = await settled();
    const lowest = Math.min(...before.slots.keys());
    const victim = before.slots.get(lowest)!;
    // Act
    const observed = await observe(world, () =>
      world.ec.send(new DecreaseReplicaCountCommand({ ReplicationGroupId: GROUP, ReplicasToRemove: [victim], ApplyImmediately: true })),
    );
    // Assess
    const after = await settled();
    expect(after.group.members.map((m) => m.clusterId)).not.toContain(victim);
    expect(movedSlots(before.slots, after.slots), 'only the removed replica’s name changes').toEqual([lowest]);
    expect(after.slots.has(lowest)).toBe(false);
    expect(after.records.some((r) => r.name === dep.slotName(lowest) || r.name === `_owner.${dep.slotName(lowest)}`)).toBe(false);
    expectLeanRuns(observed);
    expect(observed.runs.map((r) => r.summary?.event)).toEqual(['ElastiCache:DeleteCacheClusterComplete']);
    expect(observed.writes).toBe(1);
  });

  it('node replacement of a replica: its name goes while it is away and comes back with it', async () => {
    // Prepare
    const before = await settled();
    const [slot, replica] = [...before.slots.entries()].sort(([a], [b]) => b - a)[0]!;
    // Act 1: the node goes away.
    const away = await observe(world, () => world.emu.setNodeStatus(replica, 'modifying'));
    // Assess 1
    const during = await settled();
    expect(during.group.members.find((m) => m.clusterId === replica)?.available).toBe(false);
    expect(movedSlots(before.slots, during.slots), 'only its name is removed').toEqual([slot]);
    expect(during.slots.has(slot)).toBe(false);
    expectLeanRuns(away);
    expect(away.runs.map((r) => r.summary?.event)).toEqual(['ElastiCache:CacheNodeReplaceStarted']);
    // Act 2: the node is back on the same address.
    const back = await observe(world, () => world.emu.setNodeStatus(replica, 'available'));
    // Assess 2: it gets the lowest free slot again; nothing else moved.
    const after = await settled();
    const expectedSlot = lowestFree(during.slots.keys(), 1)[0]!;
    expect(movedSlots(during.slots, after.slots)).toEqual([expectedSlot]);
    expect(after.slots.get(expectedSlot)).toBe(replica);
    expectLeanRuns(back);
    expect(back.runs.map((r) => r.summary?.event)).toEqual(['ElastiCache:CacheNodeReplaceComplete']);
  });

  it('node replacement of the primary: after the automatic failover no name names the new primary; the old one returns as a named replica', async () => {
    // Prepare
    const before = await settled();
    const oldPrimary = before.group.primary.clusterId;
    // Act 1
    const away = await observe(world, () => world.emu.setNodeStatus(oldPrimary, 'modifying'));
    // Assess 1
    const during = await settled();
    const promoted = during.group.primary.clusterId;
    expect(promoted).not.toBe(oldPrimary);
    const promotedSlot = [...before.slots.entries()].find(([, id]) => id === promoted)![0];
    expect(movedSlots(before.slots, during.slots), 'only the promoted replica’s name goes').toEqual([promotedSlot]);
    expectLeanRuns(away);
    // Act 2
    const back = await observe(world, () => world.emu.setNodeStatus(oldPrimary, 'available'));
    // Assess 2
    const after = await settled();
    expect(after.group.members.find((m) => m.clusterId === oldPrimary)?.role).toBe('replica');
    const expectedSlot = lowestFree(during.slots.keys(), 1)[0]!;
    expect(movedSlots(during.slots, after.slots)).toEqual([expectedSlot]);
    expect(after.slots.get(expectedSlot)).toBe(oldPrimary);
    expectLeanRuns(back);
  });

  it('destroy: the Terraform delete invoke removes every record and marker of this owner, nothing else', async () => {
    // Prepare
    const before = await settled();
    expect(before.slots.size).toBeGreaterThan(0);
    // Act
    const observed = await observe(world, () => dep.invoke(TERRAFORM_DELETE));
    // Assess
    expect(observed.value).toMatchObject({ trigger: 'terraform', action: 'delete', outcome: 'destroyed', changes: 2 * before.slots.size });
    const records = await listZone(world, zoneId);
    expect(ownedBy(dep, records), 'no record or marker of this owner is left').toEqual([]);
    expect(snapshot(records), 'foreign and unrelated records intact, SOA/NS included').toEqual(othersAtStart);
    expectLeanRuns(observed);
    expect(observed.writes).toBe(1);
    // A second destroy (e.g. a retried apply) finds nothing to do.
    const again = await observe(world, () => dep.invoke(TERRAFORM_DELETE));
    expect(again.value.outcome).toBe('in-sync');
    expect(again.writes).toBe(0);
  });
});
