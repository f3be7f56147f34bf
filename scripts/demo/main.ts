// `npm run demo` (through scripts/demo.sh): the module's job on the local emulator.
//
//   1. Terraform (tofu) evaluates examples/complete and the module's locals; the example is deployed
//      into the emulator as the module would deploy it (deploy.ts explains why not `tofu apply`),
//      plus a second instance of the module in default mode (record_count = 0) in its own zone.
//   2. Names → node → role (API and ROLE on the node); redis-benchmark -k 0 against every name.
//   3. TestFailover; the zone is polled until correct; names again, what moved, how long it took;
//      redis-benchmark again; connections received per node.
//   4. DecreaseReplicaCount: fixed mode keeps its names, default mode shrinks.
//   5. Destroy: the module's delete invocation; no record of ours is left in either zone.
// Everything it starts is stopped at the end, on failure and on Ctrl-C.
import { DecreaseReplicaCountCommand, ElastiCacheClient, TestFailoverCommand } from '@aws-sdk/client-elasticache';
import { Route53Client } from '@aws-sdk/client-route-53';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { redisRole, startEmulator, type Emulator, type InvocationRecord } from '../../test/emulator/emulator.js';
import { BENCH, benchmark, benchmarkAvailable, connectionsReceived, running } from './bench.js';
import { emulatorDeployer, type Deployed, type Deployer, type RunSummary, type Stack } from './deploy.js';
import { planExample } from './example.js';
import { listZone, namesOf, problems, readGroup, type Member, type NameView, type ZoneRecord } from './observe.js';
import { DemoFailure, elapsed, fail, ms, note, step, table, until } from './ui.js';

// The SDK warns that Node.js 20 will be unsupported by its 2027 releases; not this demo's concern.
process.removeAllListeners('warning');
process.on('warning', (w) => {
  if (w.name !== 'NodeVersionSupportWarning' && !String(w.message).includes('NodeVersionSupportWarning')) process.stderr.write(`${w.name}: ${w.message}\n`);
});

/** A second instance of the module beside the example's, as it would be written in examples/complete. */
const DEMO_MODULES = {
  replica_dns_default_mode: {
    source: '../../',
    replication_group_id: '${local.replication_group_id}',
    zone_name: 'default-mode.${var.name}.internal',
    vpc_ids: ['${aws_vpc.this.id}'],
    name_prefix: '${var.name}-default-mode',
    create_topic: false,
    topic_arn: '${module.replica_dns.topic_arn}',
  },
};

const RECONCILE_TIMEOUT_MS = 20_000;
const DEMO_TIMEOUT_MS = 8 * 60_000;

interface Snapshot {
  readonly members: readonly Member[];
  /** cluster id → ROLE reported by its redis-server (null without Redis). */
  readonly roles: ReadonlyMap<string, string | null>;
  /** module block → zone records */
  readonly zones: ReadonlyMap<string, readonly ZoneRecord[]>;
}

let emu: Emulator | undefined;
let deployer: Deployer | undefined;
let ec: ElastiCacheClient | undefined;
let r53: Route53Client | undefined;
let ownRoot: string | undefined;
let cleaning: Promise<void> | undefined;
let interrupted = false;

function cleanup(keepState = false): Promise<void> {
  cleaning ??= (async () => {
    for (const child of running) child.kill('SIGKILL');
    deployer?.close();
    ec?.destroy();
    r53?.destroy();
    if (emu) {
      const { pid, stateDir } = emu;
      await emu.stop();
      const left = leftovers(pid, stateDir);
      if (left.length > 0) throw new DemoFailure(`still running after the emulator stopped: ${left.join(', ')}`);
    }
    if (ownRoot && !keepState) rmSync(ownRoot, { recursive: true, force: true });
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
      .then(() => note('stopped: launcher and every redis-server of this run are gone'))
      .catch((e) => process.stderr.write(`${String(e)}\n`))
      .finally(() => process.exit(130));
  });
}

