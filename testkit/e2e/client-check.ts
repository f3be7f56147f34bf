// The client check, shared by the end-to-end test and the demo: node-redis readers on every name
// of the zone (client.ts) while TestFailover runs `runs` times, then what they saw: reads
// from the primary outside the convergence window, failed reads, silences, wrong values, and the
// user's number (TestFailover call → reads from a replica again). Needs the DNS servers and the
// syncer running (dns.ts, zone-sync.ts) and the emulator in nodeHostnames mode.
// Against a transit-encrypted group (`tls`): node-redis and redis-py (redis-py.ts) both read by the
// TLS recipe (resolve the CNAME, connect to its target verifying the certificate against it, AUTH),
// each checked alike; and a client that verifies against our name must fail on the host name.
import { DescribeReplicationGroupsCommand, TestFailoverCommand, type ElastiCacheClient } from '@aws-sdk/client-elasticache';
import type { Route53Client } from '@aws-sdk/client-route-53';
import { createClient } from 'redis';
import type { Emulator } from '../emulator/emulator.js';
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { readThrough, recipeOptions, resolverLookup, type ClientTls, type NameReader, type Read } from './client.js';
import { readThroughRedisPy, redisPyOnOurName } from './redis-py.js';
import { convergenceWindows, longestGap, median, primaryReadsOutside, recoveryMs, repeatedPrimaryReads, type Failover } from './convergence.js';
import { ownedNames } from './zone.js';
import type { ZoneSyncer } from './zone-sync.js';

const PORT = 6379;
const KEY = 'replica-dns:client-check';
const VALUE = 'v';
/**
 * How long past commit + TTL the resolver may still hand out the old answer: unbound counts TTLs in
 * whole seconds and still serves an answer (with TTL 0) in the second its TTL runs out, so up to
 * TTL + 1 s after it fetched it (seen here: TTL 1 answers served for up to 1.6 s), plus 250 ms for
 * scheduling on a loaded machine.
 */
const RESOLVER_CLOCK_SLACK_MS = 1_250;
/** Failed reads allowed per failover (a connection dropped while the old primary is re-pointed). */
const ERRORS_PER_FAILOVER = 3;
/**
 * Longest time any name may go without a successful read, on an idle machine. The check's own
 * longest event-loop stall is added: on 2 cores running three applies beside it, the readers
 * (their timers, TLS handshakes and DNS retries) were starved for seconds with no read failing,
 * which says nothing about the names.
 */
const MAX_SILENCE_MS = 2_000;

export interface CheckTarget {
  readonly emu: Emulator;
  readonly ec: ElastiCacheClient;
  readonly r53: Route53Client;
  readonly zoneId: string;
  readonly groupId: string;
  /** The caching resolver, `127.0.0.1:<port>`. */
  readonly resolver: string;
  readonly syncer: ZoneSyncer;
  /** The group is transit-encrypted: the CA's PEM file (emu.tlsCaFile) and its AUTH token, if any. */
  readonly tls?: { readonly caFile: string; readonly password?: string };
}

/** How a client that verifies the certificate against our name fails (docs/clients.md). */
export const OUR_NAME_ERRORS = {
  'node-redis': /^ERR_TLS_CERT_ALTNAME_INVALID/,
  'redis-py': /certificate verify failed: Hostname mismatch, certificate is not valid for '[^']+'/,
} as const;

export interface ClientCheck {
  readonly ttl: number;
  readonly names: readonly string[];
  readonly failovers: readonly Failover[];
  /** What went wrong, one line each; empty when the client behaved. */
  readonly violations: readonly string[];
  /** Per moved name and failover: TestFailover call → read from a replica on another node. */
  readonly recoveryMs: readonly number[];
  /** TestFailover call → the moved name's new CNAME committed in the DNS server. */
  readonly toDnsMs: readonly number[];
  /** Upper bound of the syncer's lag (commit − start of the poll before the one that saw it). */
  readonly syncLagMs: readonly number[];
  /** With TLS: redis-py's recoveryMs, and what each client got when it verified against our name. */
  readonly redisPyRecoveryMs?: readonly number[];
  readonly ourNameErrors?: Readonly<Record<keyof typeof OUR_NAME_ERRORS, string | null>>;
}

