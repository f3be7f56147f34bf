// Orchestration: topology → zone view (registry) → CNAME plan → change batch (registry) → one
// atomic write, re-planned from a fresh read when Route 53 rejects the batch because the zone
// changed underneath. At Terraform's update, first the names and markers of the previous
// configuration that this one no longer keeps are deleted (convergence); at its delete, those of
// every configuration the invocation knows.
import type { Config, Settings } from './config.js';
import { desiredRecords, type DesiredRecords } from './desired.js';
import { ConflictError } from './errors.js';
import { servingReplicas, type Topology } from './model.js';
import { normalizeName, type NameScheme } from './names.js';
import { planChanges, planRemoval, type Conflict, type Plan } from './plan.js';
import type { RecordChange, RecordSet } from './records.js';
import { adoptUnmarked, changeBatch, keepOwned, readZoneView, type ZoneView } from './registry.js';
import { isZoneChangedError, type ZoneStore } from './route53.js';
import { errorName, type TopologyReader } from './topology.js';
import { isRelevant, type ActionTrigger } from './trigger.js';

/** Attempts of list → plan → apply before giving up with a ConflictError. */
export const MAX_APPLY_ATTEMPTS = 3;

/**
 * Waits after an AccessDenied in a Terraform-triggered run: IAM is eventually consistent ("Changes
 * that I make are not always immediately visible", IAM User Guide, Troubleshooting IAM,
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_general.html), and the policy of
 * the new names is attached in the same apply, seconds before the invocation. AWS gives no bound:
 * 15 s in all is an assumption that fits the default 30 s function timeout.
 */
export const IAM_RETRY_DELAYS_MS = [1_000, 2_000, 4_000, 8_000] as const;

export interface ReconcileContext {
  readonly config: Config;
  readonly scheme: NameScheme;
  readonly topology: TopologyReader;
  readonly zone: ZoneStore;
  /** The zone store of another configuration (the previous one, at Terraform's update and delete). */
  readonly zoneFor?: (settings: Settings) => ZoneStore;
  /** The configurations of the invocation's input that differ in names from `config` (already loaded). */
  readonly others?: readonly Settings[];
  readonly sleep?: (ms: number) => Promise<void>;
}

export type Outcome = 'in-sync' | 'applied' | 'destroyed' | 'dry-run' | 'ignored';

export interface TopologySummary {
  readonly members: number;
  readonly primary: string | undefined;
  /** Replicas that may hold names (serving.ts), by cluster id. */
  readonly servingReplicas: readonly string[];
  /** Members whose node does not serve reads: cluster id → the policy's reason. */
  readonly notServing: Readonly<Record<string, string>>;
  /** Members with a status the policy does not know, and what it decided (absent when none). */
  readonly unknownStatus?: readonly UnknownStatus[];
}

export interface UnknownStatus {
  readonly member: string;
  readonly groupStatus: string | undefined;
  readonly clusterStatus: string | undefined;
  readonly nodeStatuses: readonly string[];
  readonly serves: boolean;
  readonly reason: string;
}

/** What a run did, as the handler logs it. */
export interface RunReport {
  readonly outcome: Outcome;
  /** The change batch of the last attempt, markers included (written unless dry run). */
  readonly changes: readonly RecordChange[];
  /** Changes written to Route 53. */
  readonly changesApplied: number;
  /** Record names whose CNAME is created, moved, re-timed or deleted (markers not counted). */
  readonly recordsChanged: readonly string[];
  /** Names whose record or marker differed from the desired state (also counted in dry run). */
  readonly drift: number;
  readonly conflicts: readonly Conflict[];
  /** The names readers can use: desired name → target, the conflicting names left out (empty for destroy). */
  readonly records: Readonly<Record<string, string>>;
  readonly attempts: number;
  readonly topology?: TopologySummary;
  readonly reason?: string;
}

const NOTHING_DONE = { changes: [], changesApplied: 0, recordsChanged: [], drift: 0, conflicts: [], records: {}, attempts: 0 } as const;

type Attempt = Pick<RunReport, 'outcome' | 'changes' | 'changesApplied' | 'recordsChanged' | 'drift' | 'conflicts' | 'attempts'>;

