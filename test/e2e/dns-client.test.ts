// A real client through a real DNS server across failovers. examples/complete is applied with real
// Terraform against the emulator, whose nodes carry AWS-style host names; Knot DNS serves the
// private zone (kept in step with the emulator's Route 53 by support/zone-sync.ts) and the node
// names, unbound caches in front of it as the VPC resolver does; node-redis (npm `redis`) reads
// through every name as the README's recipe configures it. For record_ttl 10 and 1: it keeps
// reading across TestFailovers, never reads from the primary outside the convergence window
// (support/convergence.ts), and the time from the TestFailover call until it reads from a replica
// again is printed (median and max).
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { DescribeReplicationGroupsCommand, ElastiCacheClient, TestFailoverCommand } from '@aws-sdk/client-elasticache';
import { GetHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import dns from 'node:dns';
import { createClient } from 'redis';
import { startEmulator, type Emulator } from '../emulator/emulator.js';
import { readThrough, recipeOptions, resolverLookup, RECONNECT_PAUSE_MS, type NameReader } from './support/client.js';
import { convergenceWindows, longestGapMs, median, primaryReadsOutside, recoveryMs, type Failover } from './support/convergence.js';
import { alive, startDnsServers, type DnsServers } from './support/dns.js';
import { leftovers } from './support/leftovers.js';
import { REGION } from './support/lifecycle.js';
import { binariesFor } from './support/matrix.js';
import { emulatorOverride, stageExample, writeInto, type Stage } from './support/stage.js';
import { steps } from './support/steps.js';
import { Workdir } from './support/terraform.js';
import { ownedNames } from './support/zone.js';
import { NODE_HOSTS_ZONE, syncZones, type ZoneSyncer } from './support/zone-sync.js';

const NAME = 'replica-dns-client';
const PORT = 6379;
const KEY = 'replica-dns:client-check';
const RUNS = Number(process.env.ERDNS_DNS_CLIENT_RUNS ?? 3);
/** Reconnect pause plus a read and a lookup: how long after the TTL a primary read is still excused. */
const SLACK_MS = RECONNECT_PAUSE_MS + 400;
/** Failed reads allowed per failover (a connection dropped while the old primary is re-pointed). */
const ERRORS_PER_FAILOVER = 3;

interface Measured {
  readonly ttl: number;
  readonly recoveryMs: number[];
  /** TestFailover call → the moved name's new CNAME committed in the DNS server. */
  readonly toDnsMs: number[];
  /** Upper bound of the syncer's own lag (commit − start of the poll before the one that saw it). */
  readonly syncLagMs: number[];
}

const binary = binariesFor('complete')[0]!;

describe(`a real client (node-redis) through a real DNS server (Knot + unbound), examples/complete applied with ${binary.label}`, () => {
  let emu: Emulator;
  let ec: ElastiCacheClient;
  let r53: Route53Client;
  let stage: Stage;
  let wd: Workdir;
  let dnsServers: DnsServers | undefined;
  let syncer: ZoneSyncer | undefined;
  let zone = { id: '', name: '' };
  const measured: Measured[] = [];
  const step = steps();

  beforeAll(async () => {
    emu = await startEmulator({ region: REGION, nodeHostnames: true });
    if (!emu.redisAvailable) throw new Error('redis-server is not installed: the client check needs real nodes (bash test/emulator/install.sh installs redis-server and redis-tools as root)');
    const conf = { endpoint: emu.endpoint, region: emu.region, credentials: emu.credentials };
    ec = new ElastiCacheClient(conf);
    r53 = new Route53Client(conf);
    stage = stageExample('complete');
    writeInto(stage, 'emulator_override.tf', emulatorOverride(emu.endpoint, emu.region));
    wd = new Workdir(binary, stage.dir, { AWS_ENDPOINT_URL: emu.endpoint, AWS_EC2_METADATA_DISABLED: 'true', TF_VAR_region: REGION, TF_VAR_name: NAME });
  }, 300_000);

  afterAll(async () => {
    if (measured.length > 0) console.log(report(measured));
    await syncer?.stop().catch((e: Error) => console.error(e.message));
    await dnsServers?.stop();
    if (wd && (await wd.stateList()).length > 0) await wd.destroy([], 'destroy (clean-up after a failure)').catch((e: Error) => console.error(e.message));
    ec?.destroy();
    r53?.destroy();
    stage?.remove();
    await emu?.stop();
  }, 600_000);

  step('apply examples/complete; the DNS servers serve its zone and the node names', async () => {
    await wd.init();
    await wd.apply();
    const outputs = await wd.outputs();
    const id = String(outputs.zone_id);
    zone = { id, name: (await r53.send(new GetHostedZoneCommand({ Id: id }))).HostedZone!.Name!.replace(/\.$/, '') };
    dnsServers = await startDnsServers([zone.name, NODE_HOSTS_ZONE]);
    syncer = syncZones(dnsServers, emu, r53, zone);
    await syncer.ready;
    // Every owned name resolves, through the resolver, to the address of the node its CNAME names.
    const hosts = new Map((await emu.hosts()).map((h) => [h.name, h.address]));
    const resolver = new dns.promises.Resolver();
    resolver.setServers([dnsServers.resolver]);
    const names = await ownedNames(r53, zone.id);
    expect(names.size).toBeGreaterThan(0);
    for (const n of names.values()) {
      expect(hosts.get(n.value), `${n.name} → ${n.value} is a node host name`).toBeDefined();
      expect(await resolver.resolve4(n.name), n.name).toEqual([hosts.get(n.value)]);
    }
  });

  const failovers = (ttl: number) => async () => {
    const names = await ownedNames(r53, zone.id);
    for (const n of names.values()) expect(n.ttl, `${n.name} TTL`).toBe(ttl);
    await seed(primaryHost(await describeGroup()), dnsServers!.resolver);
    const readers = [...names.keys()].map((name) => readThrough(name, PORT, dnsServers!.resolver, KEY));
    const started = Date.now();
    const done: Failover[] = [];
    try {
      await waitFor(() => readers.every((r) => r.reads.some((x) => x.node === 'replica')), 10_000, 'every name read from a replica before the failovers');
      for (let run = 0; run < RUNS; run++) {
        const before = await ownedNames(r53, zone.id);
        const calledAt = Date.now();
        await ec.send(new TestFailoverCommand({ ReplicationGroupId: NAME, NodeGroupId: '0001' }));
        await emu.waitIdle(60_000);
        const after = await ownedNames(r53, zone.id);
        const moved = [...before.keys()].filter((n) => after.get(n)?.value !== before.get(n)!.value);
        expect(moved.length, `run ${run + 1}: a name moved off the promoted replica`).toBeGreaterThan(0);
        done.push({ calledAt, moved });
        await waitFor(() => moved.every((n) => settled(readers, n, calledAt)), ttl * 1_000 + 15_000, `run ${run + 1}: ${moved.join(', ')} read from a replica again`);
      }
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      await Promise.all(readers.map((r) => r.stop()));
    }
    const ended = Date.now();
    const reads = readers.flatMap((r) => r.reads);

    // Every answer is the value written through the primary.
    expect(reads.filter((r) => r.node !== 'error' && r.value !== 'v'), 'reads that returned something else').toEqual([]);
    // Keeps reading: bounded errors, no long silence on any name.
    expect(reads.filter((r) => r.node === 'error').length, `failed reads: ${JSON.stringify(reads.filter((r) => r.node === 'error').slice(0, 5))}`).toBeLessThanOrEqual(ERRORS_PER_FAILOVER * RUNS);
    for (const r of readers) expect(longestGapMs(reads, r.name, started + 2_000, ended - 300), `${r.name}: longest time without a read`).toBeLessThan(2_000);
    // Never from the primary outside the convergence window.
    const windows = convergenceWindows(done, syncer!.changes, ttl, SLACK_MS);
    expect(primaryReadsOutside(reads, windows).map((r) => `${r.name} at +${r.at - started} ms`), 'reads from the primary outside the window').toEqual([]);

    const next = (i: number) => done[i + 1]?.calledAt ?? ended;
    const applied = (f: Failover, i: number) => syncer!.changes.filter((c) => c.type === 'CNAME' && f.moved.includes(c.name) && c.committedAt >= f.calledAt && c.committedAt < next(i));
    measured.push({
      ttl,
      recoveryMs: done.flatMap((f, i) => f.moved.map((n) => recoveryMs(reads, n, f.calledAt, next(i))!)),
      toDnsMs: done.flatMap((f, i) => applied(f, i).map((c) => c.committedAt - f.calledAt)),
      syncLagMs: done.flatMap((f, i) => applied(f, i).map((c) => c.committedAt - c.notBefore)),
    });
    console.log(report(measured.slice(-1)));
  };

  step('record_ttl 10 (the default): the client keeps reading across TestFailovers, from replicas but for the convergence window', failovers(10));

  step('record_ttl 1 applied; the same across TestFailovers', async () => {
    writeInto(stage, 'record_ttl_override.tf', 'module "replica_dns" {\n  record_ttl = 1\n}\n');
    await wd.apply('apply record_ttl = 1');
    await emu.waitIdle(60_000);
    // Answers the resolver cached with the old TTL expire first.
    await new Promise((r) => setTimeout(r, 10_000 + 1_000));
    await failovers(1)();
  });

  step('destroy: nothing of the example left; the DNS servers stop', async () => {
    await syncer!.stop();
    syncer = undefined;
    await wd.destroy();
    expect(await wd.stateList()).toEqual([]);
    expect(await leftovers(emu, { ec, r53 }, [NAME, zone.id])).toEqual({});
    const pids = dnsServers!.pids;
    await dnsServers!.stop();
    dnsServers = undefined;
    expect(pids.filter(alive), 'knotd/unbound still running').toEqual([]);
  });

  const describeGroup = async () => (await ec.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: NAME }))).ReplicationGroups![0]!;
});

