import { describe, expect, it } from 'vitest';
import { desiredRecords, type DesiredOptions } from '../../lambda/src/desired.js';
import { endpointOf, primaryEndpointOf } from './support/fake-group.js';
import { topologyOf } from './support/fixtures.js';
import { azName, currentOf, schemeFor, slot } from './support/zone-views.js';

const perReplica: DesiredOptions = { recordCount: 0, fallbackToPrimary: false };
const fixed = (n: number, fallbackToPrimary = true): DesiredOptions => ({ recordCount: n, fallbackToPrimary });
const noAz = schemeFor(5, false);
const e = endpointOf;

function desired(topology: ReturnType<typeof topologyOf>, current: Record<string, string | null>, options = perReplica, scheme = noAz) {
  return Object.fromEntries(desiredRecords(topology, currentOf(current), options, scheme));
}

/** Members g-001..: the first listed is the primary. */
const members = (...ids: string[]) => ids.map((id) => ({ clusterId: id }));

describe('desiredRecords, default mode (one name per available replica)', () => {
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
    const replacing = topologyOf([{ clusterId: 'g-001' }, { clusterId: 'g-002' }, { clusterId: 'g-003', available: false }]);
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

describe('desiredRecords, fixed mode (exactly N names)', () => {
  it('spreads N names over the replicas, counts differing by at most one', () => {
    expect(desired(topologyOf(members('g-001', 'g-002', 'g-003')), {}, fixed(3), schemeFor(5, false))).toEqual({
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

  it('uses names beyond 5 when N is larger', () => {
    const result = desired(topologyOf(members('g-001', 'g-002', 'g-003')), {}, fixed(7), schemeFor(7, false));
    expect(Object.keys(result)).toEqual([1, 2, 3, 4, 5, 6, 7].map(slot).sort());
  });
});

describe('desiredRecords, AZ names', () => {
  const withAz = schemeFor(5, true);
  const spread = topologyOf([
    { clusterId: 'g-001', az: 'us-east-1a' },
    { clusterId: 'g-002', az: 'us-east-1a' },
    { clusterId: 'g-003', az: 'us-east-1b' },
    { clusterId: 'g-004', az: 'us-east-1c', available: false },
  ]);

  it('targets a replica in the AZ, else the least loaded replica elsewhere', () => {
    const result = desired(spread, {}, perReplica, withAz);
    expect(result[azName('us-east-1a')]).toBe(e('g-002'));
    expect(result[azName('us-east-1b')]).toBe(e('g-003'));
    // us-east-1c has only an unavailable member: fallback to another AZ, both have one AZ name, lowest id wins
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

  it('points AZ names at the primary only when no replica is available and fallback is on', () => {
    const lonely = topologyOf([{ clusterId: 'g-001', az: 'us-east-1a' }]);
    expect(desired(lonely, {}, { recordCount: 0, fallbackToPrimary: true }, withAz)[azName('us-east-1a')]).toBe(primaryEndpointOf('g'));
    expect(desired(lonely, {}, perReplica, withAz)).toEqual({});
  });
});
