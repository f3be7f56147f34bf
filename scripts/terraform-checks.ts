// Terraform-level checks of the generated HCL with every binary of the toolchain and the real AWS
// provider from its filesystem mirror. Run by scripts/terraform-checks.sh (see there for the
// environment it needs); each check prints one `ok`/`FAIL` line, a failure also its log.
//
//   1. Static: `fmt -check` per directory with each binary; the native tests' mock provider blocks
//      are one text; every `validation` block has a failing case.
//   2. Per binary, in a scratch copy of the tree (lock files and .terraform stay out of the
//      repository): `init -backend=false` + `validate` of the root, every submodule and every HCL
//      example.
//   3. Native tests (tests/*.tftest.hcl on the root, tests/modules/<name>/ on each submodule, all
//      with mock_provider): `terraform test` with every Terraform >= 1.7, `tofu test` with OpenTofu
//      >= 1.8. tests/provider/runtime_nodejs24.tftest.hcl runs on its own, with the outcome the provider
//      version implies (see that file).
//   4. Binaries without mock providers (Terraform 1.5.7): the validation cases of the native tests,
//      each as `plan -var-file` over a directory holding only the module's variables.tf, so the
//      real validation blocks are evaluated by that binary: an accepting case must plan, a
//      rejecting one must fail on exactly the expected variables, with their messages.
import { spawn } from 'node:child_process';
import { accessSync, constants, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { parse } from '@cdktf/hcl2json';

const REPO = join(import.meta.dirname, '..');
const START = Date.now();
/** Test files that need the full module (resources, fixtures): never read as validation cases. */
const FULL_ONLY = new Set(['plan.tftest.hcl', 'unknown_ids.tftest.hcl', 'aliases.tftest.hcl']);
/** Run on its own: whether the provider accepts nodejs24.x depends on its version. */
// In a test directory of its own, so that a plain `terraform test` (tests/ only) passes whatever
// the provider: its outcome is the provider's, checked here against the provider's version.
const RUNTIME_DIR = 'tests/provider';
const RUNTIME_FILE = 'provider/runtime_nodejs24.tftest.hcl';
/** First hashicorp/aws release that accepts nodejs24.x (hashicorp/terraform-provider-aws#44986). */
const NODEJS24_PROVIDER = '6.19.0';
const JOBS = Math.max(1, Number(process.env.ERDNS_TF_JOBS ?? 2));

// ---------------------------------------------------------------------------------------------
// Output

const elapsed = (): string => `${Math.round((Date.now() - START) / 1000)}s`.padStart(5);
const step = (title: string): void => console.error(`\n==> [${elapsed()}] ${title}`);
const note = (line: string): void => console.error(`    ${line}`);
const failures: string[] = [];
let passed = 0;
function report(ok: boolean, label: string, seconds: number, log = ''): void {
  note(`${ok ? 'ok  ' : 'FAIL'}    ${label} (${seconds.toFixed(1)}s)`);
  if (ok) passed++;
  else {
    failures.push(label);
    if (log.trim()) console.error(log.trimEnd().replace(/^/gm, '        '));
  }
}
function die(message: string): never {
  console.error(`\nERROR: ${message}`);
  process.exit(1);
}

// ---------------------------------------------------------------------------------------------
// Processes

interface Result {
  code: number;
  out: string;
  seconds: number;
}

function run(cmd: string, args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<Result> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: opts.cwd ?? REPO, env: { ...process.env, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', ...opts.env } });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (e) => resolve({ code: 127, out: String(e), seconds: (Date.now() - t0) / 1000 }));
    child.on('close', (code) => resolve({ code: code ?? 1, out, seconds: (Date.now() - t0) / 1000 }));
  });
}

/** At most JOBS Terraform processes at a time, across everything that runs concurrently. */
let running = 0;
const waiting: Array<() => void> = [];
async function limited<T>(work: () => Promise<T>): Promise<T> {
  if (running >= JOBS) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await work();
  } finally {
    running--;
    waiting.shift()?.();
  }
}
const tf = (cmd: string, args: string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Promise<Result> => limited(() => run(cmd, args, opts));

/** Runs tasks concurrently (their processes share the JOBS limit), in the order given. */
const pool = <T>(tasks: Array<() => Promise<T>>): Promise<T[]> => Promise.all(tasks.map((t) => t()));

// ---------------------------------------------------------------------------------------------
// The toolchain: ERDNS_TF_BINARIES, ERDNS_TERRAFORM_RC, ERDNS_TOFU_RC

interface Binary {
  name: string; // terraform | tofu
  version: string;
  path: string;
  label: string; // terraform@1.5.7
  rc: string;
  /** `test` with mock_provider (Terraform >= 1.7, OpenTofu >= 1.8). */
  mocks: boolean;
  /** fmt knows .tftest.hcl (>= 1.6). */
  testFiles: boolean;
}

const HOW = 'run eval "$(bash scripts/toolchain/install.sh)"';

function cmpVersion(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 3; i++) if ((pa[i] ?? 0) !== (pb[i] ?? 0)) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
}

