import { describe, expect, it } from 'vitest';
import { desiredRecords, type DesiredOptions } from '../../lambda/src/desired.js';
import { endpointOf, primaryEndpointOf } from '../../testkit/fakes/fake-group.js';
import { topologyOf } from '../../testkit/fakes/fixtures.js';
import { azName, currentOf, schemeFor, slot } from '../../testkit/fakes/zone-views.js';

const perReplica: DesiredOptions = { recordCount: 0, fallbackToPrimary: false };
const fixed = (n: number, fallbackToPrimary = true): DesiredOptions => ({ recordCount: n, fallbackToPrimary });
const noAz = schemeFor(false);
const e = endpointOf;

/** The full result; `foreign` = names held by foreign records (the zone view's `foreign`). */
function desiredFull(
  topology: ReturnType<typeof topologyOf>,
  current: Record<string, string | null>,
  options = perReplica,
  scheme = noAz,
  foreign: readonly string[] = [],
) {
  return desiredRecords(topology, currentOf(current), options, scheme, new Set(foreign));
}

function desired(...args: Parameters<typeof desiredFull>) {
  return Object.fromEntries(desiredFull(...args).records);
}

/** Members g-001..: the first listed is the primary. */
const members = (...ids: string[]) => ids.map((id) => ({ clusterId: id }));

describe('desiredRecords, default mode (one name per serving replica)', () => {
  it('gives each available replica a slot on the first run, in cluster id order', () => {
    expect(desired(topologyOf(members('g-001', 'g-003', 'g-002')), {})).toEqual({
      [slot(1)]: e('g-002'),
      [slot(2)]: e('g-003'),
    });
  });

  it('moves exactly the promoted replica slot to the old primary after a failover', () => {
    // Prepare: g-002 (read1) is promoted; g-001 becomes a replica
    const before = { [slot(1)]: e('g-002'), [slot(2)]: e('g-003') };
    const after = topologyOf(members('g-002', 'g-001', 'g-003'));
    // Act
    const result = desired(after, before);
    // Assess
    expect(result).toEqual({ [slot(1)]: e('g-001'), [slot(2)]: e('g-003') });
  });

  it('keeps existing slots and gives a new replica the lowest free slot', () => {
    const current = { [slot(2)]: e('g-002'), [slot(3)]: e('g-003') };
    expect(desired(topologyOf(members('g-001', 'g-002', 'g-003', 'g-004')), current)).toEqual({
      [slot(1)]: e('g-004'),
      [slot(2)]: e('g-002'),
      [slot(3)]: e('g-003'),
    });
  });

  it('drops the slot of a removed replica and leaves the others alone', () => {
    const current = { [slot(1)]: e('g-002'), [slot(2)]: e('g-003'), [slot(3)]: e('g-004') };
    expect(desired(topologyOf(members('g-001', 'g-003', 'g-004')), current)).toEqual({
      [slot(2)]: e('g-003'),
      [slot(3)]: e('g-004'),
    });
  });

  it('drops the slot of a replica being replaced and gives it back its slot when available again', () => {
    const current = { [slot(1)]: e('g-002'), [slot(2)]: e('g-003') };
    const replacing = topologyOf([{ clusterId: 'g-001' }, { clusterId: 'g-002' }, { clusterId: 'g-003', clusterStatus: 'rebooting cluster nodes', nodeStatuses: ['rebooting'] }]);
    const during = desired(replacing, current);
    expect(during).toEqual({ [slot(1)]: e('g-002') });
    expect(desired(topologyOf(members('g-001', 'g-002', 'g-003')), during)).toEqual(current);
  });

  it('ignores a member without a read endpoint', () => {
    const topology = topologyOf([{ clusterId: 'g-001' }, { clusterId: 'g-002' }, { clusterId: 'g-003', readEndpoint: undefined }]);
    expect(desired(topology, {})).toEqual({ [slot(1)]: e('g-002') });
  });

  it('keeps the lowest of two slots pointing at one replica and reuses the other', () => {
    const current = { [slot(1)]: e('g-002'), [slot(2)]: e('g-002') };
    expect(desired(topologyOf(members('g-001', 'g-002', 'g-003')), current)).toEqual({
      [slot(1)]: e('g-002'),
      [slot(2)]: e('g-003'),
    });
  });

  it('repoints a slot that was on the primary (fallback) once a replica is back', () => {
    const current = { [slot(1)]: primaryEndpointOf('g') };
    expect(desired(topologyOf(members('g-001', 'g-002')), current)).toEqual({ [slot(1)]: e('g-002') });
  });

  it('deletes every name when no replica is available and fallback is off', () => {
    const current = { [slot(1)]: e('g-002') };
    expect(desired(topologyOf(members('g-001')), current)).toEqual({});
  });

  it('keeps the existing slot names on the primary when no replica is available and fallback is on', () => {
    const current = { [slot(1)]: e('g-002'), [slot(3)]: e('g-004') };
    const options = { recordCount: 0, fallbackToPrimary: true };
    expect(desired(topologyOf(members('g-001')), current, options)).toEqual({
      [slot(1)]: primaryEndpointOf('g'),
      [slot(3)]: primaryEndpointOf('g'),
    });
    expect(desired(topologyOf(members('g-001')), {}, options)).toEqual({ [slot(1)]: primaryEndpointOf('g') });
  });

  it('has nothing to point at when fallback is on but the group has no primary endpoint yet', () => {
    const topology = topologyOf(members('g-001'), { primaryEndpoint: null });
    expect(desired(topology, {}, { recordCount: 0, fallbackToPrimary: true })).toEqual({});
  });
});

