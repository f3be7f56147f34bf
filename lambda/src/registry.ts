// Ownership registry kept in the zone itself (as external-dns's TXT registry): a record R is ours
// only if the TXT marker at `_owner.R` names our OWNER_ID (docs/contracts.md). Anything else under
// a candidate name is foreign and is never changed or deleted. The registry reads the listed
// record sets into ours and foreign ones, and turns the planner's CNAME changes into the change
// batch by adding the marker changes: the planner never sees a marker.
import type { Config } from './config.js';
import { MARKER_HERITAGE, markerValue } from './contracts.js';
import type { NameScheme } from './names.js';
import type { OwnRecordSet, RecordChange, RecordSet } from './records.js';

export interface Marker {
  readonly heritage: string;
  readonly owner: string;
  readonly group: string;
}

export function decodeMarker(value: string): Marker | undefined {
  const text = value.trim().replace(/^"(.*)"$/s, '$1');
  const fields = new Map<string, string>();
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) return undefined;
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const heritage = fields.get('heritage');
  const owner = fields.get('owner');
  const group = fields.get('group');
  if (heritage !== MARKER_HERITAGE || !owner || group === undefined) return undefined;
  return { heritage, owner, group };
}

/** A candidate name we own: our marker, and at most our CNAME at the name itself. */
export interface OwnedName {
  readonly name: string;
  readonly cname?: OwnRecordSet;
  /** Undefined only for an adopted CNAME (adoptUnmarked): the batch writes its marker. */
  readonly marker?: OwnRecordSet;
}

export interface ForeignName {
  readonly name: string;
  readonly reason: string;
  /** The value of a lone plain CNAME at the name with no marker at all (maybe ours, marker lost). */
  readonly unmarkedCname?: string;
  /** That CNAME itself, as listed. */
  readonly unmarked?: RecordSet;
}

export interface ZoneView {
  /** By record name, sorted. */
  readonly owned: ReadonlyMap<string, OwnedName>;
  readonly foreign: ReadonlyMap<string, ForeignName>;
}

/** Split the listed record sets under candidate names into ours and foreign ones. */
export function readZoneView(recordSets: readonly RecordSet[], scheme: NameScheme, ownerId: string): ZoneView {
  const atName = new Map<string, RecordSet[]>();
  const atMarker = new Map<string, RecordSet[]>();
  for (const set of recordSets) {
    if (scheme.isRecordName(set.name)) push(atName, set.name, set);
    const recordName = scheme.recordNameOfMarker(set.name);
    if (recordName !== undefined) push(atMarker, recordName, set);
  }

  const owned = new Map<string, OwnedName>();
  const foreign = new Map<string, ForeignName>();
  const names = [...new Set([...atName.keys(), ...atMarker.keys()])].sort();
  for (const name of names) {
    const records = atName.get(name) ?? [];
    const markers = atMarker.get(name) ?? [];
    const marker = ourMarker(markers, ownerId);
    if (!marker) {
      const lone = records.length === 1 && markers.length === 0 && isPlain(records[0]!, 'CNAME') && records[0]!.values.length === 1 ? records[0]! : undefined;
      foreign.set(name, { name, reason: foreignReason(records, markers), ...(lone ? { unmarkedCname: lone.values[0]!, unmarked: lone } : {}) });
      continue;
    }
    const cname = records[0];
    if (records.length > 1 || (cname && !isPlain(cname, 'CNAME'))) {
      foreign.set(name, { name, reason: `holds ${records.map((r) => r.type).join('+')} records this reconciler did not write` });
      continue;
    }
    owned.set(name, { name, marker, ...(cname ? { cname: cname as OwnRecordSet } : {}) });
  }
  return { owned, foreign };
}

/**
 * Adoption (ADOPT_EXISTING_RECORDS): a lone CNAME without any marker whose value is one of
 * `endpoints` (this group's node, primary and reader endpoints, lowercase without a trailing
 * dot) becomes ours, without a marker yet: the change batch writes the marker with whatever the
 * plan does to the CNAME. Everything else stays foreign.
 */
