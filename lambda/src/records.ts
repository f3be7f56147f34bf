// Plain record model shared by the registry, the planner and the Route 53 adapter.

export type RecordType = 'CNAME' | 'TXT';

/** A record set as listed; `name` normalized (lowercase, no trailing dot), values as Route 53 holds them. */
export interface RecordSet {
  readonly name: string;
  readonly type: string;
  readonly ttl?: number;
  readonly values: readonly string[];
  /** Weighted/latency/... or alias record sets: never ours. */
  readonly routingPolicy?: boolean;
}

/** A record set this reconciler writes. */
export interface OwnRecordSet extends RecordSet {
  readonly type: RecordType;
  readonly ttl: number;
}

// No UPSERT: it has no compare-and-swap (see plan.ts), and the IAM policy grants only these two.
export type ChangeAction = 'CREATE' | 'DELETE';

export interface RecordChange {
  readonly action: ChangeAction;
  readonly record: OwnRecordSet;
}

/** Compare CNAME targets: case-insensitive, trailing dot optional. */
export function sameTarget(a: string, b: string): boolean {
  const norm = (v: string) => v.trim().toLowerCase().replace(/\.$/, '');
  return norm(a) === norm(b);
}

export function describeChange(change: RecordChange): string {
  const { action, record } = change;
  return `${action} ${record.type} ${record.name} ${record.values.join(',')} ttl=${record.ttl}`;
}