describe('desiredRecords, default mode with foreign records on slot names', () => {
  const four = topologyOf(members('g-001', 'g-002', 'g-003', 'g-004'));

  it('skips a slot name a foreign record holds: 3 replicas get read1, read3, read4, and read2 is reported', () => {
    // Act
    const result = desiredFull(four, {}, perReplica, noAz, [slot(2)]);
    // Assess
    expect(Object.fromEntries(result.records)).toEqual({ [slot(1)]: e('g-002'), [slot(3)]: e('g-003'), [slot(4)]: e('g-004') });
    expect(result.skipped).toEqual([slot(2)]);
    expect(result.unnamed).toEqual([]);
  });

  it('does not report a foreign slot above every slot in use, nor a foreign name that is not a slot', () => {
    const result = desiredFull(four, {}, perReplica, schemeFor(true), [slot(4), slot(5), slot(9), azName('us-east-1a')]);
    expect([...result.records.keys()].filter((n) => n.startsWith('read') && !n.startsWith('read-'))).toEqual([slot(1), slot(2), slot(3)]);
    expect(result.skipped).toEqual([]);
  });

  it('keeps sticky slots where they are and gives a newcomer the lowest slot neither in use nor foreign', () => {
    // Prepare: g-002 on read1, g-003 on read3; read2 turned foreign (someone took it over)
    const current = { [slot(1)]: e('g-002'), [slot(3)]: e('g-003') };
    // Act: g-004 joins
    const result = desiredFull(four, current, perReplica, noAz, [slot(2)]);
    // Assess
    expect(Object.fromEntries(result.records)).toEqual({ [slot(1)]: e('g-002'), [slot(3)]: e('g-003'), [slot(4)]: e('g-004') });
    expect(result.skipped).toEqual([slot(2)]);
  });

  it('still reports a skipped slot on a later run in which no replica needs one', () => {
    const current = { [slot(1)]: e('g-002'), [slot(3)]: e('g-003'), [slot(4)]: e('g-004') };
    const result = desiredFull(four, current, perReplica, noAz, [slot(2)]);
    expect(Object.fromEntries(result.records)).toEqual(current);
    expect(result.skipped).toEqual([slot(2)]);
  });

  it('moves a replica whose slot was taken over by a foreign record to the lowest free slot', () => {
    // read1 was g-002's; it is foreign now (its marker was replaced), so it is not in `current`
    const result = desiredFull(topologyOf(members('g-001', 'g-002', 'g-003')), { [slot(2)]: e('g-003') }, perReplica, noAz, [slot(1)]);
    expect(Object.fromEntries(result.records)).toEqual({ [slot(2)]: e('g-003'), [slot(3)]: e('g-002') });
    expect(result.skipped).toEqual([slot(1)]);
  });

  it('leaves replicas beyond the free slots in 1..5 unnamed and reports every foreign slot they would have taken', () => {
    // Prepare: 5 replicas, read2 and read5 foreign: only read1, read3, read4 are free
    const five = topologyOf(members('g-001', 'g-002', 'g-003', 'g-004', 'g-005', 'g-006'));
    // Act
    const result = desiredFull(five, {}, perReplica, schemeFor(false), [slot(2), slot(5), slot(7)]);
    // Assess: never read6 and above, even though the scheme allows up to read16
    expect(Object.fromEntries(result.records)).toEqual({ [slot(1)]: e('g-002'), [slot(3)]: e('g-003'), [slot(4)]: e('g-004') });
    expect(result.unnamed).toEqual(['g-005', 'g-006']);
    expect(result.skipped).toEqual([slot(2), slot(5)]);
  });

  it('points the lowest slot no foreign record holds at the primary when no replica is available and fallback is on', () => {
    const options = { recordCount: 0, fallbackToPrimary: true };
    const result = desiredFull(topologyOf(members('g-001')), {}, options, noAz, [slot(1)]);
    expect(Object.fromEntries(result.records)).toEqual({ [slot(2)]: primaryEndpointOf('g') });
    expect(result.skipped).toEqual([slot(1)]);
  });

  it('reports nothing when no replica is available and fallback is off', () => {
    const result = desiredFull(topologyOf(members('g-001')), {}, perReplica, noAz, [slot(1), slot(2)]);
    expect(result).toEqual({ records: new Map(), skipped: [], unnamed: [] });
  });
});

