import { describe, expect, it } from 'vitest';
import { createNameScheme } from '../../lambda/src/names.js';
import { markerValue } from '../../lambda/src/contracts.js';
import type { RecordSet } from '../../lambda/src/records.js';
import { decodeMarker, readZoneView } from '../../lambda/src/registry.js';

const scheme = createNameScheme({ recordNameTemplate: 'read{n}.z.internal', azRecordNameTemplate: undefined });
const ours = markerValue('me', 'g');
const cname = (name: string, value: string): RecordSet => ({ name, type: 'CNAME', ttl: 10, values: [value] });
const txt = (name: string, ...values: string[]): RecordSet => ({ name, type: 'TXT', ttl: 10, values });

describe('marker encoding', () => {
  it('round-trips and is the quoted contract form', () => {
    expect(ours).toBe('"heritage=elasticache-replica-dns,owner=me,group=g"');
    expect(decodeMarker(ours)).toEqual({ heritage: 'elasticache-replica-dns', owner: 'me', group: 'g' });
  });

  it.each(['"heritage=external-dns,owner=me,group=g"', '"owner=me"', 'garbage', '""'])('rejects %s', (value) => {
    expect(decodeMarker(value)).toBeUndefined();
  });
});

describe('readZoneView', () => {
  it('owns a record only with our marker and reports every other candidate name as foreign', () => {
    // Prepare
    const sets: RecordSet[] = [
      cname('read1.z.internal', 'a.example'),
      txt('_owner.read1.z.internal', ours),
      cname('read2.z.internal', 'b.example'), // no marker
      cname('read3.z.internal', 'c.example'),
      txt('_owner.read3.z.internal', markerValue('someone-else', 'g')),
      txt('_owner.read4.z.internal', ours), // marker only: ours, record missing
      { name: 'read5.z.internal', type: 'A', ttl: 10, values: ['10.0.0.1'] },
      txt('_owner.read5.z.internal', ours), // our marker, but an A record we never write
      cname('www.z.internal', 'x.example'), // not a candidate
    ];
    // Act
    const view = readZoneView(sets, scheme, 'me');
    // Assess
    expect([...view.owned.keys()]).toEqual(['read1.z.internal', 'read4.z.internal']);
    expect(view.owned.get('read1.z.internal')?.cname?.values).toEqual(['a.example']);
    expect(view.owned.get('read4.z.internal')?.cname).toBeUndefined();
    expect(Object.fromEntries([...view.foreign].map(([n, f]) => [n, f.reason]))).toEqual({
      'read2.z.internal': expect.stringMatching(/without our ownership marker/),
      'read3.z.internal': expect.stringMatching(/another reconciler \(owner someone-else\)/),
      'read5.z.internal': expect.stringMatching(/A records this reconciler did not write/),
    });
  });

  it('does not own a marker set that holds extra values or a weighted record', () => {
    const view = readZoneView(
      [
        txt('_owner.read1.z.internal', ours, '"v=spf1"'),
        cname('read2.z.internal', 'b.example'),
        { ...txt('_owner.read2.z.internal', ours) },
        { ...cname('read2.z.internal', 'c.example'), routingPolicy: true },
      ],
      scheme,
      'me',
    );
    expect(view.owned.size).toBe(0);
    expect([...view.foreign.keys()]).toEqual(['read1.z.internal', 'read2.z.internal']);
  });
});
