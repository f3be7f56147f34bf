// The npm package as a CDKTF user installs it: packed, installed from the tarball into a fresh app
// outside the repository (examples/cdktf's main.ts, importing the package by name), type-checked,
// synthesized with `cdktf synth` and applied by real Terraform against the emulator through the
// example's whole life (testkit/e2e/lifecycle.ts), then destroyed. Prints the time of each step.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeLifecycle } from '../../testkit/e2e/lifecycle.js';
import { binariesFor } from '../../testkit/e2e/matrix.js';
import { createPackageApp, PACKAGE_NAME, type PackageApp } from '../../testkit/e2e/package-app.js';
import { ROOT, stageDir } from '../../testkit/e2e/stage.js';

const started = Date.now();
let app: PackageApp;

beforeAll(async () => {
  app = await createPackageApp();
}, 600_000);

afterAll(() => {
  if (!app) return;
  app.remove();
  const steps = [...app.timings].map(([step, seconds]) => `  ${step.padEnd(26)} ${seconds.toFixed(1)} s`).join('\n');
  const total = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`package: tarball ${app.tarball.size} bytes, ${app.tarball.files.length} files\n${steps}\n  whole test (with clean-up) ${total} s`);
});

/** What may ship: the manifest, README, LICENSE, the compiled constructs and the toolkit they use, their types, the zip; for CDKTF (dist/) and CDK Terrain (dist-cdktn/). */
const SHIPPABLE = /^(package\.json|README\.md|LICENSE|dist(-cdktn)?\/(modules|generator|lambda\/src)\/[\w/-]+\.(js|d\.ts)|dist(-cdktn)?\/lambda\/dist\/reconciler\.zip)$/;

describe('the npm package, installed in a fresh CDKTF app', () => {
  it('the tarball holds the compiled constructs, their types and the reconciler zip, and nothing else', () => {
    const paths = app.tarball.files.map((f) => f.path);
    expect(paths.filter((p) => !SHIPPABLE.test(p)), 'files that should not ship').toEqual([]);
    for (const dist of ['dist', 'dist-cdktn']) {
      for (const needed of ['modules/index.js', 'modules/index.d.ts', 'lambda/dist/reconciler.zip']) expect(paths).toContain(`${dist}/${needed}`);
    }
    const installedZip = path.join(app.dir, 'node_modules', PACKAGE_NAME, 'dist/lambda/dist/reconciler.zip');
    expect(fs.readFileSync(installedZip).equals(fs.readFileSync(path.join(ROOT, 'lambda/dist/reconciler.zip'))), 'the installed zip is the committed one').toBe(true);
  });

  it('the package name resolves, through the exports map, to the installed files (not the repository)', async () => {
    const url = await app.exec('resolve', process.execPath, ['--input-type=module', '-e', `console.log(import.meta.resolve('${PACKAGE_NAME}'))`]);
    const file = fileURLToPath(url.trim());
    expect(file).toBe(path.join(fs.realpathSync(app.dir), 'node_modules', PACKAGE_NAME, 'dist', 'modules', 'index.js'));
    expect(path.relative(ROOT, file).startsWith('..'), `${file} is outside the repository`).toBe(true);
  });

  it("the app type-checks against the package's declarations (tsc, strict)", async () => {
    await app.exec('tsc', process.execPath, [path.join('node_modules', 'typescript', 'bin', 'tsc'), '-p', '.']);
  });
});

for (const binary of binariesFor('package')) {
  describeLifecycle(
    {
      example: 'cdktf-npm-package',
      name: 'replica-dns-cdktf',
      recordCount: 2,
      stage: async () => {
        const stage = stageDir('package');
        await app.synthInto(stage.dir);
        return stage;
      },
      // The user edits a prop in main.ts and runs `cdktf synth` again.
      changeTtl: async (stage, ttl) => {
        const main = path.join(app.dir, 'main.ts');
        const before = fs.readFileSync(main, 'utf8');
        const after = before.replace(/^  synthesize\(\);$/m, `  synthesize(undefined, { recordTtl: ${ttl} });`);
        if (after === before) throw new Error(`main.ts of the app no longer ends in "  synthesize();": update ${path.basename(import.meta.url)}`);
        fs.writeFileSync(main, after);
        await app.synthInto(stage.dir);
      },
    },
    binary,
  );
}
