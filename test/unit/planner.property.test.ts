// Property-based tests of the pure planner (desiredRecords + planChanges) over random
// topologies, configurations, foreign records and random event histories (failover, replica
// added/removed, a node going down (rebooted, replaced, failed) and coming back, a routine
// operation on a serving node (backup, scaling, update), the group's status changing, endpoint
// appearing, AZ change, a foreign record planted on a free name or taking over one of ours).
// Statuses are drawn from those AWS documents plus unknown strings, each with the class the
// serving policy must give it (stated here again, independently of lambda/src/serving.ts). Each
// history is replayed against an in-memory zone: plans must apply cleanly and keep the
// invariants of the design.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MODE_SLOTS, desiredRecords, type Desired, type DesiredOptions } from '../../lambda/src/desired.js';
import { createNameScheme, type NameScheme } from '../../lambda/src/names.js';
import { markerValue } from '../../lambda/src/contracts.js';
import { planChanges, type Plan } from '../../lambda/src/plan.js';
import type { RecordChange, RecordSet } from '../../lambda/src/records.js';
import { changeBatch, readZoneView, type ZoneView } from '../../lambda/src/registry.js';
import { servingReplicas, type Topology } from '../../lambda/src/model.js';
import { decide } from '../../lambda/src/serving.js';
import { endpointOf, primaryEndpointOf, readerEndpointOf } from '../../testkit/fakes/fake-group.js';

const OWNER = 'me';
const AZS = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
const MAX_MEMBERS = 6; // primary + 5 replicas, the cluster-mode-disabled limit

/** A cache cluster status and its node's status, and whether the node must count as serving. */
interface Status {
  readonly cluster: string;
  readonly node: string;
  readonly serves: boolean;
}
const AVAILABLE: Status = { cluster: 'available', node: 'available', serves: true };
/** Routine operations on a serving node (and unknown cluster statuses while the node reports available). */
const SERVING: readonly Status[] = [
  AVAILABLE,
  ...['snapshotting', 'modifying', 'updating', 'Snapshotting', 'resharding', 'some-new-state'].map((cluster) => ({ cluster, node: 'available', serves: true })),
];
/** A node that does not serve: being created, rebooted, replaced, deleted, failed, or reporting a node status nobody documents. */
const NOT_SERVING: readonly Status[] = [
  { cluster: 'creating', node: 'creating', serves: false },
  { cluster: 'rebooting cluster nodes', node: 'rebooting', serves: false },
  { cluster: 'rebooting cache cluster nodes', node: 'available', serves: false },
  { cluster: 'modifying', node: 'rebooting', serves: false },
  { cluster: 'snapshotting', node: 'rebooting', serves: false },
  { cluster: 'deleting', node: 'deleting', serves: false },
  { cluster: 'incompatible-network', node: 'available', serves: false },
  { cluster: 'incompatible_parameters', node: 'available', serves: false },
  { cluster: 'restore-failed', node: 'available', serves: false },
  { cluster: 'available', node: 'hibernating', serves: false },
  { cluster: 'whatever', node: 'whatever', serves: false },
];
/** Group statuses: all but `deleting` leave each member to its own statuses (unknown ones included). */
const GROUP_STATUSES = ['available', 'modifying', 'snapshotting', 'creating', 'migrating', 'deleting'];

/** The replicas that must hold the names, by the classes above (not by the policy under test). */
function expectedServing(world: World): string[] {
  if (world.groupStatus === 'deleting') return [];
  return world.nodes.filter((n) => n.id !== world.primary && n.hasEndpoint && n.status.serves).map((n) => n.id);
}

interface NodeState {
  readonly id: string;
  readonly az: string;
  readonly status: Status;
  readonly hasEndpoint: boolean;
}
interface World {
  readonly primary: string;
  readonly groupStatus: string;
  readonly nodes: readonly NodeState[];
  readonly nextId: number;
}

