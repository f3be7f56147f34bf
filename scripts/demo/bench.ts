// The 2018 AWS blog's measurement: redis-benchmark with a new connection per request (-k 0)
// against every read name, then the connections each node received (INFO stats
// total_connections_received, before and after). No DNS server runs here, so each name is resolved
// through the zone (ListResourceRecordSets: CNAME value = the node's loopback address).
// A transit-encrypted group's nodes speak TLS only: then redis-benchmark runs with `--tls --cacert
// <the emulator's CA>` and AUTH (`--user default -a <token>`), and INFO goes over TLS too. hiredis
// (redis-benchmark, redis-cli) verifies the chain, not the host name (`--sni` only sends one), and
// the demo's nodes are addresses, not names: step 7 shows host-name verification through DNS.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';

/** How to reach a TLS-only node: the CA's PEM file and the AUTH token (if the group has one). */
export interface BenchTls {
  readonly caFile: string;
  readonly password?: string;
}

export const BENCH = { requests: 2000, clients: 10, test: 'get' } as const;

/** Child processes running now, for the stop handler. */
export const running = new Set<ChildProcess>();

export function benchmarkAvailable(): boolean {
  return spawnSync('redis-benchmark', ['--version'], { stdio: 'ignore' }).status === 0;
}

/** One command over RESP (after AUTH with `secure`); resolves with the raw reply text (enough for INFO's bulk string). */
function command(host: string, port: number, args: string[], secure: BenchTls | undefined, timeoutMs = 3000): Promise<string> {
  return new Promise((resolve, reject) => {
    // By address: the chain is verified against the CA, the host name cannot be (the header says why).
    const sock = secure ? tls.connect({ host, port, ca: fs.readFileSync(secure.caFile), checkServerIdentity: () => undefined }) : net.connect({ host, port });
    const resp = (parts: string[]) => `*${parts.length}\r\n` + parts.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('');
    const auth = secure?.password ? resp(['AUTH', secure.password]) : '';
    let buf = Buffer.alloc(0);
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`${args[0]} on ${host}:${port} timed out`));
    }, timeoutMs);
    const done = (error: Error | null, value?: string) => {
      clearTimeout(timer);
      sock.destroy();
      if (error) reject(error);
      else resolve(value!);
    };
    sock.on(secure ? 'secureConnect' : 'connect', () => sock.write(auth + resp(args)));
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      if (auth && buf.subarray(0, 5).toString() === '+OK\r\n') buf = buf.subarray(5);
      const text = buf.toString('utf8');
      if (text.startsWith('-')) return done(new Error(`${args[0]} on ${host}:${port}: ${text.trim()}`));
      const m = /^\$(\d+)\r\n/.exec(text);
      if (m && buf.length >= m[0].length + Number(m[1]) + 2) done(null, buf.subarray(m[0].length, m[0].length + Number(m[1])).toString('utf8'));
    });
    sock.on('error', (e) => done(e));
  });
}

/** INFO stats total_connections_received of the node (this query's own connection included). */
export async function connectionsReceived(host: string, port: number, secure?: BenchTls): Promise<number> {
  const info = await command(host, port, ['INFO', 'stats'], secure);
  const m = /^total_connections_received:(\d+)/m.exec(info);
  if (!m) throw new Error(`INFO stats on ${host}:${port}: no total_connections_received`);
  return Number(m[1]);
}

export interface BenchResult {
  readonly requestsPerSecond: number;
  readonly p50ms: number | null;
}

/** The redis-benchmark options for a TLS-only node with AUTH. */
export function benchmarkTlsArgs(secure: BenchTls | undefined): string[] {
  if (!secure) return [];
  return ['--tls', '--cacert', secure.caFile, ...(secure.password ? ['--user', 'default', '-a', secure.password] : [])];
}

/** redis-benchmark -k 0 against host:port (over TLS with `secure`), bounded by timeoutMs. */
export function benchmark(host: string, port: number, secure?: BenchTls, timeoutMs = 60_000): Promise<BenchResult> {
  const args = ['-h', host, '-p', String(port), ...benchmarkTlsArgs(secure), '-n', String(BENCH.requests), '-c', String(BENCH.clients), '-t', BENCH.test, '-k', '0', '-q'];
  return new Promise((resolve, reject) => {
    const child = spawn('redis-benchmark', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(child);
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      running.delete(child);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      running.delete(child);
      // -q prints progress with \r, then e.g. "GET: 15873.02 requests per second, p50=0.311 msec"
      const m = /GET: ([\d.]+) requests per second(?:, p50=([\d.]+) msec)?/.exec(out.split('\r').pop() ?? '') ?? /GET: ([\d.]+) requests per second(?:, p50=([\d.]+) msec)?/.exec(out);
      if (code !== 0 || !m) return reject(new Error(`redis-benchmark ${args.map((a) => (a === secure?.password ? '<token>' : a)).join(' ')}: exit ${code ?? signal}${signal === 'SIGKILL' ? ` (killed after ${timeoutMs} ms)` : ''}: ${out.trim().slice(-400)}`));
      resolve({ requestsPerSecond: Number(m[1]), p50ms: m[2] ? Number(m[2]) : null });
    });
  });
}