async function main(): Promise<void> {
  const root = process.env.DEMO_STATE_DIR || (ownRoot = mkdtempSync(join(tmpdir(), 'replica-dns-demo-')));
  const workDir = join(root, 'terraform');
  mkdirSync(workDir, { recursive: true });

  step('Evaluating examples/complete and the module with Terraform (tofu, no providers)');
  const plan = await planExample(workDir, DEMO_MODULES);
  const [example, defaultMode] = plan.modules;
  if (!example || !defaultMode) fail('examples/complete/main.tf has no module block');
  note(`example: group ${plan.group.id} (${plan.group.engine} ${plan.group.engineVersion}, ${plan.group.numCacheClusters} nodes) in ${plan.region}`);
  note(`module.${example.block}: ${describeInputs(example.inputs)}`);
  note(`module.${defaultMode.block} (added by the demo, default mode): ${describeInputs(defaultMode.inputs)}`);

  step('Starting the emulator (moto + ElastiCache control plane; every node a real redis-server when installed)');
  emu = await startEmulator({ region: plan.region, lambdaMode: 'warm', stateDir: join(root, 'emulator'), startTimeoutMs: 120_000 });
  const redis = emu.redisAvailable;
  note(`emulator on ${emu.endpoint} (pid ${emu.pid}); Lambda functions run their zip in local Node.js, warm between invocations`);
  note(redis ? 'redis-server: yes, each node on its own loopback address, port 6379' : 'redis-server: not used (not installed, or EMULATOR_REDIS=0): no ROLE and no benchmark, endpoints are AWS-style placeholders');
  const conf = { endpoint: emu.endpoint, region: emu.region, credentials: emu.credentials, maxAttempts: 2 };
  ec = new ElastiCacheClient(conf);
  r53 = new Route53Client(conf);

  deployer = emulatorDeployer({ target: emu, plan, workDir });
  step(`Apply: ${deployer.how}`);
  const stack = await deployer.apply(progress);

  const snap0 = await snapshot(stack);
  step('After apply: the group and the names (each name resolved through the zone: CNAME value = node address)');
  showMembers(snap0);
  showNames(stack, snap0);
  check(stack, snap0, 'apply');

  const canBench = redis && benchmarkAvailable();
  if (redis && !canBench) note('redis-benchmark not found (Debian package redis-tools): skipping the blog measurement');
  const benchBefore = canBench ? await benchPhase('before the failover', stack.instances[0]!, snap0) : undefined;

  // ---- Failover ----------------------------------------------------------------------------
  step('TestFailover: ElastiCache promotes a replica; FailoverComplete reaches the functions through SNS');
  await emu.waitIdle(30_000);
  await emu.resetInvocations();
  const failover = await timedChange(stack, () => ec!.send(new TestFailoverCommand({ ReplicationGroupId: stack.groupId, NodeGroupId: '0001' })));
  const oldPrimary = snap0.members.find((m) => m.role === 'primary')!;
  const newPrimary = failover.snapshot.members.find((m) => m.role === 'primary')!;
  const held = heldBy(stack, snap0, newPrimary.id);
  note(`promoted ${newPrimary.id}, which held ${held || 'no name'}; ${oldPrimary.id} is a replica now`);
  if (!held) fail(`TestFailover promoted ${newPrimary.id}, which held no name: nothing to show`);
  showMembers(failover.snapshot);
  showNames(stack, failover.snapshot, snap0);
  showReconcile(failover);
  check(stack, failover.snapshot, 'the failover');

  const benchAfter = canBench ? await benchPhase('after the failover', stack.instances[0]!, failover.snapshot) : undefined;
  if (benchBefore && benchAfter) showConnections(snap0, benchBefore, failover.snapshot, benchAfter);

  // ---- Replica removal ---------------------------------------------------------------------
  const defaultDeployed = stack.instances[1]!;
  const defaultNames = namesOf(defaultDeployed.values, failover.snapshot.zones.get(defaultDeployed.block)!, failover.snapshot.members);
  const replicas = failover.snapshot.members.filter((m) => m.role === 'replica');
  const victim = defaultNames.filter((n) => n.member?.role === 'replica').at(-1)?.member ?? replicas.at(-1)!;
  step(`DecreaseReplicaCount: remove ${victim.id}, which holds ${heldBy(stack, failover.snapshot, victim.id)}`);
  await emu.resetInvocations();
  const removal = await timedChange(stack, () =>
    ec!.send(new DecreaseReplicaCountCommand({ ReplicationGroupId: stack.groupId, ReplicasToRemove: [victim.id], ApplyImmediately: true })),
  );
  showMembers(removal.snapshot);
  showNames(stack, removal.snapshot, failover.snapshot);
  showReconcile(removal);
  check(stack, removal.snapshot, 'the replica removal');
  const countNames = (d: Deployed, s: Snapshot) => namesOf(d.values, s.zones.get(d.block)!, s.members).length;
  const [fixedBefore, fixedAfter] = [countNames(stack.instances[0]!, failover.snapshot), countNames(stack.instances[0]!, removal.snapshot)];
  const [defBefore, defAfter] = [countNames(defaultDeployed, failover.snapshot), countNames(defaultDeployed, removal.snapshot)];
  note(`fixed mode (record_count = 2, AZ names): ${fixedBefore} names before, ${fixedAfter} after: the names stay, all on the remaining replica`);
  note(`default mode (record_count = 0): ${defBefore} names before, ${defAfter} after: one name per available replica`);
  if (fixedAfter !== fixedBefore) fail(`fixed mode: ${fixedBefore} names became ${fixedAfter}`);
  if (defAfter >= defBefore) fail(`default mode: ${defBefore} names became ${defAfter}, expected fewer`);

  // ---- Destroy -----------------------------------------------------------------------------
  step('Destroy: unsubscribe, the module\'s delete invocation (Terraform-style), then the rest');
  await emu.waitIdle(30_000);
  const destroyed = await deployer.destroy(stack, progress);
  for (const d of destroyed) {
    const ours = d.recordsLeft.filter((r) => r.type !== 'SOA' && r.type !== 'NS');
    note(`zone ${d.zoneName} before its deletion: ${d.recordsLeft.map((r) => r.type).join(', ')}${ours.length === 0 ? ' (none of our records left)' : ''}`);
    if (ours.length > 0) fail(`zone ${d.zoneName} still holds ${ours.map((r) => `${r.type} ${r.name}`).join(', ')} after destroy`);
  }

  step('Summary');
  for (const [label, change] of [['failover', failover], ['replica removal', removal]] as const) {
    for (const d of stack.instances) {
      const run = change.runs.filter((r) => r.functionName === d.values.functionName);
      note(
        `${label}: module.${d.block} zone correct ${ms(change.correctAfterMs.get(d.block)!)} after the API call returned; ` +
          `function: ${run.map((r) => `${r.summary?.durationMs ?? '?'} ms handler`).join(', ') || 'no run'}`,
      );
    }
  }
  if (benchBefore && benchAfter) note(`redis-benchmark -k 0: no connection reached a primary, before or after the failover`);
}

