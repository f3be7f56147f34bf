// An ElastiCache operation of docs/lifecycle.md played step by step by the emulator against a
// deployed reconciler, the names read back after every step's reconciler runs and judged against
// the emulator's ground truth (which node serves). No test framework here: the integration tests
// assert on the result, the benchmark prints it.
import type { OperationStep } from '../emulator/emulator.js';
import { ownedView } from './records.js';
import { listZone } from '../zone-records.js';
import {
  createGroup,
  createPrivateZone,
  deployReconciler,
  describeGroup,
  newTopic,
  observe,
  SCHEDULE,
  TERRAFORM_CREATE,
  type Deployment,
  type World,
} from './world.js';
import { normalizeName } from '../../lambda/src/names.js';

/** The module's default drift-correction schedule, `rate(5 minutes)` (modules/variables.ts). */
export const SCHEDULE_SECONDS = 300;

export interface StepOutcome {
  readonly step: OperationStep;
  /** slot → cluster id of the member it names, 'primary-endpoint', or 'unknown:<value>', after the step's runs. */
  readonly owners: Map<number, string>;
  /** Names on a node that does not serve (or on the primary's own address, or on nothing known). */
  readonly onNonServing: string[];
  /** Fixed mode: names of the deployment that are gone (NXDOMAIN); default mode: serving replicas without a name. */
  readonly missing: string[];
  /** Names moved or removed although their node still serves as a replica (except to a replica that came back). */
  readonly movedOffServing: string[];
  /** Slots whose value changed, appeared or vanished in this step. */
  readonly changes: number;
  /** Changes the step forces: names whose node stopped serving as a replica, replicas that came (back). */
  readonly required: number;
  readonly writes: number;
  readonly runs: number;
  readonly failedRuns: number;
  /** Seconds from the step to the end of its reconciler runs (emulator time, not scaled). */
  readonly reactionSeconds: number;
}

export interface OperationOutcome {
  readonly operation: string;
  readonly steps: StepOutcome[];
  readonly changes: number;
  readonly writes: number;
  /**
   * Seconds some name was missing or named a non-serving node, at the catalogue's timing: the
   * catalogue duration of each step whose settled state is bad; for a bad moment the runs then
   * repair, the reaction time (the schedule's interval when the step publishes no event).
   */
  readonly badSeconds: number;
}

export interface PlayOptions {
  readonly target?: string;
  /** Also run the drift-correction schedule after every step (as EventBridge would, every 5 minutes). */
  readonly schedule?: boolean;
  /** Called after every step, e.g. to assert. */
  readonly onStep?: (outcome: StepOutcome) => void | Promise<void>;
}

type Member = OperationStep['members'][number];

function ownersOf(dep: Deployment, records: Awaited<ReturnType<typeof listZone>>, members: readonly Member[], primaryEndpoint: string): Map<number, string> {
  const byAddress = new Map(members.map((m) => [normalizeName(m.address), m.clusterId]));
  const out = new Map<number, string>();
  for (const [n, target] of ownedView(dep, records).slots) {
    out.set(n, target === primaryEndpoint ? 'primary-endpoint' : (byAddress.get(target) ?? `unknown:${target}`));
  }
  return out;
}

const servingReplicas = (members: readonly Member[]): Set<string> =>
  new Set(members.filter((m) => m.currentRole === 'replica' && m.serving).map((m) => m.clusterId));

/**
 * Plays `operation` on the deployment's group, one step at a time: each step (and, with
 * `schedule`, a scheduled run after it) is observed until every reconciler run it caused finished,
 * then the zone is read and judged.
 */
