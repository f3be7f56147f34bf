import { describe, expect, it } from 'vitest';
import { MAX_SLOTS } from '../../lambda/src/contracts.js';
import { createNameScheme, normalizeName, route53OrderKey } from '../../lambda/src/names.js';

const scheme = (azTemplate?: string) => createNameScheme({ recordNameTemplate: 'read{n}.cache.example.internal', azRecordNameTemplate: azTemplate });

describe('route53OrderKey', () => {
  it('reverses labels and keeps the trailing dot, as Route 53 sorts', () => {
    expect(route53OrderKey('Read1.Cache.Example.Internal.')).toBe('internal.example.cache.read1.');
    // The trailing dot puts read1 before read10 and before its own children.
    const names = ['read10.z', '_owner.read1.z', 'read1.z', 'read-a.z', 'read.z'];
    const sorted = [...names].sort((a, b) => (route53OrderKey(a) < route53OrderKey(b) ? -1 : 1));
    expect(sorted).toEqual(['read-a.z', 'read.z', 'read1.z', '_owner.read1.z', 'read10.z']);
  });

  it('normalizes case and one trailing dot', () => {
    expect(normalizeName(' A.B.C. ')).toBe('a.b.c');
  });
});

describe('createNameScheme', () => {
  it(`maps slot names both ways within 1..${MAX_SLOTS} only`, () => {
    const names = scheme();
    expect(names.slotName(3)).toBe('read3.cache.example.internal');
    expect(names.slotOf('read3.cache.example.internal')).toBe(3);
    expect(names.slotOf(`read${MAX_SLOTS}.cache.example.internal`)).toBe(MAX_SLOTS);
    expect(names.slotOf(`read${MAX_SLOTS + 1}.cache.example.internal`)).toBeUndefined();
    expect(names.slotOf('read03.cache.example.internal')).toBeUndefined();
    expect(names.slotOf('read0.cache.example.internal')).toBeUndefined();
    expect(names.slotOf('xread3.cache.example.internal')).toBeUndefined();
  });

  it('maps AZ names both ways and never confuses them with slot names', () => {
    const names = scheme('read-{az}.cache.example.internal');
    expect(names.azName('US-EAST-1A')).toBe('read-us-east-1a.cache.example.internal');
    expect(names.azOf('read-us-east-1a.cache.example.internal')).toBe('us-east-1a');
    expect(names.azOf('read-.cache.example.internal')).toBeUndefined();
    expect(names.azName('bad az')).toBeUndefined();
    expect(scheme().azName('us-east-1a')).toBeUndefined();
    const overlapping = scheme('read{az}.cache.example.internal');
    expect(overlapping.azOf('read1.cache.example.internal')).toBeUndefined();
    expect(overlapping.azName('1')).toBeUndefined();
  });

  it('recognizes the marker names of candidate records only', () => {
    const names = scheme();
    expect(names.markerName('read1.cache.example.internal')).toBe('_owner.read1.cache.example.internal');
    expect(names.recordNameOfMarker('_owner.read1.cache.example.internal')).toBe('read1.cache.example.internal');
    expect(names.recordNameOfMarker('_owner.www.cache.example.internal')).toBeUndefined();
    expect(names.recordNameOfMarker('read1.cache.example.internal')).toBeUndefined();
  });

  it('lists from the first slot name up to the last slot marker', () => {
    const { startName, lastKey } = scheme().listing;
    expect(startName).toBe('read1.cache.example.internal');
    // read9 sorts last of read1..read16 in Route 53 order ('read9.' > 'read16.').
    expect(lastKey).toBe(route53OrderKey('_owner.read9.cache.example.internal'));
  });

  it('starts the listing at the AZ prefix when AZ names sort first, and covers every AZ name', () => {
    const names = scheme('read-{az}.cache.example.internal');
    const { startName, lastKey } = names.listing;
    expect(startName).toBe('read-.cache.example.internal');
    for (const name of ['read-us-east-1a.cache.example.internal', '_owner.read-zz-9z.cache.example.internal', '_owner.read5.cache.example.internal']) {
      expect(route53OrderKey(name) >= route53OrderKey(startName)).toBe(true);
      expect(route53OrderKey(name) <= lastKey).toBe(true);
    }
    expect(route53OrderKey('www.cache.example.internal') > lastKey).toBe(true);
  });

  it('uses the parent name as the start when {az} is a whole label', () => {
    expect(scheme('{az}.az.cache.example.internal').listing.startName).toBe('az.cache.example.internal');
  });
});
