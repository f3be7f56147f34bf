// The CNAME changes (PURE): the difference between the desired records and the records we own.
// Markers are not the planner's business: the registry (registry.ts) adds them to the batch.
//
// Route 53 has no compare-and-swap for UPSERT: an UPSERT would silently overwrite a value
// someone changed since we listed it. A DELETE must name the exact current value, so a changed
// record is written as DELETE(exact current) + CREATE(new) in the same atomic batch: if the zone
// changed underneath, Route 53 rejects the whole batch (InvalidChangeBatch) and we re-read.
import type { Desired } from './desired.js';
import type { NameScheme } from './names.js';
import type { ForeignName, OwnedName, ZoneView } from './registry.js';
import { sameTarget, type OwnRecordSet, type RecordChange } from './records.js';

export interface PlanOptions {
  readonly ttl: number;
  /** The group's node and primary endpoints (lowercase, no trailing dot): to recognize a record of ours whose marker was deleted. */
  readonly groupEndpoints?: ReadonlySet<string>;
}

export interface Conflict {
  readonly name: string;
  readonly reason: string;
  /**
   * The name holds a lone CNAME without any ownership marker whose value is an endpoint of this
   * group: most likely a record of ours whose `_owner.` marker was deleted by hand. Still foreign
   * (never touched); reported apart because it can go stale after a failover.
   */
  readonly orphaned?: true;
}

export interface Plan {
  /** CNAME changes only, by name in order; `changeBatch` (registry.ts) adds the markers. */
  readonly changes: readonly RecordChange[];
  /**
   * Names held by foreign records, never touched: desired names (fixed mode, AZ names: the name is
   * promised, so it is skipped) and, in default mode, slot names the assignment passed over.
   */
  readonly conflicts: readonly Conflict[];
  /** Record names whose CNAME is created, moved, re-timed or deleted (markers not counted). */
  readonly recordsChanged: readonly string[];
}

export function planChanges(desired: Desired, zone: ZoneView, options: PlanOptions, scheme: NameScheme): Plan {
  const changes: RecordChange[] = [];
  const conflicts: Conflict[] = [];
  const recordsChanged: string[] = [];
  const skipped = new Set(desired.skipped);
  const names = [...new Set([...desired.records.keys(), ...zone.owned.keys(), ...skipped])].sort();

  for (const name of names) {
    const target = desired.records.get(name);
    const owned = zone.owned.get(name);
    const foreign = zone.foreign.get(name);
    if (skipped.has(name)) {
      const held = foreign ? foreignConflict(name, foreign, options, scheme) : undefined;
      conflicts.push({ name, reason: skippedReason(held?.reason, desired.unnamed), ...(held?.orphaned ? { orphaned: true as const } : {}) });
    }
    if (target !== undefined) {
      if (foreign) {
        conflicts.push(foreignConflict(name, foreign, options, scheme));
        continue;
      }
      if (replace(changes, owned?.cname, { name, type: 'CNAME', ttl: options.ttl, values: [target] })) recordsChanged.push(name);
    } else if (owned) {
      remove(changes, recordsChanged, owned);
    }
  }
  return { changes, conflicts, recordsChanged };
}

function foreignConflict(name: string, foreign: ForeignName, options: PlanOptions, scheme: NameScheme): Conflict {
  const value = foreign.unmarkedCname?.toLowerCase().replace(/\.$/, '');
  if (value === undefined || !options.groupEndpoints?.has(value)) return { name, reason: foreign.reason };
  return {
    name,
    orphaned: true,
    reason:
      `CNAME to ${value}, an endpoint of this group, without its ownership marker ${scheme.markerName(name)} ` +
      '(deleted by hand, or written by another tool such as the 2018 blog\'s Lambda?): left alone, so it will not follow a failover; ' +
      'delete the CNAME and the next run recreates it with its marker, or set adopt_existing_records (ADOPT_EXISTING_RECORDS) to take it over',
  };
}

/** Default mode passed a foreign-held slot name over: say why, and who is left without a name. */
function skippedReason(foreignReason: string | undefined, unnamed: readonly string[]): string {
  const held = foreignReason ? `held by a foreign record (${foreignReason})` : 'held by a foreign record';
  const left = unnamed.length > 0 ? `; no free slot left for ${unnamed.length === 1 ? 'replica' : 'replicas'} ${unnamed.join(', ')}` : '';
  return `${held}; slot skipped${left}`;
}

/** Every record of this owner, for the destroy path. */
export function planRemoval(zone: ZoneView): Plan {
  const changes: RecordChange[] = [];
  const recordsChanged: string[] = [];
  for (const owned of zone.owned.values()) remove(changes, recordsChanged, owned);
  return { changes, conflicts: [], recordsChanged };
}

/** No longer desired: delete the record (if only its marker is left, the registry deletes that) with its exact current value. */
function remove(changes: RecordChange[], recordsChanged: string[], owned: OwnedName): void {
  if (!owned.cname) return;
  changes.push({ action: 'DELETE', record: owned.cname });
  recordsChanged.push(owned.name);
}

/** Emit the changes turning the `current` CNAME into `wanted`; returns true when something changes. */
function replace(changes: RecordChange[], current: OwnRecordSet | undefined, wanted: OwnRecordSet): boolean {
  if (current && current.ttl === wanted.ttl && current.values.length === 1 && sameTarget(current.values[0]!, wanted.values[0]!)) return false;
  if (current) changes.push({ action: 'DELETE', record: current });
  changes.push({ action: 'CREATE', record: wanted });
  return true;
}
