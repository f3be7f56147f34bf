// Scale with the shipped reconciler in the emulator: an account with 1,000 other replication
// groups (the 2018 baseline listed every group and read only the first page), and a zone with
// 10,000 records that are not the reconciler's (it must read only its own name range).
// The emulator's request counter says what the function actually sent.
import { DescribeReplicationGroupsCommand, IncreaseReplicaCountCommand, TestFailoverCommand } from '@aws-sdk/client-elasticache';
import type { Change } from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectLeanRuns, movedSlots } from '../../testkit/world/checks.js';
import {
  count,
  createGroup,
  createPrivateZone,
  deployReconciler,
  describeGroup,
  newTopic,
  observe,
  SCHEDULE,
  startWorld,
  TERRAFORM_CREATE,
  type Deployment,
  type World,
} from '../../testkit/world/world.js';
import { changeZone, cname, expectDefaultMode, expectRolesBehindNames, notOwnedBy, record } from '../../testkit/world/zone.js';
import { listZone } from '../../testkit/zone-records.js';
import { snapshot } from '../../testkit/world/records.js';

let world: World;

beforeAll(async () => {
  world = await startWorld();
});

afterAll(async () => {
  await world?.stop();
});

describe('1,000 other replication groups in the account', () => {
  const ZONE = 'crowded.example.internal';
  const GROUP = 'payments';
  let zoneId: string;
  let dep: Deployment;

  beforeAll(async () => {
    const seeded = await world.emu.seedReplicationGroups(1000, { prefix: 'other-', numCacheClusters: 2 });
    expect(seeded).toBe(1000);
    zoneId = await createPrivateZone(world, ZONE);
    const topicArn = await newTopic(world, 'payments-events');
    await createGroup(world, GROUP, { members: 3, topicArn });
    dep = await deployReconciler(world, {
      functionName: 'payments-replica-dns',
      groupId: GROUP,
      zoneId,
      zoneName: ZONE,
      template: `read{n}.${ZONE}`,
      ownerId: 'payments',
      topicArn,
    });
  });

  it('the group is not on the first page of a listing of all groups', async () => {
    const page = await world.ec.send(new DescribeReplicationGroupsCommand({ MaxRecords: 100 }));
    expect(page.ReplicationGroups).toHaveLength(100);
    expect(page.Marker, 'more pages follow').toBeTruthy();
    expect(page.ReplicationGroups!.map((g) => g.ReplicationGroupId)).not.toContain(GROUP);
  });

  it('creation and a failover: exactly one DescribeReplicationGroups per run, and correct names', async () => {
    // Prepare
    const group = await describeGroup(world, GROUP);
    // Act 1
    const created = await observe(world, () => dep.invoke(TERRAFORM_CREATE));
    // Assess 1
    expect(created.value.outcome).toBe('applied');
    expect(created.runs).toHaveLength(1);
    expect(count(created.requests, 'elasticache', 'DescribeReplicationGroups')).toBe(1);
    expect(count(created.requests, 'elasticache', 'DescribeCacheClusters'), 'one per member').toBe(group.members.length);
    expect(Object.keys(created.requests.byService.elasticache ?? {}).sort()).toEqual(['DescribeCacheClusters', 'DescribeReplicationGroups']);
    const before = expectDefaultMode(dep, await listZone(world, zoneId), group);
    // Act 2
    const failed = await observe(world, () => world.ec.send(new TestFailoverCommand({ ReplicationGroupId: GROUP, NodeGroupId: '0001' })));
    // Assess 2
    expect(failed.runs).toHaveLength(1);
    expect(count(failed.requests, 'elasticache', 'DescribeReplicationGroups')).toBe(1);
    const after = await describeGroup(world, GROUP);
    const records = await listZone(world, zoneId);
    const slots = expectDefaultMode(dep, records, after);
    await expectRolesBehindNames(world, dep, records, after);
    expect(movedSlots(before, slots)).toHaveLength(1);
    expectLeanRuns(failed);
  });

  it('a replica count change (three notifications): one DescribeReplicationGroups per run', async () => {
    // Prepare
    const before = await describeGroup(world, GROUP);
    // Act
    const observed = await observe(world, () =>
      world.ec.send(new IncreaseReplicaCountCommand({ ReplicationGroupId: GROUP, NewReplicaCount: before.availableReplicas.length + 1, ApplyImmediately: true })),
    );
    // Assess
    expect(observed.runs.length).toBe(3);
    expect(count(observed.requests, 'elasticache', 'DescribeReplicationGroups')).toBe(observed.runs.length);
    expectLeanRuns(observed);
    const after = await describeGroup(world, GROUP);
    expectDefaultMode(dep, await listZone(world, zoneId), after);
  });
});