const primaryHost = (group: { NodeGroups?: { PrimaryEndpoint?: { Address?: string } }[] }) => group.NodeGroups![0]!.PrimaryEndpoint!.Address!;

/** Writes the key the readers read, through the primary endpoint's name (resolved the same way). */
async function seed(host: string, resolver: string): Promise<void> {
  const client = createClient(recipeOptions(host, PORT, resolverLookup(resolver)));
  await client.connect();
  await client.set(KEY, 'v');
  await client.wait(2, 5_000); // on both replicas before anyone reads
  client.destroy();
}

/** The moved name reads from a replica on another node, and still does at its latest read. */
function settled(readers: readonly NameReader[], name: string, calledAt: number): boolean {
  const reads = readers.find((r) => r.name === name)!.reads;
  return recoveryMs(reads, name, calledAt, Date.now()) !== undefined && reads.at(-1)?.node === 'replica';
}

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function report(rows: readonly Measured[]): string {
  const fmt = (xs: number[]) => (xs.length ? `median ${Math.round(median(xs))} ms, max ${Math.max(...xs)} ms (n=${xs.length})` : 'none');
  return rows
    .map((m) => `record_ttl ${m.ttl}: TestFailover call → client reads from a replica again: ${fmt(m.recoveryMs)}; → new CNAME in the DNS server: ${fmt(m.toDnsMs)}; syncer lag (upper bound): ${fmt(m.syncLagMs)}`)
    .join('\n');
}
