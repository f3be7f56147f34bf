// Record modes with the shipped reconciler in the emulator: a fixed slot count (RECORD_COUNT=N,
// fallback to the primary on by default) through a node replacement, a lowered count and the
// loss of every replica; and default mode losing its last replica. Two deployments share one
// zone with different templates and owners; neither may touch the other's records.
import {
  DecreaseReplicaCountCommand,
  DeleteReplicationGroupCommand,
  IncreaseReplicaCountCommand,
  ModifyReplicationGroupCommand,
} from '@aws-sdk/client-elasticache';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectLeanRuns, movedSlots } from '../../testkit/world/checks.js';
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
  TERRAFORM_UPDATE,
  type Deployment,
  type World,
} from '../../testkit/world/world.js';
import {
  expectDefaultMode,
  expectFixedMode,
  expectRolesBehindNames,
  notOwnedBy,
  ownedBy,
} from '../../testkit/world/zone.js';
import { listZone } from '../../testkit/zone-records.js';
import { snapshot } from '../../testkit/world/records.js';

const ZONE = 'cache.example.internal';

let world: World;
let zoneId: string;
let fixed: Deployment;
let plain: Deployment;

beforeAll(async () => {
  world = await startWorld();
  zoneId = await createPrivateZone(world, ZONE);
  const fixedTopic = await newTopic(world, 'fixed-events');
  const plainTopic = await newTopic(world, 'plain-events');
  await createGroup(world, 'fixed', { members: 3, topicArn: fixedTopic });
  // No automatic failover, so its only replica can be removed.
  await createGroup(world, 'plain', { members: 2, topicArn: plainTopic, automaticFailover: false });
  fixed = await deployReconciler(world, {
    functionName: 'fixed-replica-dns',
    groupId: 'fixed',
    zoneId,
    zoneName: ZONE,
    template: `slot{n}.${ZONE}`,
    ownerId: 'fixed-owner',
    env: { RECORD_COUNT: '5', RECORD_TTL: '30' },
    topicArn: fixedTopic,
  });
  plain = await deployReconciler(world, {
    functionName: 'plain-replica-dns',
    groupId: 'plain',
    zoneId,
    zoneName: ZONE,
    template: `read{n}.${ZONE}`,
    ownerId: 'plain-owner',
    topicArn: plainTopic,
  });
});

afterAll(async () => {
  await world?.stop();
});

/** Fixed-mode state now, invariants and ROLE checked. */
async function fixedState(count: number) {
  const group = await describeGroup(world, 'fixed');
  const records = await listZone(world, zoneId);
  const slots = expectFixedMode(fixed, records, group, count);
  await expectRolesBehindNames(world, fixed, records, group);
  return { group, records, slots };
}

function loads(slots: ReadonlyMap<number, string>): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const [n, id] of slots) out.set(id, [...(out.get(id) ?? []), n]);
  return out;
}

