// The record names one deployment may own, and Route 53's listing order over them.
// Everything here is pure string work on normalized names: lowercase, no trailing dot.
import { MARKER_LABEL, MAX_SLOTS } from './contracts.js';

export function normalizeName(name: string): string {
  const lower = name.trim().toLowerCase();
  return lower.endsWith('.') ? lower.slice(0, -1) : lower;
}

/**
 * Route 53 sorts ListResourceRecordSets by name with the labels reversed, compared as a
 * string *including the trailing dot* (which matters for characters below '.', such as '-').
 */
export function route53OrderKey(name: string): string {
  return `${normalizeName(name).split('.').reverse().join('.')}.`;
}

export interface ListingRange {
  /** StartRecordName: the candidate name that comes first in Route 53 order. */
  readonly startName: string;
  /** Stop paging once the next name's order key is greater than this. */
  readonly lastKey: string;
}

export interface NameSchemeOptions {
  readonly recordNameTemplate: string;
  readonly azRecordNameTemplate: string | undefined;
  /** Optional alias names (normalized): `primary.<zone>` → the primary endpoint, `reader.<zone>` → the reader endpoint. */
  readonly aliases?: Partial<Readonly<Record<AliasKind, string>>>;
}

/** The group endpoints an alias name can follow. */
export type AliasKind = 'primary' | 'reader';

/**
 * Slot names are 1..MAX_SLOTS whatever RECORD_COUNT is: lowering the count later still finds, and
 * deletes, the names above the new count.
 */
export interface NameScheme {
  readonly hasAzNames: boolean;
  slotName(n: number): string;
  /** Slot number of a record name, or undefined if it is not a slot name. */
  slotOf(name: string): number | undefined;
  /** The AZ name for an availability zone, or undefined without an AZ template or for an unusable AZ. */
  azName(az: string): string | undefined;
  /** The availability zone encoded in an AZ record name, or undefined. */
  azOf(name: string): string | undefined;
  /** The alias names in use, by the endpoint they follow. */
  readonly aliases: ReadonlyMap<AliasKind, string>;
  /** True for every record name this deployment may own (slot names, AZ names and alias names). */
  isRecordName(name: string): boolean;
  markerName(recordName: string): string;
  /** The record name a marker name belongs to, if that record name is a candidate. */
  recordNameOfMarker(name: string): string | undefined;
  readonly listing: ListingRange;
}

const AZ_VALUE = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HIGHEST = '\uffff';

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function createNameScheme(options: NameSchemeOptions): NameScheme {
  const { recordNameTemplate, azRecordNameTemplate } = options;
  const aliases = new Map<AliasKind, string>();
  for (const kind of ['primary', 'reader'] as const) {
    const name = options.aliases?.[kind];
    if (name) aliases.set(kind, name);
  }
  const aliasNames = new Set(aliases.values());
  const slotPattern = new RegExp(`^${escapeRegExp(recordNameTemplate).replace('\\{n\\}', '([1-9][0-9]?)')}$`);
  const azPattern = azRecordNameTemplate
    ? new RegExp(`^${escapeRegExp(azRecordNameTemplate).replace('\\{az\\}', `(${AZ_VALUE})`)}$`)
    : undefined;
  const azValuePattern = new RegExp(`^${AZ_VALUE}$`);

  const slotName = (n: number): string => recordNameTemplate.replace('{n}', String(n));
  const slotOf = (name: string): number | undefined => {
    const match = slotPattern.exec(name);
    if (!match) return undefined;
    const n = Number(match[1]);
    return n >= 1 && n <= MAX_SLOTS ? n : undefined;
  };
  const azOf = (name: string): string | undefined => {
    if (!azPattern || slotOf(name) !== undefined) return undefined;
    return azPattern.exec(name)?.[1];
  };
  const azName = (az: string): string | undefined => {
    const value = az.toLowerCase();
    if (!azRecordNameTemplate || !azValuePattern.test(value)) return undefined;
    const name = azRecordNameTemplate.replace('{az}', value);
    return azOf(name) === value ? name : undefined;
  };
  const isRecordName = (name: string): boolean => slotOf(name) !== undefined || azOf(name) !== undefined || aliasNames.has(name);
  const markerName = (recordName: string): string => `${MARKER_LABEL}.${recordName}`;
  const recordNameOfMarker = (name: string): string | undefined => {
    const prefix = `${MARKER_LABEL}.`;
    if (!name.startsWith(prefix)) return undefined;
    const recordName = name.slice(prefix.length);
    return isRecordName(recordName) ? recordName : undefined;
  };

  return {
    hasAzNames: azPattern !== undefined,
    slotName,
    slotOf,
    azName,
    azOf,
    aliases,
    isRecordName,
    markerName,
    recordNameOfMarker,
    listing: listingRange(slotName, markerName, azRecordNameTemplate, [...aliasNames]),
  };
}

/** The smallest Route 53 range covering every candidate record and marker name. */
function listingRange(
  slotName: (n: number) => string,
  markerName: (name: string) => string,
  azTemplate: string | undefined,
  aliasNames: readonly string[],
): ListingRange {
  // Each bound: [order key of the first name, start name to send, order key of the last name].
  const bounds: Array<{ firstKey: string; startName: string; lastKey: string }> = [];
  const fixedNames = [...Array.from({ length: MAX_SLOTS }, (_, i) => slotName(i + 1)), ...aliasNames];
  for (const name of fixedNames) {
    // A marker is a child of its record, so it sorts right after it.
    bounds.push({ firstKey: route53OrderKey(name), startName: name, lastKey: route53OrderKey(markerName(name)) });
  }
  if (azTemplate) {
    // Every AZ name (and its marker) has this order-key prefix: the reversed template up to {az}.
    const labels = azTemplate.split('.');
    const index = labels.findIndex((label) => label.includes('{az}'));
    const parents = labels.slice(index + 1).join('.');
    const before = labels[index]!.slice(0, labels[index]!.indexOf('{az}'));
    const startName = before === '' ? parents : `${before}.${parents}`;
    const prefix = route53OrderKey(azTemplate).split('{az}')[0]!;
    bounds.push({ firstKey: route53OrderKey(startName), startName, lastKey: prefix + HIGHEST });
  }
  bounds.sort((a, b) => (a.firstKey < b.firstKey ? -1 : a.firstKey > b.firstKey ? 1 : 0));
  const lastKey = bounds.map((bound) => bound.lastKey).reduce((a, b) => (a > b ? a : b));
  return { startName: bounds[0]!.startName, lastKey };
}
