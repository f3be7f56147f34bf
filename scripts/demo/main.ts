// `npm run demo` (through scripts/demo.sh): examples/complete applied by real Terraform (or
// OpenTofu) against the local emulator, exactly as a user applies it; the only file added is a
// provider override that points every AWS endpoint at loopback. The module is the only thing that
// deploys; the demo drives the replication group through the ElastiCache API and observes.
//
//   1. init (while the emulator starts), apply: the names exist when apply returns.
//   2. Names → node → role (API and ROLE on the node); redis-benchmark -k 0 against every name
//      (the example's group has in-transit encryption and an AUTH token: TLS and AUTH throughout).
//   3. TestFailover: the zone is polled until correct; names again, what moved, how long it took;
//      redis-benchmark again; connections received per node (none on the primary).
//   4. Fixed mode (record_count = 2, the example's): DecreaseReplicaCount keeps both names;
//      IncreaseReplicaCount back to the configured size spreads them again.
//   5. Default mode: `record_count = 0` in an override file, apply again; DecreaseReplicaCount: a
//      name goes with its replica.
//   6. destroy: the module's delete invocation removes the records (the zone is empty before its
//      own deletion), nothing of the example is left.
// Everything it starts is stopped at the end, on failure and on Ctrl-C.
import { DecreaseReplicaCountCommand, DescribeReplicationGroupsCommand, ElastiCacheClient, IncreaseReplicaCountCommand, TestFailoverCommand } from '@aws-sdk/client-elasticache';
import { Route53Client } from '@aws-sdk/client-route-53';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, redisRole, type Emulator, type InvocationRecord, type NodeTls } from '../../testkit/emulator/emulator.js';
import { jsonCall as json, queryCall as query, restGet as rest } from '../../testkit/emulator/aws-raw.js';
import { leftovers as exampleLeftovers } from '../../testkit/e2e/leftovers.js';
import { emulatorOverride, stageExample, writeInto, type Stage } from '../../testkit/e2e/stage.js';
import { BENCH, benchmark, benchmarkAvailable, benchmarkTlsArgs, connectionsReceived, running, type BenchTls } from './bench.js';
import { clientStep } from './client.js';
import { namesOf, problems, readGroup, type Member, type ModuleValues, type NameView } from './observe.js';
import { listZone, type ZoneRecord } from '../../testkit/zone-records.js';
import { TerraformError } from '../../testkit/e2e/terraform.js';
import { demoBinary, progress, Terraform } from './terraform.js';
import { DemoFailure, elapsed, fail, ms, note, step, table, until } from './ui.js';

// The SDK warns that Node.js 20 will be unsupported by its 2027 releases; not this demo's concern.
process.removeAllListeners('warning');
process.on('warning', (w) => {
  if (w.name !== 'NodeVersionSupportWarning' && !String(w.message).includes('NodeVersionSupportWarning')) process.stderr.write(`${w.name}: ${w.message}\n`);
});

/** examples/complete's default region (var.region); the emulator serves it and TF_VAR_region says it. */
const REGION = 'eu-west-1';
const MODULE = 'module.replica_dns';
/** The configuration change of step 5: what a user would write in the module block. */
const DEFAULT_MODE_OVERRIDE = 'module "replica_dns" {\n  record_count = 0\n}\n';
const RECONCILE_TIMEOUT_MS = 20_000;
/** The example's auth_token (TF_VAR_auth_token), as a user passes it from a secret store. */
const AUTH_TOKEN = 'Demo-auth-token-0123456789';
const DEMO_TIMEOUT_MS = 10 * 60_000;

interface Snapshot {
  readonly members: readonly Member[];
  /** cluster id → ROLE reported by its redis-server (null without Redis). */
  readonly roles: ReadonlyMap<string, string | null>;
  readonly zone: readonly ZoneRecord[];
}

/** The reconciler's JSON summary (lambda/src/handler.ts RunSummary, the fields shown here). */
interface RunSummary {
  readonly trigger: string;
  readonly event?: string;
  readonly action?: string;
  readonly outcome: string;
  readonly changes: number;
  readonly durationMs: number;
}

interface Run extends InvocationRecord {
  readonly summary: RunSummary | undefined;
}

