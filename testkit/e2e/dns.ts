// A real DNS path on loopback, as a VPC gives one: Knot DNS (authoritative) serves the zones, and
// unbound (a caching resolver, standing in for the VPC's resolver) answers the clients and keeps
// every answer for its TTL. Both are Debian's packages (testkit/emulator/install.sh --dns-only), run
// as child processes on free unprivileged ports with their files under one temp dir, never as
// system services; stop() ends them.
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './stage.js';

const run = promisify(execFile);

export class DnsSetupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DnsSetupError';
  }
}

/** One record set: name lowercase without the trailing dot, values as in a zone file. */
export interface DnsRecordSet {
  readonly name: string;
  readonly type: string;
  readonly ttl: number;
  readonly values: readonly string[];
}

export interface DnsChange {
  readonly unset: readonly Pick<DnsRecordSet, 'name' | 'type'>[];
  readonly set: readonly DnsRecordSet[];
}

export interface DnsServers {
  /** The caching resolver, `127.0.0.1:<port>` (for dns.Resolver#setServers). */
  readonly resolver: string;
  /** The authoritative server, `127.0.0.1:<port>`. */
  readonly authoritative: string;
  readonly dir: string;
  readonly pids: readonly number[];
  /** Applies one zone's changes in one Knot transaction (all or nothing). */
  update(zone: string, change: DnsChange): Promise<void>;
  /** Ends both servers and removes the temp dir (unless it was given). */
  stop(): Promise<void>;
}

const INSTALL_HINT = 'run `bash testkit/emulator/install.sh --dns-only` as root (it installs the Debian packages knot and unbound), or apt-get install -y knot unbound';

/** knotd/knotc/unbound on PATH, installing them once when missing; throws naming what is missing. */
export function ensureDnsServers(): void {
  const missing = () => ['knotd', 'knotc', 'unbound'].filter((bin) => !onPath(bin));
  if (missing().length === 0) return;
  try {
    execFileSync('bash', [path.join(ROOT, 'testkit/emulator/install.sh'), '--dns-only'], { stdio: ['ignore', 'ignore', 'inherit'] });
  } catch (cause) {
    throw new DnsSetupError(`${missing().join(', ')} not on PATH and install.sh --dns-only failed: ${INSTALL_HINT}`, { cause });
  }
  if (missing().length > 0) throw new DnsSetupError(`${missing().join(', ')} still not on PATH: ${INSTALL_HINT}`);
}

/** Starts Knot (serving `zones`, each empty but for SOA and NS) and unbound in front of it. */
export async function startDnsServers(zones: readonly string[], opts: { parentDir?: string } = {}): Promise<DnsServers> {
  ensureDnsServers();
  const dir = fs.mkdtempSync(path.join(opts.parentDir ?? os.tmpdir(), 'replica-dns-dns-'));
  const [authPort, resolverPort] = [await freePort(), await freePort()];
  const socket = path.join(dir, 'knot.sock');
  fs.mkdirSync(path.join(dir, 'zones'));
  for (const zone of zones) {
    // Serial 1; every transaction increments it. NS is required of a zone, never queried here.
    fs.writeFileSync(path.join(dir, 'zones', `${zone}.zone`), `$TTL 60\n@ SOA ns.invalid. hostmaster.invalid. 1 60 60 600 1\n@ NS ns.invalid.\n`);
  }
  fs.writeFileSync(path.join(dir, 'knot.conf'), knotConf(dir, authPort, socket, zones));
  fs.writeFileSync(path.join(dir, 'unbound.conf'), unboundConf(dir, resolverPort, authPort, zones));

  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(children.map(end));
    if (!opts.parentDir) fs.rmSync(dir, { recursive: true, force: true });
  };
  try {
    children.push(daemon('knotd', ['-c', path.join(dir, 'knot.conf')], path.join(dir, 'knotd.log')));
    await until(async () => (await run('knotc', ['-s', socket, 'status'])).stdout.includes('Running'), 'knotd answering on its control socket', dir);
    children.push(daemon('unbound', ['-d', '-c', path.join(dir, 'unbound.conf')], path.join(dir, 'unbound.log')));
    await until(() => portOpen(resolverPort), `unbound listening on 127.0.0.1:${resolverPort}`, dir);
  } catch (error) {
    await stop();
    throw error;
  }

  /** Runs knotc commands in one process (it reads them from stdin, one per line, answering each). */
  const knotc = async (commands: readonly string[]) => {
    const child = execFile('knotc', ['-s', socket]);
    child.stdin!.end(commands.map((c) => `${c}\n`).join(''));
    let out = '';
    child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const answers = out.trim().split('\n');
    if (code !== 0 || answers.length !== commands.length || answers.some((a) => a !== 'OK')) {
      throw new DnsSetupError(`knotc (exit ${code}) answered ${JSON.stringify(answers)} to ${JSON.stringify(commands)}`);
    }
  };
  return {
    resolver: `127.0.0.1:${resolverPort}`,
    authoritative: `127.0.0.1:${authPort}`,
    dir,
    pids: children.map((c) => c.pid!),
    async update(zone, change) {
      // The transaction lives in knotd across knotc runs: the edits first, and only when every one
      // was accepted (knotc would go on after a failed line), the commit.
      const edits = [
        `zone-begin ${zone}`,
        ...change.unset.map((r) => `zone-unset ${zone} ${r.name}. ${r.type}`),
        ...change.set.flatMap((r) => r.values.map((value) => `zone-set ${zone} ${r.name}. ${r.ttl} ${r.type} ${value}`)),
      ];
      try {
        await knotc(edits);
        await knotc([`zone-commit ${zone}`]);
      } catch (error) {
        await knotc([`zone-abort ${zone}`]).catch(() => undefined);
        throw error;
      }
    },
    stop,
  };
}

