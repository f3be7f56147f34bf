// Generated HCL evaluated by Terraform itself (OpenTofu from the toolchain, else terraform), without
// any provider: a scratch configuration of variables, locals and one output per value of interest,
// `init`, `apply` with a tfvars file, `output -json`. Used by the module tests
// (test/module/terraform-logic.test.ts, iam-names.test.ts, hcl-text.terraform.test.ts).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';


export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The environment of every Terraform run here: no CLI config (so no provider mirror is needed), no checkpoint. */
export const TERRAFORM_ENV: NodeJS.ProcessEnv = { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null', TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1' };

/** `tofu` (the toolchain) or else `terraform`, for evaluating generated HCL without providers. */
export function terraformBinary(): string {
  for (const bin of ['tofu', 'terraform']) {
    try {
      execFileSync(bin, ['version'], { stdio: 'ignore', env: TERRAFORM_ENV });
      return bin;
    } catch {
      // try the next one
    }
  }
  throw new Error('neither tofu nor terraform is on PATH: run eval "$(bash scripts/toolchain/install.sh)"');
}

export interface TerraformRun {
  ok: boolean;
  output: string;
}

export function runTerraform(bin: string, dir: string, args: string[]): TerraformRun {
  try {
    const output = execFileSync(bin, args, { cwd: dir, env: TERRAFORM_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { ok: true, output };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message?: string };
    return { ok: false, output: `${e.stdout ?? ''}${e.stderr ?? ''}` || String(e.message) };
  }
}

export interface Evaluator {
  /** The scratch configuration's directory. */
  readonly dir: string;
  /** Applies the configuration with these variables (name → HCL expression) and returns every output's value. */
  evaluate(vars?: Record<string, string>): Record<string, any>;
}

/** `init` of a configuration already written to `dir` (outputs only, no providers), then evaluations of it. */
export function outputsEvaluator(bin: string, dir: string): Evaluator {
  const init = runTerraform(bin, dir, ['init', '-input=false', '-no-color']);
  if (!init.ok) throw new Error(`${bin} init in ${dir} failed:\n${init.output}`);
  return {
    dir,
    evaluate(vars = {}) {
      const tfvars = Object.entries(vars).map(([k, v]) => `${k} = ${v}`).join('\n');
      writeFileSync(join(dir, 'case.tfvars'), tfvars + '\n');
      const applied = runTerraform(bin, dir, ['apply', '-auto-approve', '-input=false', '-no-color', '-var-file=case.tfvars']);
      if (!applied.ok) throw new Error(`${bin} apply in ${dir} failed:\n${applied.output}`);
      const shown = runTerraform(bin, dir, ['output', '-json']);
      if (!shown.ok) throw new Error(`${bin} output in ${dir} failed:\n${shown.output}`);
      const outputs = JSON.parse(shown.output) as Record<string, { value: unknown }>;
      return Object.fromEntries(Object.entries(outputs).map(([k, v]) => [k, v.value]));
    },
  };
}

export interface ReconcilerLocalsOptions {
  /** Terraform binary (default: terraformBinary()). */
  bin?: string;
  /** An empty scratch directory, owned by the caller. */
  workDir: string;
  /** Extra outputs: name → HCL expression over the module's variables and locals (e.g. `var.lambda_runtime`). */
  extraOutputs?: Record<string, string>;
}

/**
 * The generated modules/reconciler module's variables and `locals` block, with one output per local
 * (names, IAM condition values, the reconciler's environment, …), ready to evaluate for any inputs.
 */
export function reconcilerLocalsEvaluator(options: ReconcilerLocalsOptions): Evaluator {
  const bin = options.bin ?? terraformBinary();
  // The module two levels below a root that has the bundle where the module expects it.
  const root = options.workDir;
  const dir = join(root, 'modules', 'reconciler');
  mkdirSync(dir, { recursive: true });
  mkdirSync(join(root, 'lambda', 'dist'), { recursive: true });
  writeFileSync(join(root, 'lambda', 'dist', 'reconciler.zip'), 'not a zip');
  const variables = readFileSync(join(REPO_ROOT, 'modules/reconciler/variables.tf'), 'utf8');
  writeFileSync(join(dir, 'variables.tf'), variables);
  // Every locals block of every file (locals sit next to the section that uses them).
  const moduleDir = join(REPO_ROOT, 'modules/reconciler');
  const tf = readdirSync(moduleDir).filter((f) => f.endsWith('.tf')).sort().map((f) => readFileSync(join(moduleDir, f), 'utf8'));
  const locals = tf.flatMap((text) => [...text.matchAll(/^locals \{\n[\s\S]*?\n\}\n/gm)].map((m) => m[0])).join('\n');
  if (!locals) throw new Error('no locals block in the .tf files of modules/reconciler');
  writeFileSync(join(dir, 'locals.tf'), locals);
  const outputs: Record<string, string> = {};
  for (const m of locals.matchAll(/^ {2}(\w+)\s*=/gm)) outputs[m[1]!] = `local.${m[1]}`;
  Object.assign(outputs, options.extraOutputs ?? {});
  writeFileSync(join(dir, 'outputs.tf'), Object.entries(outputs).map(([n, v]) => `output "${n}" {\n  value = ${v}\n}\n`).join('\n'));
  return outputsEvaluator(bin, dir);
}