export async function playOperation(world: World, dep: Deployment, operation: string, primaryEndpoint: string, options: PlayOptions = {}): Promise<OperationOutcome> {
  const groupId = dep.spec.groupId;
  const run = await world.emu.startOperation({ replicationGroupId: groupId, operation, stepwise: true, ...(options.target ? { target: options.target } : {}) });
  // Before the first step every member serves in its current role.
  const initial: Member[] = (await world.emu.roles())
    .filter((r) => r.replicationGroupId === groupId)
    .map((r) => ({ clusterId: r.cacheClusterId, currentRole: r.currentRole, cacheClusterStatus: r.status, cacheNodeStatus: 'available', address: r.hostname ?? r.address, serving: true }));
  let before = ownersOf(dep, await listZone(world, dep.spec.zoneId), initial, primaryEndpoint);
  let prevServing = servingReplicas(initial);
  const fixed = Number(dep.env.RECORD_COUNT ?? '0') > 0;
  const baseline = new Set(before.keys());
  const steps: StepOutcome[] = [];
  let badSeconds = 0;
  for (let done = 0; done < run.steps; done++) {
    const started = Date.now();
    const observed = await observe(world, async () => {
      const step = await world.emu.operationStep(run.runId);
      if (options.schedule) await dep.invoke(SCHEDULE).catch(() => undefined);
      return step;
    });
    const reactionSeconds = (Date.now() - started) / 1000;
    const step = observed.value;
    const records = await listZone(world, dep.spec.zoneId);
    const owners = ownersOf(dep, records, step.members, primaryEndpoint);
    const serving = servingReplicas(step.members);
    const primary = step.members.find((m) => m.currentRole === 'primary');
    const onNonServing = [...owners].filter(([, owner]) => (owner === 'primary-endpoint' ? !primary?.serving : !serving.has(owner))).map(([n]) => dep.slotName(n));
    // Fixed mode: any of its names gone; default mode: a serving replica without a name.
    const named = new Set(owners.values());
    const missing = fixed ? [...baseline].filter((n) => !owners.has(n)).map((n) => dep.slotName(n)) : [...serving].filter((id) => !named.has(id));
    const was = prevServing;
    // A name may leave a serving replica only for one that (re)starts serving (fixed mode rebalances back).
    const arrivals = new Set([...serving].filter((id) => !was.has(id)));
    const movedOffServing = [...before]
      .filter(([n, owner]) => serving.has(owner) && was.has(owner) && owners.get(n) !== owner && !arrivals.has(owners.get(n) ?? ''))
      .map(([n]) => dep.slotName(n));
    const slots = new Set([...before.keys(), ...owners.keys()]);
    const changes = [...slots].filter((n) => before.get(n) !== owners.get(n)).length;
    const forced = [...before.values()].filter((owner) => !serving.has(owner) && !(owner === 'primary-endpoint' && primary?.serving)).length;
    const arrived = arrivals.size;
    const failedRuns = observed.runs.filter((r) => r.error).length;
    const outcome: StepOutcome = {
      step,
      owners,
      onNonServing,
      missing,
      movedOffServing,
      changes,
      required: forced + arrived,
      writes: observed.writes,
      runs: observed.runs.length,
      failedRuns,
      reactionSeconds,
    };
    const badNow = onNonServing.length > 0 || missing.length > 0;
    if (badNow) badSeconds += step.seconds;
    else if (forced > 0 || (!fixed && arrived > 0)) badSeconds += step.events.length > 0 ? reactionSeconds : SCHEDULE_SECONDS;
    steps.push(outcome);
    await options.onStep?.(outcome);
    before = owners;
    prevServing = serving;
  }
  return {
    operation,
    steps,
    changes: steps.reduce((s, o) => s + o.changes, 0),
    writes: steps.reduce((s, o) => s + o.writes, 0),
    badSeconds,
  };
}

/**
 * A fresh 3-member group (primary + 2 replicas, Multi-AZ) with the reconciler deployed as the
 * module wires it (SNS subscription), its names written by the Terraform create invoke.
 */
export async function deployOnFreshGroup(world: World, id: string, env: Record<string, string>): Promise<{ dep: Deployment; primaryEndpoint: string }> {
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
