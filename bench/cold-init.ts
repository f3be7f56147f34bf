// Cold init: the time a fresh Node.js process takes to import a handler module (what Lambda
// pays in the init phase: parse + evaluate the bundle, read config, create SDK clients), measured
// with the Node.js Lambda runs the reconciler on by default: the nodejs22.x binary pinned in
// testkit/emulator/lambda-runtimes.txt (installed by testkit/emulator/install.sh, linux x64 only), else
// this process's node. The report's `coldInitNode` says which version it was.
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { ensureLambdaRuntimes, installedRuntimeNode } from '../testkit/emulator/emulator.js';

/** The module's default Lambda runtime. */
export const COLD_INIT_RUNTIME = 'nodejs22.x';

/** The node binary cold init is measured with: nodejs22.x's pinned Node.js when installed (installing
 *  it when missing, as the emulator does), else this process's node. */
export function coldInitNode(): { path: string; version: string } {
  try {
    ensureLambdaRuntimes();
  } catch (error) {
    console.error(`cold init: could not install the ${COLD_INIT_RUNTIME} Node.js (${String(error)}); using ${process.version}`);
  }
  const pinned = installedRuntimeNode(COLD_INIT_RUNTIME);
  if (pinned) {
    const ran = spawnSync(pinned.path, ['--version'], { encoding: 'utf8' });
    if (ran.status === 0 && ran.stdout.trim() === pinned.version) return pinned;
  }
  console.error(`cold init: the ${COLD_INIT_RUNTIME} Node.js is not installed; measuring with this process's node ${process.version}`);
  return { path: process.execPath, version: process.version };
}

const PROBE = [
  'const t0 = performance.now();',
  'await import(process.env.BENCH_IMPORT_URL);',
  'process.stdout.write(String(performance.now() - t0));',
].join('\n');

/** Import time of one fresh process of `node`, in milliseconds. */
export function importOnce(file: string, env: Record<string, string>, node: string = process.execPath): number {
  const result = spawnSync(node, ['--no-warnings', '--input-type=module', '-e', PROBE], {
    env: { PATH: process.env.PATH ?? '', ...env, BENCH_IMPORT_URL: pathToFileURL(file).href },
    encoding: 'utf8',
  });
  if (result.status !== 0) throw new Error(`import of ${file} failed: ${result.stderr}`);
  return Number(result.stdout);
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Median import times of several modules, measured interleaved so drift hits all alike. */
export function measureColdInit(
  files: Record<string, string>,
  env: Record<string, string>,
  runs: number,
  node: string = process.execPath,
): Record<string, { medianMs: number; samplesMs: number[] }> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(files).map((k) => [k, []]));
  for (const file of Object.values(files)) importOnce(file, env, node); // warm the OS and node caches
  for (let i = 0; i < runs; i++) {
    for (const [name, file] of Object.entries(files)) samples[name]!.push(importOnce(file, env, node));
  }
  return Object.fromEntries(
    Object.entries(samples).map(([name, values]) => [name, { medianMs: round(median(values)), samplesMs: values.map(round) }]),
  );
}

export function round(value: number): number {
  return Math.round(value * 10) / 10;
}