describe('a zone with 10,000 unrelated records', () => {
  const ZONE = 'big.example.internal';
  const GROUP = 'catalog';
  const UNRELATED = 10_000;
  let zoneId: string;
  let dep: Deployment;
  let unrelated: Map<string, string>;

  /**
   * 10,000 records that are not the reconciler's: look-alikes inside its listing range (children
   * of the slot names, `read17`.., `read1-old`, `read1a`), and thousands of hosts sorting before
   * and after it in Route 53 order.
   */
  function unrelatedRecords(): Change[] {
    const changes: Change[] = [];
    for (let n = 1; n <= 16; n++) {
      changes.push(cname(`x.read${n}.${ZONE}`, `child-${n}.example.com`));
      changes.push(cname(`read${n}-old.${ZONE}`, `old-${n}.example.com`));
      changes.push(record(`read${n}a.${ZONE}`, 'TXT', [`"look-alike ${n}"`]));
      changes.push(record(`_acme.read${n}.${ZONE}`, 'TXT', [`"token-${n}"`]));
    }
    for (let n = 17; n <= 48; n++) changes.push(cname(`read${n}.${ZONE}`, `not-a-slot-${n}.example.com`));
    const rest = UNRELATED - changes.length;
    for (let i = 0; i < rest; i++) {
      const name = i % 2 === 0 ? `host-${String(i).padStart(5, '0')}.${ZONE}` : `web-${String(i).padStart(5, '0')}.${ZONE}`;
      changes.push(record(name, 'A', [`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`]));
    }
    return changes;
  }

  beforeAll(async () => {
    zoneId = await createPrivateZone(world, ZONE);
    const changes = unrelatedRecords();
    expect(changes).toHaveLength(UNRELATED);
    for (let i = 0; i < changes.length; i += 1000) await changeZone(world, zoneId, changes.slice(i, i + 1000));
    const records = await listZone(world, zoneId);
    expect(records.length).toBe(UNRELATED + 2); // + SOA and NS
    unrelated = snapshot(records);
    const topicArn = await newTopic(world, 'catalog-events');
    await createGroup(world, GROUP, { members: 4, topicArn });
    dep = await deployReconciler(world, {
      functionName: 'catalog-replica-dns',
      groupId: GROUP,
      zoneId,
      zoneName: ZONE,
      template: `read{n}.${ZONE}`,
      ownerId: 'catalog',
      topicArn,
    });
  });

  it('creation, a failover and a scheduled run each list once; no unrelated record changes', async () => {
    // Act 1
    const created = await observe(world, () => dep.invoke(TERRAFORM_CREATE));
    // Assess 1
    expect(created.value.outcome).toBe('applied');
    expect(created.lists, 'one ListResourceRecordSets').toBe(1);
    expect(created.writes).toBe(1);
    let group = await describeGroup(world, GROUP);
    let records = await listZone(world, zoneId);
    const before = expectDefaultMode(dep, records, group);
    expect(before.size).toBe(group.availableReplicas.length);
    expect(snapshot(notOwnedBy(dep, records)), 'unrelated records unchanged').toEqual(unrelated);
    // Act 2
    const failed = await observe(world, () => world.ec.send(new TestFailoverCommand({ ReplicationGroupId: GROUP, NodeGroupId: '0001' })));
    // Assess 2
    expect(failed.runs).toHaveLength(1);
    expect(failed.lists, 'one ListResourceRecordSets').toBe(1);
    expect(failed.writes).toBe(1);
    group = await describeGroup(world, GROUP);
    records = await listZone(world, zoneId);
    const after = expectDefaultMode(dep, records, group);
    await expectRolesBehindNames(world, dep, records, group);
    expect(movedSlots(before, after)).toHaveLength(1);
    expect(snapshot(notOwnedBy(dep, records)), 'unrelated records unchanged').toEqual(unrelated);
    // Act 3
    const scheduled = await observe(world, () => dep.invoke(SCHEDULE));
    // Assess 3
    expect(scheduled.value.outcome).toBe('in-sync');
    expect(scheduled.lists).toBe(1);
    expect(scheduled.writes).toBe(0);
    expectLeanRuns(scheduled);
    expectLeanRuns(failed);
    expectLeanRuns(created);
  });
});
