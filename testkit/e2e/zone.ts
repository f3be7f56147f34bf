// What the applied module left in the zone, read back through the Route 53 API, and who answers
// behind each name (the node the API says, and redis `ROLE` on it).
import type { Route53Client } from '@aws-sdk/client-route-53';
import fs from 'node:fs';
import { MARKER_HERITAGE, MARKER_LABEL } from '../../lambda/src/contracts.js';
import { redisRole, type Emulator, type MemberRole } from '../emulator/emulator.js';
import { listZone } from '../zone-records.js';

export interface OwnedName {
  /** Lowercase, no trailing dot. */
  readonly name: string;
  /** The CNAME's value: a node's endpoint address. */
  readonly value: string;
  readonly ttl: number;
}

export interface Resolved extends OwnedName {
  /** The member whose endpoint the value is (undefined: no member has that address). */
  readonly clusterId: string | undefined;
  readonly currentRole: MemberRole['currentRole'] | undefined;
  /** redis ROLE at the value ('master' | 'slave'). */
  readonly redisRole: string;
}

const MARKER_PREFIX = `"heritage=${MARKER_HERITAGE},`;
const MARKER_NAME_PREFIX = `${MARKER_LABEL}.`;

/** The CNAMEs that carry this project's ownership marker (`_owner.<name>` TXT), by name. */
export async function ownedNames(r53: Route53Client, zoneId: string): Promise<Map<string, OwnedName>> {
  const records = await listZone(r53, zoneId);
  const marked = new Set(
    records.filter((r) => r.type === 'TXT' && r.name.startsWith(MARKER_NAME_PREFIX) && r.values.some((v) => v.startsWith(MARKER_PREFIX))).map((r) => r.name.slice(MARKER_NAME_PREFIX.length)),
  );
  const owned = records
    .filter((r) => r.type === 'CNAME' && marked.has(r.name))
    .map((r) => [r.name, { name: r.name, value: r.values[0]!.replace(/\.$/, ''), ttl: r.ttl ?? -1 }] as const);
  return new Map(owned.sort(([a], [b]) => a.localeCompare(b)));
}

/** Each owned name with the node behind it, as the API and the node itself say. */
export async function resolveNames(emu: Emulator, names: ReadonlyMap<string, OwnedName>, port = 6379): Promise<Resolved[]> {
  const members = await emu.roles();
  return Promise.all(
    [...names.values()].map(async (n) => {
      const member = members.find((m) => m.address === n.value);
      const secure = member?.tls ? { ca: fs.readFileSync(emu.tlsCaFile, 'utf8') } : undefined;
      return { ...n, clusterId: member?.cacheClusterId, currentRole: member?.currentRole, redisRole: await redisRole(n.value, port, 3000, secure) };
    }),
  );
}

/** name → cluster id, for comparing before and after. */
export const targets = (resolved: readonly Resolved[]): Map<string, string | undefined> => new Map(resolved.map((r) => [r.name, r.clusterId]));