let emu: Emulator | undefined;
let tf: Terraform | undefined;
let stage: Stage | undefined;
let ec: ElastiCacheClient | undefined;
let r53: Route53Client | undefined;
let ownRoot: string | undefined;
/** How the demo reaches the group's nodes: TLS with the emulator's CA and the AUTH token, when the group has in-transit encryption. */
let nodeAccess: BenchTls | undefined;
let cleaning: Promise<void> | undefined;
let interrupted = false;
const timings: { what: string; seconds: number }[] = [];

function cleanup(keepState = false): Promise<void> {
  cleaning ??= (async () => {
    await tf?.stop();
    for (const child of running) child.kill('SIGKILL');
    ec?.destroy();
    r53?.destroy();
    if (emu) {
      const { pid, stateDir } = emu;
      await emu.stop();
      const left = leftovers(pid, stateDir);
      if (left.length > 0) throw new DemoFailure(`still running after the emulator stopped: ${left.join(', ')}`);
    }
    if (!keepState) {
      stage?.remove();
      if (ownRoot) rmSync(ownRoot, { recursive: true, force: true });
    }
  })();
  return cleaning;
}

/** The launcher and the redis-servers of this run that are still alive. */
function leftovers(launcherPid: number, stateDir: string): string[] {
  const alive = (pid: number, what: string) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(what);
    } catch {
      return false;
    }
  };
  const out: string[] = [];
  if (alive(launcherPid, 'launcher.py')) out.push(`launcher.py (pid ${launcherPid})`);
  const dir = join(stateDir, 'redis');
  for (const f of existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.pid')) : []) {
    const pid = Number(readFileSync(join(dir, f), 'utf8').trim());
    if (pid > 0 && alive(pid, 'redis-server')) out.push(`redis-server (pid ${pid})`);
  }
  return out;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    interrupted = true;
    process.stdout.write(`\n${signal}: stopping everything the demo started...\n`);
    cleanup()
      .then(() => note('stopped: Terraform, the launcher and every redis-server of this run are gone'))
      .catch((e) => process.stderr.write(`${String(e)}\n`))
      .finally(() => process.exit(130));
  });
}

async function timed<T extends { seconds: number }>(what: string, run: Promise<T>): Promise<T> {
  const result = await run;
  timings.push({ what, seconds: result.seconds });
  return result;
}

