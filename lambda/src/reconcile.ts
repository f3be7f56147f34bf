// Orchestration: topology → owned records → plan → one atomic write, re-planned from a fresh
// read when Route 53 rejects the batch because the zone changed underneath.
import type { Config } from './config.js';
import { desiredRecords, type DesiredRecords } from './desired.js';
import { ConflictError } from './errors.js';
import type { NameScheme } from './names.js';
import { markerValue } from './contracts.js';
import { readZoneView, type ZoneView } from './ownership.js';
import { planChanges, planRemoval, type Plan } from './plan.js';
import { normalizeName } from './names.js';
import { isZoneChangedError, type ZoneStore } from './route53.js';
import { availableReplicas, type Topology, type TopologyReader } from './topology.js';

/** Attempts of list → plan → apply before giving up with a ConflictError. */
export const MAX_APPLY_ATTEMPTS = 3;

export interface ReconcileContext {
  readonly config: Config;
  readonly scheme: NameScheme;
  readonly topology: TopologyReader;
  readonly zone: ZoneStore;
}

export type Outcome = 'in-sync' | 'applied' | 'dry-run' | 'ignored';

export interface TopologySummary {
  readonly members: number;
  readonly primary: string | undefined;
  readonly availableReplicas: readonly string[];
  readonly unavailable: readonly string[];
}

export interface RunReport {
  readonly outcome: Outcome;
  readonly plan: Plan;
  /** Desired name → target of the last plan (empty for destroy). */
  readonly desired: DesiredRecords;
  readonly attempts: number;
  readonly topology?: TopologySummary;
  readonly reason?: string;
}

const EMPTY_PLAN: Plan = { changes: [], conflicts: [], recordsChanged: [] };

/**
 * Full reconcile. `isRelevant` lets a notification about a cluster outside the group end the
 * run after the topology read, before any Route 53 call.
 */
export async function reconcile(
  context: ReconcileContext,
  isRelevant: (topology: Topology) => boolean = () => true,
): Promise<RunReport> {
  const { config, scheme } = context;
  const topology = await context.topology.read(config.replicationGroupId);
  const summary = summarize(topology);
  if (!isRelevant(topology)) {
    return { outcome: 'ignored', plan: EMPTY_PLAN, desired: new Map(), attempts: 0, topology: summary, reason: 'not a member of the group' };
  }
  const options = { ttl: config.recordTtl, markerValue: markerValue(config.ownerId, config.replicationGroupId), groupEndpoints: endpointsOf(topology) };
  let desired: DesiredRecords = new Map();
  const report = await converge(context, (zone) => {
    // Foreign-held names go in too: default mode gives replicas only slots nobody else holds.
    const wanted = desiredRecords(topology, currentTargets(zone), config, scheme, new Set(zone.foreign.keys()));
    desired = wanted.records;
    return planChanges(wanted, zone, options, scheme);
  });
  return { ...report, desired, topology: summary };
}

/** Destroy: remove every record and marker of this owner. Needs no topology (the group may be gone). */
export async function destroy(context: ReconcileContext): Promise<RunReport> {
  const report = await converge(context, planRemoval);
  return { ...report, desired: new Map() };
}

async function converge(context: ReconcileContext, makePlan: (zone: ZoneView) => Plan): Promise<Omit<RunReport, 'desired'>> {
  const { config, scheme, zone } = context;
  let rejection: unknown;
  for (let attempt = 1; attempt <= MAX_APPLY_ATTEMPTS; attempt++) {
    const view = readZoneView(await zone.list(), scheme, config.ownerId);
    const plan = makePlan(view);
    if (plan.changes.length === 0) return { outcome: 'in-sync', plan, attempts: attempt };
    if (config.dryRun) return { outcome: 'dry-run', plan, attempts: attempt };
    try {
      await zone.apply(plan.changes, `elasticache-replica-dns ${config.ownerId} ${config.replicationGroupId}`);
      return { outcome: 'applied', plan, attempts: attempt };
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

export function summarize(topology: Topology): TopologySummary {
  return {
    members: topology.members.length,
    primary: topology.members.find((m) => m.role === 'primary')?.clusterId,
    availableReplicas: availableReplicas(topology).map((m) => m.clusterId),
    unavailable: topology.members.filter((m) => !m.available).map((m) => m.clusterId),
  };
}

/** Every address a record of ours can point at: the members' read endpoints, the primary and reader endpoints. */
function endpointsOf(topology: Topology): Set<string> {
  const addresses = [topology.primaryEndpoint, topology.readerEndpoint, ...topology.members.map((m) => m.readEndpoint)];
  return new Set(addresses.flatMap((a) => (a ? [a.toLowerCase().replace(/\.$/, '')] : [])));
}
