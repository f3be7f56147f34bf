// redis-py (PyPI, pinned in testkit/e2e/redis-py/requirements.txt, its own small venv) reading
// through the names by the TLS recipe (testkit/e2e/redis-py/reader.py): one Python process, a
// thread per name, each read a JSON line kept as a Read like node-redis's (client.ts).
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import type { NameReader, Read } from './client.js';
import { ROOT } from './stage.js';

const DIR = path.join(ROOT, 'testkit/e2e/redis-py');

/** The venv's python, installing it when missing or out of date; throws naming what failed and how to fix it. */
export function ensureRedisPy(): string {
  try {
    return execFileSync('bash', [path.join(DIR, 'install.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').at(-1)!;
  } catch (cause) {
    throw new Error(`the redis-py client check needs its venv: bash ${path.relative(ROOT, DIR)}/install.sh failed (python3 with venv, and PyPI for redis and dnspython)`, { cause });
  }
}

export interface RedisPyTarget {
  readonly resolver: string;
  readonly port: number;
  /** The CA's PEM file (emu.tlsCaFile). */
  readonly caFile: string;
  readonly password?: string;
}

/** Starts redis-py readers of `key` on every name; resolves once the process runs. */
export async function readThroughRedisPy(names: readonly string[], key: string, t: RedisPyTarget): Promise<NameReader[]> {
  const python = ensureRedisPy();
  const args = [path.join(DIR, 'reader.py'), '--resolver', t.resolver, '--port', String(t.port), '--ca', t.caFile, '--key', key, ...names];
  const child = spawn(python, args, { env: { ...process.env, REDIS_AUTH: t.password ?? '' }, stdio: ['pipe', 'pipe', 'pipe'] });
  const reads = new Map<string, Read[]>(names.map((n) => [n, []]));
  const connections = new Map<string, number>();
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.once('close', resolve));
  const ready = new Promise<void>((resolve, reject) => {
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      const record = JSON.parse(line) as Read & { ready?: boolean };
      if (record.ready) return resolve();
      reads.get(record.name)?.push(record);
      connections.set(record.name, Math.max(connections.get(record.name) ?? 0, record.connection));
    });
    void exited.then((code) => reject(new Error(`redis-py reader exited with ${code} before it was ready: ${stderr.trim()}`)));
  });
  await ready;
  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      child.stdin!.end();
      const code = await exited;
      if (code !== 0) throw new Error(`redis-py reader exited with ${code}: ${stderr.trim()}`);
    })());
  return names.map((name) => ({
    name,
    reads: reads.get(name)!,
    get connections() {
      return connections.get(name) ?? 0;
    },
    stop,
  }));
}

/** redis-py connecting with TLS to `name` itself, verifying against it: the error it fails with (null: it connected). */
export function redisPyOnOurName(name: string, t: RedisPyTarget): string | null {
  const out = execFileSync(ensureRedisPy(), [path.join(DIR, 'reader.py'), '--resolver', t.resolver, '--port', String(t.port), '--ca', t.caFile, '--our-name', name], {
    encoding: 'utf8',
    env: { ...process.env, REDIS_AUTH: t.password ?? '' },
  });
  return (JSON.parse(out.trim()) as { error: string | null }).error;
}
