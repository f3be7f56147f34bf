// Every operation of docs/lifecycle.md, played by the emulator (its statuses, roles, real
// redis-servers stopping and starting, the SNS notifications in order) against the shipped
// reconciler in both record modes, driven through the notifications and the schedule. After every
// step's reconciler runs: no name on a node that does not serve, no name moved or removed off a
// node that serves, no more changes than the step forces, and no write when nothing changed.
// The ground truth of "serves" is the emulator's: a node whose redis-server it stopped does not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playOperation, type StepOutcome } from '../../testkit/world/operations.js';
import { createGroup, createPrivateZone, deployReconciler, describeGroup, newTopic, startWorld, TERRAFORM_CREATE, type World } from '../../testkit/world/world.js';

/** Operations of lifecycle_catalogue.json; alternatives where the docs are silent are separate entries. */
const OPERATIONS: ReadonlyArray<{ operation: string; target?: string }> = [
  { operation: 'backup-automatic' },
  { operation: 'backup-manual' },
  { operation: 'backup-manual', target: 'primary' },
  { operation: 'scale-up' },
  { operation: 'scale-down' },
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

let world: World;
let serial = 0;

beforeAll(async () => {
  // Warm sandboxes: dozens of runs per operation without a Node.js start each.
  world = await startWorld({ lambdaMode: 'warm' });
});

afterAll(async () => {
  await world?.stop();
});

/** A fresh 3-member group (primary + 2 replicas) with the reconciler deployed and its names written. */
async function freshDeployment(env: Record<string, string>) {
  const id = `life${++serial}`;
  const zoneName = `${id}.example.internal`;
  const zoneId = await createPrivateZone(world, zoneName);
  const topicArn = await newTopic(world, `${id}-events`);
  await createGroup(world, id, { members: 3, topicArn });
  const dep = await deployReconciler(world, { functionName: `${id}-replica-dns`, groupId: id, zoneId, zoneName, template: `read{n}.${zoneName}`, ownerId: id, topicArn, env });
  await dep.invoke(TERRAFORM_CREATE);
  await world.emu.waitIdle(60_000);
  const group = await describeGroup(world, id);
  return { dep, primaryEndpoint: group.primaryEndpoint };
}

function expectStep(o: StepOutcome, mode: string): void {
  const at = `step ${o.step.index} (row ${o.step.row}, ${o.step.events.join(',') || 'no event'})`;
  expect(o.failedRuns, `${at}: reconciler runs failed`).toBe(0);
  expect(o.onNonServing, `${at}: names on a node that does not serve`).toEqual([]);
  expect(o.movedOffServing, `${at}: names moved or removed off a node that serves`).toEqual([]);
  expect(o.changes, `${at}: changes beyond what the step forces (${o.required})`).toBeLessThanOrEqual(o.required);
  if (mode === 'fixed') expect(o.missing, `${at}: fixed names missing`).toEqual([]);
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
  it.each(MODES)('$mode mode: the runs do not fail while the group is deleted, and change nothing once it is gone', async ({ env }) => {
    const { dep, primaryEndpoint } = await freshDeployment(env);
    const outcome = await playOperation(world, dep, 'group-deleted', primaryEndpoint, { schedule: true });
    const last = outcome.steps.at(-1)!;
    expect(last.step.removed.length, 'every member removed').toBe(3);
    expect(last.changes, 'no change once the group is gone (Terraform’s destroy invoke removes the names)').toBe(0);
  });
});
