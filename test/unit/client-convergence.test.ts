// The client check's arithmetic (testkit/e2e/convergence.ts): which primary reads are excused,
// and the recovery time it reports.
import { describe, expect, it } from 'vitest';
import type { Read } from '../../testkit/e2e/client.js';
import { convergenceWindows, longestGap, longestGapMs, median, primaryReadsOutside, recoveryMs, repeatedPrimaryReads } from '../../testkit/e2e/convergence.js';
import type { AppliedChange } from '../../testkit/e2e/zone-sync.js';

const read = (at: number, node: Read['node'], address = '127.0.0.2', name = 'read1', resolvedAt = at - 5, connection = 1): Read => ({ at, name, node, address, resolvedAt, connection, value: 'v' });
const change = (committedAt: number, name = 'read1'): AppliedChange => ({ zone: 'z', name, type: 'CNAME', before: '1 a.', after: '1 b.', notBefore: committedAt - 100, committedAt });

describe('convergence windows', () => {
  const failovers = [{ calledAt: 1_000, moved: ['read1'] }];

  it('excuse a primary read on a connection resolved before the new CNAME had been served for one TTL (+ slack)', () => {
    const windows = convergenceWindows(failovers, [change(1_500)], 10, 250);
    expect(windows.get('read1')).toEqual([[1_000, 1_500 + 10_000 + 250]]);
    // The connection opened before the failover, and one resolved just before the end.
    const excused = [read(1_200, 'primary', 'A', 'read1', 500), read(11_900, 'primary', 'A', 'read1', 11_700)];
    expect(primaryReadsOutside(excused, windows)).toEqual([]);
    const late = read(11_800, 'primary', 'A', 'read1', 11_760);
    expect(primaryReadsOutside([late], windows)).toEqual([late]);
  });

  it('excuse nothing before the call, nor on a name that did not move', () => {
    const windows = convergenceWindows(failovers, [change(1_500)], 1, 250);
    const early = read(900, 'primary');
    const other = read(1_200, 'primary', '127.0.0.3', 'read2');
    expect(primaryReadsOutside([early, other, read(1_200, 'replica')], windows)).toEqual([early, other]);
  });

  it('count connections that read from the primary more than once', () => {
    const reads = [read(1_100, 'primary', 'A', 'read1', 500, 1), read(1_300, 'primary', 'A', 'read1', 1_250, 2), read(1_350, 'primary', 'A', 'read1', 1_250, 2)];
    expect(repeatedPrimaryReads(reads)).toEqual(['read1 #2: 2 reads from the primary']);
    expect(repeatedPrimaryReads(reads.slice(0, 2))).toEqual([]);
  });

  it('take the first change after the call, and fail when the DNS server never got one', () => {
    expect(convergenceWindows(failovers, [change(500), change(2_000), change(3_000)], 1, 0).get('read1')).toEqual([[1_000, 3_000]]);
    expect(() => convergenceWindows(failovers, [change(500)], 1, 0)).toThrow(/never got the change/);
  });
});

describe('recovery time', () => {
  it('is the first replica read on another node than before the call', () => {
    const reads = [read(900, 'replica', 'A'), read(1_100, 'replica', 'A'), read(1_200, 'primary', 'A'), read(2_000, 'primary', 'A'), read(2_300, 'replica', 'B')];
    expect(recoveryMs(reads, 'read1', 1_000, 10_000)).toBe(1_300);
  });

  it('is undefined until that read happened, or when it happened after `until`', () => {
    const reads = [read(900, 'replica', 'A'), read(1_200, 'primary', 'A'), read(5_000, 'replica', 'B')];
    expect(recoveryMs(reads.slice(0, 2), 'read1', 1_000, 10_000)).toBeUndefined();
    expect(recoveryMs(reads, 'read1', 1_000, 4_000)).toBeUndefined();
  });

  it('ignores failed reads', () => {
    const reads = [read(900, 'replica', 'A'), read(1_100, 'error', 'B'), read(1_400, 'replica', 'B')];
    expect(recoveryMs(reads, 'read1', 1_000, 10_000)).toBe(400);
  });
});

describe('helpers', () => {
  it('longest gap counts from the start and to the end, not over failed reads', () => {
    expect(longestGapMs([read(100, 'replica'), read(150, 'error'), read(900, 'replica')], 'read1', 0, 1_000)).toBe(800);
  });

  it('longest gap says when it began: the last successful read before it, or the start', () => {
    expect(longestGap([read(100, 'replica'), read(150, 'error'), read(900, 'replica')], 'read1', 0, 1_000)).toEqual({ ms: 800, since: 100 });
    expect(longestGap([read(700, 'replica')], 'read1', 0, 1_000)).toEqual({ ms: 700, since: 0 });
  });

  it('median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});