async function main(): Promise<void> {
  const root = process.env.DEMO_STATE_DIR || (ownRoot = mkdtempSync(join(tmpdir(), 'replica-dns-demo-')));
  const binary = demoBinary();
  step(`examples/complete with ${binary.label} (${binary.path}) on the local emulator`);
  note(`provider: ${process.env.ERDNS_PROVIDER_SOURCE ?? `as ${binary.cliConfig} says`}`);
  stage = stageExample('complete');
  note(`staged as a user has it: ${stage.dir} (the example, and the module at source = "../../": its HCL and the committed reconciler zip)`);
  const logFile = join(root, 'terraform.log');
  tf = new Terraform(binary, stage.dir, {}, logFile);
  note(`${binary.family}'s whole output: ${logFile}`);

  // ---- init, with the emulator starting meanwhile ------------------------------------------------
  step(`${binary.family} init, while the emulator starts (moto + ElastiCache control plane; every node a real redis-server when installed)`);
  const [init, started] = await Promise.allSettled([
    timed('init', tf.init()),
    emulatorInstalled().then(() => startEmulator({ region: REGION, lambdaMode: 'warm', stateDir: join(root, 'emulator'), startTimeoutMs: 120_000 }).then((e) => (emu = e))),
  ]);
  if (init.status === 'rejected') throw init.reason;
  if (started.status === 'rejected') throw started.reason;
  const e = emu!;
  note(`init done in ${init.value.seconds.toFixed(1)} s; emulator on ${e.endpoint} (pid ${e.pid}); Lambda functions run their zip on the runtime's Node.js, warm between invocations`);
  note(e.redisAvailable ? 'redis-server: yes, each node on its own loopback address, port 6379' : 'redis-server: not used (not installed, or EMULATOR_REDIS=0): no ROLE and no benchmark, endpoints are AWS-style placeholders');
  const conf = { endpoint: e.endpoint, region: e.region, credentials: e.credentials, maxAttempts: 2 };
  ec = new ElastiCacheClient(conf);
  r53 = new Route53Client(conf);
  writeInto(stage, 'emulator_override.tf', emulatorOverride(e.endpoint, e.region));
  tf.useEmulator(e.endpoint, e.region);
  tf.setEnv({ TF_VAR_auth_token: AUTH_TOKEN });
  note(`added emulator_override.tf: provider "aws" with every endpoint at ${e.endpoint}, static fake credentials, no account lookups (nothing else changed)`);

  // ---- apply --------------------------------------------------------------------------------------
  step(`${binary.family} apply: the network, the Valkey group and the module's resources, in Terraform's order`);
  // While the provider loads its schema (seconds), the emulator loads the services apply is about
  // to call (moto imports each on its first request; EC2 takes seconds): read-only calls.
  const warm = warmUp(e);
  await timed('apply', tf.apply());
  await warm;
  let d = await deployed();
  const groupId = d.environment.REPLICATION_GROUP_ID!;
  const described = (await ec.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: groupId }))).ReplicationGroups![0]!;
  if (described.TransitEncryptionEnabled) nodeAccess = { caFile: e.tlsCaFile, password: described.AuthTokenEnabled ? AUTH_TOKEN : undefined };
  note(
    nodeAccess
      ? `in-transit encryption: on, AUTH token: ${nodeAccess.password ? 'on' : 'off'}: every node speaks TLS only (certificate from the emulator's CA ${e.tlsCaFile}); a plain connection is refused. (client_endpoints.tls reads the endpoint format, master.…: false here, where the emulator reports loopback addresses; step 7 has host names)`
      : 'in-transit encryption: off: plain connections',
  );
  showRuns('the module invoked the reconciler during apply (aws_lambda_invocation):', await runs());

  const snap0 = await snapshot(d, groupId);
  step('After apply: the group and the names (each name resolved through the zone: CNAME value = node address)');
  showMembers(snap0);
  showNames(d, snap0);
  check(d, snap0, 'apply');

  const canBench = e.redisAvailable && benchmarkAvailable();
  if (e.redisAvailable && !canBench) note('redis-benchmark not found (Debian package redis-tools): skipping the blog measurement');
  const benchBefore = canBench ? await benchPhase('before the failover', d, snap0) : undefined;

  // ---- Failover -----------------------------------------------------------------------------------
  step('TestFailover: ElastiCache promotes a replica; FailoverComplete reaches the reconciler through the SNS topic the module made');
  await e.waitIdle(30_000);
  await e.resetInvocations();
  const failover = await timedChange(d, groupId, () => ec!.send(new TestFailoverCommand({ ReplicationGroupId: groupId, NodeGroupId: '0001' })));
  const oldPrimary = snap0.members.find((m) => m.role === 'primary')!;
  const newPrimary = failover.snapshot.members.find((m) => m.role === 'primary')!;
  const held = heldBy(d, snap0, newPrimary.id);
  note(`promoted ${newPrimary.id}, which held ${held || 'no name'}; ${oldPrimary.id} is a replica now`);
  if (!held) fail(`TestFailover promoted ${newPrimary.id}, which held no name: nothing to show`);
  showMembers(failover.snapshot);
  showNames(d, failover.snapshot, snap0);
  showReconcile(failover);
  check(d, failover.snapshot, 'the failover');

  const benchAfter = canBench ? await benchPhase('after the failover', d, failover.snapshot) : undefined;
  if (benchBefore && benchAfter) showConnections(snap0, benchBefore, failover.snapshot, benchAfter);

  // ---- Replica removal, fixed mode ----------------------------------------------------------------
  const count = (v: ModuleValues, s: Snapshot) => namesOf(v, s.zone, s.members).filter((n) => n.kind === 'slot').length;
  const victim1 = lastNamed(d, failover.snapshot);
  step(`Fixed mode (record_count = ${d.environment.RECORD_COUNT}): DecreaseReplicaCount removes ${victim1.id}, which holds ${heldBy(d, failover.snapshot, victim1.id)}`);
  await e.resetInvocations();
  const removal = await timedChange(d, groupId, () =>
    ec!.send(new DecreaseReplicaCountCommand({ ReplicationGroupId: groupId, ReplicasToRemove: [victim1.id], ApplyImmediately: true })),
  );
  showMembers(removal.snapshot);
  showNames(d, removal.snapshot, failover.snapshot);
  showReconcile(removal);
  check(d, removal.snapshot, 'the replica removal (fixed mode)');
  const [fixedBefore, fixedAfter] = [count(d, failover.snapshot), count(d, removal.snapshot)];
  note(`fixed mode: ${fixedBefore} slot names before, ${fixedAfter} after: the names stay, all on the remaining replica`);
  if (fixedAfter !== fixedBefore) fail(`fixed mode: ${fixedBefore} names became ${fixedAfter}`);

  const replicasBefore = failover.snapshot.members.filter((m) => m.role === 'replica').length;
  step(`IncreaseReplicaCount back to ${replicasBefore} replicas (the size the configuration says, so the next plan sees no drift)`);
  await e.resetInvocations();
  const added = await timedChange(d, groupId, () =>
    ec!.send(new IncreaseReplicaCountCommand({ ReplicationGroupId: groupId, NewReplicaCount: replicasBefore, ApplyImmediately: true })),
  );
  showMembers(added.snapshot);
  showNames(d, added.snapshot, removal.snapshot);
  showReconcile(added);
  check(d, added.snapshot, 'the replica addition');

  // ---- Configuration change: default mode ---------------------------------------------------------
  step(`Configuration change: record_count = 0 (default mode, one name per available replica), then ${binary.family} apply again`);
  writeInto(stage, 'record_count_override.tf', DEFAULT_MODE_OVERRIDE);
  note(`added record_count_override.tf (Terraform merges *_override.tf into the module block; the same as editing main.tf):`);
  for (const l of DEFAULT_MODE_OVERRIDE.trimEnd().split('\n')) note(`  ${l}`);
  await e.waitIdle(30_000);
  await e.resetInvocations();
  await timed('apply (record_count = 0)', tf.apply('apply of the changed configuration'));
  d = await deployed();
  if (d.environment.RECORD_COUNT !== '0') fail(`after the apply, the reconciler's RECORD_COUNT is ${d.environment.RECORD_COUNT}, not 0`);
  showRuns("the configuration changed, so the module invoked the reconciler again (the invocation's input carries the configuration's hash):", await runs());
  const snapDefault = await snapshot(d, groupId);
  showNames(d, snapDefault, added.snapshot);
  check(d, snapDefault, 'the apply of record_count = 0');

  // ---- Replica removal, default mode --------------------------------------------------------------
  const victim2 = lastNamed(d, snapDefault);
  step(`Default mode: DecreaseReplicaCount removes ${victim2.id}, which holds ${heldBy(d, snapDefault, victim2.id)}`);
  await e.resetInvocations();
  const removal2 = await timedChange(d, groupId, () =>
    ec!.send(new DecreaseReplicaCountCommand({ ReplicationGroupId: groupId, ReplicasToRemove: [victim2.id], ApplyImmediately: true })),
  );
  showMembers(removal2.snapshot);
  showNames(d, removal2.snapshot, snapDefault);
  showReconcile(removal2);
  check(d, removal2.snapshot, 'the replica removal (default mode)');
  const [defBefore, defAfter] = [count(d, snapDefault), count(d, removal2.snapshot)];
  note(`default mode: ${defBefore} slot names before, ${defAfter} after: one name per available replica`);
  if (defAfter !== defBefore - 1) fail(`default mode: ${defBefore} names became ${defAfter}, expected ${defBefore - 1}`);

  // ---- destroy ------------------------------------------------------------------------------------
  step(`${binary.family} destroy: the module's delete invocation removes its records, then everything goes`);
  await e.waitIdle(30_000);
  await e.resetInvocations();
  let zoneBeforeDeletion: Promise<ZoneRecord[]> | undefined;
  await timed(
    'destroy',
    tf.destroy([], 'destroy', (line) => {
      progress(line);
      // The invocation is destroyed before the function, the function before the zone (it names it).
      if (!zoneBeforeDeletion && /aws_lambda_invocation\.this\[0\]: Destruction complete/.test(line)) zoneBeforeDeletion = listZone(r53!, d.zoneId);
    }),
  );
  showRuns("the module's delete invocation:", await runs());
  if (!zoneBeforeDeletion) fail(`destroy did not destroy ${MODULE}'s aws_lambda_invocation`);
  const left = await zoneBeforeDeletion;
  const ours = left.filter((r) => r.type !== 'SOA' && r.type !== 'NS');
  note(`zone ${d.zoneName} after the delete invocation, before its own deletion: ${left.map((r) => r.type).join(', ')}${ours.length === 0 ? ' (none of our records left)' : ''}`);
  if (ours.length > 0) fail(`zone ${d.zoneName} still held ${ours.map((r) => `${r.type} ${r.name}`).join(', ')} after the delete invocation`);
  const state = await tf.stateList();
  if (state.length > 0) fail(`${binary.family} state still lists ${state.join(', ')} after destroy`);
  const remaining = await exampleLeftovers(e, { ec: ec!, r53: r53! }, [groupId, d.zoneId]);
  if (Object.keys(remaining).length > 0) fail(`left in the emulator after destroy: ${JSON.stringify(remaining)}`);
  note(`${binary.family} state is empty; nothing named after ${groupId} is left in the emulator (functions, roles, topics, queues, alarms, rules, log groups, VPCs, groups, subnet groups, zones)`);

  await clientStep(root, REGION); // 7. a real client through a real DNS server (scripts/demo/client.ts)

  // ---- Summary ------------------------------------------------------------------------------------
  step('Summary');
  table(['command', 'seconds'], timings.map((t) => [`${binary.family} ${t.what}`, t.seconds.toFixed(1)]));
  note();
  for (const [label, change] of [
    ['TestFailover', failover],
    ['replica removal, fixed mode', removal],
    ['replica added', added],
    ['replica removal, default mode', removal2],
  ] as const) {
    const own = change.runs.filter((r) => r.functionName === d.functionName);
    note(`${label}: zone correct ${ms(change.correctAfterMs)} after the API call returned; handler: ${own.map((r) => `${r.summary?.durationMs ?? '?'} ms`).join(', ') || 'no run'}`);
  }
  if (benchBefore && benchAfter) note(`redis-benchmark -k 0: no connection reached a primary, before or after the failover`);
}

