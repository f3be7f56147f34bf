import { describe, expect, it } from 'vitest';
import { markerValue } from '../../lambda/src/contracts.js';
import { planChanges, planRemoval, type PlanOptions } from '../../lambda/src/plan.js';
import { describeChange, type RecordSet } from '../../lambda/src/records.js';
import { MARKER, ownedSets, schemeFor, slot, viewOf, withMarkers } from '../../testkit/fakes/zone-views.js';

const scheme = schemeFor(false);
const options = { ttl: 10 };
// The planner's CNAME changes with the registry's marker changes: the batch a run writes.
const plan = (desired: Record<string, string>, sets: RecordSet[], opts: PlanOptions = options, skipped: string[] = [], unnamed: string[] = []) => {
  const view = viewOf(sets, scheme);
  return withMarkers(planChanges({ records: new Map(Object.entries(desired)), skipped, unnamed }, view, opts, scheme), view, scheme);
};
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
    const old = markerValue('test-owner', 'old-group');
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

  it('reports a record of ours that lost its marker apart: a lone CNAME to one of the group\'s endpoints, still left alone', () => {
    // Prepare: read1 was ours (value a node of the group), its _owner.read1 TXT deleted by hand.
    const unmarked: RecordSet = { name: slot(1), type: 'CNAME', ttl: 10, values: ['Node-2.Example.'] };
    const handMade: RecordSet = { name: slot(2), type: 'CNAME', ttl: 300, values: ['hand-made.example'] };
    const withEndpoints = { ...options, groupEndpoints: new Set(['node-1.example', 'node-2.example']) };
    // Act
    const result = plan({ [slot(1)]: 'node-1.example', [slot(2)]: 'node-2.example' }, [unmarked, handMade], withEndpoints);
    // Assess: neither is touched; only the first is reported as orphaned, with how to recover.
    expect(result.changes).toEqual([]);
    expect(result.conflicts).toEqual([
      { name: slot(1), orphaned: true, reason: expect.stringMatching(/node-2\.example, an endpoint of this group, without its ownership marker _owner\..*delete the CNAME/) },
      { name: slot(2), reason: expect.stringMatching(/without our ownership marker/) },
    ]);
  });

  it('reports a slot name the default mode skipped because a foreign record holds it, and writes around it', () => {
    // Prepare: read2 is someone's; the replicas got read1 and read3
    const foreign: RecordSet = { name: slot(2), type: 'CNAME', ttl: 300, values: ['hand-made.example'] };
    const other: RecordSet = { name: `_owner.${slot(2)}`, type: 'TXT', ttl: 300, values: [markerValue('other-team', 'g')] };
    // Act
    const result = plan({ [slot(1)]: 'a.example', [slot(3)]: 'c.example' }, [foreign, other], options, [slot(2)]);
    // Assess
    expect(result.conflicts).toEqual([
      { name: slot(2), reason: 'held by a foreign record (owned by another reconciler (owner other-team)); slot skipped' },
    ]);
    expect(result.changes.some((c) => c.record.name.endsWith(slot(2)))).toBe(false);
    expect(result.recordsChanged).toEqual([slot(1), slot(3)]);
  });

  it('names the replicas left without a name when foreign records hold the remaining slots', () => {
    const foreign: RecordSet = { name: slot(5), type: 'CNAME', ttl: 300, values: ['hand-made.example'] };
    const result = plan({ [slot(1)]: 'a.example' }, [foreign], options, [slot(5)], ['g-006']);
    expect(result.conflicts).toEqual([
      { name: slot(5), reason: 'held by a foreign record (CNAME record without our ownership marker); slot skipped; no free slot left for replica g-006' },
    ]);
  });

  it('never touches a foreign record that is not desired', () => {
    const foreign: RecordSet = { name: slot(3), type: 'CNAME', ttl: 300, values: ['hand-made.example'] };
    expect(plan({}, [foreign])).toEqual({ changes: [], conflicts: [], recordsChanged: [] });
  });
});

describe('planRemoval', () => {
  it('deletes every owned record and marker and nothing foreign', () => {
    const sets = [...ownedSets({ [slot(1)]: 'a.example', [slot(2)]: null }), { name: slot(3), type: 'CNAME', ttl: 5, values: ['x'] }];
    const view = viewOf(sets, scheme);
    const result = withMarkers(planRemoval(view), view, scheme);
    expect(lines(result)).toEqual([
      `DELETE CNAME ${slot(1)} a.example ttl=10`,
      `DELETE TXT _owner.${slot(1)} ${MARKER} ttl=10`,
      `DELETE TXT _owner.${slot(2)} ${MARKER} ttl=10`,
    ]);
  });
});
