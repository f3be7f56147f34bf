// The committed HCL is what a fresh synth produces, and it reads as if written by hand.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { staleFiles, synthesize } from '../../generator/synth.js';
import { AWS_PROVIDER_VERSION_CONSTRAINT, TERRAFORM_MIN_VERSION } from '../../modules/versions.js';
import { wrapperDir } from '../../generator/wrappers.js';
import { FILES, committed, parsedFile } from '../../testkit/module/helpers.js';
import { CATALOG, MODULES } from '../../modules/catalog.js';
import { REPO_ROOT } from '../../testkit/module/module-locals.js';

const DOCS_PATH = CATALOG.paths.docs;
const README_PATH = CATALOG.paths.readme;

describe('generated modules', () => {
  it('are up to date with the constructs (npm run check:synth)', async () => {
    expect(await staleFiles(CATALOG, REPO_ROOT)).toEqual([]);
  });

  it('names the stale file when a committed file differs', async () => {
    const { mkdtempSync, cpSync, readFileSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const copy = mkdtempSync(join(tmpdir(), 'replica-dns-stale-'));
    try {
      for (const path of (await synthesize(CATALOG, REPO_ROOT)).keys()) cpSync(join(REPO_ROOT, path), join(copy, path));
      writeFileSync(join(copy, 'modules/reconciler/outputs.tf'), '# edited by hand\n');
      const readme = readFileSync(join(copy, 'examples/complete/README.md'), 'utf8');
      writeFileSync(join(copy, 'examples/complete/README.md'), readme.replace('| ---- | ------- |', '|------|---------|'));
      expect(await staleFiles(CATALOG, REPO_ROOT, copy)).toEqual(['modules/reconciler/outputs.tf', 'examples/complete/README.md']);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  for (const m of MODULES) {
    describe(m.dir === '.' ? 'root module' : m.dir, () => {
      it('has no provider, backend or cloud block', async () => {
        for (const f of FILES) {
          const parsed = await parsedFile(m.dir, f);
          expect(parsed.provider, f).toBeUndefined();
          for (const t of parsed.terraform ?? []) {
            expect(t.backend, f).toBeUndefined();
            expect(t.cloud, f).toBeUndefined();
          }
        }
      });

      it('requires minimum versions only (a reusable module sets no upper bound)', async () => {
        const [terraform] = (await parsedFile(m.dir, 'versions.tf')).terraform;
        expect(terraform.required_version).toBe(`>= ${TERRAFORM_MIN_VERSION}`);
        const [providers] = terraform.required_providers;
        expect(Object.keys(providers)).toEqual(['aws']);
        expect(providers.aws.source).toBe('hashicorp/aws');
        expect(providers.aws.version).toBe(AWS_PROVIDER_VERSION_CONSTRAINT);
        expect(providers.aws.version).toMatch(/^>= \d+\.\d+(\.\d+)?$/);
      });

      it('describes and types every variable, with a fix-it message on every validation', async () => {
        const variables = (await parsedFile(m.dir, 'variables.tf')).variable as Record<string, any[]>;
        expect(Object.keys(variables).sort()).toEqual(m.variables.map((v) => v.name).sort());
        for (const [name, [v]] of Object.entries(variables)) {
          expect(v.description, name).toMatch(/\S{3,}/);
          expect(v.type, name).toBeDefined();
          for (const validation of v.validation ?? []) {
            expect(validation.condition, name).toContain(`var.${name}`);
            expect(validation.error_message, name).toMatch(new RegExp(`^${name} must `));
          }
        }
      });

      it('describes every output', async () => {
        const outputs = (await parsedFile(m.dir, 'outputs.tf')).output as Record<string, any[]>;
        expect(Object.keys(outputs).sort()).toEqual(m.outputs.map((o) => o.name).sort());
        for (const [name, [o]] of Object.entries(outputs)) expect(o.description, name).toMatch(/\S{3,}/);
      });

      it('has no interpolation-only strings and no hashed addresses', () => {
        for (const f of FILES) {
          const text = committed(m.dir, f);
          expect(text, f).not.toMatch(/"\$\{[^"{}]*\}"/);
          expect(text, f).not.toMatch(/^(resource|data) "[^"]+" "[^"]*[A-F0-9]{8}[^"]*"/m);
        }
        const addresses = [...committed(m.dir, 'main.tf').matchAll(/^(?:resource|data) "([^"]+)" "([^"]+)"/gm)].map((x) => x[2]);
        for (const a of addresses) expect(a).toMatch(/^[a-z][a-z0-9_]*$/);
      });

      it('is formatted as terraform fmt would (no tabs, two-space indent, one trailing newline)', () => {
        for (const f of FILES) {
          const text = committed(m.dir, f);
          expect(text.endsWith('\n') && !text.endsWith('\n\n'), f).toBe(true);
          expect(text, f).not.toMatch(/\t| +$/m);
          for (const line of text.split('\n')) expect(line.match(/^ */)![0].length % 2, `${f}: ${line}`).toBe(0);
        }
      });
    });
  }

  it('documents every input and output of every module in its README, with anchors', () => {
    for (const m of MODULES) {
      const readme = readFileSync(join(REPO_ROOT, m.dir, README_PATH), 'utf8');
      const escaped = (name: string): string => name.replace(/_/g, '\\_');
      for (const v of m.variables) expect(readme, `${m.dir}: ${v.name}`).toContain(`<a name="input_${v.name}"></a> [${escaped(v.name)}](#input\\_${escaped(v.name)})`);
      for (const o of m.outputs) expect(readme, `${m.dir}: ${o.name}`).toContain(`<a name="output_${o.name}"></a> [${escaped(o.name)}](#output\\_${escaped(o.name)})`);
      expect(readme).toContain('| Name | Description | Type | Default | Required |\n| ---- | ----------- | ---- | ------- | :------: |');
    }
    const index = readFileSync(join(REPO_ROOT, DOCS_PATH), 'utf8');
    for (const m of MODULES) expect(index).toContain(`](../${join(m.dir, README_PATH)})`);
  });
});

describe('wrappers/', () => {
  for (const m of MODULES) {
    const dir = wrapperDir(m.dir);
    it(`${dir} calls ${m.dir === '.' ? 'the root module' : m.dir} once per item with every input, the module's default last`, async () => {
      const main = await parsedFile(dir, 'main.tf');
      const [call] = main.module.wrapper as Array<Record<string, string>>;
      expect(join(dir, call?.source ?? '').replace(/\/$/, '')).toBe(m.dir);
      expect(call?.for_each).toBe('${var.items}');
      const args = Object.keys(call ?? {}).filter((k) => k !== 'source' && k !== 'for_each');
      expect(args.sort()).toEqual(m.variables.map((v) => v.name).sort());
      const declared = (await parsedFile(m.dir, 'variables.tf')).variable as Record<string, Array<Record<string, unknown>>>;
      for (const v of m.variables) {
        const expr = call?.[v.name] ?? '';
        expect(expr.startsWith(`\${try(each.value.${v.name}, var.defaults.${v.name}`), v.name).toBe(true);
        // Required inputs get no fallback (missing stays an error); optional ones the module's default.
        const hasDefault = 'default' in (declared[v.name]?.[0] ?? {});
        expect(expr.endsWith(`var.defaults.${v.name})}`), v.name).toBe(!hasDefault);
      }
    });
  }
});
