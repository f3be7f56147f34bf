// The npm package in a CDK Terrain app: packed, installed from the tarball with cdktn,
// @cdktn/provider-aws and constructs (no cdktf) into a fresh app outside the repository, whose
// main.ts is examples/cdktf's with the imports renamed as a user moving to CDK Terrain renames them
// (testkit/e2e/package-app.ts appSource), type-checked, synthesized with `cdktn synth` and applied
// by real Terraform against the emulator (apply, a clean plan, destroy: the CDKTF app's whole life
// is test/e2e/package.test.ts). Runs on Node.js 22 (cdktn-cli 0.24.0 and @cdktn/provider-aws
// 25.7.0 declare Node.js >= 22.19 and >= 22.11): the emulator's nodejs22.x binary first on PATH.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { synthesize } from '../../examples/cdktf/main.js';
import { ensureLambdaRuntimes, installedRuntimeNode } from '../../testkit/emulator/emulator.js';
import { describeLifecycle } from '../../testkit/e2e/lifecycle.js';
import { binariesFor } from '../../testkit/e2e/matrix.js';
import { createPackageApp, STACK, type PackageApp } from '../../testkit/e2e/package-app.js';
import { stageDir } from '../../testkit/e2e/stage.js';

const started = Date.now();
let app: PackageApp;
let nodeVersion = '';

beforeAll(async () => {
  ensureLambdaRuntimes();
  const node = installedRuntimeNode('nodejs22.x');
  if (!node) throw new Error('no Node.js 22 for the CDK Terrain app: bash testkit/emulator/install.sh --lambda-runtimes-only (Linux x86_64; it fetches the nodejs22.x binary from the npm registry)');
  nodeVersion = node.version;
  app = await createPackageApp('cdktn', { env: { PATH: `${path.dirname(node.path)}${path.delimiter}${process.env.PATH ?? ''}` } });
}, 600_000);

afterAll(() => {
  if (!app) return;
  app.remove();
  const steps = [...app.timings].map(([step, seconds]) => `  ${step.padEnd(26)} ${seconds.toFixed(1)} s`).join('\n');
  console.log(`package (CDK Terrain app, Node.js ${nodeVersion}):\n${steps}\n  whole test (with clean-up) ${((Date.now() - started) / 1000).toFixed(1)} s`);
});

/** `type.name` of every resource and data source of a synthesized stack. */
function addresses(stack: { resource?: Record<string, Record<string, unknown>>; data?: Record<string, Record<string, unknown>> }): string[] {
  const of = (kind: string, section: Record<string, Record<string, unknown>> = {}) =>
    Object.entries(section).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${kind}${type}.${name}`));
  return [...of('', stack.resource), ...of('data.', stack.data)].sort();
}

describe('the npm package, installed in a fresh CDK Terrain app', () => {
  it('the ./cdktn entry resolves, through the exports map, to the CDK Terrain build', async () => {
    const url = await app.exec('resolve', process.execPath, ['--input-type=module', '-e', `console.log(import.meta.resolve('${app.entry}'))`]);
    expect(fileURLToPath(url.trim())).toBe(path.join(fs.realpathSync(app.dir), 'node_modules', 'elasticache-replica-dns', 'dist-cdktn', 'modules', 'index.js'));
  });

  it('the app has cdktn and no cdktf: the optional peers of the other framework are not installed', () => {
    const installed = (name: string) => fs.existsSync(path.join(app.dir, 'node_modules', name, 'package.json'));
    expect({ cdktn: installed('cdktn'), '@cdktn/provider-aws': installed('@cdktn/provider-aws') }).toEqual({ cdktn: true, '@cdktn/provider-aws': true });
    expect({ cdktf: installed('cdktf'), '@cdktf/provider-aws': installed('@cdktf/provider-aws') }).toEqual({ cdktf: false, '@cdktf/provider-aws': false });
  });

  it("the app type-checks against the package's declarations (tsc, strict)", async () => {
    await app.exec('tsc', 'node', [path.join('node_modules', 'typescript', 'bin', 'tsc'), '-p', '.']);
  });

  it('synthesizes the same resource addresses as the CDKTF app: a move keeps the state', async () => {
    const cdktn = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-cdktn-synth-'));
    const cdktf = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-cdktf-synth-'));
    try {
      await app.synthInto(cdktn);
      synthesize(cdktf);
      const read = (file: string) => JSON.parse(fs.readFileSync(file, 'utf8'));
      const fromCdktn = addresses(read(path.join(cdktn, 'cdk.tf.json')));
      const fromCdktf = addresses(read(path.join(cdktf, 'stacks', STACK, 'cdk.tf.json')));
      expect(fromCdktn.length).toBeGreaterThan(20);
      expect(fromCdktn).toEqual(fromCdktf);
    } finally {
      fs.rmSync(cdktn, { recursive: true, force: true });
      fs.rmSync(cdktf, { recursive: true, force: true });
    }
  });
});

for (const binary of binariesFor('package-cdktn')) {
  describeLifecycle(
    {
      example: 'cdktn-npm-package',
      name: 'replica-dns-cdktf', // examples/cdktf's name, kept by the renamed app
      recordCount: 2,
      applyOnly: true,
      stage: async () => {
        const stage = stageDir('package-cdktn');
        await app.synthInto(stage.dir);
        return stage;
      },
      changeTtl: () => {
        throw new Error('applyOnly: no configuration change');
      },
      // A CDKTF app moved to CDK Terrain: the CDKTF synthesis of the same app on this state.
      equivalent: {
        label: 'the same app synthesized by CDKTF',
        write: (dir) => {
          const out = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-cdktf-synth-'));
          try {
            synthesize(out);
            fs.cpSync(path.join(out, 'stacks', STACK), dir, { recursive: true });
          } finally {
            fs.rmSync(out, { recursive: true, force: true });
          }
        },
        restore: (dir) => app.synthInto(dir),
      },
    },
    binary,
  );
}