/**
 * Waits for the emulator's install, which scripts/demo.sh started in the background
 * (DEMO_EMULATOR_INSTALL: the prefix of its .rc and .log files), and shows its log. Without it
 * (main.ts run directly), startEmulator installs what is missing itself.
 */
async function emulatorInstalled(): Promise<void> {
  const prefix = process.env.DEMO_EMULATOR_INSTALL;
  if (!prefix) return;
  const { value: rc } = await until(
    'the emulator install (testkit/emulator/install.sh)',
    async () => (existsSync(`${prefix}.rc`) && readFileSync(`${prefix}.rc`, 'utf8').trim() !== '' ? readFileSync(`${prefix}.rc`, 'utf8').trim() : undefined),
    10 * 60_000,
    200,
  );
  const log = existsSync(`${prefix}.log`) ? readFileSync(`${prefix}.log`, 'utf8').trim().split('\n') : [];
  const [code, at] = rc.split(' ');
  if (code !== '0') fail(`the emulator install (testkit/emulator/install.sh) failed with exit ${code}:\n    ${log.slice(-30).join('\n    ')}`);
  for (const l of log) note(`emulator install: ${l.replace(/^\[emulator-install\] /, '')}`);
  note(`emulator install finished at ${at ?? '?'}s`);
}

/** One read-only call to each service the example uses, all at once; failures do not matter here. */
async function warmUp(e: Emulator): Promise<void> {
  const calls: Promise<unknown>[] = [
    query(e, 'ec2', { Action: 'DescribeAvailabilityZones', Version: '2016-11-15' }),
    query(e, 'sts', { Action: 'GetCallerIdentity', Version: '2011-06-15' }),
    rest(e, 'lambda', '/2015-03-31/functions/'),
    query(e, 'iam', { Action: 'ListRoles', Version: '2010-05-08' }),
    query(e, 'sns', { Action: 'ListTopics', Version: '2010-03-31' }),
    query(e, 'sqs', { Action: 'ListQueues', Version: '2012-11-05' }),
    query(e, 'monitoring', { Action: 'DescribeAlarms', Version: '2010-08-01' }),
    json(e, 'events', 'AWSEvents.ListRules'),
    json(e, 'logs', 'Logs_20140328.DescribeLogGroups'),
  ];
  await Promise.allSettled(calls);
}