async function toolchain(): Promise<Binary[]> {
  const list = (process.env.ERDNS_TF_BINARIES ?? '').trim();
  if (!list) die(`ERDNS_TF_BINARIES is not set (name@version=/path entries): ${HOW}`);
  const binaries: Binary[] = [];
  for (const entry of list.split(/\s+/)) {
    const m = /^(terraform|tofu)@(\d+\.\d+\.\d+)=(\/.+)$/.exec(entry);
    if (!m) die(`ERDNS_TF_BINARIES: "${entry}" is not name@version=/absolute/path (name terraform or tofu): ${HOW}`);
    const [, name, version, path] = m as unknown as [string, string, string, string];
    try {
      accessSync(path, constants.X_OK);
    } catch {
      die(`${name} ${version} is missing: ${path} is not an executable file (ERDNS_TF_BINARIES); ${HOW}`);
    }
    const rcVar = name === 'tofu' ? 'ERDNS_TOFU_RC' : 'ERDNS_TERRAFORM_RC';
    const rc = process.env[rcVar] ?? '';
    if (!rc || !existsSync(rc)) die(`${rcVar} (the CLI config for ${name}) is ${rc ? `${rc}, which does not exist` : 'not set'}: ${HOW}`);
    const host = name === 'tofu' ? 'registry.opentofu.org' : 'registry.terraform.io';
    const mirror = /filesystem_mirror\s*\{[^}]*path\s*=\s*"([^"]+)"/s.exec(readFileSync(rc, 'utf8'))?.[1];
    const providerDir = mirror && join(mirror, host, 'hashicorp/aws');
    if (!providerDir || !existsSync(providerDir) || readdirSync(providerDir).length === 0) {
      die(`no hashicorp/aws provider for ${name}: ${rcVar}=${rc} has ${mirror ? `a filesystem_mirror at ${mirror} without ${host}/hashicorp/aws/<version>/` : 'no filesystem_mirror path'}; build the toolchain with the provider (scripts/toolchain/README.md) or point ${rcVar} at a CLI config whose filesystem_mirror holds it`);
    }
    const v = await run(path, ['version', '-json'], { env: { TF_CLI_CONFIG_FILE: rc } });
    const actual = /"terraform_version":\s*"([^"]+)"/.exec(v.out)?.[1];
    if (actual !== version) die(`${path} is version ${actual ?? '(unknown)'}, but ERDNS_TF_BINARIES says ${name}@${version}: ${HOW}`);
    const modern = (min: string): boolean => cmpVersion(version, min) >= 0;
    binaries.push({ name, version, path, label: `${name}@${version}`, rc, mocks: name === 'tofu' ? modern('1.8.0') : modern('1.7.0'), testFiles: modern('1.6.0') });
  }
  if (!binaries.some((b) => b.name === 'tofu')) die(`no OpenTofu in ERDNS_TF_BINARIES (the module supports OpenTofu >= 1.6): ${HOW}`);
  if (!binaries.some((b) => b.name === 'terraform' && b.version === '1.5.7')) die(`no terraform@1.5.7 in ERDNS_TF_BINARIES (the minimum the module promises): ${HOW}`);
  if (!binaries.some((b) => b.name === 'terraform' && b.mocks)) die(`no Terraform >= 1.7 in ERDNS_TF_BINARIES (needed for terraform test with mock_provider): ${HOW}`);
  return binaries;
}

// ---------------------------------------------------------------------------------------------
// The tree

const hasTf = (dir: string): boolean => existsSync(join(REPO, dir)) && readdirSync(join(REPO, dir)).some((f) => f.endsWith('.tf'));
const subdirs = (dir: string): string[] =>
  existsSync(join(REPO, dir)) ? readdirSync(join(REPO, dir), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => `${dir}/${d.name}`).sort() : [];