export async function clientAcrossFailovers(t: CheckTarget, ttl: number, runs: number): Promise<ClientCheck> {
  const names = await ownedNames(t.r53, t.zoneId);
  const violations = [...names.values()].filter((n) => n.ttl !== ttl).map((n) => `${n.name} has TTL ${n.ttl}, not ${ttl}`);
  const group = (await t.ec.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: t.groupId }))).ReplicationGroups![0]!;
  const secure: ClientTls | undefined = t.tls && { ca: fs.readFileSync(t.tls.caFile, 'utf8'), password: t.tls.password };
  await seed(group.NodeGroups![0]!.PrimaryEndpoint!.Address!, t.resolver, group.MemberClusters!.length - 1, secure);

  // The primary/reader aliases (when the configuration has them) name the group's own endpoints,
  // not replicas: the client reads through the replica and AZ names.
  const endpoints = new Set([group.NodeGroups![0]!.PrimaryEndpoint?.Address, group.NodeGroups![0]!.ReaderEndpoint?.Address]);
  const replicaNames = [...names.values()].filter((n) => !endpoints.has(n.value)).map((n) => n.name);
  if (replicaNames.length === 0) throw new Error(`no replica name among the owned names ${[...names.keys()].join(', ')}`);
  const ourNameErrors = t.tls && {
    'node-redis': await nodeRedisOnOurName(replicaNames[0]!, t.resolver, secure!),
    'redis-py': redisPyOnOurName(replicaNames[0]!, { resolver: t.resolver, port: PORT, ...t.tls }),
  };
  for (const [client, error] of Object.entries(ourNameErrors ?? {}) as [keyof typeof OUR_NAME_ERRORS, string | null][]) {
    if (!OUR_NAME_ERRORS[client].test(error ?? '')) violations.push(`${client} verifying against ${replicaNames[0]} should fail on the host name, got ${error ?? 'a connection'}`);
  }
  const pyReaders = t.tls ? await readThroughRedisPy(replicaNames, KEY, { resolver: t.resolver, port: PORT, ...t.tls }) : [];
  const readers = replicaNames.map((name) => readThrough(name, PORT, t.resolver, KEY, secure));
  const clients = [{ label: 'node-redis', readers }, ...(t.tls ? [{ label: 'redis-py', readers: pyReaders }] : [])];
  const all = [...readers, ...pyReaders];
  const started = Date.now();
  const failovers: Failover[] = [];
  const stalls = monitorEventLoopDelay({ resolution: 20 });
  stalls.enable();
  try {
    await waitFor(() => all.every((r) => r.reads.some((x) => x.node === 'replica')), 10_000, 'every name read from a replica before the failovers, by every client');
    for (let run = 1; run <= runs; run++) {
      const before = await ownedNames(t.r53, t.zoneId);
      const calledAt = Date.now();
      await t.ec.send(new TestFailoverCommand({ ReplicationGroupId: t.groupId, NodeGroupId: '0001' }));
      await t.emu.waitIdle(60_000);
      const after = await ownedNames(t.r53, t.zoneId);
      const moved = [...before.keys()].filter((n) => after.get(n)?.value !== before.get(n)!.value);
      if (moved.length === 0) throw new Error(`failover ${run}: no name moved off the promoted replica`);
      failovers.push({ calledAt, moved });
      await waitFor(() => clients.every((c) => moved.every((n) => settled(c.readers, n, calledAt))), ttl * 1_000 + 15_000, `failover ${run}: ${moved.join(', ')} read from a replica again by every client`);
    }
    await new Promise((r) => setTimeout(r, 300));
  } finally {
    stalls.disable();
    await Promise.all(all.map((r) => r.stop()));
  }
  const ended = Date.now();
  const maxSilenceMs = MAX_SILENCE_MS + Math.round(stalls.max / 1e6);
  const windows = convergenceWindows(failovers, t.syncer.changes, ttl, RESOLVER_CLOCK_SLACK_MS);
  const next = (i: number) => failovers[i + 1]?.calledAt ?? ended;
  const recovery = (reads: readonly Read[]) => failovers.flatMap((f, i) => f.moved.map((n) => recoveryMs(reads, n, f.calledAt, next(i))!));
  for (const c of clients) {
    const reads = c.readers.flatMap((r) => r.reads);
    const found = judge(reads, c.readers, { failovers, windows, started, ended, runs, maxSilenceMs });
    violations.push(...(clients.length > 1 ? found.map((v) => `${c.label}: ${v}`) : found));
  }
  const applied = (f: Failover, i: number) => t.syncer.changes.filter((c) => c.type === 'CNAME' && f.moved.includes(c.name) && c.committedAt >= f.calledAt && c.committedAt < next(i));
  return {
    ttl,
    names: replicaNames,
    failovers,
    violations,
    recoveryMs: recovery(readers.flatMap((r) => r.reads)),
    toDnsMs: failovers.flatMap((f, i) => applied(f, i).map((c) => c.committedAt - f.calledAt)),
    syncLagMs: failovers.flatMap((f, i) => applied(f, i).map((c) => c.committedAt - c.notBefore)),
    ...(t.tls ? { redisPyRecoveryMs: recovery(pyReaders.flatMap((r) => r.reads)), ourNameErrors } : {}),
  };
}