/** Terraform's outputs and the deployed reconciler's environment (the module's configuration). */
async function deployed(): Promise<ModuleValues> {
  const outputs = await tf!.outputs();
  const functionName = String(outputs.function_name);
  const fn = (await rest(emu!, 'lambda', `/2015-03-31/functions/${encodeURIComponent(functionName)}`)) as {
    Configuration: { Environment?: { Variables?: Record<string, string> } };
  };
  const environment = fn.Configuration.Environment?.Variables ?? {};
  for (const key of ['HOSTED_ZONE_NAME', 'RECORD_NAME_TEMPLATE', 'RECORD_COUNT', 'OWNER_ID', 'REPLICATION_GROUP_ID']) {
    if (!environment[key]) fail(`the deployed function ${functionName} has no ${key} in its environment`);
  }
  if (environment.REPLICATION_GROUP_ID !== outputs.replication_group_id) fail(`the function reconciles ${environment.REPLICATION_GROUP_ID}, the example's group is ${String(outputs.replication_group_id)}`);
  note(`${tf!.binary.family} output:`);
  for (const [k, v] of Object.entries(outputs)) note(`  ${k.padEnd(24)} = ${JSON.stringify(v)}`);
  note(`the reconciler's configuration as the module made it (the function's environment, read back through the Lambda API):`);
  note(`  ${Object.entries(environment).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join(' ')}`);
  return {
    zoneId: String(outputs.zone_id),
    zoneName: environment.HOSTED_ZONE_NAME!,
    functionName,
    azRecordNameTemplate: environment.AZ_RECORD_NAME_TEMPLATE ?? null,
    environment,
  };
}