const SUBMODULES = subdirs('modules').filter((d) => existsSync(join(REPO, d, 'variables.tf')));
/** Configurations to init and validate: the root, each submodule, each HCL example, the wrappers. */
const CONFIG_DIRS = ['.', ...SUBMODULES, ...subdirs('examples').filter(hasTf), ...['wrappers', ...subdirs('wrappers')].filter(hasTf)];
/** Test directories: tests/ for the root, tests/modules/<name>/ for each submodule. */
const TEST_DIRS: Array<{ module: string; dir: string }> = [{ module: '.', dir: 'tests' }, ...SUBMODULES.map((m) => ({ module: m, dir: `tests/${m}` }))];
/** HCL under tests/ that is not a test file: fixture configurations. */
const FIXTURE_DIRS = ['tests', ...subdirs('tests/fixtures'), ...subdirs('tests/modules').flatMap((d) => [d, ...subdirs(d)])].filter(hasTf);
const filesIn = (dir: string): string[] => (existsSync(join(REPO, dir)) ? readdirSync(join(REPO, dir)).filter((f) => f.endsWith('.tftest.hcl')).sort() : []);
/** A test directory's files, relative to it; the root's include the provider-dependent one. */
const testFiles = (dir: string): string[] => [...filesIn(dir), ...(dir === 'tests' ? filesIn(RUNTIME_DIR).map((f) => `provider/${f}`) : [])];

/**
 * A copy of the tree for one binary. The tests of a submodule are also copied into
 * modules/<name>/tests/: Terraform reads test files only from inside the configuration directory.
 */
function scratchTree(root: string): string {
  for (const dir of CONFIG_DIRS) {
    mkdirSync(join(root, dir), { recursive: true });
    for (const f of readdirSync(join(REPO, dir)).filter((f) => f.endsWith('.tf'))) cpSync(join(REPO, dir, f), join(root, dir, f));
  }
  cpSync(join(REPO, 'tests'), join(root, 'tests'), { recursive: true });
  for (const { module, dir } of TEST_DIRS.slice(1)) {
    mkdirSync(join(root, module, 'tests'), { recursive: true });
    for (const f of testFiles(dir)) cpSync(join(REPO, dir, f), join(root, module, 'tests', f));
  }
  mkdirSync(join(root, 'lambda/dist'), { recursive: true });
  cpSync(join(REPO, 'lambda/dist/reconciler.zip'), join(root, 'lambda/dist/reconciler.zip'));
  return root;
}

// ---------------------------------------------------------------------------------------------
// Static checks of the test files (hcl2json)

interface Case {
  name: string;
  values: Record<string, unknown>;
  expect: string[];
}