/** What one client's reads break of the check's rules, one line each. */
function judge(reads: readonly Read[], readers: readonly NameReader[], run: { failovers: readonly Failover[]; windows: ReturnType<typeof convergenceWindows>; started: number; ended: number; runs: number; maxSilenceMs: number }): string[] {
  const { failovers, windows, started, ended, runs, maxSilenceMs } = run;
  const violations: string[] = [];

  const wrong = reads.filter((r) => r.node !== 'error' && r.value !== VALUE);
  if (wrong.length) violations.push(`${wrong.length} reads returned something else than the value written, e.g. ${JSON.stringify(wrong[0])}`);
  const errors = reads.filter((r) => r.node === 'error');
  if (errors.length > ERRORS_PER_FAILOVER * runs) violations.push(`${errors.length} failed reads (at most ${ERRORS_PER_FAILOVER * runs}), e.g. ${JSON.stringify(errors.slice(0, 3))}`);
  for (const r of readers) {
    const gap = longestGap(reads, r.name, started + MAX_SILENCE_MS, ended - 300);
    if (gap.ms >= maxSilenceMs) {
      const errors = reads.filter((x) => x.name === r.name && x.node === 'error' && x.at >= gap.since && x.at <= gap.since + gap.ms);
      const f = failovers.filter((x) => x.calledAt <= gap.since).at(-1);
      const when = f ? `from ${gap.since - f.calledAt} ms after TestFailover ${failovers.indexOf(f) + 1}` : `from ${gap.since - started} ms after the start`;
      violations.push(`${r.name}: ${gap.ms} ms without a read (at most ${maxSilenceMs}: ${MAX_SILENCE_MS} plus the longest event-loop stall), ${when}${errors.length ? `; failed reads meanwhile: ${errors.map((e) => e.error).join(' | ')}` : ''}`);
    }
  }
  violations.push(...repeatedPrimaryReads(reads));
  for (const r of primaryReadsOutside(reads, windows)) {
    const f = failovers.filter((x) => x.calledAt <= r.at).at(-1);
    const since = f ? `${r.at - f.calledAt} ms after TestFailover ${failovers.indexOf(f) + 1}` : `${r.at - started} ms after the start, before any failover`;
    const window = (windows.get(r.name) ?? []).find(([from]) => from === f?.calledAt);
    const resolved = r.resolvedAt === undefined ? '' : `, resolved ${r.resolvedAt - (f?.calledAt ?? started)} ms after`;
    violations.push(`${r.name} read from the primary (${r.address}) ${since}${resolved}, outside the convergence window (${window ? `it ended ${window[1] - f!.calledAt} ms after the call` : 'the name did not move'})`);
  }
  return violations;
}

/** One line per check: the user's number first. */
export function report(checks: readonly ClientCheck[]): string {
  const fmt = (xs: readonly number[]) => (xs.length ? `median ${Math.round(median(xs))} ms, max ${Math.max(...xs)} ms (n=${xs.length})` : 'none');
  return checks
    .map((c) => {
      const py = c.redisPyRecoveryMs ? ` (TLS + AUTH; redis-py: ${fmt(c.redisPyRecoveryMs)})` : '';
      return `record_ttl ${c.ttl}: TestFailover call → client reads from a replica again: node-redis: ${fmt(c.recoveryMs)}${py}; → new CNAME in the DNS server: ${fmt(c.toDnsMs)}; syncer lag (upper bound): ${fmt(c.syncLagMs)}`;
    })
    .join('\n');
}

/** Writes the key the readers read, through the primary endpoint's name, on every replica before anyone reads. */
async function seed(host: string, resolver: string, replicas: number, secure: ClientTls | undefined): Promise<void> {
  const client = createClient(recipeOptions(host, PORT, resolverLookup(resolver), secure));
  await client.connect();
  await client.set(KEY, VALUE);
  await client.wait(replicas, 5_000);
  client.destroy();
}

/** node-redis connecting with TLS to `name` itself (servername = our name): the error code it fails with (null: it connected). */
async function nodeRedisOnOurName(name: string, resolver: string, secure: ClientTls): Promise<string | null> {
  const client = createClient(recipeOptions(name, PORT, resolverLookup(resolver), secure));
  client.on('error', () => undefined);
  try {
    await client.connect();
    client.destroy();
    return null;
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    return e.code ? `${e.code}: ${e.message}` : e.message;
  }
}

/** The moved name reads from a replica on another node, and still does at its latest read. */
function settled(readers: readonly NameReader[], name: string, calledAt: number): boolean {
  const reads: readonly Read[] = readers.find((r) => r.name === name)!.reads;
  return recoveryMs(reads, name, calledAt, Date.now()) !== undefined && reads.at(-1)?.node === 'replica';
}

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