async function runs(): Promise<Run[]> {
  await emu!.waitIdle(30_000);
  return (await emu!.invocations()).map((inv) => {
    let summary: RunSummary | undefined;
    try {
      summary = inv.error ? undefined : (JSON.parse(inv.result) as RunSummary);
    } catch {
      summary = undefined;
    }
    return { ...inv, summary };
  });
}

async function snapshot(d: ModuleValues, groupId: string): Promise<Snapshot> {
  const members = await readGroup(ec!, groupId);
  const roles = new Map<string, string | null>();
  const secure: NodeTls | undefined = nodeAccess && { ca: readFileSync(nodeAccess.caFile, 'utf8'), password: nodeAccess.password };
  for (const m of members) roles.set(m.id, emu!.redisAvailable ? await redisRole(m.address, m.port, 3000, secure).catch((e: Error) => `error: ${e.message}`) : null);
  return { members, roles, zone: await listZone(r53!, d.zoneId) };
}

const short = (d: ModuleValues, name: string): string => name.slice(0, -(d.zoneName.length + 1));

/** The names a node holds: `read1, read-eu-west-1b`. */
function heldBy(d: ModuleValues, snap: Snapshot, id: string): string {
  return namesOf(d, snap.zone, snap.members)
    .filter((n) => n.member?.id === id)
    .map((n) => short(d, n.name))
    .join(', ');
}

/** The replica that holds the highest slot name (the one whose removal shows the most). */
function lastNamed(d: ModuleValues, snap: Snapshot): Member {
  const names = namesOf(d, snap.zone, snap.members).filter((n) => n.kind === 'slot' && n.member?.role === 'replica');
  return names.at(-1)?.member ?? snap.members.filter((m) => m.role === 'replica').at(-1)!;
}

function showMembers(snap: Snapshot): void {
  table(
    ['node (cluster id)', 'AZ', 'address', 'API role', 'ROLE on the node'],
    snap.members.map((m) => [m.id, m.az, `${m.address}:${m.port}`, m.role + (m.available ? '' : ' (not available)'), snap.roles.get(m.id) ?? 'n/a']),
  );
}

function showNames(d: ModuleValues, snap: Snapshot, before?: Snapshot): void {
  const count = Number(d.environment.RECORD_COUNT);
  const mode = count > 0 ? `fixed mode, record_count = ${count}` : 'default mode, record_count = 0';
  note();
  note(`${MODULE} (${mode}${d.azRecordNameTemplate ? ', AZ names' : ''}) in zone ${d.zoneName}:`);
  const now = namesOf(d, snap.zone, snap.members);
  const prev = before ? namesOf(d, before.zone, before.members) : undefined;
  const rows = now.map((n) => nameRow(n, snap, prev ? change(n, prev) : ''));
  for (const p of prev ?? []) if (!now.some((n) => n.name === p.name)) rows.push([p.name, '(deleted)', '', '', '', `deleted (was ${p.member?.id ?? p.value})`]);
  table(['name', '→ node', 'AZ', 'API role', 'ROLE', ...(before ? ['change'] : [])], before ? rows : rows.map((r) => r.slice(0, 5)));
}

