// Orchestration: topology → zone view (registry) → CNAME plan → change batch (registry) → one
// atomic write, re-planned from a fresh read when Route 53 rejects the batch because the zone
// changed underneath.
import type { Config } from './config.js';
import { desiredRecords, type DesiredRecords } from './desired.js';
import { ConflictError } from './errors.js';
import { servingReplicas, type Topology } from './model.js';
import { normalizeName, type NameScheme } from './names.js';
import { planChanges, planRemoval, type Conflict, type Plan } from './plan.js';
import type { RecordChange } from './records.js';
import { changeBatch, readZoneView, type ZoneView } from './registry.js';
import { isZoneChangedError, type ZoneStore } from './route53.js';
import type { TopologyReader } from './topology.js';
import { isRelevant, type ActionTrigger } from './trigger.js';

/** Attempts of list → plan → apply before giving up with a ConflictError. */
export const MAX_APPLY_ATTEMPTS = 3;

export interface ReconcileContext {
  readonly config: Config;
  readonly scheme: NameScheme;
  readonly topology: TopologyReader;
  readonly zone: ZoneStore;
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

/** One run: Terraform's delete removes everything of this owner; any other trigger reconciles. */
export function run(context: ReconcileContext, trigger: ActionTrigger): Promise<RunReport> {
  return trigger.kind === 'terraform' && trigger.action === 'delete' ? destroy(context) : reconcile(context, trigger);
}

/** Full reconcile. A trigger about a cluster outside the group ends after the topology read, before any Route 53 call. */
async function reconcile(context: ReconcileContext, trigger: ActionTrigger): Promise<RunReport> {
  const { config, scheme } = context;
  const topology = await context.topology.read(config.replicationGroupId);
  const summary = summarize(topology);
  if (!isRelevant(trigger, topology)) {
    return { ...NOTHING_DONE, outcome: 'ignored', topology: summary, reason: 'not a member of the group' };
  }
  const options = { ttl: config.recordTtl, groupEndpoints: endpointsOf(topology) };
  let desired: DesiredRecords = new Map();
  const attempt = await converge(context, (zone) => {
    // Foreign-held names go in too: default mode gives replicas only slots nobody else holds.
    const wanted = desiredRecords(topology, currentTargets(zone), config, scheme, new Set(zone.foreign.keys()));
    desired = wanted.records;
    return planChanges(wanted, zone, options, scheme);
  });
  const conflicting = new Set(attempt.conflicts.map((c) => c.name));
  const records = Object.fromEntries([...desired].filter(([name]) => !conflicting.has(name)));
  return { ...attempt, records, topology: summary };
}

/** Destroy: remove every record and marker of this owner. Needs no topology (the group may be gone). */
async function destroy(context: ReconcileContext): Promise<RunReport> {
  const attempt = await converge(context, planRemoval);
  return { ...attempt, outcome: attempt.outcome === 'applied' ? 'destroyed' : attempt.outcome, records: {} };
}

async function converge(context: ReconcileContext, makePlan: (zone: ZoneView) => Plan): Promise<Attempt> {
  const { config, scheme, zone } = context;
  let rejection: unknown;
  for (let attempt = 1; attempt <= MAX_APPLY_ATTEMPTS; attempt++) {
    const view = readZoneView(await zone.list(), scheme, config.ownerId);
    const plan = makePlan(view);
    const batch = changeBatch(plan.changes, view, scheme, config);
    const report = { changes: batch.changes, recordsChanged: plan.recordsChanged, drift: batch.names.length, conflicts: plan.conflicts, attempts: attempt };
    if (batch.changes.length === 0) return { ...report, outcome: 'in-sync', changesApplied: 0 };
    if (config.dryRun) return { ...report, outcome: 'dry-run', changesApplied: 0 };
    try {
      await zone.apply(batch.changes, `elasticache-replica-dns ${config.ownerId} ${config.replicationGroupId}`);
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