function progress(line: string): void {
  note(`[${elapsed().padStart(6)}] ${line}`);
}

function describeInputs(inputs: Readonly<Record<string, unknown>>): string {
  return Object.entries(inputs)
    .filter(([k]) => k !== 'tags')
    .map(([k, v]) => `${k} = ${JSON.stringify(v)}`)
    .join(', ');
}

async function snapshot(stack: Stack): Promise<Snapshot> {
  const members = await readGroup(ec!, stack.groupId);
  const roles = new Map<string, string | null>();
  for (const m of members) roles.set(m.id, emu!.redisAvailable ? await redisRole(m.address, m.port).catch((e: Error) => `error: ${e.message}`) : null);
  const zones = new Map<string, readonly ZoneRecord[]>();
  for (const d of stack.instances) zones.set(d.block, await listZone(r53!, d.zoneId));
  return { members, roles, zones };
}

/** The names a node holds, per module instance: `read1, read-eu-west-1b of module.replica_dns; …`. */
function heldBy(stack: Stack, snap: Snapshot, id: string): string {
  return stack.instances
    .map((d) => {
      const names = namesOf(d.values, snap.zones.get(d.block)!, snap.members).filter((n) => n.member?.id === id);
      return names.length === 0 ? '' : `${names.map((n) => n.name.slice(0, -(d.values.zoneName.length + 1))).join(', ')} of module.${d.block}`;
    })
    .filter(Boolean)
    .join('; ');
}

