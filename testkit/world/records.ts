// Zone contents in comparable form (no test framework here, so the benchmark can use it too).
import { listZone, type ZoneRecord } from '../zone-records.js';

export { listZone, type ZoneRecord };

export const recordKey = (r: Pick<ZoneRecord, 'name' | 'type'>): string => `${r.name} ${r.type}`;

/** Zone contents as a comparable map: "name type" → "ttl values". */
export function snapshot(records: readonly ZoneRecord[]): Map<string, string> {
  return new Map(records.map((r) => [recordKey(r), `${r.ttl} ${r.values.join('|')}`]));
}