/** A run's `module` block names a directory that holds only a copy of the module's variables.tf (npm run synth writes it). */
function isVariablesCopy(module: string, block: Array<{ source?: string }>): boolean {
  const source = block[0]?.source;
  if (typeof source !== 'string' || !/^\.\.?\//.test(source)) return false;
  const dir = join(REPO, module, source);
  const tf = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.tf')) : [];
  // Each file opens with its own generated-from line; the blocks after it are the same.
  const blocks = (path: string): string => readFileSync(path, 'utf8').replace(/^# .*\n/, '');
  return tf.length === 1 && tf[0] === 'variables.tf' && blocks(join(dir, 'variables.tf')) === blocks(join(REPO, module, 'variables.tf'));
}

/** The validation cases of a test directory; records coverage and shape errors. */
async function readCases(module: string, dir: string, errors: string[]): Promise<Case[]> {
  const variables = ((await parse('variables.tf', readFileSync(join(REPO, module, 'variables.tf'), 'utf8'))).variable ?? {}) as Record<string, Array<{ validation?: unknown[] }>>;
  const blocks = Object.fromEntries(Object.entries(variables).map(([n, [b]]) => [n, (b?.validation ?? []).length]).filter(([, n]) => (n as number) > 0)) as Record<string, number>;
  const failing: Record<string, number> = {};
  const cases: Case[] = [];
  for (const file of testFiles(dir).filter((f) => !FULL_ONLY.has(f))) {
    const path = `${dir}/${file}`;
    const test = (await parse(file, readFileSync(join(REPO, path), 'utf8'))) as Record<string, any>;
    const fileVars = Object.assign({}, ...(test.variables ?? []));
    for (const [name, [body]] of Object.entries(test.run ?? {}) as Array<[string, any[]]>) {
      const where = `${path} run "${name}"`;
      if (body.command !== '${plan}') errors.push(`${where}: a validation case needs command = plan`);
      if (body.module && !isVariablesCopy(module, body.module)) {
        errors.push(`${where}: a validation case plans the module, or a copy of its variables.tf alone (module { source = <a directory holding only that file> }); else list ${file} in FULL_ONLY of scripts/terraform-checks.ts`);
      }
      const expect: string[] = [];
      for (const ref of (body.expect_failures ?? []).flat() as string[]) {
        const m = /^\$\{var\.([A-Za-z0-9_-]+)\}$/.exec(ref);
        if (!m) errors.push(`${where}: expect_failures ${ref}: validation cases expect failures of variables only`);
        else if (!(m[1]! in blocks)) errors.push(`${where}: expects var.${m[1]} to fail, but ${module}/variables.tf has no validation for it`);
        else {
          expect.push(m[1]!);
          failing[m[1]!] = (failing[m[1]!] ?? 0) + 1;
        }
      }
      const values = { ...fileVars, ...Object.assign({}, ...(body.variables ?? [])) };
      if (/[$%]\{/.test(JSON.stringify(values))) errors.push(`${where}: values must be plain HCL literals`);
      cases.push({ name: where, values, expect: [...new Set(expect)].sort() });
    }
  }
  for (const [name, count] of Object.entries(blocks)) {
    if ((failing[name] ?? 0) < count) {
      errors.push(`${module}/variables.tf: variable "${name}" has ${count} validation block(s) but ${failing[name] ?? 0} failing case(s) in ${dir}/ (add a run with expect_failures = [var.${name}])`);
    }
  }
  if (!cases.some((c) => c.expect.length === 0)) errors.push(`${dir}/: no accepting validation case`);
  note(`${dir}/: ${Object.values(blocks).reduce((a, b) => a + b, 0)} validation blocks, ${cases.filter((c) => !c.expect.length).length} accepting and ${cases.filter((c) => c.expect.length).length} rejecting cases`);
  return cases;
}

/** Every test file with a mock provider carries the same one (OpenTofu has no shared mock files). */
function mockBlocksAlike(): string[] {
  const blocks = new Map<string, string[]>();
  for (const { dir } of TEST_DIRS) {
    for (const f of testFiles(dir)) {
      const text = readFileSync(join(REPO, dir, f), 'utf8');
      const m = /^mock_provider "aws" \{\n[\s\S]*?^\}\n/m.exec(text);
      if (!m) continue;
      blocks.set(m[0], [...(blocks.get(m[0]) ?? []), `${dir}/${f}`]);
    }
  }
  if (blocks.size <= 1) return [];
  return [`the mock_provider "aws" blocks differ: ${[...blocks.values()].map((files) => files.join(', ')).join(' | ')}; make them one text`];
}

// ---------------------------------------------------------------------------------------------
// Per binary

/** Native test runs per binary: passed, failed, and runs with an expected provider error. */
const runs = new Map<string, { passed: number; failed: number; expected: number; cases: number }>();
function tally(bin: Binary, passedRuns: number, failedRuns: number, expected = 0, cases = 0): void {
  const t = runs.get(bin.label) ?? { passed: 0, failed: 0, expected: 0, cases: 0 };
  runs.set(bin.label, { passed: t.passed + passedRuns, failed: t.failed + failedRuns, expected: t.expected + expected, cases: t.cases + cases });
}
const summary = (out: string): string => /^(Success|Failure)! .*$/m.exec(out)?.[0] ?? '';
const testLog = (out: string): string => out.split('\n').filter((l) => !/\.\.\. pass$/.test(l)).join('\n');

function providerVersion(tree: string): string | undefined {
  const lock = join(tree, '.terraform.lock.hcl');
  if (!existsSync(lock)) return undefined;
  return /provider "registry\.[^"]*\/hashicorp\/aws" \{\s*version\s*=\s*"([^"]+)"/.exec(readFileSync(lock, 'utf8'))?.[1];
}

/** init + validate of every configuration, then the native tests; returns the test counts. */
async function checkBinary(bin: Binary, scratch: string): Promise<void> {
  const tree = scratchTree(join(scratch, 'tree', bin.label));
  const env = (dir: string): Record<string, string> => ({ TF_CLI_CONFIG_FILE: bin.rc, TF_DATA_DIR: join(scratch, 'data', bin.label, dir === '.' ? 'root' : dir.replace(/\//g, '_')) });
  const inDir = (dir: string, ...args: string[]): Promise<Result> => tf(bin.path, [`-chdir=${join(tree, dir)}`, ...args, '-no-color'], { env: env(dir) });

  const initialized = new Set<string>();
  await pool(
    CONFIG_DIRS.map((dir) => async () => {
      const init = await inDir(dir, 'init', '-backend=false', '-input=false');
      if (init.code !== 0) return report(false, `${bin.label} init ${dir}`, init.seconds, init.out);
      initialized.add(dir);
      const v = await inDir(dir, 'validate');
      report(v.code === 0, `${bin.label} init + validate ${dir}`, init.seconds + v.seconds, v.out);
    }),
  );
  if (!bin.mocks) return;

  const aws = providerVersion(tree) ?? '(unknown)';
  const tasks: Array<() => Promise<void>> = [];
  for (const { module, dir } of TEST_DIRS) {
    if (!initialized.has(module)) continue;
    // One process per test file: they spread over the JOBS processes (no state is written: every
    // run is a plan).
    const files = testFiles(dir);
    for (const f of files.filter((f) => f !== RUNTIME_FILE)) {
      tasks.push(async () => {
        const r = await inDir(module, 'test', `-filter=tests/${f}`);
        const counts = /^(?:Success|Failure)! (\d+) passed, (\d+) failed/m.exec(r.out);
        if (counts) tally(bin, Number(counts[1]), Number(counts[2]));
        report(r.code === 0 && /^Success!/m.test(r.out), `${bin.label} test ${module} ${dir}/${f}: ${summary(r.out)}`, r.seconds, testLog(r.out));
      });
    }
    if (files.includes(RUNTIME_FILE)) {
      tasks.push(async () => {
        const r = await inDir(module, 'test', `-test-directory=${RUNTIME_DIR}`);
        tally(bin, 0, 0, 1);
        const accepts = cmpVersion(aws, NODEJS24_PROVIDER) >= 0;
        const errors = r.out.split('\n').filter((l) => /^Error: /.test(l));
        const ok = accepts
          ? r.code === 0 && /^Success!/m.test(r.out)
          : r.code !== 0 &&
            errors.length === 1 &&
            /^Error: expected runtime to be one of \[.*"nodejs22\.x".*\], got nodejs24\.x$/.test(errors[0]!) &&
            /with aws_lambda_function\.this\[0\]/.test(r.out) &&
            /Failure! 0 passed, 1 failed/.test(r.out);
        const expected = accepts ? 'passes' : `fails at the provider's runtime validation, and only there`;
        report(ok, `${bin.label} test ${module} (${dir}/${RUNTIME_FILE}, hashicorp/aws ${aws}): nodejs24.x ${expected}`, r.seconds, testLog(r.out));
      });
    }
  }
  await pool(tasks);
}

/** Binaries without mock providers: each validation case as a plan over the variables.tf alone. */
async function checkCases(bin: Binary, scratch: string, cases: Map<string, Case[]>): Promise<void> {
  for (const [module, list] of cases) {
    const h = join(scratch, 'harness', bin.label, module === '.' ? 'root' : basename(module));
    mkdirSync(h, { recursive: true });
    cpSync(join(REPO, module, 'variables.tf'), join(h, 'variables.tf'));
    const env = { TF_CLI_CONFIG_FILE: bin.rc, TF_DATA_DIR: join(h, '.data') };
    const init = await tf(bin.path, [`-chdir=${h}`, 'init', '-backend=false', '-input=false', '-no-color'], { env });
    if (init.code !== 0) {
      report(false, `${bin.label} init harness ${module}`, init.seconds, init.out);
      continue;
    }
    const t0 = Date.now();
    const problems = await pool(
      list.map((c, i) => async () => {
        const vars = join(h, `${String(i).padStart(3, '0')}.tfvars.json`);
        writeFileSync(vars, JSON.stringify(c.values));
        const r = await tf(bin.path, [`-chdir=${h}`, 'plan', '-input=false', '-lock=false', '-no-color', `-var-file=${vars}`], { env });
        return caseProblem(c, r);
      }),
    );
    const bad = problems.filter((p): p is string => !!p);
    tally(bin, 0, 0, 0, list.length);
    report(!bad.length, `${bin.label} validation cases of ${module}/variables.tf (plan per case): ${list.length - bad.length} of ${list.length} as expected`, (Date.now() - t0) / 1000, bad.join('\n'));
  }
}

function caseProblem(c: Case, r: Result): string | undefined {
  const flat = r.out.replace(/\s+/g, ' ');
  if (!c.expect.length) return r.code === 0 ? undefined : `${c.name}: expected the plan to succeed\n${r.out}`;
  if (r.code === 0) return `${c.name}: expected the validation of ${c.expect.join(' ')} to fail, but the plan succeeded`;
  // Error: Invalid value for variable / on variables.tf line 8: / 8: variable "replication_group_id" {
  const got = [...r.out.matchAll(/^Error: Invalid value for variable\n(?:.*\n){0,3}?\s*\d+: variable "([^"]+)"/gm)].map((m) => m[1]!);
  const errors = (r.out.match(/^Error: /gm) ?? []).length;
  const failed = [...new Set(got)].sort();
  if (failed.join(' ') !== c.expect.join(' ') || errors !== got.length) {
    return `${c.name}: expected exactly the validation of ${c.expect.join(' ')} to fail; failed: ${failed.join(' ') || 'none'}, other errors: ${errors - got.length}\n${r.out}`;
  }
  const missing = c.expect.filter((v) => !flat.includes(`${v} must`));
  return missing.length ? `${c.name}: no error message "${missing[0]} must ..."` : undefined;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const binaries = await toolchain();
  const scratch = process.env.ERDNS_TF_SCRATCH ?? mkdtempSync(join(tmpdir(), 'terraform-checks-'));
  const keep = !!process.env.ERDNS_TF_SCRATCH;
  process.on('exit', () => keep || rmSync(scratch, { recursive: true, force: true }));
  const aws = readdirSync(join(/filesystem_mirror\s*\{[^}]*path\s*=\s*"([^"]+)"/s.exec(readFileSync(binaries[0]!.rc, 'utf8'))![1]!, binaries[0]!.name === 'tofu' ? 'registry.opentofu.org' : 'registry.terraform.io', 'hashicorp/aws'));
  note(`binaries: ${binaries.map((b) => b.label).join(', ')}; hashicorp/aws in the mirror: ${aws.join(', ')}; ${JOBS} jobs`);

  step('fmt -check -diff, per directory, with each binary');
  await pool(
    binaries.flatMap((bin) =>
      [...CONFIG_DIRS, ...FIXTURE_DIRS, ...TEST_DIRS.map((t) => t.dir), RUNTIME_DIR]
        .filter((d, i, all) => all.indexOf(d) === i && existsSync(join(REPO, d)))
        .filter((d) => hasTf(d) || (bin.testFiles && testFiles(d).length > 0))
        .map((dir) => async () => {
          const r = await tf(bin.path, ['fmt', '-check', '-diff', '-no-color', dir], { env: { TF_CLI_CONFIG_FILE: bin.rc } });
          report(r.code === 0, `${bin.label} fmt ${dir}${bin.testFiles ? '' : ' (.tf only: no .tftest.hcl before 1.6)'}`, r.seconds, r.out);
        }),
    ),
  );

  step('Native tests: one mock provider, a failing case for every validation block');
  const errors: string[] = mockBlocksAlike();
  const cases = new Map<string, Case[]>();
  for (const { module, dir } of TEST_DIRS) cases.set(module, await readCases(module, dir, errors));
  report(!errors.length, 'mock providers alike; every validation block has a failing case; validation cases are plain', 0, errors.map((e) => `ERROR ${e}`).join('\n'));

  step(`Every binary (concurrently, ${JOBS} processes at a time): init + validate of ${CONFIG_DIRS.join(' ')}; native tests (${binaries.filter((b) => b.mocks).map((b) => b.label).join(', ')}); validation cases (${binaries.filter((b) => !b.mocks).map((b) => b.label).join(', ')}: no mock providers before Terraform 1.7)`);
  const took = new Map<string, number>();
  await Promise.all(
    binaries.map(async (bin) => {
      const t0 = Date.now();
      await checkBinary(bin, scratch);
      if (!bin.mocks) await checkCases(bin, scratch, cases);
      took.set(bin.label, (Date.now() - t0) / 1000);
    }),
  );

  step(`Terraform checks: ${passed} ok, ${failures.length} failed, in ${((Date.now() - START) / 1000).toFixed(0)}s`);
  for (const bin of binaries) {
    const t = runs.get(bin.label) ?? { passed: 0, failed: 0, expected: 0, cases: 0 };
    const what = bin.mocks ? `native test runs: ${t.passed} passed, ${t.failed} failed, ${t.expected} with the expected provider error` : `validation cases: ${t.cases}`;
    note(`${bin.label}: ${what}; done after ${took.get(bin.label)?.toFixed(0)}s (sharing the ${JOBS} processes)`);
  }
  for (const f of failures) note(`FAILED: ${f}`);
  process.exitCode = failures.length ? 1 : 0;
}

await main();
