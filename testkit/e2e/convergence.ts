// What a failover cost the client, from its reads (client.ts) and the DNS server's applied
// changes (zone-sync.ts). Pure: no I/O.
import type { Read } from './client.js';
import type { AppliedChange } from './zone-sync.js';

export interface Failover {
  /** Just before the TestFailover API call (ms since epoch). */
  readonly calledAt: number;
  /** The names whose CNAME the reconciler changed for it. */
  readonly moved: readonly string[];
}

/**
 * When a read from the primary is excusable, per moved name: from the failover's call, on a
 * connection whose name was resolved before the new CNAME had been in the DNS server for one TTL
 * (the resolver may serve the old answer that long), plus `slackMs` (the resolver's own rounding:
 * unbound's clock ticks in whole seconds). The window is [call, CNAME committed + TTL + slack] for
 * the lookup time.
 */
export function convergenceWindows(failovers: readonly Failover[], applied: readonly AppliedChange[], ttlSeconds: number, slackMs: number): Map<string, [number, number][]> {
  const windows = new Map<string, [number, number][]>();
  for (const f of failovers) {
    for (const name of f.moved) {
      const change = applied.find((c) => c.name === name && c.type === 'CNAME' && c.committedAt >= f.calledAt);
      if (!change) throw new Error(`${name} moved in Route 53 for the failover at ${f.calledAt}, but the DNS server never got the change`);
      windows.set(name, [...(windows.get(name) ?? []), [f.calledAt, change.committedAt + ttlSeconds * 1_000 + slackMs]]);
    }
  }
  return windows;
}

/** Reads served by a primary that no window excuses: read before the call, or resolved after its end. */
export function primaryReadsOutside(reads: readonly Read[], windows: ReadonlyMap<string, readonly [number, number][]>): Read[] {
  return reads.filter((r) => r.node === 'primary' && !(windows.get(r.name) ?? []).some(([from, to]) => r.at >= from && (r.resolvedAt ?? r.at) <= to));
}

/** Connections that read from a primary more than once: the reconnect rule was not applied. */
export function repeatedPrimaryReads(reads: readonly Read[]): string[] {
  const counts = new Map<string, number>();
  for (const r of reads.filter((x) => x.node === 'primary')) counts.set(`${r.name} #${r.connection}`, (counts.get(`${r.name} #${r.connection}`) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 1).map(([key, n]) => `${key}: ${n} reads from the primary`);
}

/**
 * The user's number: from the failover's call until the client reads from a replica again through
 * the moved name: its first read after the call served by a replica on another node than the one
 * the name led to before (the promoted one). Undefined when that has not happened before `until`.
 */
export function recoveryMs(reads: readonly Read[], name: string, calledAt: number, until: number): number | undefined {
  const mine = reads.filter((r) => r.name === name && r.node !== 'error');
  const promoted = mine.filter((r) => r.at < calledAt).at(-1)?.address;
  const back = mine.find((r) => r.at >= calledAt && r.at <= until && r.node === 'replica' && r.address !== promoted);
  return back && back.at - calledAt;
}

/** Longest time without a successful read, per name, between `from` and `to`. */
export function longestGapMs(reads: readonly Read[], name: string, from: number, to: number): number {
  return longestGap(reads, name, from, to).ms;
}

/** The longest time without a successful read, and when it began. */
export function longestGap(reads: readonly Read[], name: string, from: number, to: number): { ms: number; since: number } {
  const times = [from, ...reads.filter((r) => r.name === name && r.node !== 'error' && r.at >= from && r.at <= to).map((r) => r.at), to];
  const gaps = times.slice(1).map((t, i) => ({ ms: t - times[i]!, since: times[i]! }));
  return gaps.reduce((a, b) => (b.ms > a.ms ? b : a));
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