function showMembers(snap: Snapshot): void {
  table(
    ['node (cluster id)', 'AZ', 'address', 'API role', 'ROLE on the node'],
    snap.members.map((m) => [m.id, m.az, `${m.address}:${m.port}`, m.role + (m.available ? '' : ' (not available)'), snap.roles.get(m.id) ?? 'n/a']),
  );
}

function showNames(stack: Stack, snap: Snapshot, before?: Snapshot): void {
  for (const d of stack.instances) {
    const count = Number(d.values.environment.RECORD_COUNT);
    const mode = count > 0 ? `fixed mode, record_count = ${count}` : 'default mode, record_count = 0';
    note();
    note(`module.${d.block} (${mode}${d.values.azRecordNameTemplate ? ', AZ names' : ''}) in zone ${d.values.zoneName}:`);
    const now = namesOf(d.values, snap.zones.get(d.block)!, snap.members);
    const prev = before ? namesOf(d.values, before.zones.get(d.block)!, before.members) : undefined;
    const rows = now.map((n) => nameRow(n, snap, prev ? change(n, prev) : ''));
    for (const p of prev ?? []) if (!now.some((n) => n.name === p.name)) rows.push([p.name, '(deleted)', '', '', '', `deleted (was ${p.member?.id ?? p.value})`]);
    table(['name', '→ node', 'AZ', 'API role', 'ROLE', ...(before ? ['change'] : [])], before ? rows : rows.map((r) => r.slice(0, 5)));
  }
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
function check(stack: Stack, snap: Snapshot, after: string): void {
  const found: string[] = [];
  for (const d of stack.instances) found.push(...problems(d.values, snap.zones.get(d.block)!, snap.members).map((p) => `module.${d.block}: ${p}`));
  if (emu!.redisAvailable) {
    for (const m of snap.members) {
      const want = m.role === 'primary' ? 'master' : 'slave';
      if (snap.roles.get(m.id) !== want) found.push(`${m.id}: the API says ${m.role}, ROLE on the node says ${snap.roles.get(m.id)}`);
    }
  }
  if (found.length > 0) fail(`after ${after}, the names are wrong:\n  ${found.join('\n  ')}`);
  note();
  note(`check: every name points at an available replica${emu!.redisAvailable ? ', ROLE on every node agrees with the API' : ''}; ${stack.instances.length} zones as the module promises`);
}

interface Run extends InvocationRecord {
  readonly summary: RunSummary | undefined;
}

interface TimedChange {
  readonly callMs: number;
  /** module block → ms from the API call's return until the zone was correct. */
  readonly correctAfterMs: ReadonlyMap<string, number>;
  readonly runs: readonly Run[];
  readonly snapshot: Snapshot;
}

/** Runs an ElastiCache call, then polls each zone until it is correct for the new topology (bounded). */
async function timedChange(stack: Stack, call: () => Promise<unknown>): Promise<TimedChange> {
  const started = Date.now();
  await call();
  const returned = Date.now();
  const members = await readGroup(ec!, stack.groupId);
  const correctAfterMs = new Map<string, number>();
  await until(
    'every zone correct for the new topology',
    async () => {
      for (const d of stack.instances) {
        if (correctAfterMs.has(d.block)) continue;
        if (problems(d.values, await listZone(r53!, d.zoneId), members).length === 0) correctAfterMs.set(d.block, Date.now() - returned);
      }
      return correctAfterMs.size === stack.instances.length ? true : undefined;
    },
    RECONCILE_TIMEOUT_MS,
  );
  await emu!.waitIdle(30_000);
  const runs = (await emu!.invocations()).map((inv) => {
    let summary: RunSummary | undefined;
    try {
      summary = inv.error ? undefined : (JSON.parse(inv.result) as RunSummary);
    } catch {
      summary = undefined;
    }
    return { ...inv, summary };
  });
  const failed = runs.filter((r) => r.error);
  if (failed.length > 0) fail(`reconciler runs failed: ${failed.map((r) => `${r.functionName}: ${r.result}`).join('; ')}`);
  return { callMs: returned - started, correctAfterMs, runs, snapshot: await snapshot(stack) };
}

function showReconcile(c: TimedChange): void {
  note();
  note(`the API call returned in ${ms(c.callMs)}; the reconciler ran on the notifications (SNS → Lambda, asynchronous):`);
  table(
    ['function', 'event', 'outcome', 'changes', 'handler (its summary)', 'run (emulator)'],
    c.runs.map((r) => [
      r.functionName,
      r.summary?.event ?? r.summary?.trigger ?? r.source,
      r.summary?.outcome ?? (r.error ? 'error' : '?'),
      String(r.summary?.changes ?? ''),
      r.summary ? `${r.summary.durationMs} ms` : '',
      `${Math.round(r.durationMs)} ms`,
    ]),
  );
  for (const [block, after] of c.correctAfterMs) note(`module.${block}: zone correct ${ms(after)} after the call returned`);
}

interface BenchPhase {
  /** cluster id → connections received during the phase */
  readonly connections: ReadonlyMap<string, number>;
}

/** redis-benchmark -k 0 against each name of the deployment, resolved through the zone. */
async function benchPhase(label: string, d: Deployed, snap: Snapshot): Promise<BenchPhase> {
  step(`The 2018 blog's measurement ${label}: redis-benchmark -n ${BENCH.requests} -c ${BENCH.clients} -t ${BENCH.test} -k 0 (a new connection per request) against every name of module.${d.block}`);
  note('no DNS server runs here: each name is resolved through the zone (ListResourceRecordSets, CNAME value = node address)');
  const names = namesOf(d.values, await listZone(r53!, d.zoneId), snap.members);
  const before = new Map<string, number>();
  for (const m of snap.members) before.set(m.id, await connectionsReceived(m.address, m.port));
  const rows: string[][] = [];
  for (const n of names) {
    if (!n.member) fail(`${n.name} resolves to ${n.value}, no node of the group`);
    const r = await benchmark(n.member.address, n.member.port);
    rows.push([n.name, `${n.member.id} (${n.member.role})`, `${Math.round(r.requestsPerSecond)}`, r.p50ms === null ? '' : `${r.p50ms} ms`]);
  }
  const connections = new Map<string, number>();
  // The second INFO's own connection is counted too: minus 1.
  for (const m of snap.members) connections.set(m.id, (await connectionsReceived(m.address, m.port)) - before.get(m.id)! - 1);
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
  cleanup().finally(() => process.exit(1));
}, DEMO_TIMEOUT_MS);

let code = 0;
try {
  await main();
} catch (error) {
  code = interrupted ? 130 : 1;
  if (interrupted) {
    process.stderr.write(`\nInterrupted at ${elapsed()}.\n`);
  } else {
    const what = error instanceof DemoFailure ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`\nDEMO FAILED at ${elapsed()}: ${what}\n`);
    if (emu) process.stderr.write(`(emulator state and Lambda logs: ${emu.stateDir})\n`);
  }
}
try {
  step('Stopping the emulator and its redis-servers');
  await cleanup(code !== 0);
  note('stopped: launcher and every redis-server of this run are gone');
} catch (error) {
  code = 1;
  process.stderr.write(`\nDEMO FAILED: ${error instanceof Error ? error.message : String(error)}\n`);
}
clearTimeout(watchdog);
process.exit(code);
