// Keeps the authoritative DNS server in step with the emulator: the private zone's record sets as
// Route 53 lists them (ListResourceRecordSets, polled), and the AWS-style host names the emulator
// reports for its nodes (A records to their loopback addresses). Each poll that finds a
// difference applies it in one Knot transaction; every applied change is kept with its timing,
// so the lag from Route 53 to the DNS server can be reported.
import type { Route53Client } from '@aws-sdk/client-route-53';
import type { Emulator } from '../emulator/emulator.js';
import type { DnsChange, DnsRecordSet, DnsServers } from './dns.js';
import { listZone } from '../zone-records.js';

/** Parent of every host name the emulator reports (`<cluster>.<random>.<region>.cache.amazonaws.com`). */
export const NODE_HOSTS_ZONE = 'cache.amazonaws.com';
/** TTL of the node host names' A records (their addresses never change in the emulator). */
const HOST_TTL = 60;

export interface AppliedChange {
  readonly zone: string;
  readonly name: string;
  readonly type: string;
  /** "ttl value,value" before and after; undefined: absent. */
  readonly before: string | undefined;
  readonly after: string | undefined;
  /** Start of the last poll that did not see it yet (ms since epoch): the change happened after. */
  readonly notBefore: number;
  /** When the Knot transaction holding it was committed. */
  readonly committedAt: number;
}

export interface ZoneSyncer {
  readonly changes: readonly AppliedChange[];
  /** Resolves after the first sync (the servers then serve the current zone). */
  readonly ready: Promise<void>;
  stop(): Promise<void>;
}

const key = (r: Pick<DnsRecordSet, 'name' | 'type'>) => `${r.name} ${r.type}`;
const show = (r: DnsRecordSet) => `${r.ttl} ${[...r.values].sort().join(',')}`;

export function syncZones(dns: DnsServers, emu: Emulator, r53: Route53Client, zone: { id: string; name: string }, intervalMs = 100): ZoneSyncer {
  const served = new Map<string, Map<string, DnsRecordSet>>([[zone.name, new Map()], [NODE_HOSTS_ZONE, new Map()]]);
  const changes: AppliedChange[] = [];
  let stopped = false;
  let failure: unknown;
  let lastPollAt = Date.now();

  const read = async (): Promise<Map<string, DnsRecordSet[]>> => {
    const [records, hosts] = await Promise.all([listZone(r53, zone.id), emu.hosts()]);
    return new Map([
      // SOA and NS are the DNS server's own; a CNAME value is a name, absolute in a zone file.
      [zone.name, records.filter((r) => r.type !== 'SOA' && r.type !== 'NS').map((r) => ({ name: r.name, type: r.type, ttl: r.ttl ?? 300, values: r.type === 'CNAME' ? r.values.map(absolute) : r.values }))],
      [NODE_HOSTS_ZONE, hosts.map((h) => ({ name: h.name.toLowerCase(), type: 'A', ttl: HOST_TTL, values: [h.address] }))],
    ]);
  };

  const once = async () => {
    const pollAt = Date.now();
    const wanted = await read();
    for (const [zoneName, sets] of wanted) {
      const now = served.get(zoneName)!;
      const next = new Map(sets.map((r) => [key(r), r]));
      const change: DnsChange = {
        unset: [...now.values()].filter((r) => next.get(key(r)) === undefined || show(next.get(key(r))!) !== show(r)),
        set: sets.filter((r) => now.get(key(r)) === undefined || show(now.get(key(r))!) !== show(r)),
      };
      if (change.set.length === 0 && change.unset.length === 0) continue;
      await dns.update(zoneName, change);
      const committedAt = Date.now();
      for (const k of new Set([...change.unset, ...change.set].map(key))) {
        const [before, after] = [now.get(k), next.get(k)];
        changes.push({ zone: zoneName, name: k.split(' ')[0]!, type: k.split(' ')[1]!, before: before && show(before), after: after && show(after), notBefore: lastPollAt, committedAt });
      }
      served.set(zoneName, next);
    }
    lastPollAt = pollAt;
  };

  const ready = once();
  const loop = (async () => {
    await ready;
    while (!stopped) {
      await new Promise((r) => setTimeout(r, intervalMs));
      if (!stopped) await once();
    }
  })().catch((error: unknown) => {
    failure = error;
  });

  return {
    changes,
    ready,
    async stop() {
      stopped = true;
      await loop;
      if (failure) throw new Error(`the zone syncer failed: ${String(failure)}`, { cause: failure });
    },
  };
}

const absolute = (name: string) => (name.endsWith('.') ? name : `${name}.`);