type Event =
  | { kind: 'failover'; pick: number }
  | { kind: 'add'; az: number; ready: boolean }
  | { kind: 'remove'; pick: number }
  | { kind: 'down'; pick: number; status: number }
  | { kind: 'up'; pick: number }
  | { kind: 'routine'; pick: number; status: number }
  | { kind: 'group'; status: number }
  | { kind: 'ready'; pick: number }
  | { kind: 'moveAz'; pick: number; az: number };

/** Someone else writes to the zone: a record on a free slot name, or another owner's marker on one of ours. */
type ZoneEvent = { kind: 'plant'; slot: number } | { kind: 'takeOver'; pick: number };

const pick = fc.nat(50);
const eventArb: fc.Arbitrary<Event> = fc.oneof(
  fc.record({ kind: fc.constant('failover' as const), pick }),
  fc.record({ kind: fc.constant('add' as const), az: fc.nat(2), ready: fc.boolean() }),
  fc.record({ kind: fc.constant('remove' as const), pick }),
  fc.record({ kind: fc.constant('down' as const), pick, status: pick }),
  fc.record({ kind: fc.constant('up' as const), pick }),
  fc.record({ kind: fc.constant('routine' as const), pick, status: pick }),
  fc.record({ kind: fc.constant('group' as const), status: pick }),
  fc.record({ kind: fc.constant('ready' as const), pick }),
  fc.record({ kind: fc.constant('moveAz' as const), pick, az: fc.nat(2) }),
);
const zoneEventArb: fc.Arbitrary<ZoneEvent> = fc.oneof(
  fc.record({ kind: fc.constant('plant' as const), slot: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constant('takeOver' as const), pick }),
);
/** Mostly topology events, now and then a foreign write to the zone. */
const historyArb = fc.array(fc.oneof({ arbitrary: eventArb, weight: 6 }, { arbitrary: zoneEventArb, weight: 1 }), { maxLength: 14 });

const worldArb: fc.Arbitrary<World> = fc
  .array(fc.record({ az: fc.nat(2), serving: fc.nat(SERVING.length * 2), down: fc.nat(NOT_SERVING.length * 3), hasEndpoint: fc.boolean() }), {
    minLength: 1,
    maxLength: MAX_MEMBERS,
  })
  .map((specs) => {
    const nodes = specs.map((s, i) => ({
      id: `g-${String(i + 1).padStart(3, '0')}`,
      az: AZS[s.az]!,
      // mostly serving (often `available`), so that replicas exist in most steps
      status: i % 2 === 0 || s.down >= NOT_SERVING.length ? (SERVING[s.serving] ?? AVAILABLE) : NOT_SERVING[s.down]!,
      hasEndpoint: s.hasEndpoint || i % 3 !== 2,
    }));
    // The primary is serving: a group always has a working primary between failovers.
    nodes[0] = { ...nodes[0]!, status: AVAILABLE, hasEndpoint: true };
    return { primary: nodes[0]!.id, groupStatus: 'available', nodes, nextId: nodes.length + 1 };
  });

interface Settings {
  readonly options: DesiredOptions;
  readonly withAz: boolean;
  /** `primary.z.internal` and `reader.z.internal` follow the group's primary and reader endpoints. */
  readonly withAliases?: boolean;
}
const settingsArb: fc.Arbitrary<Settings> = fc.record({
  options: fc.record({ recordCount: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 7 })), fallbackToPrimary: fc.boolean() }),
  withAz: fc.boolean(),
  withAliases: fc.boolean(),
});
const ALIASES = { primary: 'primary.z.internal', reader: 'reader.z.internal' } as const;

function schemeOf(settings: Settings): NameScheme {
  return createNameScheme({
    recordNameTemplate: 'read{n}.z.internal',
    azRecordNameTemplate: settings.withAz ? 'read-{az}.z.internal' : undefined,
    ...(settings.withAliases ? { aliases: ALIASES } : {}),
  });
}

const isAlias = (name: string) => name === ALIASES.primary || name === ALIASES.reader;

