// A real client through a real DNS server across failovers. examples/complete is applied with real
// Terraform against the emulator, whose nodes carry AWS-style host names; Knot DNS serves the
// private zone (kept in step with the emulator's Route 53 by testkit/e2e/zone-sync.ts) and the node
// names, unbound caches in front of it as the VPC resolver does; node-redis (npm `redis`) reads
// through every name as the recipe of docs/clients.md configures it. The group is transit-encrypted with an
// AUTH token (the example's auth_token), so its nodes speak TLS only: node-redis and redis-py both
// read by the TLS recipe of docs/clients.md, verifying each node's certificate against the CNAME's
// target, and a client that verifies against our name must fail on the host name. For record_ttl
// 10 and 1: each client keeps
// reading across TestFailovers, never reads from the primary outside the convergence window
// (testkit/e2e/convergence.ts), and the time from the TestFailover call until it reads from a replica
// again is printed (median and max).
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { DescribeReplicationGroupsCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { GetHostedZoneCommand, Route53Client } from '@aws-sdk/client-route-53';
import dns from 'node:dns';
import { startEmulator, type Emulator } from '../../testkit/emulator/emulator.js';
import { clientAcrossFailovers, report, type ClientCheck } from '../../testkit/e2e/client-check.js';
import { alive, startDnsServers, type DnsServers } from '../../testkit/e2e/dns.js';
import { leftovers } from '../../testkit/e2e/leftovers.js';
import { REGION } from '../../testkit/e2e/lifecycle.js';
import { binariesFor } from '../../testkit/e2e/matrix.js';
import { emulatorOverride, stageExample, writeInto, type Stage } from '../../testkit/e2e/stage.js';
import { steps } from '../../testkit/e2e/steps.js';
import { Workdir } from '../../testkit/e2e/terraform.js';
import { ownedNames } from '../../testkit/e2e/zone.js';
import { NODE_HOSTS_ZONE, syncZones, type ZoneSyncer } from '../../testkit/e2e/zone-sync.js';

const NAME = 'replica-dns-client';
const RUNS = Number(process.env.ERDNS_DNS_CLIENT_RUNS ?? 3);
/** The example's auth_token (ElastiCache's rules: 16-128 characters, only !&#$^<>- besides letters and digits). */
const AUTH_TOKEN = 'Client-check-token-0123456789';
/**
 * ERDNS_DNS_CLIENT_PLAIN=1: the same check with in-transit encryption and AUTH turned off in the
 * group (an override file), node-redis in clear text: the baseline docs/testing.md sets the TLS times
 * against. The default, what CI runs, is TLS + AUTH.
 */
const PLAIN = process.env.ERDNS_DNS_CLIENT_PLAIN === '1';
const PLAIN_OVERRIDE = 'resource "aws_elasticache_replication_group" "this" {\n  transit_encryption_enabled = false\n  auth_token                 = null\n}\n';

const binary = binariesFor('complete')[0]!;

describe(`real clients (${PLAIN ? 'node-redis in clear text' : 'node-redis, redis-py over TLS with AUTH'}) through a real DNS server (Knot + unbound), examples/complete applied with ${binary.label}`, () => {
  let emu: Emulator;
  let ec: ElastiCacheClient;
  let r53: Route53Client;
  let stage: Stage;
  let wd: Workdir;
  let dnsServers: DnsServers | undefined;
  let syncer: ZoneSyncer | undefined;
  let zone = { id: '', name: '' };
  const checks: ClientCheck[] = [];
  const step = steps();

  beforeAll(async () => {
    emu = await startEmulator({ region: REGION, nodeHostnames: true });
    if (!emu.redisAvailable) throw new Error('redis-server is not installed: the client check needs real nodes (bash testkit/emulator/install.sh installs redis-server and redis-tools as root)');
    const conf = { endpoint: emu.endpoint, region: emu.region, credentials: emu.credentials };
    ec = new ElastiCacheClient(conf);
    r53 = new Route53Client(conf);
    stage = stageExample('complete');
    writeInto(stage, 'emulator_override.tf', emulatorOverride(emu.endpoint, emu.region));
    if (PLAIN) writeInto(stage, 'plain_override.tf', PLAIN_OVERRIDE);
    wd = new Workdir(binary, stage.dir, { AWS_ENDPOINT_URL: emu.endpoint, AWS_EC2_METADATA_DISABLED: 'true', TF_VAR_region: REGION, TF_VAR_name: NAME, ...(PLAIN ? {} : { TF_VAR_auth_token: AUTH_TOKEN }) });
  }, 300_000);

  afterAll(async () => {
    if (checks.length > 0) console.log(report(checks));
    await syncer?.stop().catch((e: Error) => console.error(e.message));
    await dnsServers?.stop();
    if (wd && (await wd.stateList()).length > 0) await wd.destroy([], 'destroy (clean-up after a failure)').catch((e: Error) => console.error(e.message));
    ec?.destroy();
    r53?.destroy();
    stage?.remove();
    await emu?.stop();
  }, 600_000);

  step('apply examples/complete (in-transit encryption, AUTH token); the DNS servers serve its zone and the node names', async () => {
    await wd.init();
    await wd.apply();
    const group = (await ec.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: NAME }))).ReplicationGroups![0]!;
    expect([group.TransitEncryptionEnabled, group.AuthTokenEnabled], 'the group the clients read from has TLS and AUTH (none with ERDNS_DNS_CLIENT_PLAIN=1)').toEqual([!PLAIN, !PLAIN]);
    const outputs = await wd.outputs();
    // What the module tells a verifying client (read from the group; the endpoints are TLS-format names here).
    const client = outputs.client_endpoints as { tls: boolean; auth_token_enabled: boolean; primary: { host: string; tls_server_name: string | null } };
    const primary = group.NodeGroups![0]!.PrimaryEndpoint!.Address!;
    expect([client.tls, client.auth_token_enabled, client.primary.tls_server_name], 'client_endpoints: tls, auth_token_enabled, primary.tls_server_name').toEqual(PLAIN ? [false, false, null] : [true, true, primary]);
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
    const tls = PLAIN ? undefined : { caFile: emu.tlsCaFile, password: AUTH_TOKEN };
    const check = await clientAcrossFailovers({ emu, ec, r53, zoneId: zone.id, groupId: NAME, resolver: dnsServers!.resolver, syncer: syncer!, tls }, ttl, RUNS);
    checks.push(check);
    console.log(report([check]));
    expect(check.violations).toEqual([]);
    expect(check.redisPyRecoveryMs?.length, 'redis-py followed every moved name (no redis-py in clear text)').toBe(PLAIN ? undefined : check.recoveryMs.length);
  };

  step('record_ttl 10 (the default): the client keeps reading across TestFailovers, from replicas but for the convergence window', failovers(10));

  step('record_ttl 1 applied; the same across TestFailovers', async () => {
    writeInto(stage, 'record_ttl_override.tf', 'module "replica_dns" {\n  record_ttl = 1\n}\n');
    await wd.apply('apply record_ttl = 1');
    await emu.waitIdle(60_000);
    // Answers the resolver cached with the old TTL expire first (unbound: up to TTL + 1 s).
    await new Promise((r) => setTimeout(r, 10_000 + 2_000));
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

});
