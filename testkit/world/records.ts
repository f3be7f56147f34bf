// Zone contents in comparable form (no test framework here, so the benchmark can use it too).
import { normalizeName } from '../../lambda/src/names.js';
import type { ZoneRecord } from '../zone-records.js';
// Only the deployment's shape: a type import, so no test framework comes along.
import type { Deployment } from './world.js';

export const recordKey = (r: Pick<ZoneRecord, 'name' | 'type'>): string => `${r.name} ${r.type}`;

/** Zone contents as a comparable map: "name type" → "ttl values". */
export function snapshot(records: readonly ZoneRecord[]): Map<string, string> {
  return new Map(records.map((r) => [recordKey(r), `${r.ttl} ${r.values.join('|')}`]));
}

/**
 * The records of a deployment: slot names whose `_owner.` marker holds exactly its marker value,
 * with their CNAME target. A slot name without that marker is someone else's.
 */
export interface OwnedView {
  /** slot number → normalized CNAME target (or '' when the owned name holds no CNAME) */
  readonly slots: Map<number, string>;
  /** every "name type" under an owned name or its marker */
  readonly names: Set<string>;
}

export function ownedNames(dep: Deployment, records: readonly ZoneRecord[]): Set<string> {
  const owned = new Set<string>();
  for (let n = 1; n <= 16; n++) {
    const name = dep.slotName(n);
    const marker = records.find((r) => r.name === `_owner.${name}` && r.type === 'TXT');
    if (marker && marker.values.length === 1 && marker.values[0] === dep.markerValue) {
      owned.add(name);
      owned.add(`_owner.${name}`);
    }
  }
  return owned;
}

export function ownedView(dep: Deployment, records: readonly ZoneRecord[]): OwnedView {
  const owned = ownedNames(dep, records);
  const slots = new Map<number, string>();
  const names = new Set<string>();
  for (let n = 1; n <= 16; n++) {
    const name = dep.slotName(n);
    if (!owned.has(name)) continue;
    slots.set(n, '');
    for (const r of records) {
      if (r.name === name) {
        names.add(`${name} ${r.type}`);
        if (r.type === 'CNAME') slots.set(n, normalizeName(r.values[0]!));
      }
      if (r.name === `_owner.${name}`) names.add(`${r.name} ${r.type}`);
    }
  }
  return { slots, names };
}
