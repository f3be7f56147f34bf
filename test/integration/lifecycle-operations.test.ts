// Every operation of docs/lifecycle.md, played by the emulator (its statuses, roles, real
// redis-servers stopping and starting, the SNS notifications in order) against the shipped
// reconciler in both record modes, driven through the notifications and the schedule. After every
// step's reconciler runs: no name on a node that does not serve, no name moved or removed off a
// node that serves, no more changes than the step forces, and no write when nothing changed.
// The ground truth of "serves" is the emulator's: a node whose redis-server it stopped does not.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DescribeReplicationGroupsCommand, ModifyReplicationGroupCommand } from '@aws-sdk/client-elasticache';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisRole } from '../../testkit/emulator/emulator.js';
import { deployOnFreshGroup, playOperation, type StepOutcome } from '../../testkit/world/operations.js';
import { snapshot } from '../../testkit/world/records.js';
import { listZone } from '../../testkit/zone-records.js';
import { observe, SCHEDULE, startWorld, type World } from '../../testkit/world/world.js';

/** Operations of lifecycle_catalogue.json; alternatives where the docs are silent are separate entries. */
const OPERATIONS: ReadonlyArray<{ operation: string; target?: string }> = [
  { operation: 'backup-automatic' },
  { operation: 'backup-manual' },
  { operation: 'backup-manual', target: 'primary' },
  { operation: 'backup-node-snapshotting' },
  { operation: 'scale-up' },
  { operation: 'scale-down' },
  { operation: 'scale-node-modifying' },
  { operation: 'replica-added' },
  { operation: 'replica-removed' },
  { operation: 'engine-minor-upgrade' },
  { operation: 'engine-major-upgrade' },
  { operation: 'engine-upgrade-node-restarts' },
  { operation: 'service-update' },
  { operation: 'service-update-node-restarts' },
  { operation: 'security-group-change' },
  { operation: 'parameter-change' },
  { operation: 'parameter-change-reboot' },
  { operation: 'node-reboot' },
  { operation: 'node-reboot', target: 'primary' },
  { operation: 'node-replacement' },
  { operation: 'node-replacement-primary' },
  { operation: 'primary-failure' },
  { operation: 'test-failover' },
  { operation: 'test-failover-serving' },
  { operation: 'set-primary' },
  { operation: 'az-loss' },
  { operation: 'global-secondary-promotion' },
];

const MODES = [
  { mode: 'default', env: {} as Record<string, string> },
  { mode: 'fixed', env: { RECORD_COUNT: '2' } as Record<string, string> },
];

const CATALOGUE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../testkit/emulator/replica_dns_emulator/lifecycle_catalogue.json');

let world: World;
let serial = 0;

beforeAll(async () => {
  // Warm sandboxes: dozens of runs per operation without a Node.js start each.
  world = await startWorld({ lambdaMode: 'warm' });
});

afterAll(async () => {
  await world?.stop();
});

const freshDeployment = (env: Record<string, string>) => deployOnFreshGroup(world, `life${++serial}`, env);

function expectStep(o: StepOutcome, mode: string): void {
  const at = `step ${o.step.index} (row ${o.step.row}, ${o.step.events.join(',') || 'no event'})`;
  expect(o.failedRuns, `${at}: reconciler runs failed`).toBe(0);
  expect(o.onNonServing, `${at}: names on a node that does not serve`).toEqual([]);
  expect(o.movedOffServing, `${at}: names moved or removed off a node that serves`).toEqual([]);
  expect(o.changes, `${at}: changes beyond what the step forces (${o.required})`).toBeLessThanOrEqual(o.required);
  expect(o.missing, mode === 'fixed' ? `${at}: names missing` : `${at}: serving replicas without a name`).toEqual([]);
  expect(o.writes, `${at}: at most one write per run`).toBeLessThanOrEqual(o.runs);
  if (o.changes === 0) expect(o.writes, `${at}: no write when nothing changed`).toBe(0);
}

describe.each(OPERATIONS)('$operation $target', ({ operation, target }) => {
  it.each(MODES)('$mode mode: names stay on every serving replica through every step', async ({ mode, env }) => {
    // Prepare
    const { dep, primaryEndpoint } = await freshDeployment(env);
    // Act + Assess after every step
    const outcome = await playOperation(world, dep, operation, primaryEndpoint, { schedule: true, ...(target ? { target } : {}), onStep: (o) => expectStep(o, mode) });
    expect(outcome.steps.length).toBeGreaterThan(0);
    expect(outcome.steps.at(-1)!.step.groupStatus, 'the group ends available').toBe('available');
  });
});

describe('group deleted', () => {
  it.each(MODES)('$mode mode: while the group is deleted no run fails and no name stays on a member; once it is gone nothing changes', async ({ mode, env }) => {
    // Prepare
    const { dep, primaryEndpoint } = await freshDeployment(env);
    // Act
    const outcome = await playOperation(world, dep, 'group-deleted', primaryEndpoint, { schedule: true });
    // Assess
    const [deleting, gone] = outcome.steps;
    expect(deleting!.failedRuns, 'runs while the group is deleting').toBe(0);
    const owners = [...deleting!.owners.values()];
    // Fixed mode keeps its names, on the group's primary endpoint (the fallback); default mode has none left.
    expect(owners, 'names while every member is deleting').toEqual(mode === 'fixed' ? ['primary-endpoint', 'primary-endpoint'] : []);
    expect(gone!.step.removed.length, 'every member removed').toBe(3);
    expect(gone!.changes, 'no change once the group is gone (Terraform’s destroy invoke removes the names)').toBe(0);
  });
});