describe('fixed slot count (RECORD_COUNT=5)', () => {
  it('creation: names 1..5 exist, spread evenly over the replicas, none on the primary', async () => {
    // Prepare
    const group = await describeGroup(world, 'fixed');
    // Act
    const observed = await observe(world, () => fixed.invoke(TERRAFORM_CREATE));
    // Assess
    expect(observed.value.outcome).toBe('applied');
    const { slots } = await fixedState(5);
    expect(new Set(slots.values()), 'every available replica serves').toEqual(new Set(group.availableReplicas.map((m) => m.clusterId)));
    expect([...slots.values()]).not.toContain(group.primary.clusterId);
    expectLeanRuns(observed);
    expect(observed.writes).toBe(1);
  });

  it('node replacement: the away replica’s names move to the others; back, only names for it move, to it', async () => {
    // Prepare
    const before = await fixedState(5);
    const [away, keptNames] = [...loads(before.slots)].sort(([, a], [, b]) => b.length - a.length)[0]!;
    // Act 1
    const gone = await observe(world, () => world.emu.setNodeStatus(away, 'modifying'));
    // Assess 1: all five names still exist (that is the point of the mode), none on the away node.
    const during = await fixedState(5);
    expect([...during.slots.values()]).not.toContain(away);
    expect(movedSlots(before.slots, during.slots), 'only its names move').toEqual(keptNames);
    expectLeanRuns(gone);
    // Act 2
    const back = await observe(world, () => world.emu.setNodeStatus(away, 'available'));
    // Assess 2: balanced again by moving names to the returning replica only, as few as balance needs.
    const after = await fixedState(5);
    const moved = movedSlots(during.slots, after.slots);
    for (const n of moved) expect(after.slots.get(n), `slot ${n} moved to the returning replica`).toBe(away);
    expect(moved.length, 'as many as its share').toBe(loads(after.slots).get(away)?.length);
    expect(moved.length).toBe(Math.floor(5 / after.group.availableReplicas.length));
    expectLeanRuns(back);
  });

  it('lowering RECORD_COUNT 5 → 2: names 3..5 and their markers are deleted, 1..2 stay balanced', async () => {
    // Prepare
    const before = await fixedState(5);
    // Act
    await fixed.updateEnv({ RECORD_COUNT: '2' });
    const observed = await observe(world, () => fixed.invoke(TERRAFORM_UPDATE));
    // Assess
    expect(observed.value).toMatchObject({ outcome: 'applied', action: 'update' });
    const after = await fixedState(2);
    const names = new Set((await listZone(world, zoneId)).map((r) => r.name));
    for (const n of [3, 4, 5]) {
      expect(names.has(fixed.slotName(n)), `${fixed.slotName(n)} deleted`).toBe(false);
      expect(names.has(`_owner.${fixed.slotName(n)}`), `its marker deleted`).toBe(false);
    }
    // A surviving name moves only if its replica held both (over the new quota of one name each), and then only one of them.
    const moved = [1, 2].filter((n) => after.slots.get(n) !== before.slots.get(n));
    expect(moved, `holders before: ${before.slots.get(1)}, ${before.slots.get(2)}`).toHaveLength(before.slots.get(1) === before.slots.get(2) ? 1 : 0);
    expectLeanRuns(observed);
    expect(observed.writes).toBe(1);
  });

  it('no replicas left: with the fallback every name points at the primary endpoint; a new replica takes them back', async () => {
    // Prepare: automatic failover (and Multi-AZ) off, so every replica may go.
    await world.ec.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'fixed', AutomaticFailoverEnabled: false, MultiAZEnabled: false, ApplyImmediately: true }));
    // Act 1
    const removed = await observe(world, () =>
      world.ec.send(new DecreaseReplicaCountCommand({ ReplicationGroupId: 'fixed', NewReplicaCount: 0, ApplyImmediately: true })),
    );
    // Assess 1 (expectFixedMode: all N names on the primary endpoint; ROLE master behind each)
    const during = await fixedState(2);
    expect(during.group.availableReplicas).toHaveLength(0);
    expect(new Set(during.slots.values())).toEqual(new Set(['primary-endpoint']));
    expectLeanRuns(removed);
    // Act 2
    const added = await observe(world, () =>
      world.ec.send(new IncreaseReplicaCountCommand({ ReplicationGroupId: 'fixed', NewReplicaCount: 1, ApplyImmediately: true })),
    );
    // Assess 2
    const after = await fixedState(2);
    expect(new Set(after.slots.values())).toEqual(new Set(after.group.availableReplicas.map((m) => m.clusterId)));
    expectLeanRuns(added);
  });
});

describe('default mode loses its last replica', () => {
  it('names and markers are deleted (no fallback by default), the other deployment is untouched', async () => {
    // Prepare
    await plain.invoke(TERRAFORM_CREATE);
    const group = await describeGroup(world, 'plain');
    const before = await listZone(world, zoneId);
    const beforeSlots = expectDefaultMode(plain, before, group);
    expect(beforeSlots.size).toBe(1);
    const others = snapshot(notOwnedBy(plain, before));
    // Act
    const observed = await observe(world, () =>
      world.ec.send(new DecreaseReplicaCountCommand({ ReplicationGroupId: 'plain', NewReplicaCount: 0, ApplyImmediately: true })),
    );
    // Assess
    const after = await listZone(world, zoneId);
    expect((await describeGroup(world, 'plain')).availableReplicas).toHaveLength(0);
    expect(ownedBy(plain, after), 'no name, no marker').toEqual([]);
    expect(after.some((r) => r.name.startsWith('read1.') || r.name.startsWith('_owner.read1.'))).toBe(false);
    expect(snapshot(after), 'everything else as it was (the fixed deployment included)').toEqual(others);
    expectLeanRuns(observed);
    expect(observed.writes).toBe(1);
  });
});

describe('destroy after the group is gone', () => {
  it('notification runs fail on the missing group and change nothing; the Terraform delete invoke still removes every name', async () => {
    // Prepare: the fixed deployment's names exist.
    const before = await listZone(world, zoneId);
    const ours = ownedBy(fixed, before);
    expect(ours.length).toBeGreaterThan(0);
    const others = snapshot(notOwnedBy(fixed, before));
    // Act 1: the group is deleted first (its members' DeleteCacheClusterComplete reach the function).
    const deleted = await observe(world, () => world.ec.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: 'fixed' })));
    // Assess 1: each run fails loudly (a topology error, for retries and the on-failure destination), no write.
    expect(deleted.runs.length).toBeGreaterThan(0);
    for (const run of deleted.runs) expect(run.error, run.result).toBe(true);
    expect(deleted.runs.map((r) => JSON.parse(r.result).errorType)).toEqual(deleted.runs.map(() => 'TopologyError'));
    expect(deleted.writes).toBe(0);
    expect(deleted.lists).toBe(0);
    expect(snapshot(await listZone(world, zoneId))).toEqual(snapshot(before));
    // Act 2
    const destroyed = await observe(world, () => fixed.invoke(TERRAFORM_DELETE));
    // Assess 2: destroy needs no topology.
    expect(destroyed.value.outcome).toBe('destroyed');
    expect(destroyed.requests.byService.elasticache).toBeUndefined();
    const after = await listZone(world, zoneId);
    expect(ownedBy(fixed, after)).toEqual([]);
    expect(snapshot(after)).toEqual(others);
    expectLeanRuns(destroyed);
  });
});
