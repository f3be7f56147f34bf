// Zone views for pure planner tests: built through the real registry from record sets.
import { createNameScheme, type NameScheme } from '../../lambda/src/names.js';
import { markerValue } from '../../lambda/src/contracts.js';
import type { Plan } from '../../lambda/src/plan.js';
import type { RecordSet } from '../../lambda/src/records.js';
import { changeBatch, readZoneView, type ZoneView } from '../../lambda/src/registry.js';

export const OWNER = 'test-owner';
export const GROUP = 'g';
export const MARKER = markerValue(OWNER, GROUP);

export function schemeFor(az = true): NameScheme {
  return createNameScheme({
    recordNameTemplate: 'read{n}.cache.example.internal',
    azRecordNameTemplate: az ? 'read-{az}.cache.example.internal' : undefined,
  });
}

export const slot = (n: number) => `read${n}.cache.example.internal`;
export const azName = (az: string) => `read-${az}.cache.example.internal`;

/** Record sets of names we own: name → CNAME target (or null for marker only). */
export function ownedSets(records: Record<string, string | null>, ttl = 10, marker = MARKER): RecordSet[] {
  return Object.entries(records).flatMap(([name, target]) => [
    ...(target === null ? [] : [{ name, type: 'CNAME', ttl, values: [target] }]),
    { name: `_owner.${name}`, type: 'TXT', ttl, values: [marker] },
  ]);
}

export function viewOf(sets: RecordSet[], scheme: NameScheme = schemeFor()): ZoneView {
  return readZoneView(sets, scheme, OWNER);
}

/** The plan with the registry's marker changes added: the batch reconcile.ts writes. */
export function withMarkers(plan: Plan, view: ZoneView, scheme: NameScheme = schemeFor()): Plan {
  return { ...plan, changes: changeBatch(plan.changes, view, scheme, { ownerId: OWNER, replicationGroupId: GROUP }).changes };
}

/** Owned name → current normalized target, as reconcile.ts hands it to desiredRecords. */
export function currentOf(records: Record<string, string | null>): Map<string, string | undefined> {
  return new Map(Object.entries(records).map(([name, target]) => [name, target ?? undefined]));
}
