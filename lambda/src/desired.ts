// Desired records (PURE): which name should point where, given the live topology, the names we
// already own and the names foreign records hold. Assignments are sticky, so a failover or a node
// replacement moves as few names as possible; clients pinned to a name keep their replica.
import { MAX_REPLICAS } from './contracts.js';
import type { AliasKind, NameScheme } from './names.js';
import { compareIds, servingReplicas, type Member, type Topology } from './model.js';

export interface DesiredOptions {
  /** 0 = one name per serving replica; N = exactly names 1..N. */
  readonly recordCount: number;
  readonly fallbackToPrimary: boolean;
}

/** Default mode hands out slots 1..MAX_REPLICAS only: cluster mode disabled has at most that many replicas. */
export const DEFAULT_MODE_SLOTS = MAX_REPLICAS;

/** Record name → CNAME target (normalized endpoint address). */
export type DesiredRecords = ReadonlyMap<string, string>;

export interface Desired {
  /** Record name → target, sorted by name. */
  readonly records: DesiredRecords;
  /**
   * Default mode: slot names held by foreign records that the assignment passed over — below the
   * highest slot name in use, or wanted by a replica left without a name — ascending by slot.
   * Fixed mode and AZ names promise their names, so a foreign holder is a conflict of the plan
   * instead (see plan.ts) and nothing is listed here.
   */
  readonly skipped: readonly string[];
  /** Default mode: serving replicas (cluster ids) left without a name because no slot in 1..5 was free. */
  readonly unnamed: readonly string[];
}

/**
 * @param current owned record name → its current CNAME target (normalized), undefined when
 *   only the marker exists.
 * @param foreign record names held by foreign records (the zone view's `foreign`). Default mode
 *   does not count their slots as free; fixed mode and AZ names ignore this (their names are promised).
 */
export function desiredRecords(
  topology: Topology,
  current: ReadonlyMap<string, string | undefined>,
  options: DesiredOptions,
  scheme: NameScheme,
  foreign: ReadonlySet<string>,
): Desired {
  const replicas = servingReplicas(topology);
  const byEndpoint = new Map(replicas.map((r) => [r.readEndpoint!, r]));
  const currentSlots = new Map<number, Member | undefined>();
  const currentAz = new Map<string, Member | undefined>();
  for (const [name, target] of current) {
    const slot = scheme.slotOf(name);
    const member = target === undefined ? undefined : byEndpoint.get(target);
    if (slot !== undefined) currentSlots.set(slot, member);
    const az = scheme.azOf(name);
    if (az !== undefined) currentAz.set(az, member);
  }
  // Fallback target for names that must exist while no replica can serve them. The group's primary
  // endpoint, not the primary node: ElastiCache moves that name to whichever node is promoted, so
  // it stays the best target left even while the current primary node itself does not serve.
  const fallback = options.fallbackToPrimary ? topology.primaryEndpoint : undefined;
  const perReplica = options.recordCount === 0;
  // Default mode: the slots new names may take, and those of them foreign records hold.
  const assignable = range(1, DEFAULT_MODE_SLOTS);
  const foreignSlots = new Set(perReplica ? assignable.filter((n) => foreign.has(scheme.slotName(n))) : []);

  const desired = new Map<string, string>();
  const slots = perReplica
    ? perReplicaSlots(replicas, currentSlots, assignable.filter((n) => !foreignSlots.has(n)))
    : fixedSlots(replicas, currentSlots, options.recordCount);
  if (replicas.length > 0) {
    for (const [n, member] of slots) desired.set(scheme.slotName(n), member.readEndpoint!);
  } else if (fallback !== undefined) {
    // Keep readers working on the primary: all N names, or the slot names that exist (else the
    // lowest slot no foreign record holds).
    const names = !perReplica
      ? range(1, options.recordCount)
      : currentSlots.size > 0
        ? [...currentSlots.keys()]
        : assignable.filter((n) => !foreignSlots.has(n)).slice(0, 1);
    for (const n of names) desired.set(scheme.slotName(n), fallback);
  }

  const named = new Set([...slots.values()].map((m) => m.clusterId));
  const unnamed = perReplica ? replicas.filter((r) => !named.has(r.clusterId)).map((r) => r.clusterId) : [];
  const highest = Math.max(0, ...[...desired.keys()].map((name) => scheme.slotOf(name)!));
  const skipped = [...foreignSlots].filter((n) => n < highest || unnamed.length > 0).map((n) => scheme.slotName(n));

  if (scheme.hasAzNames) {
    for (const [az, target] of azTargets(topology, replicas, currentAz, fallback)) {
      const name = scheme.azName(az);
      if (name !== undefined && !desired.has(name)) desired.set(name, target);
    }
  }
  for (const [kind, name] of scheme.aliases) {
    // An endpoint missing from one read (group being modified) keeps the alias where it is.
    const target = aliasTarget(topology, kind) ?? current.get(name);
    if (target !== undefined) desired.set(name, target);
  }
  return { records: new Map([...desired].sort(([a], [b]) => compareIds(a, b))), skipped, unnamed };
}

/** The group endpoint an alias follows: fixed across failovers, so steady state writes nothing. */
function aliasTarget(topology: Topology, kind: AliasKind): string | undefined {
  return kind === 'primary' ? topology.primaryEndpoint : topology.readerEndpoint;
}

/**
 * Default mode: one slot per serving replica; a slot keeps its replica; newcomers take the
 * lowest of `candidates` (ascending: the assignable slots no foreign record holds) not in use.
 */