describe('desiredRecords, fixed mode (exactly N names)', () => {
  it('spreads N names over the replicas, counts differing by at most one', () => {
    expect(desired(topologyOf(members('g-001', 'g-002', 'g-003')), {}, fixed(3), schemeFor(false))).toEqual({
      [slot(1)]: e('g-002'),
      [slot(2)]: e('g-003'),
      [slot(3)]: e('g-002'),
    });
  });

  it('moves only the excess of the most loaded replica, highest slot first, when a replica is added', () => {
    // Prepare: 4 names on 2 replicas (2/2); a third replica joins: quotas 2/1/1
    const current = { [slot(1)]: e('g-002'), [slot(2)]: e('g-003'), [slot(3)]: e('g-002'), [slot(4)]: e('g-003') };
    // Act
    const result = desired(topologyOf(members('g-001', 'g-002', 'g-003', 'g-004')), current, fixed(4));
    // Assess: one name moves (g-003's highest, read4), g-002 keeps its two
    expect(result).toEqual({ [slot(1)]: e('g-002'), [slot(2)]: e('g-003'), [slot(3)]: e('g-002'), [slot(4)]: e('g-004') });
  });

  it('moves only the names of a replica that is gone', () => {
    const current = { [slot(1)]: e('g-002'), [slot(2)]: e('g-003'), [slot(3)]: e('g-004'), [slot(4)]: e('g-002') };
    const result = desired(topologyOf(members('g-001', 'g-002', 'g-004')), current, fixed(4));
    expect(result).toEqual({ [slot(1)]: e('g-002'), [slot(2)]: e('g-004'), [slot(3)]: e('g-004'), [slot(4)]: e('g-002') });
  });

  it('points all N names at the primary when no replica is available (fallback on by default)', () => {
    const result = desired(topologyOf(members('g-001')), {}, fixed(3));
    expect(result).toEqual({ [slot(1)]: primaryEndpointOf('g'), [slot(2)]: primaryEndpointOf('g'), [slot(3)]: primaryEndpointOf('g') });
    expect(desired(topologyOf(members('g-001')), {}, fixed(3, false))).toEqual({});
  });

  it('drops names above N after N shrinks', () => {
    const current = { [slot(1)]: e('g-002'), [slot(2)]: e('g-002'), [slot(3)]: e('g-002') };
    expect(desired(topologyOf(members('g-001', 'g-002')), current, fixed(2))).toEqual({ [slot(1)]: e('g-002'), [slot(2)]: e('g-002') });
  });

  it('still promises a foreign-held name: it stays desired (the plan reports it as a conflict), nothing is skipped', () => {
    const result = desiredFull(topologyOf(members('g-001', 'g-002', 'g-003', 'g-004')), {}, fixed(3), noAz, [slot(2)]);
    expect(Object.fromEntries(result.records)).toEqual({ [slot(1)]: e('g-002'), [slot(2)]: e('g-003'), [slot(3)]: e('g-004') });
    expect(result).toMatchObject({ skipped: [], unnamed: [] });
    expect(desired(topologyOf(members('g-001')), {}, fixed(2), noAz, [slot(1)])).toEqual({
      [slot(1)]: primaryEndpointOf('g'),
      [slot(2)]: primaryEndpointOf('g'),
    });
  });

  it('uses names beyond 5 when N is larger', () => {
    const result = desired(topologyOf(members('g-001', 'g-002', 'g-003')), {}, fixed(7), schemeFor(false));
    expect(Object.keys(result)).toEqual([1, 2, 3, 4, 5, 6, 7].map(slot).sort());
  });
});

