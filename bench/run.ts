// npm run bench -- --out FILE [--runs N] [--no-emulator] [--emulator-runs N] [--failovers N] [--poll-ms N]
//
// Measures the shipped bundle against a naive baseline built in the same run (size, cold
// import time), then runs the reconcile scenarios with the *bundled* handler against an
// in-process fake of ElastiCache and Route 53, counting API calls and changed records, and
// (unless --no-emulator) the same scenarios against the local AWS emulator through the committed
// zip deployed as a Lambda function (bench/emulator-scenarios.ts: requests received per reconcile,
// reconcile wall time, time from TestFailover to correct records). Prints the JSON and writes it to FILE.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { base64Sha256, buildArtifact, DIST, ZIP_NAME } from '../lambda/build.js';
import { BASELINE_ESBUILD_ARGS, buildBaseline } from './baseline.js';
import { coldInitNode, measureColdInit, round } from './cold-init.js';
import { runEmulatorBench, type EmulatorReport } from './emulator-scenarios.js';
import { startFakeAws } from './fake-aws-server.js';
import { runScenario, SCENARIOS, type ScenarioResult, type ScenarioWorld } from './scenarios.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const ZONE_ID = 'Z0BENCH';
const ZONE_NAME = 'cache.example.internal';

/** The reconciler's environment (config must pass), with credentials as Lambda provides them. */
function lambdaEnv(endpoint: string): Record<string, string> {
  return {
    REPLICATION_GROUP_ID: 'g',
    HOSTED_ZONE_ID: ZONE_ID,
    HOSTED_ZONE_NAME: ZONE_NAME,
    RECORD_NAME_TEMPLATE: `read{n}.${ZONE_NAME}`,
    OWNER_ID: 'bench',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDBENCH',
    AWS_SECRET_ACCESS_KEY: 'bench-secret',
    AWS_SESSION_TOKEN: 'bench-token',
    AWS_ENDPOINT_URL: endpoint,
  };
}

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function runScenarios(shippedIndex: string): Promise<Record<string, ScenarioResult>> {
  const fake = await startFakeAws(ZONE_ID, ZONE_NAME);
  Object.assign(process.env, lambdaEnv(fake.endpoint));
  // The handler logs one JSON line (and one EMF line) per run to stdout: keep them off the report.
  const logLines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const { handler } = (await import(pathToFileURL(shippedIndex).href)) as { handler: (event: unknown) => Promise<{ outcome?: string }> };
  const world: ScenarioWorld = {
    reset: (spec) => fake.reset(spec),
    setGroup: (spec) => {
      fake.group.spec = spec;
    },
    resetCounters: () => fake.resetCounters(),
    counters: () => fake.counters(),
    cnames: () => fake.zone.cnames(),
    invoke: async (event) => {
      process.stdout.write = ((chunk: string | Uint8Array) => logLines.push(String(chunk)) > 0) as typeof process.stdout.write;
      try {
        return await handler(event);
      } finally {
        process.stdout.write = write;
      }
    },
  };
  try {
    const results: Record<string, ScenarioResult> = {};
    for (const scenario of SCENARIOS) results[scenario.name] = await runScenario(world, scenario);
    return results;
  } finally {
    await fake.close();
  }
}

async function main(): Promise<void> {
  const out = option('--out');
  const runs = Number(option('--runs') ?? 15);
  if (!Number.isInteger(runs) || runs < 10) throw new Error('--runs must be an integer ≥ 10');
  const withEmulator = !process.argv.includes('--no-emulator');
  const emulatorRuns = Number(option('--emulator-runs') ?? 20);
  if (!Number.isInteger(emulatorRuns) || emulatorRuns < 20) throw new Error('--emulator-runs must be an integer ≥ 20');
  const failovers = Number(option('--failovers') ?? 10);
  if (!Number.isInteger(failovers) || failovers < 3) throw new Error('--failovers must be an integer ≥ 3');
  const pollMs = Number(option('--poll-ms') ?? 10);
  if (!Number.isFinite(pollMs) || pollMs < 0) throw new Error('--poll-ms must be a number ≥ 0');
  const temp = mkdtempSync(join(tmpdir(), 'reconciler-bench-'));
  try {
    // Shipped bundle, built fresh (and compared with the committed zip).
    const shippedDir = join(temp, 'shipped');
    const shipped = await buildArtifact(shippedDir);
    const shippedIndex = join(shippedDir, 'index.mjs');
    writeFileSync(shippedIndex, shipped.code);
    const committedSha = (() => {
      try {
        return base64Sha256(readFileSync(join(DIST, ZIP_NAME)));
      } catch {
        return undefined;
      }
    })();

    const baselineDir = join(temp, 'baseline');
    mkdirSync(baselineDir, { recursive: true });
    const baseline = await buildBaseline(baselineDir, join(root, 'node_modules'));

    // Endpoint of a closed port: importing must not call AWS.
    // With the Node.js of the default Lambda runtime (nodejs22.x) when installed, as Lambda runs it.
    const coldNode = coldInitNode();
    const cold = measureColdInit({ shipped: shippedIndex, baseline: baseline.file }, lambdaEnv('http://127.0.0.1:9'), runs, coldNode.path);
    // Before the in-process scenarios, which set the reconciler's environment in this process.
    const emulator: EmulatorReport | undefined = withEmulator ? await runEmulatorBench({ runs: emulatorRuns, failovers, pollMs }) : undefined;
    const scenarios = await runScenarios(shippedIndex);

    const bundle = {
      zipBytes: shipped.zip.length,
      unzippedBytes: shipped.code.length,
      coldInitMs: cold.shipped!.medianMs,
      sha256: shipped.sha256,
      matchesCommittedZip: committedSha === shipped.sha256,
    };
    const naive = {
      zipBytes: baseline.zipBytes,
      unzippedBytes: baseline.unzippedBytes,
      coldInitMs: cold.baseline!.medianMs,
      esbuild: BASELINE_ESBUILD_ARGS,
    };
    const changed = ['failover', 'addReplica', 'removeReplica'] as const;
    const report = {
      node: process.version,
      coldInitRuns: runs,
      coldInitNode: coldNode.version,
      coldInitMs: bundle.coldInitMs,
      bundle,
      baseline: naive,
      reduction: {
        zipBytesPercent: round((1 - bundle.zipBytes / naive.zipBytes) * 100),
        unzippedBytesPercent: round((1 - bundle.unzippedBytes / naive.unzippedBytes) * 100),
        coldInitPercent: round((1 - bundle.coldInitMs / naive.coldInitMs) * 100),
      },
      coldInitSamplesMs: { bundle: cold.shipped!.samplesMs, baseline: cold.baseline!.samplesMs },
      scenarios,
      targets: {
        inSyncWritesZero: scenarios.inSync!.route53Writes === 0,
        oneWriteOtherwise: changed.every((name) => scenarios[name]!.route53Writes === 1),
        oneReadEach: Object.values(scenarios).every((s) => s.route53Reads === 1),
        failoverChangesOneRecord: scenarios.failover!.recordsChanged === 1,
        bundleAtLeast25PercentSmaller: bundle.zipBytes <= naive.zipBytes * 0.75,
        bundleImportsFaster: bundle.coldInitMs < naive.coldInitMs,
      },
      ...(emulator ? { emulator } : {}),
    };
    const json = JSON.stringify(report, null, 2);
    console.log(json);
    if (out) {
      mkdirSync(dirname(resolve(out)), { recursive: true });
      writeFileSync(out, `${json}\n`);
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