function step(world: World, event: Event): World {
  const replicas = world.nodes.filter((n) => n.id !== world.primary);
  const chosen = <T>(list: readonly T[], i: number): T | undefined => (list.length ? list[i % list.length] : undefined);
  const update = (id: string, change: Partial<NodeState>) => ({
    ...world,
    nodes: world.nodes.map((n) => (n.id === id ? { ...n, ...change } : n)),
  });
  switch (event.kind) {
    case 'failover': {
      const target = chosen(replicas.filter((r) => r.status.serves && r.hasEndpoint), event.pick);
      return target ? { ...world, primary: target.id } : world;
    }
    case 'add': {
      if (world.nodes.length >= MAX_MEMBERS) return world;
      const id = `g-${String(world.nextId).padStart(3, '0')}`;
      const node = { id, az: AZS[event.az]!, status: event.ready ? AVAILABLE : NOT_SERVING[0]!, hasEndpoint: event.ready };
      return { ...world, nodes: [...world.nodes, node], nextId: world.nextId + 1 };
    }
    case 'remove': {
      const target = chosen(replicas, event.pick);
      return target ? { ...world, nodes: world.nodes.filter((n) => n.id !== target.id) } : world;
    }
    case 'down': {
      const target = chosen(replicas, event.pick);
      return target ? update(target.id, { status: NOT_SERVING[event.status % NOT_SERVING.length]! }) : world;
    }
    case 'up': {
      const target = chosen(world.nodes, event.pick);
      return target ? update(target.id, { status: AVAILABLE }) : world;
    }
    case 'routine': {
      // Only a serving node starts a routine operation (a backup, scaling, an update): it keeps serving.
      const target = chosen(world.nodes.filter((n) => n.status.serves), event.pick);
      return target ? update(target.id, { status: SERVING[event.status % SERVING.length]! }) : world;
    }
    case 'group':
      return { ...world, groupStatus: GROUP_STATUSES[event.status % GROUP_STATUSES.length]! };
    case 'ready': {
      const target = chosen(world.nodes, event.pick);
      return target ? update(target.id, { hasEndpoint: true, status: AVAILABLE }) : world;
    }
    case 'moveAz': {
      const target = chosen(replicas, event.pick);
      return target ? update(target.id, { az: AZS[event.az]! }) : world;
    }
  }
}

function topologyOf(world: World): Topology {
  return {
    groupId: 'g',
    groupStatus: world.groupStatus,
    primaryEndpoint: primaryEndpointOf('g'),
    readerEndpoint: readerEndpointOf('g'),
    members: world.nodes.map((n) => ({
      clusterId: n.id,
      role: n.id === world.primary ? ('primary' as const) : ('replica' as const),
      ...(n.hasEndpoint ? { readEndpoint: endpointOf(n.id) } : {}),
      az: n.az,
      clusterStatus: n.status.cluster,
      nodeStatuses: [n.status.node],
      serving: decide({ clusterStatus: n.status.cluster, nodeStatuses: [n.status.node], groupStatus: world.groupStatus }),
    })),
  };
}

/** Apply a batch the way Route 53 does: DELETE needs the exact record, CREATE needs none. */
function applyBatch(sets: readonly RecordSet[], changes: readonly RecordChange[]): RecordSet[] {
  const next = [...sets];
  const same = (a: RecordSet, b: RecordSet) => a.name === b.name && a.type === b.type;
  for (const { action, record } of changes) {
    const index = next.findIndex((s) => same(s, record));
    if (action === 'DELETE') {
      expect(index, `DELETE of a missing ${record.type} ${record.name}`).toBeGreaterThanOrEqual(0);
      expect(next[index]).toEqual(record);
      next.splice(index, 1);
    } else {
      expect(index, `CREATE of an existing ${record.type} ${record.name}`).toBe(-1);
      expect(next.some((s) => s.name === record.name && (s.type === 'CNAME' || record.type === 'CNAME'))).toBe(false);
      next.push(record);
    }
  }
  return next;
}