describe('desiredRecords, AZ names', () => {
  const withAz = schemeFor(true);
  const spread = topologyOf([
    { clusterId: 'g-001', az: 'us-east-1a' },
    { clusterId: 'g-002', az: 'us-east-1a' },
    { clusterId: 'g-003', az: 'us-east-1b' },
    { clusterId: 'g-004', az: 'us-east-1c', nodeStatuses: ['rebooting'] },
  ]);

  it('targets a replica in the AZ, else the least loaded replica elsewhere', () => {
    const result = desired(spread, {}, perReplica, withAz);
    expect(result[azName('us-east-1a')]).toBe(e('g-002'));
    expect(result[azName('us-east-1b')]).toBe(e('g-003'));
    // us-east-1c has only a member that does not serve: fallback to another AZ, both have one AZ name, lowest id wins
    expect(result[azName('us-east-1c')]).toBe(e('g-002'));
  });

  it('keeps a local target while it is available, even if another local replica has a lower id', () => {
    const topology = topologyOf([
      { clusterId: 'g-001', az: 'us-east-1b' },
      { clusterId: 'g-002', az: 'us-east-1a' },
      { clusterId: 'g-003', az: 'us-east-1a' },
    ]);
    const result = desired(topology, { [azName('us-east-1a')]: e('g-003') }, perReplica, withAz);
    expect(result[azName('us-east-1a')]).toBe(e('g-003'));
  });

  it('leaves a cross-AZ fallback for a local replica as soon as one is available', () => {
    const topology = topologyOf([
      { clusterId: 'g-001', az: 'us-east-1a' },
      { clusterId: 'g-002', az: 'us-east-1b' },
      { clusterId: 'g-003', az: 'us-east-1a' },
    ]);
    const result = desired(topology, { [azName('us-east-1a')]: e('g-002') }, perReplica, withAz);
    expect(result[azName('us-east-1a')]).toBe(e('g-003'));
  });

  it('still promises an AZ name a foreign record holds (the plan reports it), in default mode too', () => {
    const result = desiredFull(spread, {}, perReplica, withAz, [azName('us-east-1a')]);
    expect(result.records.get(azName('us-east-1a'))).toBe(e('g-002'));
    expect(result.skipped).toEqual([]);
  });

  it('points AZ names at the primary only when no replica is available and fallback is on', () => {
    const lonely = topologyOf([{ clusterId: 'g-001', az: 'us-east-1a' }]);
    expect(desired(lonely, {}, { recordCount: 0, fallbackToPrimary: true }, withAz)[azName('us-east-1a')]).toBe(primaryEndpointOf('g'));
    expect(desired(lonely, {}, perReplica, withAz)).toEqual({});
  });
});

describe('desiredRecords under the serving policy (statuses → serving replicas)', () => {
  const names3 = { [slot(1)]: e('g-002'), [slot(2)]: e('g-003'), [slot(3)]: e('g-002') };

  it('keeps every name on a replica being backed up (cluster snapshotting, node available), both modes', () => {
    // Prepare
    const backup = topologyOf([{ clusterId: 'g-001' }, { clusterId: 'g-002' }, { clusterId: 'g-003', clusterStatus: 'snapshotting' }], { groupStatus: 'snapshotting' });
    // Act / Assess
    expect(desired(backup, names3, fixed(3))).toEqual(names3);
    expect(desired(backup, { [slot(1)]: e('g-002'), [slot(2)]: e('g-003') })).toEqual({ [slot(1)]: e('g-002'), [slot(2)]: e('g-003') });
  });

  it('keeps every name while every member is modifying or updating', () => {
    for (const clusterStatus of ['modifying', 'updating']) {
      const busy = topologyOf(['g-001', 'g-002', 'g-003'].map((clusterId) => ({ clusterId, clusterStatus })), { groupStatus: 'modifying' });
      expect(desired(busy, names3, fixed(3)), clusterStatus).toEqual(names3);
    }
  });

  it('fixed mode: a rebooted replica loses its name at once and gets the same name back; the others never move', () => {
    const rebooting = topologyOf([{ clusterId: 'g-001' }, { clusterId: 'g-002' }, { clusterId: 'g-003', nodeStatuses: ['rebooting'] }]);
    const during = desired(rebooting, names3, fixed(3));
    expect(during).toEqual({ [slot(1)]: e('g-002'), [slot(2)]: e('g-002'), [slot(3)]: e('g-002') });
    expect(desired(topologyOf(members('g-001', 'g-002', 'g-003')), during, fixed(3))).toEqual(names3);
  });

  it('fixed mode: an over-quota replica gives up a name homed elsewhere before its highest slot', () => {
    // Prepare: g-002 holds read1..read3 (g-003 was away); read2's home in a 2-replica spread is g-003
    const current = { [slot(1)]: e('g-002'), [slot(2)]: e('g-002'), [slot(3)]: e('g-002'), [slot(4)]: e('g-003') };
    // Act
    const result = desired(topologyOf(members('g-001', 'g-002', 'g-003')), current, fixed(4));
    // Assess: one name moves (balance needs one), and it is read2, not read3
    expect(result).toEqual({ [slot(1)]: e('g-002'), [slot(2)]: e('g-003'), [slot(3)]: e('g-002'), [slot(4)]: e('g-003') });
  });

  it('falls back to the primary endpoint when no replica serves, even while the primary node itself does not', () => {
    const down = topologyOf([{ clusterId: 'g-001', nodeStatuses: ['rebooting'] }, { clusterId: 'g-002', nodeStatuses: ['rebooting'] }]);
    expect(desired(down, {}, fixed(2))).toEqual({ [slot(1)]: primaryEndpointOf('g'), [slot(2)]: primaryEndpointOf('g') });
  });
});