function nameRow(n: NameView, snap: Snapshot, changed: string): string[] {
  const m = n.member;
  return [n.name, m?.id ?? `${n.value} (not a member)`, m?.az ?? '', m?.role ?? '', m ? (snap.roles.get(m.id) ?? 'n/a') : '', changed];
}

function change(n: NameView, prev: readonly NameView[]): string {
  const p = prev.find((x) => x.name === n.name);
  if (!p) return 'new';
  return p.member?.id === n.member?.id ? '' : `MOVED (was ${p.member?.id ?? p.value})`;
}

/** Fails the demo when the zone is not what the module promises or a ROLE disagrees with the API. */
function check(d: ModuleValues, snap: Snapshot, after: string): void {
  const found = problems(d, snap.zone, snap.members);
  if (emu!.redisAvailable) {
    for (const m of snap.members) {
      const want = m.role === 'primary' ? 'master' : 'slave';
      if (snap.roles.get(m.id) !== want) found.push(`${m.id}: the API says ${m.role}, ROLE on the node says ${snap.roles.get(m.id)}`);
    }
  }
  if (found.length > 0) fail(`after ${after}, the names are wrong:\n  ${found.join('\n  ')}`);
  note();
  note(`check: every name points at an available replica${emu!.redisAvailable ? ', ROLE on every node agrees with the API' : ''}; the zone is as the module promises`);
}

interface TimedChange {
  readonly callMs: number;
  /** ms from the API call's return until the zone was correct. */
  readonly correctAfterMs: number;
  readonly runs: readonly Run[];
  readonly snapshot: Snapshot;
}

/** Runs an ElastiCache call, then polls the zone until it is correct for the new topology (bounded). */
async function timedChange(d: ModuleValues, groupId: string, call: () => Promise<unknown>): Promise<TimedChange> {
  const started = Date.now();
  await call();
  const returned = Date.now();
  const { waitedMs } = await until(
    'the zone correct for the new topology',
    async () => {
      const members = await readGroup(ec!, groupId);
      if (!members.every((m) => m.available)) return undefined;
      return problems(d, await listZone(r53!, d.zoneId), members).length === 0 ? true : undefined;
    },
    RECONCILE_TIMEOUT_MS,
  );
  const all = await runs();
  const failed = all.filter((r) => r.error);
  if (failed.length > 0) fail(`reconciler runs failed: ${failed.map((r) => `${r.functionName}: ${r.result}`).join('; ')}`);
  return { callMs: returned - started, correctAfterMs: waitedMs, runs: all, snapshot: await snapshot(d, groupId) };
}

function runRows(runs: readonly Run[]): string[][] {
  return runs.map((r) => [
    r.source,
    r.summary?.event ?? (r.summary?.action ? `terraform ${r.summary.action}` : (r.summary?.trigger ?? '')),
    r.summary?.outcome ?? (r.error ? 'error' : '?'),
    String(r.summary?.changes ?? ''),
    r.summary ? `${r.summary.durationMs} ms` : '',
    `${Math.round(r.durationMs)} ms`,
  ]);
}

const RUN_HEADERS = ['delivered by', 'event', 'outcome', 'changes', 'handler (its summary)', 'run (emulator)'];

function showRuns(title: string, runs: readonly Run[]): void {
  note(title);
  table(RUN_HEADERS, runRows(runs));
  const failed = runs.filter((r) => r.error);
  if (failed.length > 0) fail(`reconciler runs failed: ${failed.map((r) => `${r.functionName}: ${r.result}`).join('; ')}`);
}

function showReconcile(c: TimedChange): void {
  note();
  note(`the API call returned in ${ms(c.callMs)}; the reconciler ran on the notifications (SNS → Lambda, asynchronous):`);
  table(RUN_HEADERS, runRows(c.runs));
  note(`zone correct ${ms(c.correctAfterMs)} after the call returned`);
}

interface BenchPhase {
  /** cluster id → connections received during the phase */
  readonly connections: ReadonlyMap<string, number>;
}

