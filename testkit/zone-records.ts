// A hosted zone read back through ListResourceRecordSets, all pages: the one reader the
// integration tier, the end-to-end tier, the benchmark and the demo share. Only the Route 53
// client is imported (and the reconciler's own name normalization, which imports no package), so
// the demo's slim install (scripts/demo/deps) can load it.
import { ListResourceRecordSetsCommand, type Route53Client } from '@aws-sdk/client-route-53';
import { normalizeName } from '../lambda/src/names.js';

export interface ZoneRecord {
  /** Lowercase, no trailing dot. */
  readonly name: string;
  readonly type: string;
  readonly ttl: number | undefined;
  /** Values as Route 53 holds them (sorted). */
  readonly values: readonly string[];
}

/** Every record set of the zone, all pages (MaxItems 300, Route 53's largest page). */
export async function listZone(source: Route53Client | { readonly r53: Route53Client }, zoneId: string): Promise<ZoneRecord[]> {
  const r53 = 'r53' in source ? source.r53 : source;
  const records: ZoneRecord[] = [];
  let start: { StartRecordName?: string; StartRecordType?: string; StartRecordIdentifier?: string } = {};
  for (;;) {
    const page = await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId, MaxItems: 300, ...start } as never));
    for (const r of page.ResourceRecordSets ?? []) {
      records.push({ name: normalizeName(r.Name!), type: r.Type!, ttl: r.TTL, values: (r.ResourceRecords ?? []).map((v) => v.Value!).sort() });
    }
    if (!page.IsTruncated) return records;
    start = {
      StartRecordName: page.NextRecordName,
      ...(page.NextRecordType ? { StartRecordType: page.NextRecordType } : {}),
      ...(page.NextRecordIdentifier ? { StartRecordIdentifier: page.NextRecordIdentifier } : {}),
    };
  }
}