/** Where a batch goes: one configuration's zone, names and owner. */
interface Target {
  readonly config: Config;
  readonly scheme: NameScheme;
  readonly zone: ZoneStore;
  /** Retry AccessDenied (IAM propagation) with IAM_RETRY_DELAYS_MS. */
  readonly waitForIam: boolean;
  readonly sleep: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * One run: Terraform's delete removes everything of this owner (of every configuration the
 * invocation knows); Terraform's update first retires what the previous configuration had and
 * this one does not keep; any other trigger reconciles.
 */
export async function run(context: ReconcileContext, trigger: ActionTrigger): Promise<RunReport> {
  const waitForIam = trigger.kind === 'terraform';
  const sleep = context.sleep ?? realSleep;
  const current: Target = { config: context.config, scheme: context.scheme, zone: context.zone, waitForIam, sleep };
  const others: Target[] =
    trigger.kind === 'terraform' && context.zoneFor
      ? (context.others ?? []).map((s) => ({ config: s.config, scheme: s.scheme, zone: context.zoneFor!(s), waitForIam, sleep }))
      : [];
  if (trigger.kind === 'terraform' && trigger.action === 'delete') {
    const attempts = [];
    for (const target of [current, ...others]) attempts.push(await destroyIn(target, () => false));
    const merged = mergeAttempts(attempts);
    return { ...merged, outcome: merged.outcome === 'applied' ? 'destroyed' : merged.outcome, records: {} };
  }
  const retired = [];
  for (const target of others) retired.push(await destroyIn(target, (name) => keptBy(current, target, name)));
  const report = await reconcile(context, current, trigger);
  return retired.length === 0 ? report : { ...report, ...mergeAttempts([...retired, report]) };
}

/**
 * Does the current configuration keep this name of another configuration's? Only in the same
 * zone, with the same owner, as one of its own record names: the reconcile decides about it then.
 */
function keptBy(current: Target, other: Target, name: string): boolean {
  return current.config.hostedZoneId === other.config.hostedZoneId && current.config.ownerId === other.config.ownerId && current.scheme.isRecordName(name);
}

/** Deletes the records and markers of `target`'s owner there, except the names `keep` says. */
async function destroyIn(target: Target, keep: (name: string) => boolean): Promise<Attempt> {
  try {
    return await converge(target, (zone) => planRemoval(keepOwned(zone, (name) => !keep(name))));
  } catch (error) {
    // The previous zone is gone (a zone the module created, destroyed in the same apply): nothing left there.
    if (errorName(error) === 'NoSuchHostedZone') return { ...NOTHING_DONE, outcome: 'in-sync' };
    throw error;
  }
}

/** Several attempts as one report: every change, the strongest outcome. */
function mergeAttempts(attempts: readonly Attempt[]): Attempt {
  const rank: Outcome[] = ['ignored', 'in-sync', 'dry-run', 'applied'];
  return {
    outcome: attempts.map((a) => a.outcome).reduce((a, b) => (rank.indexOf(b) > rank.indexOf(a) ? b : a), 'in-sync'),
    changes: attempts.flatMap((a) => a.changes),
    changesApplied: attempts.reduce((n, a) => n + a.changesApplied, 0),
    recordsChanged: attempts.flatMap((a) => a.recordsChanged),
    drift: attempts.reduce((n, a) => n + a.drift, 0),
    conflicts: attempts.flatMap((a) => a.conflicts),
    attempts: attempts.reduce((n, a) => n + a.attempts, 0),
  };
}

/** Full reconcile. A trigger about a cluster outside the group ends after the topology read, before any Route 53 call. */
async function reconcile(context: ReconcileContext, target: Target, trigger: ActionTrigger): Promise<RunReport> {
  const { config, scheme } = context;
  const topology = await context.topology.read(config.replicationGroupId);
  const summary = summarize(topology);
  if (!isRelevant(trigger, topology)) {
    return { ...NOTHING_DONE, outcome: 'ignored', topology: summary, reason: 'not a member of the group' };
  }
  const options = { ttl: config.recordTtl, groupEndpoints: endpointsOf(topology) };
  let desired: DesiredRecords = new Map();
  const adopt = config.adoptExistingRecords ? (listed: ZoneView) => adoptUnmarked(listed, options.groupEndpoints) : undefined;
  const attempt = await converge(target, (zone) => {
    // Foreign-held names go in too: default mode gives replicas only slots nobody else holds.
    const wanted = desiredRecords(topology, currentTargets(zone), config, scheme, new Set(zone.foreign.keys()));
    desired = wanted.records;
    return planChanges(wanted, zone, options, scheme);
  }, adopt);
  const conflicting = new Set(attempt.conflicts.map((c) => c.name));
  const records = Object.fromEntries([...desired].filter(([name]) => !conflicting.has(name)));
  return { ...attempt, records, topology: summary };
}

