// Safety properties of the shipped reconciler in the emulator: records it does not own stay
// untouched (and are reported: default mode writes around them, fixed mode skips the promised
// name), redelivered and reordered notifications change nothing, and a dry run plans without writing.
import { TestFailoverCommand } from '@aws-sdk/client-elasticache';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publish } from '../../testkit/emulator/aws-raw.js';
import { expectLeanRuns, lowestFree, movedSlots } from '../../testkit/world/checks.js';
import {
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
import {
  changeZone,
  cname,
  expectDefaultMode,
  expectRolesBehindNames,
  notOwnedBy,
  record,
} from '../../testkit/world/zone.js';
import { listZone } from '../../testkit/zone-records.js';
import { ownedView, snapshot } from '../../testkit/world/records.js';

let world: World;

beforeAll(async () => {
  world = await startWorld();
});

afterAll(async () => {
  await world?.stop();
});

describe('foreign records under slot names', () => {
  const ZONE = 'shop.example.internal';
  let zoneId: string;
  let dep: Deployment;
  let foreign: Map<string, string>;

  beforeAll(async () => {
    zoneId = await createPrivateZone(world, ZONE);
    const topicArn = await newTopic(world, 'shop-events');
    await createGroup(world, 'shop', { members: 4, topicArn });
    // read2: someone's hand-made CNAME; read3: another deployment's record with its own marker.
    await changeZone(world, zoneId, [
      cname(`read2.${ZONE}`, 'legacy-cache.example.com', 300),
      cname(`read3.${ZONE}`, 'other-team-cache.example.com', 10),
      record(`_owner.read3.${ZONE}`, 'TXT', ['"heritage=elasticache-replica-dns,owner=other-team,group=shop"'], 10),
    ]);
    foreign = snapshot(await listZone(world, zoneId));
    dep = await deployReconciler(world, {
      functionName: 'shop-replica-dns',
      groupId: 'shop',
      zoneId,
      zoneName: ZONE,
      template: `read{n}.${ZONE}`,
      ownerId: 'shop-prod',
      topicArn,
    });
  });

  it('default mode: are left untouched, skipped and reported in the summary and the log; every replica gets a free name', async () => {
    // Prepare
    const group = await describeGroup(world, 'shop');
    const heldSlots = [2, 3];
    const held = heldSlots.map((n) => dep.slotName(n));
    const wanted = lowestFree(heldSlots, group.availableReplicas.length).map((n) => dep.slotName(n));
    expect(lowestFree([], group.availableReplicas.length), 'without them, the foreign names would be taken').toEqual(expect.arrayContaining(heldSlots));
    // Act
    const observed = await observe(world, () => dep.invoke(TERRAFORM_CREATE));
    // Assess: the summary names both skipped names; the zone still holds them byte for byte.
    const summary = observed.value;
    expect(summary.outcome).toBe('applied');
    expect(summary.conflicts.map((c) => c.name).sort()).toEqual(held);
    for (const c of summary.conflicts) expect(c.reason, c.name).toMatch(/^held by a foreign record \(.+\); slot skipped$/);
    expect(Object.keys(summary.records).sort(), 'the names offered to readers').toEqual([...wanted].sort());
    const records = await listZone(world, zoneId);
    const after = snapshot(notOwnedBy(dep, records));
    expect(after, 'foreign records unchanged').toEqual(foreign);
    // What the reconciler does own is right: one name per available replica, the lowest free ones, never the primary, with markers.
    const slots = expectDefaultMode(dep, records, group);
    expect([...slots.keys()].map((n) => dep.slotName(n)).sort()).toEqual([...wanted].sort());
    await expectRolesBehindNames(world, dep, records, group);
    // The log line of the run is a warning that names the conflicts.
    const lines = (await world.emu.lambdaLogs('shop-replica-dns')).split('\n').filter((l) => l.startsWith('{"level"'));
    const last = JSON.parse(lines.at(-1)!) as { level: string; conflicts: Array<{ name: string }> };
    expect(last.level).toBe('WARN');
    expect(last.conflicts.map((c) => c.name).sort()).toEqual(held);
    expectLeanRuns(observed);
  });

  it('stay untouched on every later run, with no write', async () => {
    // Prepare
    const before = snapshot(await listZone(world, zoneId));
    // Act
    const observed = await observe(world, () => dep.invoke(SCHEDULE));
    // Assess
    expect(observed.value.outcome).toBe('in-sync');
    expect(observed.value.conflicts.map((c) => c.name).sort()).toEqual([`read2.${ZONE}`, `read3.${ZONE}`]);
    expect(snapshot(await listZone(world, zoneId))).toEqual(before);
    expect(observed.writes).toBe(0);
    expectLeanRuns(observed);
  });

  it('fixed mode: a promised name a foreign record holds is a conflict and is skipped, the other names reconcile', async () => {
    // Prepare: names 1..3 are promised; read2 and read3 are foreign
    await dep.updateEnv({ RECORD_COUNT: '3' });
    const group = await describeGroup(world, 'shop');
    const held = [`read2.${ZONE}`, `read3.${ZONE}`];
    // Act
    const observed = await observe(world, () => dep.invoke(SCHEDULE));
    // Assess: conflicts on the promised names with the plain foreign reason; only read1 is ours now.
    const summary = observed.value;
    expect(summary.outcome).toBe('applied');
    expect(summary.conflicts.map((c) => c.name).sort()).toEqual(held);
    for (const c of summary.conflicts) expect(c.reason, c.name).not.toMatch(/slot skipped/);
    expect(Object.keys(summary.records)).toEqual([dep.slotName(1)]);
    const records = await listZone(world, zoneId);
    expect(snapshot(notOwnedBy(dep, records)), 'foreign records unchanged').toEqual(foreign);
    const view = ownedView(dep, records);
    expect([...view.slots.keys()]).toEqual([1]);
    const target = group.members.find((m) => m.address === view.slots.get(1));
    expect(target?.role === 'replica' && target.available, `read1 → ${target?.clusterId} is an available replica`).toBe(true);
    await expectRolesBehindNames(world, dep, records, group);
    expectLeanRuns(observed);
  });
});

describe('a record of ours whose ownership marker was deleted by hand', () => {
  const ZONE = 'cart.example.internal';

  it('is left alone and reported apart (orphaned), with how to recover; deleting the CNAME hands the name back', async () => {
    // Prepare: fixed mode, two names, created; then someone deletes the marker of read1.
    const zoneId = await createPrivateZone(world, ZONE);
    const topicArn = await newTopic(world, 'cart-events');
    await createGroup(world, 'cart', { members: 3, topicArn });
    const dep = await deployReconciler(world, { functionName: 'cart-replica-dns', groupId: 'cart', zoneId, zoneName: ZONE, template: `read{n}.${ZONE}`, ownerId: 'cart-prod', topicArn });
    await dep.updateEnv({ RECORD_COUNT: '2' });
    await dep.invoke(TERRAFORM_CREATE);
    const name = dep.slotName(1);
    const records = await listZone(world, zoneId);
    const marker = records.find((r) => r.name === `_owner.${name}` && r.type === 'TXT')!;
    const value = records.find((r) => r.name === name && r.type === 'CNAME')!.values[0]!;
    await changeZone(world, zoneId, [{ Action: 'DELETE', ResourceRecordSet: { Name: marker.name, Type: 'TXT', TTL: marker.ttl, ResourceRecords: marker.values.map((v) => ({ Value: v })) } }]);
    // Act
    const summary = await dep.invoke(SCHEDULE);
    // Assess: the CNAME stays as it is (never touched without a marker), reported as orphaned.
    expect(summary.conflicts).toEqual([{ name, orphaned: true, reason: expect.stringMatching(/an endpoint of this group, without its ownership marker .*delete the CNAME/) }]);
    expect((await listZone(world, zoneId)).find((r) => r.name === name)?.values).toEqual([value]);
    // Recover as the message says: delete the CNAME; the next run recreates it with its marker.
    await changeZone(world, zoneId, [{ Action: 'DELETE', ResourceRecordSet: { Name: name, Type: 'CNAME', TTL: 10, ResourceRecords: [{ Value: value }] } }]);
    const after = await dep.invoke(SCHEDULE);
    expect(after.conflicts).toEqual([]);
    expect(ownedView(dep, await listZone(world, zoneId)).slots.size).toBe(2);
  });

  it('with ADOPT_EXISTING_RECORDS, such a CNAME (or a blog-style one) is taken over: its marker written in one batch, the value kept', async () => {
    // Prepare: a blog-style zone: read1 → a replica's endpoint, read2 → someone else, no markers.
    const zone = 'blog.example.internal';
    const zoneId = await createPrivateZone(world, zone);
    await createGroup(world, 'blog', { members: 2 });
    const replica = (await describeGroup(world, 'blog')).availableReplicas[0]!.address;
    const cname = (name: string, value: string) => ({ Action: 'CREATE' as const, ResourceRecordSet: { Name: name, Type: 'CNAME' as const, TTL: 60, ResourceRecords: [{ Value: value }] } });
    await changeZone(world, zoneId, [cname(`read1.${zone}`, replica), cname(`read2.${zone}`, 'someone-else.example.com')]);
    const dep = await deployReconciler(world, { functionName: 'blog-replica-dns', groupId: 'blog', zoneId, zoneName: zone, template: `read{n}.${zone}`, ownerId: 'blog', env: { RECORD_COUNT: '1', ADOPT_EXISTING_RECORDS: 'true' } });
    // Act
    const summary = await dep.invoke(TERRAFORM_CREATE);
    // Assess: read1 is ours (our TTL, its marker), in one batch; read2 is still someone else's.
    expect([summary.outcome, summary.conflicts, summary.attempts]).toEqual(['applied', [], 1]);
    const records = await listZone(world, zoneId);
    expect(records.filter((r) => r.name.endsWith(zone) && r.type !== 'SOA' && r.type !== 'NS').map((r) => `${r.name} ${r.type} ${r.ttl} ${r.values.join(',')}`).sort()).toEqual(
      [`_owner.read1.${zone} TXT 10 ${dep.markerValue}`, `read1.${zone} CNAME 10 ${replica}`, `read2.${zone} CNAME 60 someone-else.example.com`].sort(),
    );
  });
});

describe('redelivered and reordered notifications; dry run', () => {
  const ZONE = 'orders.example.internal';
  const GROUP = 'orders';
  let zoneId: string;
  let topicArn: string;
  let dep: Deployment;

  async function settled() {
    const group = await describeGroup(world, GROUP);
    const records = await listZone(world, zoneId);
    const slots = expectDefaultMode(dep, records, group);
    await expectRolesBehindNames(world, dep, records, group);
    return { group, records, slots };
  }

  beforeAll(async () => {
    zoneId = await createPrivateZone(world, ZONE);
    topicArn = await newTopic(world, 'orders-events');
    dep = await deployReconciler(world, {
      functionName: 'orders-replica-dns',
      groupId: GROUP,
      zoneId,
      zoneName: ZONE,
      template: `read{n}.${ZONE}`,
      ownerId: 'orders-prod',
      topicArn,
    });
    // This time the function is subscribed before the group exists: its creation events drive it.
    await world.emu.resetNotifications();
    await createGroup(world, GROUP, { members: 3, topicArn });
    await world.emu.waitIdle(60_000);
    await world.ec.send(new TestFailoverCommand({ ReplicationGroupId: GROUP, NodeGroupId: '0001' }));
    await world.emu.waitIdle(60_000);
    await world.ec.send(new TestFailoverCommand({ ReplicationGroupId: GROUP, NodeGroupId: '0001' }));
    await world.emu.waitIdle(60_000);
  });

  it('the group’s own notifications created the names', async () => {
    const { slots, group } = await settled();
    expect(slots.size).toBe(group.availableReplicas.length);
    const runs = (await world.emu.invocations()).filter((i) => i.functionName === 'orders-replica-dns');
    expect(runs.length).toBeGreaterThanOrEqual(6); // 3 provisioned + group created + 2 failovers
    expect(runs.every((r) => r.source === 'sns' && !r.error)).toBe(true);
  });

  it('the same and older notifications published again change nothing and write nothing', async () => {
    // Prepare: every notification the group sent so far, newest first, the latest one twice.
    const before = await settled();
    const sent = (await world.emu.notifications()).filter((n) => n.replicationGroupId === GROUP && n.error === null);
    expect(sent.length).toBeGreaterThanOrEqual(6);
    const latest = sent.at(-1)!;
    expect(latest.event).toBe('ElastiCache:FailoverComplete');
    const replay = [latest, latest, ...[...sent].reverse()];
    // Act
    const observed = await observe(world, async () => {
      for (const n of replay) await publish(world.target, topicArn, n.message, 'ElastiCache Notification Message');
    });
    // Assess
    expect(observed.runs).toHaveLength(replay.length);
    expect(observed.runs.map((r) => r.summary?.outcome)).toEqual(replay.map(() => 'in-sync'));
    expect(observed.runs.map((r) => r.summary?.event)).toEqual(replay.map((n) => n.event));
    expect(observed.writes, 'zero Route 53 writes').toBe(0);
    expectLeanRuns(observed, { minRuns: replay.length });
    const after = await settled();
    expect(snapshot(after.records), 'zone unchanged').toEqual(snapshot(before.records));
  });

  it('notifications that are not about this group: another group’s on a shared topic (one whose id starts with ours too), a non-ElastiCache message', async () => {
    // Prepare
    const before = await settled();
    const foreignGroupEvent = JSON.stringify({ 'ElastiCache:FailoverComplete': 'inventory-002' });
    const prefixGroupEvent = JSON.stringify({ 'ElastiCache:FailoverComplete': `${GROUP}-2-002` });
    const notElastiCache = 'hello from a human on the topic';
    // Act
    const observed = await observe(world, async () => {
      await publish(world.target, topicArn, foreignGroupEvent, 'ElastiCache Notification Message');
      await publish(world.target, topicArn, prefixGroupEvent, 'ElastiCache Notification Message');
      await publish(world.target, topicArn, notElastiCache);
    });
    // Assess: every run ends as ignored; the first two after reading the topology (the id is not a
    // member: membership is exact, not a prefix), the last before any call.
    expect(observed.runs.map((r) => r.summary?.outcome)).toEqual(['ignored', 'ignored', 'ignored']);
    expect(observed.runs[0]!.summary!.reason).toMatch(/member/);
    expect(observed.runs[1]!.summary!.reason).toMatch(/member/);
    expect(observed.requests.byService.elasticache?.DescribeReplicationGroups).toBe(2);
    expect(observed.requests.byService.route53, 'no Route 53 request at all').toBeUndefined();
    expectLeanRuns(observed, { minRuns: 3 });
    expect(snapshot((await settled()).records)).toEqual(snapshot(before.records));
  });

  it('dry run: a failover is planned and reported, nothing is written; turned off, the same plan is applied', async () => {
    // Prepare
    await dep.updateEnv({ DRY_RUN: 'true' });
    const before = await settled();
    // Act 1
    const dry = await observe(world, () => world.ec.send(new TestFailoverCommand({ ReplicationGroupId: GROUP, NodeGroupId: '0001' })));
    // Assess 1: nothing written; the plan moves the promoted replica's name to the old primary.
    const group = await describeGroup(world, GROUP);
    const promoted = group.primary;
    const oldPrimary = group.members.find((m) => m.clusterId === before.group.primary.clusterId)!;
    expect(promoted.clusterId).not.toBe(oldPrimary.clusterId);
    const slot = [...before.slots].find(([, id]) => id === promoted.clusterId)![0];
    const name = dep.slotName(slot);
    expect(dry.writes, 'zero writes').toBe(0);
    expectLeanRuns(dry);
    const summary = dry.runs[0]!.summary!;
    expect(summary).toMatchObject({ outcome: 'dry-run', dryRun: true, event: 'ElastiCache:FailoverComplete', recordsChanged: 1 });
    expect(summary.records[name]).toBe(oldPrimary.address);
    expect(summary.plan.some((p) => p.startsWith(`DELETE CNAME ${name} ${promoted.address}`)), summary.plan.join('\n')).toBe(true);
    expect(summary.plan.some((p) => /^(CREATE|UPSERT) CNAME /.test(p) && p.includes(`${name} ${oldPrimary.address}`)), summary.plan.join('\n')).toBe(true);
    expect(snapshot(await listZone(world, zoneId)), 'zone unchanged').toEqual(snapshot(before.records));
    // Act 2
    await dep.updateEnv({ DRY_RUN: undefined });
    const applied = await observe(world, () => dep.invoke(SCHEDULE));
    // Assess 2
    expect(applied.value).toMatchObject({ outcome: 'applied', dryRun: false });
    expect(applied.value.plan).toEqual(summary.plan);
    expect(applied.writes).toBe(1);
    const after = await settled();
    expect(movedSlots(before.slots, after.slots)).toEqual([slot]);
    expect(after.slots.get(slot)).toBe(oldPrimary.clusterId);
  });
});