interface Run {
  readonly view: ZoneView;
  readonly current: Map<string, string | undefined>;
  readonly desired: ReadonlyMap<string, string>;
  readonly wanted: Desired;
  readonly plan: Plan;
}

function plan(sets: readonly RecordSet[], topology: Topology, settings: Settings, scheme: NameScheme): Run {
  const view = readZoneView(sets, scheme, OWNER);
  const current = new Map([...view.owned].map(([name, o]) => [name, o.cname?.values[0]]));
  const wanted = desiredRecords(topology, current, settings.options, scheme, new Set(view.foreign.keys()));
  // The planner's CNAME changes, then the registry's markers: the batch a run writes.
  const cnames = planChanges(wanted, view, { ttl: 10 }, scheme);
  const batch = changeBatch(cnames.changes, view, scheme, { ownerId: OWNER, replicationGroupId: 'g' });
  return { view, current, desired: wanted.records, wanted, plan: { ...cnames, changes: batch.changes } };
}

/** Foreign records planted at some candidate names (and a neighbour that is no candidate). */
const foreignArb = fc
  .subarray(['read1', 'read2', 'read3', 'read5', 'read6', 'read-us-east-1b', 'reader', 'www'], { maxLength: 3 })
  .chain((names) => fc.tuple(fc.constant(names), fc.array(fc.boolean(), { minLength: names.length, maxLength: names.length })));

function foreignSets([names, withOtherOwner]: [string[], boolean[]]): RecordSet[] {
  return names.flatMap((label, i) => [
    { name: `${label}.z.internal`, type: 'CNAME', ttl: 300, values: ['hand-made.example'] },
    ...(withOtherOwner[i] ? [{ name: `_owner.${label}.z.internal`, type: 'TXT', ttl: 300, values: [markerValue('other', 'g')] }] : []),
  ]);
}

/**
 * A foreign write between runs. Returns the zone and the record sets that must survive untouched
 * from now on (everything at the name and its marker once it is foreign).
 */
function foreignWrite(sets: readonly RecordSet[], event: ZoneEvent, scheme: NameScheme): { sets: RecordSet[]; foreign: RecordSet[] } {
  const view = readZoneView(sets, scheme, OWNER);
  const at = (name: string) => sets.filter((r) => r.name === name || r.name === scheme.markerName(name));
  if (event.kind === 'plant') {
    const name = scheme.slotName(event.slot);
    if (at(name).length > 0) return { sets: [...sets], foreign: [] };
    const record: RecordSet = { name, type: 'CNAME', ttl: 300, values: ['planted.example'] };
    return { sets: [...sets, record], foreign: [record] };
  }
  const ours = [...view.owned.keys()];
  if (ours.length === 0) return { sets: [...sets], foreign: [] };
  const name = ours[event.pick % ours.length]!;
  const marker = { name: scheme.markerName(name), type: 'TXT', ttl: 300, values: [markerValue('other', 'g')] };
  const next = [...sets.filter((r) => r.name !== marker.name), marker];
  return { sets: next, foreign: next.filter((r) => r.name === name || r.name === marker.name) };
}

/** Minimal number of kept names that must move to balance `counts` over replicas (fixed mode). */
function minimalMoves(counts: readonly number[], total: number): number {
  const base = Math.floor(total / counts.length);
  const extra = total % counts.length;
  const excess = counts.reduce((sum, c) => sum + Math.max(0, c - base), 0);
  return excess - Math.min(extra, counts.filter((c) => c > base).length);
}