/** List, plan and write one batch, re-planned when the zone changed underneath; `prepare` turns the listed view into the one planned (adoption). */
async function converge(target: Target, makePlan: (zone: ZoneView) => Plan, prepare: (zone: ZoneView) => ZoneView = (zone) => zone): Promise<Attempt> {
  const { config, scheme, zone } = target;
  const iam = (call: () => Promise<void | RecordSet[]>) => withIamRetry(target, call);
  let rejection: unknown;
  for (let attempt = 1; attempt <= MAX_APPLY_ATTEMPTS; attempt++) {
    const view = prepare(readZoneView((await iam(() => zone.list())) as RecordSet[], scheme, config.ownerId));
    const plan = makePlan(view);
    const batch = changeBatch(plan.changes, view, scheme, config);
    const report = { changes: batch.changes, recordsChanged: plan.recordsChanged, drift: batch.names.length, conflicts: plan.conflicts, attempts: attempt };
    if (batch.changes.length === 0) return { ...report, outcome: 'in-sync', changesApplied: 0 };
    if (config.dryRun) return { ...report, outcome: 'dry-run', changesApplied: 0 };
    try {
      await iam(() => zone.apply(batch.changes, `elasticache-replica-dns ${config.ownerId} ${config.replicationGroupId}`));
      return { ...report, outcome: 'applied', changesApplied: batch.changes.length };
    } catch (error) {
      if (!isZoneChangedError(error)) throw error;
      rejection = error; // someone changed our names since we listed them: re-read and re-plan
    }
  }
  throw new ConflictError(
    `hosted zone ${config.hostedZoneId} changed underneath the reconciler ${MAX_APPLY_ATTEMPTS} times in a row`,
    MAX_APPLY_ATTEMPTS,
    { cause: rejection },
  );
}

/** A Route 53 call, retried after AccessDenied while a policy attached in the same apply propagates. */
async function withIamRetry<T>(target: Target, call: () => Promise<T>): Promise<T> {
  for (const delay of target.waitForIam ? IAM_RETRY_DELAYS_MS : []) {
    try {
      return await call();
    } catch (error) {
      if (!isAccessDenied(error)) throw error;
      await target.sleep(delay);
    }
  }
  return call();
}

function isAccessDenied(error: unknown): boolean {
  const name = errorName(error);
  return name === 'AccessDenied' || name === 'AccessDeniedException';
}

function currentTargets(zone: ZoneView): Map<string, string | undefined> {
  const targets = new Map<string, string | undefined>();
  for (const [name, owned] of zone.owned) {
    const value = owned.cname?.values[0];
    targets.set(name, value === undefined ? undefined : normalizeName(value));
  }
  return targets;
}

function summarize(topology: Topology): TopologySummary {
  const unknown = topology.members.filter((m) => !m.serving.known);
  return {
    members: topology.members.length,
    primary: topology.members.find((m) => m.role === 'primary')?.clusterId,
    servingReplicas: servingReplicas(topology).map((m) => m.clusterId),
    notServing: Object.fromEntries(topology.members.filter((m) => !m.serving.serves).map((m) => [m.clusterId, m.serving.reason])),
    ...(unknown.length > 0
      ? {
          unknownStatus: unknown.map((m) => ({
            member: m.clusterId,
            groupStatus: topology.groupStatus,
            clusterStatus: m.clusterStatus,
            nodeStatuses: m.nodeStatuses,
            serves: m.serving.serves,
            reason: m.serving.reason,
          })),
        }
      : {}),
  };
}

/** Every address a record of ours can point at: the members' read endpoints, the primary and reader endpoints. */
function endpointsOf(topology: Topology): Set<string> {
  const addresses = [topology.primaryEndpoint, topology.readerEndpoint, ...topology.members.map((m) => m.readEndpoint)];
  return new Set(addresses.flatMap((a) => (a ? [a.toLowerCase().replace(/\.$/, '')] : [])));
}
