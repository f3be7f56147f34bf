// Cold init: the time a fresh Node.js process takes to import a handler module (what Lambda
// pays in the init phase: parse + evaluate the bundle, read config, create SDK clients).
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';

const PROBE = [
  'const t0 = performance.now();',
  'await import(process.env.BENCH_IMPORT_URL);',
  'process.stdout.write(String(performance.now() - t0));',
].join('\n');

/** Import time of one fresh process, in milliseconds. */
export function importOnce(file: string, env: Record<string, string>): number {
  const result = spawnSync(process.execPath, ['--no-warnings', '--input-type=module', '-e', PROBE], {
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
export function measureColdInit(files: Record<string, string>, env: Record<string, string>, runs: number): Record<string, { medianMs: number; samplesMs: number[] }> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(files).map((k) => [k, []]));
  for (const file of Object.values(files)) importOnce(file, env); // warm the OS file cache
  for (let i = 0; i < runs; i++) {
    for (const [name, file] of Object.entries(files)) samples[name]!.push(importOnce(file, env));
  }
  return Object.fromEntries(
    Object.entries(samples).map(([name, values]) => [name, { medianMs: round(median(values)), samplesMs: values.map(round) }]),
  );
}

export function round(value: number): number {
  return Math.round(value * 10) / 10;
}
