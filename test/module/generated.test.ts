// The committed HCL is what a fresh synth produces, and it reads as if written by hand.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXED_FILES } from '../../generator/hcl.js';
import { GENERATED_BY, staleFiles, synthesize, writeFiles } from '../../generator/synth.js';
import { AWS_PROVIDER_VERSION_CONSTRAINT, TERRAFORM_MIN_VERSION } from '../../modules/versions.js';
import { wrapperDir } from '../../generator/wrappers.js';
import { CATALOG, MODULES, REPO_ROOT, committed, parsedFile, tfFiles } from '../../testkit/module/helpers.js';

const DOCS_PATH = CATALOG.paths.docs;
const README_PATH = CATALOG.paths.readme;

describe('generated modules', () => {
  it('are up to date with the constructs (npm run check:synth)', async () => {
    expect(await staleFiles(CATALOG, REPO_ROOT)).toEqual([]);
  });

  /** A copy of every generated file, edited by `edit`, then what the check says of it. */
  async function staleAfter(edit: (copy: string) => void): Promise<Array<{ path: string; problem: string }>> {
    const copy = mkdtempSync(join(tmpdir(), 'replica-dns-stale-'));
    try {
      for (const path of (await synthesize(CATALOG, REPO_ROOT)).keys()) cpSync(join(REPO_ROOT, path), join(copy, path));
      edit(copy);
      return await staleFiles(CATALOG, REPO_ROOT, copy);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }

  it('names the stale file when a committed file differs or is missing', async () => {
    const stale = await staleAfter((copy) => {
      writeFileSync(join(copy, 'modules/reconciler/outputs.tf'), '# edited by hand\n');
      const readme = readFileSync(join(copy, 'examples/complete/README.md'), 'utf8');
      writeFileSync(join(copy, 'examples/complete/README.md'), readme.replace('| ---- | ------- |', '|------|---------|'));
      rmSync(join(copy, 'modules/reconciler/iam.tf'));
    });
    expect(stale.map((s) => s.path)).toEqual(['modules/reconciler/iam.tf', 'modules/reconciler/outputs.tf', 'examples/complete/README.md']);
    expect(stale[0]!.problem).toMatch(/^is missing; run `npm run synth`/);
    expect(stale[1]!.problem).toMatch(/^differs from a fresh synth; run `npm run synth`/);
  });

  it('names a .tf file beside generated ones that the synth no longer writes (a moved section)', async () => {
    const header = committed('modules/reconciler', 'iam.tf').split('\n')[0]!;
    const stale = await staleAfter((copy) => {
      // A section's old file, as a synth before the move wrote it; and a hand-written file.
      writeFileSync(join(copy, 'modules/reconciler/lambda.tf'), `${header}\n\nlocals {}\n`);
      writeFileSync(join(copy, 'wrappers/extra.tf'), 'locals {}\n');
    });
    expect(stale).toEqual([
      { path: 'modules/reconciler/lambda.tf', problem: expect.stringMatching(/no longer writes it .*run `npm run synth` \(it removes the file\)/) },
      { path: 'wrappers/extra.tf', problem: expect.stringMatching(/not written by the synth.*delete it/) },
    ]);
  });

  it('npm run synth removes a generated .tf file it no longer writes, and nobody else\'s', async () => {
    const out = mkdtempSync(join(tmpdir(), 'replica-dns-orphans-'));
    try {
      const files = await synthesize(CATALOG, REPO_ROOT);
      writeFiles(out, files);
      writeFileSync(join(out, 'modules/reconciler/lambda.tf'), `# ${GENERATED_BY} modules/reconciler/reconciler.ts; do not edit.\n`);
      writeFileSync(join(out, 'modules/reconciler/mine.tf'), 'locals {}\n');
      expect(writeFiles(out, files)).toEqual(['modules/reconciler/lambda.tf']);
      expect(existsSync(join(out, 'modules/reconciler/lambda.tf'))).toBe(false);
      expect(existsSync(join(out, 'modules/reconciler/mine.tf'))).toBe(true);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('opens every generated .tf file with one line naming existing sources', async () => {
    const files = await synthesize(CATALOG, REPO_ROOT);
    const tf = [...files.keys()].filter((p) => p.endsWith('.tf'));
    expect(tf.length).toBeGreaterThan(30);
    for (const path of tf) {
      const [first, second] = committed(dirname(path), path.split('/').pop()!).split('\n');
      const m = new RegExp(`^# ${GENERATED_BY.replace(/[`()]/g, '\\$&')} (.+?)(?: \\(.*\\))?; do not edit\\.$`).exec(first ?? '');
      expect(m, `${path}: ${first}`).not.toBeNull();
      expect(second, path).toBe('');
      const sources = m![1]!.split(/, | and /);
      for (const source of sources) expect(existsSync(join(REPO_ROOT, source)), `${path} names ${source}`).toBe(true);
    }
  });

  it('.gitattributes marks exactly the files generated whole as linguist-generated (git reads it so)', async () => {
    const files = await synthesize(CATALOG, REPO_ROOT);
    const paths = [...files.keys(), ...(CATALOG.otherGenerated ?? [])].filter((p) => p !== CATALOG.paths.gitattributes);
    const out = execFileSync('git', ['check-attr', 'linguist-generated', '--', ...paths], { cwd: REPO_ROOT, encoding: 'utf8' });
    const attr = new Map(out.trim().split('\n').map((line) => [line.split(': ')[0]!, line.split(': ').pop()!]));
    const partial = [CATALOG.paths.readme, ...paths.filter((p) => p.startsWith('examples/'))];
    for (const path of paths) expect(attr.get(path), path).toBe(partial.includes(path) ? 'unspecified' : 'true');
    expect(partial.length).toBeGreaterThan(1);
  });

  for (const m of MODULES) {
    describe(m.dir === '.' ? 'root module' : m.dir, () => {
      it('has main.tf, variables.tf, outputs.tf and versions.tf, and section files only beside them', () => {
        const files = tfFiles(m.dir);
        for (const f of FIXED_FILES) expect(files, m.dir).toContain(f);
        if (m.singleFile) expect(files.sort()).toEqual([...FIXED_FILES].sort());
      });

      it('has no provider, backend or cloud block', async () => {
        for (const f of tfFiles(m.dir)) {
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
        const addresses: string[] = [];
        for (const f of tfFiles(m.dir)) {
          const text = committed(m.dir, f);
          expect(text, f).not.toMatch(/"\$\{[^"{}]*\}"/);
          expect(text, f).not.toMatch(/^(resource|data) "[^"]+" "[^"]*[A-F0-9]{8}[^"]*"/m);
          addresses.push(...[...text.matchAll(/^(?:resource|data) "([^"]+)" "([^"]+)"/gm)].map((x) => x[2]!));
        }
        expect(addresses.length, m.dir).toBeGreaterThan(0);
        for (const a of addresses) expect(a).toMatch(/^[a-z][a-z0-9_]*$/);
      });

      it('is formatted as terraform fmt would (no tabs, two-space indent, one trailing newline)', () => {
        for (const f of tfFiles(m.dir)) {
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

describe('file layout, as terraform-aws-modules (a file per concern)', () => {
  /** `type.name` (data sources `data.type.name`) → the file that declares it. */
  function fileOfEach(dir: string): Map<string, string> {
    const where = new Map<string, string>();
    for (const f of tfFiles(dir)) {
      for (const [, kind, type, name] of committed(dir, f).matchAll(/^(resource|data) "([^"]+)" "([^"]+)"/gm)) {
        where.set(`${kind === 'data' ? 'data.' : ''}${type}.${name}`, f);
      }
    }
    return where;
  }
  /** Where each kind of resource belongs, by type. */
  const FILE_OF_TYPE: ReadonlyArray<[RegExp, string]> = [
    [/^(data\.)?aws_iam_/, 'iam.tf'],
    [/^(aws_sns_topic_subscription|aws_lambda_permission|aws_cloudwatch_event_(rule|target))\./, 'triggers.tf'],
    [/^aws_cloudwatch_metric_alarm\./, 'alarms.tf'],
    [/^(aws_lambda_function|aws_lambda_function_event_invoke_config|aws_lambda_invocation|aws_cloudwatch_log_group|aws_sqs_queue|terraform_data)\.|^data\.aws_(partition|caller_identity)\./, 'main.tf'],
  ];

  for (const dir of ['.', 'modules/reconciler']) {
    it(`${dir === '.' ? 'root module' : dir}: IAM in iam.tf, the function and its core in main.tf, triggers and alarms apart`, () => {
      const where = fileOfEach(dir);
      let placed = 0;
      for (const [address, file] of where) {
        const rule = FILE_OF_TYPE.find(([re]) => re.test(address) && !(address === 'data.aws_iam_policy_document.topic'));
        if (rule) {
          expect(file, address).toBe(rule[1]);
          placed++;
        }
      }
      expect(placed).toBeGreaterThanOrEqual(20);
    });
  }

  it('root module: the zone, the topic and the client endpoints in their own files', () => {
    const where = fileOfEach('.');
    expect(where.get('aws_route53_zone.this')).toBe('zone.tf');
    expect(where.get('data.aws_route53_zone.this')).toBe('zone.tf');
    expect(where.get('aws_sns_topic.this')).toBe('topic.tf');
    expect(where.get('data.aws_iam_policy_document.topic')).toBe('topic.tf');
    expect(where.get('data.aws_elasticache_replication_group.this')).toBe('client_endpoints.tf');
    expect(committed('.', 'client_endpoints.tf')).toMatch(/^ {2}client_tls\s*=/m);
  });

  it('modules/zone-account-role: the role in iam.tf, its locals in main.tf', () => {
    const where = fileOfEach('modules/zone-account-role');
    expect(where.get('aws_iam_role.this')).toBe('iam.tf');
    expect(where.get('data.aws_partition.current')).toBe('main.tf');
    expect(committed('modules/zone-account-role', 'main.tf')).toMatch(/^ {2}writable_record_names\s*=/m);
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