function checkInvariants(before: Run, after: Run, world: World, settings: Settings, scheme: NameScheme): void {
  const topology = topologyOf(world);
  const replicas = servingReplicas(topology);
  // The policy serves exactly the nodes the statuses' documented meaning says serve.
  expect(replicas.map((r) => r.clusterId)).toEqual(expectedServing(world));
  const replicaEndpoints = new Set(replicas.map((r) => r.readEndpoint!));
  const { recordCount, fallbackToPrimary } = settings.options;
  const slotTargets = [...after.desired].filter(([name]) => scheme.slotOf(name) !== undefined).map(([, t]) => t);

  // Never the primary (nor a node that does not serve) while a serving replica exists.
  const readTargets = [...after.desired].filter(([name]) => !isAlias(name)).map(([, target]) => target);
  if (replicas.length > 0) {
    for (const target of readTargets) expect(replicaEndpoints.has(target)).toBe(true);
  } else {
    for (const target of readTargets) expect(fallbackToPrimary && target === topology.primaryEndpoint).toBe(true);
  }

  // Aliases: on their endpoints whatever the replicas do; once there, never rewritten.
  for (const [name, endpoint] of [
    [ALIASES.primary, topology.primaryEndpoint],
    [ALIASES.reader, topology.readerEndpoint],
  ] as const) {
    expect(after.desired.get(name), name).toBe(settings.withAliases ? endpoint : undefined);
    if (before.current.get(name) === endpoint && !after.view.foreign.has(name)) expect(after.plan.recordsChanged).not.toContain(name);
  }

  // Balanced.
  if (recordCount > 0) {
    if (replicas.length > 0 || fallbackToPrimary) expect(slotTargets).toHaveLength(recordCount);
    else expect(slotTargets).toHaveLength(0);
    if (replicas.length > 0) {
      const counts = replicas.map((r) => slotTargets.filter((t) => t === r.readEndpoint).length);
      expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    }
  } else if (replicas.length > 0) {
    // Default mode: one name per replica, none on a foreign-held slot, as many replicas named as
    // the slots 1..5 not held by foreign records allow (all of them when there are enough).
    const slotNames = [...after.desired.keys()].filter((name) => scheme.slotOf(name) !== undefined);
    for (const name of slotNames) expect(after.view.foreign.has(name), `${name} is foreign`).toBe(false);
    expect(new Set(slotTargets).size).toBe(slotTargets.length);
    const free = Array.from({ length: DEFAULT_MODE_SLOTS }, (_, i) => scheme.slotName(i + 1)).filter((n) => !after.view.foreign.has(n));
    expect(slotTargets).toHaveLength(Math.min(replicas.length, free.length));
    const unnamed = replicas.filter((r) => !slotTargets.includes(r.readEndpoint!)).map((r) => r.clusterId);
    expect(after.wanted.unnamed).toEqual(unnamed);
    // A name handed out in this run is the lowest one neither in use nor foreign.
    for (const name of slotNames) {
      if (before.current.get(name) === after.desired.get(name)) continue;
      for (let n = 1; n < scheme.slotOf(name)!; n++) {
        const lower = scheme.slotName(n);
        expect(after.desired.has(lower) || after.view.foreign.has(lower), `${lower} was free below ${name}`).toBe(true);
      }
    }
  }

  // Conflicts: desired names held by foreign records (fixed mode, AZ names), plus in default
  // mode exactly the foreign slot names passed over: below the highest slot name in use, or any
  // in 1..5 while a replica is left without a name.
  const desiredForeign = [...after.desired.keys()].filter((name) => after.view.foreign.has(name));
  const highest = Math.max(0, ...[...after.desired.keys()].map((name) => scheme.slotOf(name) ?? 0));
  const passedOver =
    recordCount > 0
      ? []
      : Array.from({ length: DEFAULT_MODE_SLOTS }, (_, i) => i + 1)
          .filter((n) => after.view.foreign.has(scheme.slotName(n)) && (n < highest || after.wanted.unnamed.length > 0))
          .map((n) => scheme.slotName(n));
  if (recordCount === 0) expect(desiredForeign.every((name) => scheme.azOf(name) !== undefined || isAlias(name))).toBe(true);
  expect(after.plan.conflicts.map((c) => c.name).sort()).toEqual([...desiredForeign, ...passedOver].sort());
  for (const conflict of after.plan.conflicts) {
    expect(conflict.reason).toMatch(passedOver.includes(conflict.name) ? /^held by a foreign record \(.+\); slot skipped/ : /./);
  }

  // Sticky, with minimal movement in fixed mode.
  // (A name a foreign record took over since is no longer ours to keep.)
  const kept = [...before.current].filter(
    ([name, target]) =>
      scheme.slotOf(name) !== undefined && target !== undefined && replicaEndpoints.has(target) && !after.view.foreign.has(name),
  );
  if (recordCount === 0) {
    for (const [name, target] of kept) expect(after.desired.get(name)).toBe(target);
  } else if (replicas.length > 0) {
    const inRange = kept.filter(([name]) => scheme.slotOf(name)! <= recordCount);
    const moved = inRange.filter(([name, target]) => after.desired.get(name) !== target).length;
    const counts = replicas.map((r) => inRange.filter(([, t]) => t === r.readEndpoint).length);
    expect(moved).toBe(minimalMoves(counts, recordCount));
  }

  // AZ names: one per member AZ; local replica when there is one (and sticky among them).
  if (settings.withAz) {
    const azs = new Set(topology.members.map((m) => m.az!));
    for (const az of azs) {
      const name = scheme.azName(az)!;
      const target = after.desired.get(name);
      const local = replicas.filter((r) => r.az === az).map((r) => r.readEndpoint!);
      if (local.length > 0) expect(local).toContain(target);
      else if (replicas.length > 0) expect(replicaEndpoints.has(target!)).toBe(true);
      else expect(target).toBe(fallbackToPrimary ? topology.primaryEndpoint : undefined);
      const previous = before.current.get(name);
      if (previous !== undefined && local.includes(previous) && !after.view.foreign.has(name)) expect(target).toBe(previous);
    }
    const azNames = [...after.desired.keys()].filter((n) => scheme.azOf(n) !== undefined);
    expect(azNames.length).toBeLessThanOrEqual(azs.size);
  }

  // Owned only: no change touches a foreign name, its marker, or a name that is no candidate.
  for (const { record } of after.plan.changes) {
    const recordName = scheme.isRecordName(record.name) ? record.name : scheme.recordNameOfMarker(record.name);
    expect(recordName).toBeDefined();
    expect(after.view.foreign.has(recordName!)).toBe(false);
  }
}

