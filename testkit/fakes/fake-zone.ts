// In-memory Route 53 hosted zone with the semantics the reconciler relies on: listing in
// Route 53 order from StartRecordName with MaxItems paging, and atomic change batches in
// which DELETE must match the exact current record and CREATE must not find one
// (InvalidChangeBatch otherwise, nothing applied). Shared by unit tests and the benchmark.
import {
  InvalidChangeBatch,
  type Change,
  type ListResourceRecordSetsCommandInput,
  type ListResourceRecordSetsCommandOutput,
  type ResourceRecordSet,
} from '@aws-sdk/client-route-53';
import { normalizeName, route53OrderKey } from '../../lambda/src/names.js';

export interface ZoneRecord {
  readonly name: string;
  readonly type: string;
  readonly ttl: number;
  readonly values: readonly string[];
}

export class FakeZone {
  private readonly records = new Map<string, ZoneRecord>();
  reads = 0;
  writes = 0;
  /** Every change batch that was accepted, in order. */
  readonly accepted: Change[][] = [];
  /** Names passed as StartRecordName, in order. */
  readonly listStarts: string[] = [];
  /** Run before a batch is validated: lets a test change the zone "concurrently". */
  beforeChange: ((zone: FakeZone) => void) | undefined;

  constructor(readonly id = 'Z0FAKE', readonly apex = 'cache.example.internal') {
    this.put({ name: apex, type: 'SOA', ttl: 900, values: ['ns-1.fake. hostmaster.fake. 1 7200 900 1209600 86400'] });
    this.put({ name: apex, type: 'NS', ttl: 172800, values: ['ns-1.fake.'] });
  }

  put(record: ZoneRecord): void {
    const name = normalizeName(record.name);
    this.records.set(key(name, record.type), { ...record, name });
  }

  remove(name: string, type: string): void {
    this.records.delete(key(normalizeName(name), type));
  }

  get(name: string, type: string): ZoneRecord | undefined {
    return this.records.get(key(normalizeName(name), type));
  }

  all(): ZoneRecord[] {
    return [...this.records.values()].sort(compareRecords);
  }

  /** CNAME name → target, for assertions. */
  cnames(): Record<string, string> {
    return Object.fromEntries(this.all().filter((r) => r.type === 'CNAME').map((r) => [r.name, r.values[0]!]));
  }

  list(input: ListResourceRecordSetsCommandInput): ListResourceRecordSetsCommandOutput {
    this.reads++;
    this.listStarts.push(input.StartRecordName ?? '');
    const maxItems = Math.min(Number(input.MaxItems ?? 300), 300);
    const sorted = this.all();
    const startKey = input.StartRecordName ? route53OrderKey(input.StartRecordName) : '';
    const startType = input.StartRecordType ?? '';
    const from = sorted.filter((r) => {
      const k = route53OrderKey(r.name);
      return k > startKey || (k === startKey && r.type >= startType);
    });
    const page = from.slice(0, maxItems);
    const next = from[maxItems];
    return {
      $metadata: {},
      ResourceRecordSets: page.map(toResourceRecordSet),
      IsTruncated: next !== undefined,
      MaxItems: maxItems,
      ...(next ? { NextRecordName: `${next.name}.`, NextRecordType: next.type as never } : {}),
    };
  }

  change(changes: readonly Change[]): void {
    this.beforeChange?.(this);
    this.writes++;
    const draft = new Map(this.records);
    const problems: string[] = [];
    for (const change of changes) {
      const set = change.ResourceRecordSet!;
      const record: ZoneRecord = {
        name: normalizeName(set.Name!),
        type: set.Type!,
        ttl: set.TTL!,
        values: (set.ResourceRecords ?? []).map((r) => r.Value!),
      };
      const k = key(record.name, record.type);
      const existing = draft.get(k);
      if (change.Action === 'DELETE') {
        if (!existing || existing.ttl !== record.ttl || existing.values.join('\n') !== record.values.join('\n')) {
          problems.push(`Tried to delete resource record set [name='${record.name}', type='${record.type}'] but the values provided do not match the current values`);
        } else draft.delete(k);
      } else if (change.Action === 'CREATE') {
        const clash = [...draft.values()].some(
          (r) => r.name === record.name && (r.type === record.type || r.type === 'CNAME' || record.type === 'CNAME'),
        );
        if (clash) problems.push(`Tried to create resource record set [name='${record.name}', type='${record.type}'] but it already exists`);
        else draft.set(k, record);
      } else {
        draft.set(k, record);
      }
    }
    if (problems.length > 0) {
      throw new InvalidChangeBatch({ message: problems.join('; '), messages: problems, $metadata: { httpStatusCode: 400 } });
    }
    this.records.clear();
    for (const [k, v] of draft) this.records.set(k, v);
    this.accepted.push([...changes]);
  }
}

function key(name: string, type: string): string {
  return `${name}|${type}`;
}

function compareRecords(a: ZoneRecord, b: ZoneRecord): number {
  const ka = route53OrderKey(a.name);
  const kb = route53OrderKey(b.name);
  return ka < kb ? -1 : ka > kb ? 1 : a.type < b.type ? -1 : a.type > b.type ? 1 : 0;
}

function toResourceRecordSet(record: ZoneRecord): ResourceRecordSet {
  return {
    Name: `${record.name}.`,
    Type: record.type as never,
    TTL: record.ttl,
    ResourceRecords: record.values.map((Value) => ({ Value })),
  };
}
