// Reading a hosted zone back through ListResourceRecordSets (no test framework here, so the
// benchmark can use it too).
import { ListResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
import { normalize, type World } from './world.js';

export interface ZoneRecord {
  /** Lowercase, no trailing dot. */
  readonly name: string;
  readonly type: string;
  readonly ttl: number | undefined;
  /** Values as Route 53 holds them (sorted). */
  readonly values: readonly string[];
}

/** Every record set of the zone, all pages (MaxItems 300, Route 53's largest page). */
export async function listZone(world: World, zoneId: string): Promise<ZoneRecord[]> {
  const records: ZoneRecord[] = [];
  let start: { StartRecordName?: string; StartRecordType?: string; StartRecordIdentifier?: string } = {};
  for (;;) {
    const page = await world.r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, MaxItems: 300, ...start } as never));
    for (const r of page.ResourceRecordSets ?? []) {
      records.push({
        name: normalize(r.Name!),
        type: r.Type!,
        ttl: r.TTL,
        values: (r.ResourceRecords ?? []).map((v) => v.Value!).sort(),
      });
    }
    if (!page.IsTruncated) return records;
    start = {
      StartRecordName: page.NextRecordName,
      ...(page.NextRecordType ? { StartRecordType: page.NextRecordType } : {}),
      ...(page.NextRecordIdentifier ? { StartRecordIdentifier: page.NextRecordIdentifier } : {}),
    };
  }
}

export const recordKey = (r: Pick<ZoneRecord, 'name' | 'type'>): string => `${r.name} ${r.type}`;

/** Zone contents as a comparable map: "name type" → "ttl values". */
export function snapshot(records: readonly ZoneRecord[]): Map<string, string> {
  return new Map(records.map((r) => [recordKey(r), `${r.ttl} ${r.values.join('|')}`]));
}