/** redis-benchmark -k 0 against each name, resolved through the zone. */
async function benchPhase(label: string, d: ModuleValues, snap: Snapshot): Promise<BenchPhase> {
  const tlsArgs = benchmarkTlsArgs(nodeAccess).map((a) => (a === nodeAccess?.password ? '<token>' : a)).join(' ');
  step(`The 2018 blog's measurement ${label}: redis-benchmark ${tlsArgs ? `${tlsArgs} ` : ''}-n ${BENCH.requests} -c ${BENCH.clients} -t ${BENCH.test} -k 0 (a new ${tlsArgs ? 'TLS ' : ''}connection per request) against every name`);
  note('no DNS server runs here: each name is resolved through the zone (ListResourceRecordSets, CNAME value = node address)');
  const names = namesOf(d, await listZone(r53!, d.zoneId), snap.members);
  const before = new Map<string, number>();
  for (const m of snap.members) before.set(m.id, await connectionsReceived(m.address, m.port, nodeAccess));
  const rows: string[][] = [];
  for (const n of names) {
    if (!n.member) fail(`${n.name} resolves to ${n.value}, no node of the group`);
    const r = await benchmark(n.member.address, n.member.port, nodeAccess);
    rows.push([n.name, `${n.member.id} (${n.member.role})`, `${Math.round(r.requestsPerSecond)}`, r.p50ms === null ? '' : `${r.p50ms} ms`]);
  }
  const connections = new Map<string, number>();
  // The second INFO's own connection is counted too: minus 1.
  for (const m of snap.members) connections.set(m.id, (await connectionsReceived(m.address, m.port, nodeAccess)) - before.get(m.id)! - 1);
  table(['name', '→ node', 'GET/s', 'p50'], rows);
  const primary = snap.members.find((m) => m.role === 'primary')!;
  if (connections.get(primary.id) !== 0) fail(`${label}: the primary ${primary.id} received ${connections.get(primary.id)} connections`);
  for (const m of snap.members.filter((x) => x.role === 'replica')) {
    if (!(connections.get(m.id)! > 0)) fail(`${label}: replica ${m.id} received no connection`);
  }
  return { connections };
}

function showConnections(s1: Snapshot, b1: BenchPhase, s2: Snapshot, b2: BenchPhase): void {
  step('Connections received per node during each benchmark (INFO stats total_connections_received)');
  const ids = [...new Set([...s1.members, ...s2.members].map((m) => m.id))].sort();
  const role = (s: Snapshot, id: string) => s.members.find((m) => m.id === id)?.role ?? '-';
  table(
    ['node', 'before failover: role', 'connections', 'after failover: role', 'connections'],
    ids.map((id) => [id, role(s1, id), String(b1.connections.get(id) ?? '-'), role(s2, id), String(b2.connections.get(id) ?? '-')]),
  );
  note(`-k 0: one new connection per request, so about ${BENCH.requests} per name and run; a node with two names gets twice that`);
  note('spread over the replicas, none on the primary, before and after the failover');
}

const watchdog = setTimeout(() => {
  process.stderr.write(`\nDEMO FAILED: still running after ${DEMO_TIMEOUT_MS / 60_000} minutes\n`);
  cleanup(true).finally(() => process.exit(1));
}, DEMO_TIMEOUT_MS);

let code = 0;
try {
  await main();
} catch (error) {
  code = interrupted ? 130 : 1;
  if (interrupted) {
    process.stderr.write(`\nInterrupted at ${elapsed()}.\n`);
  } else {
    const what = error instanceof DemoFailure || error instanceof TerraformError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`\nDEMO FAILED at ${elapsed()}: ${what}\n`);
    if (emu) process.stderr.write(`(emulator state and Lambda logs: ${emu.stateDir})\n`);
    if (stage) process.stderr.write(`(the staged example and its Terraform state: ${stage.dir})\n`);
  }
}
try {
  if (interrupted) {
    // The signal handler is stopping everything (and says so); wait for it.
    await cleanup().catch(() => undefined);
    process.exit(130);
  }
  step('Stopping the emulator and its redis-servers');
  await cleanup(code !== 0);
  note('stopped: Terraform, the launcher and every redis-server of this run are gone');
} catch (error) {
  code = 1;
  process.stderr.write(`\nDEMO FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
}
clearTimeout(watchdog);
process.exit(code);
