// The demo's client step: a real client library through a real DNS server across a failover.
// The demo's own emulator reports node addresses (its ROLE and redis-benchmark steps connect to
// them), so this step starts a second one whose nodes carry AWS-style host names, deploys the
// committed reconciler zip into it as the module does (function, SNS subscription, group
// notifications to the topic, record_ttl = 1, two fixed names), serves the zone with Knot behind
// unbound, and lets node-redis and redis-py read through every name across one TestFailover, over
// TLS with AUTH, verifying each node's certificate against the name's CNAME target
// (testkit/e2e/client-check.ts; the end-to-end tier does the same with Terraform, TTL 10 and 1).
import { join } from 'node:path';
import { alive, startDnsServers, type DnsServers } from '../../testkit/e2e/dns.js';
import { clientAcrossFailovers, report } from '../../testkit/e2e/client-check.js';
import { NODE_HOSTS_ZONE, syncZones, type ZoneSyncer } from '../../testkit/e2e/zone-sync.js';
import { createGroup, createPrivateZone, deployReconciler, newTopic, startWorld, TERRAFORM_CREATE, type World } from '../../testkit/world/world.js';
import { fail, ms, note, step } from './ui.js';

const GROUP = 'demo-client';
const ZONE = 'cache.demo-client.internal';
const TTL = 1;
const AUTH_TOKEN = 'Demo-client-token-0123456789';

/** Runs the step with its state under `root`; everything it started is stopped before it returns. */
export async function clientStep(root: string, region: string): Promise<void> {
  step(`Real clients through a real DNS server: node-redis and redis-py read through the names (TTL ${TTL} s) over TLS with AUTH across a TestFailover`);
  note('a second emulator whose nodes have AWS-style host names; Knot DNS serves the zone and the node names, unbound caches in front (the VPC resolver)');
  let world: World | undefined;
  let dns: DnsServers | undefined;
  let syncer: ZoneSyncer | undefined;
  const started = Date.now();
  try {
    world = await startWorld({ region, nodeHostnames: true, lambdaMode: 'warm', stateDir: join(root, 'client-emulator') });
    if (!world.emu.redisAvailable) fail('the client step needs redis-server (Debian package redis-server)');
    const zoneId = await createPrivateZone(world, ZONE);
    const topicArn = await newTopic(world, `${GROUP}-events`);
    const deployment = await deployReconciler(world, {
      functionName: `${GROUP}-replica-dns`,
      groupId: GROUP,
      zoneId,
      zoneName: ZONE,
      template: `read{n}.${ZONE}`,
      ownerId: `${GROUP}-replica-dns`,
      env: { RECORD_COUNT: '2', RECORD_TTL: String(TTL) },
      topicArn,
    });
    await createGroup(world, GROUP, { members: 3, topicArn, transitEncryption: true, authToken: AUTH_TOKEN });
    await world.emu.waitIdle(30_000);
    await deployment.invoke(TERRAFORM_CREATE);
    dns = await startDnsServers([ZONE, NODE_HOSTS_ZONE], { parentDir: root });
    syncer = syncZones(dns, world.emu, world.r53, { id: zoneId, name: ZONE });
    await syncer.ready;
    note(`ready in ${ms(Date.now() - started)}: knotd on ${dns.authoritative}, unbound on ${dns.resolver}; the client resolves through unbound only`);
    note('the group has in-transit encryption and an AUTH token: each client resolves a name\'s CNAME, connects to its target and verifies the certificate against it (docs/clients.md)');
    const check = await clientAcrossFailovers({ emu: world.emu, ec: world.ec, r53: world.r53, zoneId, groupId: GROUP, resolver: dns.resolver, syncer, tls: { caFile: world.emu.tlsCaFile, password: AUTH_TOKEN } }, TTL, 1);
    for (const [client, error] of Object.entries(check.ourNameErrors ?? {})) note(`${client} verifying against our name ${check.names[0]} fails as documented: ${error}`);
    note(`names read: ${check.names.join(', ')}; moved by the failover: ${check.failovers.flatMap((f) => f.moved).join(', ')}`);
    note(report([check]));
    if (check.violations.length > 0) fail(`the client through DNS: ${check.violations.join('; ')}`);
    note('kept reading throughout; from the primary only until the moved name\'s new CNAME had reached the DNS server and its TTL had run out');
  } finally {
    await syncer?.stop();
    const pids = dns?.pids ?? [];
    await dns?.stop();
    await world?.stop();
    const left = pids.filter(alive);
    if (left.length > 0) fail(`knotd/unbound still running after stop: pids ${left.join(', ')}`);
  }
}