export function adoptUnmarked(zone: ZoneView, endpoints: ReadonlySet<string>): ZoneView {
  const adopted = [...zone.foreign.values()].filter((f) => f.unmarked && endpoints.has(f.unmarked.values[0]!.toLowerCase().replace(/\.$/, '')));
  if (adopted.length === 0) return zone;
  const owned = new Map(zone.owned);
  const foreign = new Map(zone.foreign);
  for (const f of adopted) {
    owned.set(f.name, { name: f.name, cname: f.unmarked as OwnRecordSet });
    foreign.delete(f.name);
  }
  return { owned: new Map([...owned].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))), foreign };
}

/** The view with only the owned names `include` accepts (foreign names unchanged). */
export function keepOwned(zone: ZoneView, include: (name: string) => boolean): ZoneView {
  return { owned: new Map([...zone.owned].filter(([name]) => include(name))), foreign: zone.foreign };
}

/** The change batch: the CNAME changes and the marker changes, each name's together, names in order. */
export interface ChangeBatch {
  readonly changes: readonly RecordChange[];
  /** The record names whose CNAME or marker changes: the drift the batch repairs. */
  readonly names: readonly string[];
}

/**
 * Add the marker changes to a plan's CNAME changes: after the batch, each name holds our marker
 * exactly when it holds our CNAME. A new record gets a new marker, a deleted record loses its
 * marker, a kept or moved record keeps its marker, which is rewritten only when it no longer is
 * this deployment's (another group id, another TTL). Each name's CNAME changes come first.
 */
export function changeBatch(
  cnameChanges: readonly RecordChange[],
  zone: ZoneView,
  scheme: NameScheme,
  owner: Pick<Config, 'ownerId' | 'replicationGroupId'>,
): ChangeBatch {
  const value = markerValue(owner.ownerId, owner.replicationGroupId);
  const byName = new Map<string, RecordChange[]>();
  for (const change of cnameChanges) push(byName, change.record.name, change);
  const changes: RecordChange[] = [];
  const names: string[] = [];
  for (const name of [...new Set([...byName.keys(), ...zone.owned.keys()])].sort()) {
    const cnames = byName.get(name) ?? [];
    const current = zone.owned.get(name);
    const created = cnames.find((c) => c.action === 'CREATE')?.record;
    const kept = cnames.some((c) => c.action === 'DELETE') ? undefined : current?.cname;
    const record = created ?? kept;
    const wanted = record && { name: scheme.markerName(name), type: 'TXT' as const, ttl: record.ttl, values: [value] };
    const markers = markerChanges(current?.marker, wanted);
    if (cnames.length + markers.length === 0) continue;
    changes.push(...cnames, ...markers);
    names.push(name);
  }
  return { changes, names };
}

/** The changes turning the current marker into the wanted one (none: keep it as it is). */
function markerChanges(current: OwnRecordSet | undefined, wanted: OwnRecordSet | undefined): RecordChange[] {
  if (current && wanted && current.ttl === wanted.ttl && current.values[0] === wanted.values[0]) return [];
  return [
    ...(current ? [{ action: 'DELETE' as const, record: current }] : []),
    ...(wanted ? [{ action: 'CREATE' as const, record: wanted }] : []),
  ];
}

function ourMarker(markers: readonly RecordSet[], ownerId: string): OwnRecordSet | undefined {
  if (markers.length !== 1) return undefined;
  const marker = markers[0]!;
  if (!isPlain(marker, 'TXT') || marker.values.length !== 1) return undefined;
  return decodeMarker(marker.values[0]!)?.owner === ownerId ? (marker as OwnRecordSet) : undefined;
}

function isPlain(set: RecordSet, type: string): boolean {
  return set.type === type && set.routingPolicy !== true && set.ttl !== undefined;
}

function foreignReason(records: readonly RecordSet[], markers: readonly RecordSet[]): string {
  const owners = markers.flatMap((m) => m.values.map(decodeMarker)).flatMap((m) => (m ? [m.owner] : []));
  if (owners.length > 0) return `owned by another reconciler (owner ${[...new Set(owners)].join(', ')})`;
  if (records.length > 0) return `${records.map((r) => r.type).join('+')} record without our ownership marker`;
  return 'ownership marker name holds a record that is not our marker';
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