function knotConf(dir: string, port: number, socket: string, zones: readonly string[]): string {
  return `server:
    rundir: "${dir}"
    listen: 127.0.0.1@${port}
log:
  - target: stderr
    any: warning
database:
    storage: "${dir}/db"
control:
    listen: "${socket}"
template:
  - id: default
    storage: "${dir}/zones"
    file: "%s.zone"
    # The zone lives in memory only: changes come through knotc transactions.
    zonefile-sync: -1
    journal-content: none
zone:
${zones.map((z) => `  - domain: "${z}"`).join('\n')}
`;
}

function unboundConf(dir: string, port: number, authPort: number, zones: readonly string[]): string {
  // iterator only (no DNSSEC validation: the zones are unsigned, as private zones are); answers
  // are cached for their TTL, never served expired, never prefetched.
  return `server:
    interface: 127.0.0.1
    port: ${port}
    do-daemonize: no
    username: ""
    chroot: ""
    directory: "${dir}"
    pidfile: ""
    use-syslog: no
    logfile: ""
    verbosity: 1
    do-ip6: no
    do-not-query-localhost: no
    module-config: "iterator"
    access-control: 127.0.0.0/8 allow
    qname-minimisation: no
    prefetch: no
    serve-expired: no
remote-control:
    control-enable: no
${zones.map((z) => `stub-zone:\n    name: "${z}"\n    stub-addr: 127.0.0.1@${authPort}`).join('\n')}
`;
}

const live = new Set<ChildProcess>();
let exitHook = false;

function daemon(bin: string, args: string[], logFile: string): ChildProcess {
  const log = fs.openSync(logFile, 'a');
  const child = spawn(bin, args, { stdio: ['ignore', log, log] });
  fs.closeSync(log);
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (!exitHook) {
    exitHook = true;
    // This process dies before stop(): the servers must not outlive it.
    process.once('exit', () => live.forEach((c) => c.kill('SIGKILL')));
  }
  return child;
}

async function end(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

async function until(check: () => Promise<boolean>, what: string, dir: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) {
      const logs = ['knotd.log', 'unbound.log'].map((f) => path.join(dir, f)).filter(fs.existsSync).map((f) => `${path.basename(f)}: ${fs.readFileSync(f, 'utf8').trim()}`);
      throw new DnsSetupError(`timed out after ${timeoutMs} ms waiting for ${what}\n${logs.join('\n')}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

function onPath(bin: string): boolean {
  return (process.env.PATH ?? '').split(':').concat('/usr/sbin', '/sbin').some((d) => fs.existsSync(path.join(d, bin)));
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect(port, '127.0.0.1', () => (s.destroy(), resolve(true)));
    s.once('error', () => resolve(false));
  });
}

/** A port free for both TCP and UDP on 127.0.0.1 (DNS listens on both). */
async function freePort(): Promise<number> {
  for (;;) {
    const port = await new Promise<number>((resolve, reject) => {
      const srv = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (srv.address() as net.AddressInfo).port;
        srv.close(() => resolve(p));
      });
      srv.once('error', reject);
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const s = dgram.createSocket('udp4');
      s.once('error', () => resolve(false));
      s.bind(port, '127.0.0.1', () => s.close(() => resolve(true)));
    });
    if (udpFree) return port;
  }
}

/** Whether a process still runs (for the leftovers check after stop()). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
