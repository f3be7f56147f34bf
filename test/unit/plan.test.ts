import { describe, expect, it } from 'vitest';
import { encodeMarker } from '../../lambda/src/ownership.js';
import { planChanges, planRemoval } from '../../lambda/src/plan.js';
import { describeChange, type RecordSet } from '../../lambda/src/records.js';
import { MARKER, ownedSets, schemeFor, slot, viewOf } from './support/zone-views.js';

const scheme = schemeFor(5, false);
const options = { ttl: 10, markerValue: MARKER };
const plan = (desired: Record<string, string>, sets: RecordSet[], opts = options) =>
  planChanges(new Map(Object.entries(desired)), viewOf(sets, scheme), opts, scheme);
const lines = (p: ReturnType<typeof plan>) => p.changes.map(describeChange);

describe('planChanges', () => {
  it('creates each new record with its marker', () => {
    const result = plan({ [slot(1)]: 'a.example' }, []);
    expect(lines(result)).toEqual([
      `CREATE CNAME ${slot(1)} a.example ttl=10`,
      `CREATE TXT _owner.${slot(1)} ${MARKER} ttl=10`,
    ]);
    expect(result.recordsChanged).toEqual([slot(1)]);
  });

  it('plans nothing when the zone matches, whatever the case or trailing dot of the stored value', () => {
    const result = plan({ [slot(1)]: 'a.example' }, ownedSets({ [slot(1)]: 'A.Example.' }));
    expect(result.changes).toEqual([]);
    expect(result.recordsChanged).toEqual([]);
  });

  it('moves a record as DELETE of the exact current value plus CREATE, leaving its marker', () => {
    const result = plan({ [slot(1)]: 'b.example' }, ownedSets({ [slot(1)]: 'A.example.' }));
    expect(lines(result)).toEqual([`DELETE CNAME ${slot(1)} A.example. ttl=10`, `CREATE CNAME ${slot(1)} b.example ttl=10`]);
    expect(result.recordsChanged).toEqual([slot(1)]);
  });

  it('rewrites record and marker when the TTL changes', () => {
    const result = plan({ [slot(1)]: 'a.example' }, ownedSets({ [slot(1)]: 'a.example' }, 60));
    expect(lines(result)).toEqual([
      `DELETE CNAME ${slot(1)} a.example ttl=60`,
      `CREATE CNAME ${slot(1)} a.example ttl=10`,
      `DELETE TXT _owner.${slot(1)} ${MARKER} ttl=60`,
      `CREATE TXT _owner.${slot(1)} ${MARKER} ttl=10`,
    ]);
  });

  it('rewrites a marker of an older group id of the same owner', () => {
    const old = encodeMarker('test-owner', 'old-group');
    const result = plan({ [slot(1)]: 'a.example' }, ownedSets({ [slot(1)]: 'a.example' }, 10, old));
    expect(lines(result)).toEqual([`DELETE TXT _owner.${slot(1)} ${old} ttl=10`, `CREATE TXT _owner.${slot(1)} ${MARKER} ttl=10`]);
    expect(result.recordsChanged).toEqual([]);
  });

  it('deletes a record no longer desired together with its marker', () => {
    const result = plan({}, ownedSets({ [slot(2)]: 'b.example' }));
    expect(lines(result)).toEqual([`DELETE CNAME ${slot(2)} b.example ttl=10`, `DELETE TXT _owner.${slot(2)} ${MARKER} ttl=10`]);
  });

  it('completes a marker-only name when desired and removes it when not', () => {
    expect(lines(plan({ [slot(1)]: 'a.example' }, ownedSets({ [slot(1)]: null })))).toEqual([`CREATE CNAME ${slot(1)} a.example ttl=10`]);
    expect(lines(plan({}, ownedSets({ [slot(1)]: null })))).toEqual([`DELETE TXT _owner.${slot(1)} ${MARKER} ttl=10`]);
  });

  it('reports a desired name held by a foreign record and still reconciles the rest', () => {
    // Prepare
    const foreign: RecordSet = { name: slot(1), type: 'CNAME', ttl: 300, values: ['hand-made.example'] };
    // Act
    const result = plan({ [slot(1)]: 'a.example', [slot(2)]: 'b.example' }, [foreign]);
    // Assess
    expect(result.conflicts).toEqual([{ name: slot(1), reason: expect.stringMatching(/without our ownership marker/) }]);
    expect(result.changes.every((c) => c.record.name !== slot(1) && c.record.name !== `_owner.${slot(1)}`)).toBe(true);
    expect(result.recordsChanged).toEqual([slot(2)]);
  });

  it('never touches a foreign record that is not desired', () => {
    const foreign: RecordSet = { name: slot(3), type: 'CNAME', ttl: 300, values: ['hand-made.example'] };
    expect(plan({}, [foreign])).toEqual({ changes: [], conflicts: [], recordsChanged: [] });
  });
});

describe('planRemoval', () => {
  it('deletes every owned record and marker and nothing foreign', () => {
    const sets = [...ownedSets({ [slot(1)]: 'a.example', [slot(2)]: null }), { name: slot(3), type: 'CNAME', ttl: 5, values: ['x'] }];
    const result = planRemoval(viewOf(sets, scheme));
    expect(lines(result)).toEqual([
      `DELETE CNAME ${slot(1)} a.example ttl=10`,
      `DELETE TXT _owner.${slot(1)} ${MARKER} ttl=10`,
      `DELETE TXT _owner.${slot(2)} ${MARKER} ttl=10`,
    ]);
  });
});