function perReplicaSlots(
  replicas: readonly Member[],
  currentSlots: ReadonlyMap<number, Member | undefined>,
  candidates: readonly number[],
): Map<number, Member> {
  const slots = new Map<number, Member>();
  const placed = new Set<string>();
  for (const n of [...currentSlots.keys()].sort((a, b) => a - b)) {
    const member = currentSlots.get(n);
    // Two slots on one replica (hand edits, old runs): the lowest slot keeps it.
    if (member && !placed.has(member.clusterId)) {
      slots.set(n, member);
      placed.add(member.clusterId);
    }
  }
  const free = candidates.filter((n) => !slots.has(n));
  for (const replica of replicas) {
    if (placed.has(replica.clusterId)) continue;
    const n = free.shift();
    if (n === undefined) break; // foreign records hold the remaining slots (or more than 5 replicas): reported as `unnamed`
    slots.set(n, replica);
    placed.add(replica.clusterId);
  }
  return slots;
}

/**
 * Fixed mode: names 1..count spread so per-replica counts differ by at most one, moving the
 * fewest names: only names whose target is gone, plus the excess of over-quota replicas.
 * Which names move uses each name's home, the replica a fresh spread gives it (round robin in
 * cluster id order): an over-quota replica gives up names homed elsewhere first (then its highest
 * slots), and a freed name goes to its home when that has room. So a replica that stops serving
 * and comes back (a reboot, a replacement) gets back the very names it had, and the names of the
 * other replicas never move twice.
 */
function fixedSlots(
  replicas: readonly Member[],
  currentSlots: ReadonlyMap<number, Member | undefined>,
  count: number,
): Map<number, Member> {
  const slots = new Map<number, Member>();
  if (replicas.length === 0) return slots;
  const home = (n: number) => replicas[(n - 1) % replicas.length]!; // replicas are in cluster id order
  const held = new Map<string, number[]>(replicas.map((r) => [r.clusterId, []]));
  for (const n of range(1, count)) {
    const member = currentSlots.get(n);
    if (member) held.get(member.clusterId)!.push(n);
  }
  // Larger quotas go to the replicas holding the most names: that minimizes the excess to move.
  const base = Math.floor(count / replicas.length);
  const extra = count % replicas.length;
  const byLoad = [...replicas].sort(
    (a, b) => held.get(b.clusterId)!.length - held.get(a.clusterId)!.length || compareIds(a.clusterId, b.clusterId),
  );
  const quota = new Map(byLoad.map((r, i) => [r.clusterId, base + (i < extra ? 1 : 0)]));
  const hasRoom = (r: Member) => held.get(r.clusterId)!.length < quota.get(r.clusterId)!;
  for (const replica of replicas) {
    const names = held.get(replica.clusterId)!; // ascending
    const atHome = (n: number) => (home(n) === replica ? 0 : 1);
    const keep = [...names].sort((a, b) => atHome(a) - atHome(b) || a - b).slice(0, quota.get(replica.clusterId)!);
    for (const n of keep) slots.set(n, replica);
    held.set(replica.clusterId, keep);
  }
  const place = (n: number, target: Member) => {
    slots.set(n, target);
    held.get(target.clusterId)!.push(n);
  };
  for (const n of range(1, count)) {
    if (!slots.has(n) && hasRoom(home(n))) place(n, home(n));
  }
  for (const n of range(1, count)) {
    if (slots.has(n)) continue;
    const target = replicas
      .filter(hasRoom)
      .sort((a, b) => held.get(a.clusterId)!.length - held.get(b.clusterId)!.length || compareIds(a.clusterId, b.clusterId))[0]!;
    place(n, target);
  }
  return slots;
}

/**
 * AZ names: one per AZ where any member lives. Prefer a serving replica in that AZ, else a
 * replica elsewhere (fewest AZ names on it, then lowest id), else the fallback, else nothing.
 * A name keeps its target while that target is still of the preferred kind.
 */
function azTargets(
  topology: Topology,
  replicas: readonly Member[],
  currentAz: ReadonlyMap<string, Member | undefined>,
  fallback: string | undefined,
): Map<string, string> {
  const azs = [...new Set(topology.members.flatMap((m) => (m.az ? [m.az] : [])))].sort(compareIds);
  const local = (az: string) => replicas.filter((r) => r.az === az);
  const load = new Map<string, number>(replicas.map((r) => [r.clusterId, 0]));
  const chosen = new Map<string, Member>();
  const choose = (az: string, member: Member) => {
    chosen.set(az, member);
    load.set(member.clusterId, load.get(member.clusterId)! + 1);
  };
  // Sticky targets first, so new picks see the load they create.
  for (const az of azs) {
    const current = currentAz.get(az);
    const candidates = local(az).length > 0 ? local(az) : replicas;
    if (current && candidates.includes(current)) choose(az, current);
  }
  const leastLoaded = (candidates: readonly Member[]) =>
    [...candidates].sort((a, b) => load.get(a.clusterId)! - load.get(b.clusterId)! || compareIds(a.clusterId, b.clusterId))[0];
  const withLocal = azs.filter((az) => local(az).length > 0);
  const withoutLocal = azs.filter((az) => local(az).length === 0);
  for (const az of [...withLocal, ...withoutLocal]) {
    if (chosen.has(az)) continue;
    const pick = leastLoaded(local(az).length > 0 ? local(az) : replicas);
    if (pick) choose(az, pick);
  }
  const targets = new Map<string, string>();
  for (const az of azs) {
    const member = chosen.get(az);
    if (member) targets.set(az, member.readEndpoint!);
    else if (fallback !== undefined) targets.set(az, fallback);
  }
  return targets;
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
}
