// Assertions shared by the scenario files.
import { expect } from 'vitest';
import { count, type Observed } from './world.js';

/**
 * Every reconciler run of the window succeeded and read exactly once: one DescribeReplicationGroups
 * (never a listing of all groups) and one ListResourceRecordSets per run, and at most one write.
 */
export function expectLeanRuns(observed: Observed<unknown>, options: { minRuns?: number } = {}): void {
  const runs = observed.runs;
  expect(runs.length, 'reconciler runs in the window').toBeGreaterThanOrEqual(options.minRuns ?? 1);
  for (const run of runs) expect(run.error, `run ${run.requestId} (${run.source}) failed: ${run.result}`).toBe(false);
  const reconciling = runs.filter((r) => r.summary?.outcome !== 'ignored').length;
  // Destroy needs no topology (the group may be gone already).
  const destroys = runs.filter((r) => r.summary?.action === 'delete').length;
  const describes = count(observed.requests, 'elasticache', 'DescribeReplicationGroups');
  // An ignored event never reaches AWS; an SNS subject outside the group stops after the topology read.
  expect(describes, 'DescribeReplicationGroups: one per run').toBeLessThanOrEqual(runs.length - destroys);
  expect(describes, 'DescribeReplicationGroups: one per run').toBeGreaterThanOrEqual(reconciling - destroys);
  expect(observed.lists, 'ListResourceRecordSets: one per reconciling run').toBe(reconciling);
  expect(observed.writes, 'at most one ChangeResourceRecordSets per run').toBeLessThanOrEqual(runs.length);
  const applied = runs.filter((r) => r.summary?.outcome === 'applied' || r.summary?.outcome === 'destroyed').length;
  expect(observed.writes, 'one write per applied run, none otherwise').toBe(applied);
}

/** Slot maps (slot → cluster id) compared: the slots whose owner differs, appeared or vanished. */
export function movedSlots(before: ReadonlyMap<number, string>, after: ReadonlyMap<number, string>): number[] {
  const all = new Set([...before.keys(), ...after.keys()]);
  return [...all].filter((n) => before.get(n) !== after.get(n)).sort((a, b) => a - b);
}

/** The lowest slot numbers not in `used`, as newcomers get them. */
export function lowestFree(used: Iterable<number>, howMany: number): number[] {
  const taken = new Set(used);
  const out: number[] = [];
  for (let n = 1; out.length < howMany && n <= 16; n++) if (!taken.has(n)) out.push(n);
  return out;
}