describe('planner properties', () => {
  it('keeps every invariant over random histories, and each plan applies cleanly and converges', () => {
    fc.assert(
      fc.property(worldArb, settingsArb, foreignArb, historyArb, (initial, settings, foreign, events) => {
        const scheme = schemeOf(settings);
        const planted = foreignSets(foreign);
        let sets: RecordSet[] = [...planted];
        let world = initial;
        let previous = plan(sets, topologyOf(world), settings, scheme);
        let previousServing = expectedServing(world);
        for (const event of [null, ...events]) {
          if (event && (event.kind === 'plant' || event.kind === 'takeOver')) {
            const written = foreignWrite(sets, event, scheme);
            sets = written.sets;
            planted.push(...written.foreign);
          } else if (event) {
            world = step(world, event);
          }
          const servedBefore = previousServing;
          previousServing = expectedServing(world);
          const topology = topologyOf(world);
          const run = plan(sets, topology, settings, scheme);
          checkInvariants(previous, run, world, settings, scheme);
          // A routine operation or a group status that leaves every serving node serving moves nothing and writes nothing.
          if (event && (event.kind === 'routine' || event.kind === 'group') && servedBefore.join() === previousServing.join()) {
            expect(run.plan.changes).toEqual([]);
          }
          sets = applyBatch(sets, run.plan.changes);
          // Idempotent: planning again after applying the plan changes nothing.
          const again = plan(sets, topology, settings, scheme);
          expect(again.plan.changes).toEqual([]);
          previous = again;
        }
        // Foreign records survive every history untouched.
        for (const record of planted) expect(sets).toContainEqual(record);
      }),
      { numRuns: 300 },
    );
    // 300 histories take 1.5-3 s alone and once went past vitest's 5 s default on a loaded 2-core machine.
  }, 60_000);

  it('moves only the names of a replica that stops serving, and when it serves again, only names it had back to it', () => {
    fc.assert(
      fc.property(worldArb, settingsArb, fc.nat(50), fc.nat(50), (initial, settings, choice, down) => {
        // Prepare: a zone converged from scratch (no foreign records), and a replica that holds names
        const scheme = schemeOf(settings);
        const converge = (sets: RecordSet[], world: World) => {
          const run = plan(sets, topologyOf(world), settings, scheme);
          return { sets: applyBatch(sets, run.plan.changes), changed: run.plan.recordsChanged.filter((n) => scheme.slotOf(n) !== undefined) };
        };
        const slotTargets = (sets: RecordSet[]) =>
          new Map(sets.filter((r) => r.type === 'CNAME' && scheme.slotOf(r.name) !== undefined).map((r) => [r.name, r.values[0]]));
        const start = converge([], initial).sets;
        const holders = initial.nodes.filter((n) => n.id !== initial.primary && [...slotTargets(start).values()].includes(endpointOf(n.id)));
        fc.pre(holders.length > 0);
        const node = holders[choice % holders.length]!;
        const itsNames = [...slotTargets(start)].filter(([, target]) => target === endpointOf(node.id)).map(([name]) => name).sort();
        const withStatus = (status: Status): World => ({ ...initial, nodes: initial.nodes.map((n) => (n.id === node.id ? { ...n, status } : n)) });
        // Act: the node stops serving, then serves again
        const during = converge(start, withStatus(NOT_SERVING[down % NOT_SERVING.length]!));
        const after = converge(during.sets, withStatus(node.status));
        // Assess: its names (all of them) move away at once; the other replicas' names never move;
        // what comes back to it is names it had (default mode: its slot, since nothing else changed)
        expect([...during.changed].sort()).toEqual(itsNames);
        for (const name of after.changed) {
          expect(itsNames).toContain(name);
          expect(slotTargets(after.sets).get(name)).toBe(endpointOf(node.id));
        }
        if (settings.options.recordCount === 0) expect([...after.changed].sort()).toEqual(itsNames);
      }),
      { numRuns: 300 },
    );
  });

  it('moves exactly one name on a failover in the default mode', () => {
    fc.assert(
      fc.property(worldArb, fc.nat(50), fc.boolean(), foreignArb, (initial, choice, withAz, foreign) => {
        // Prepare: a converged zone (foreign records included), and a failover to a replica that holds a name
        const settings: Settings = { options: { recordCount: 0, fallbackToPrimary: false }, withAz, withAliases: true };
        const scheme = schemeOf(settings);
        const before = topologyOf(initial);
        const planted = foreignSets(foreign);
        const sets = applyBatch(planted, plan(planted, before, settings, scheme).plan.changes);
        const slotTargets = [...readZoneView(sets, scheme, OWNER).owned.values()]
          .filter((o) => scheme.slotOf(o.name) !== undefined)
          .map((o) => o.cname?.values[0]);
        const candidates = servingReplicas(before).filter((r) => slotTargets.includes(r.readEndpoint));
        // Every replica named (enough slots not held by foreign records), so the old primary is the only newcomer.
        fc.pre(candidates.length > 0 && candidates.length === servingReplicas(before).length);
        const promoted = candidates[choice % candidates.length]!;
        const after = step(initial, { kind: 'failover', pick: 0 });
        const world = { ...after, primary: promoted.clusterId };
        // Act
        const run = plan(sets, topologyOf(world), settings, scheme);
        // Assess
        const slotChanges = run.plan.recordsChanged.filter((name) => scheme.slotOf(name) !== undefined);
        expect(slotChanges).toHaveLength(1);
        expect(run.plan.recordsChanged.filter(isAlias), 'aliases follow endpoints a failover keeps').toEqual([]);
        const moved = slotChanges[0]!;
        expect(run.current.get(moved)).toBe(promoted.readEndpoint);
        expect(run.desired.get(moved)).toBe(endpointOf(initial.primary));
      }),
      { numRuns: 200 },
    );
  });
});