describe('the emulator plays the catalogue', () => {
  it('played in the background: every step, and the SNS notifications in the catalogue’s order', async () => {
    // Prepare: the catalogue's events for the operation, unrolled as the emulator binds them (2 replicas, 3 members).
    const catalogue = JSON.parse(readFileSync(CATALOGUE, 'utf8')) as Record<string, { steps: CatalogueStep[] }>;
    const count = (selector: string) => ({ members: 3, replicas: 2 })[selector as 'members'] ?? 1;
    const unrolled = catalogue['parameter-change-reboot']!.steps.flatMap((s) => (s.each ? Array.from({ length: count(s.each) }, () => s.steps!).flat() : [s]));
    const expected = unrolled.flatMap((s) => (s.events ?? []).flatMap(([event, selector]) => Array.from({ length: count(selector) }, () => `ElastiCache:${event}`)));
    const { dep } = await freshDeployment({});
    await world.emu.resetNotifications();
    // Act
    const started = await world.emu.startOperation({ replicationGroupId: dep.spec.groupId, operation: 'parameter-change-reboot', timeScale: 0.0001 });
    let run = started;
    for (let i = 0; i < 200 && !run.finished; i++) {
      await new Promise((r) => setTimeout(r, 50));
      run = await world.emu.operation(started.runId);
    }
    // Assess
    expect(run.error).toBeNull();
    expect(run.done.map((s) => s.row)).toEqual(unrolled.map((s) => s.row));
    const published = (await world.emu.notifications()).filter((n) => n.replicationGroupId === dep.spec.groupId).map((n) => n.event);
    expect(published).toEqual(expected);
  });

  it('a node being rebooted stops answering and comes back; a node being backed up keeps answering', async () => {
    expect(world.emu.redisAvailable, 'redis-server is needed (testkit/emulator/install.sh installs it)').toBe(true);
    const { dep } = await freshDeployment({});
    const reboot = await world.emu.startOperation({ replicationGroupId: dep.spec.groupId, operation: 'node-reboot', stepwise: true });
    const down = await world.emu.operationStep(reboot.runId);
    const node = down.members.find((m) => !m.serving)!;
    expect(node.cacheClusterStatus).toBe('rebooting cluster nodes');
    await expect(redisRole(node.address, 6379, 1000)).rejects.toThrow();
    const up = await world.emu.operationStep(reboot.runId);
    expect(up.members.find((m) => m.clusterId === node.clusterId)!.serving).toBe(true);
    expect(await redisRole(node.address, 6379)).toBe('slave');
    const backup = await world.emu.startOperation({ replicationGroupId: dep.spec.groupId, operation: 'backup-automatic', stepwise: true });
    const during = await world.emu.operationStep(backup.runId);
    const snapshotting = during.members.find((m) => m.cacheClusterStatus === 'snapshotting')!;
    expect(snapshotting.serving).toBe(true);
    expect(await redisRole(snapshotting.address, 6379)).toBe('slave');
  });
});

interface CatalogueStep {
  row: string;
  each?: string;
  steps?: CatalogueStep[];
  events?: Array<[string, string]>;
}

describe('online scaling started through the API', () => {
  it.each(MODES)('$mode mode: ModifyReplicationGroup(CacheNodeType, ApplyImmediately) plays the scaling; no name moves, no write', async ({ env }) => {
    // Prepare
    const { dep } = await freshDeployment(env);
    const groupId = dep.spec.groupId;
    const before = snapshot(await listZone(world, dep.spec.zoneId));
    await world.emu.resetNotifications();
    // Act
    const observed = await observe(world, async () => {
      const answer = await world.ec.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: groupId, CacheNodeType: 'cache.r7g.large', ApplyImmediately: true }));
      // The schedule runs while the group scales (no notification announces a scaling).
      await dep.invoke(SCHEDULE);
      let status = answer.ReplicationGroup!.Status;
      const seen = [status];
      for (let i = 0; i < 300 && status !== 'available'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        status = (await world.ec.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: groupId }))).ReplicationGroups![0]!.Status;
        seen.push(status);
      }
      return seen;
    });
    // Assess
    expect(observed.value[0], 'the call answers modifying').toBe('modifying');
    expect(observed.value.at(-1), 'and the group ends available').toBe('available');
    const events = (await world.emu.notifications()).filter((n) => n.replicationGroupId === groupId).map((n) => n.event);
    expect(events).toEqual(['ElastiCache:ReplicationGroupScalingComplete']);
    expect(observed.runs.length, 'the schedule’s run and the completion event’s').toBeGreaterThanOrEqual(2);
    expect(observed.runs.filter((r) => r.error)).toEqual([]);
    expect(observed.writes, 'Route 53 writes').toBe(0);
    expect(snapshot(await listZone(world, dep.spec.zoneId)), 'the zone').toEqual(before);
  });
});
