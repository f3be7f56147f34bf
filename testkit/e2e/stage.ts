// A scratch copy of what a user has: the module as `source = "../../"` finds it (its HCL and the
// committed reconciler zip, nothing else of the repository) and one example next to it, plus the
// one file a user adds to aim the provider at the emulator: a provider override (Terraform's
// *_override.tf merge) with every endpoint on loopback and no account lookups.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { quote } from '../../generator/hcl-text.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The services the module and the examples use (endpoint argument names of hashicorp/aws 5.x/6.x). */
export const PROVIDER_ENDPOINTS = ['cloudwatch', 'ec2', 'elasticache', 'events', 'iam', 'lambda', 'logs', 'route53', 'sns', 'sqs', 'sts'] as const;

export interface Stage {
  /** The scratch root (removed by remove()). */
  readonly root: string;
  /** The example's directory inside it: run Terraform here. */
  readonly dir: string;
  remove(): void;
}

/** Copies the module and `examples/<example>` into a scratch tree. */
export function stageExample(example: string): Stage {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `e2e-${example}-`));
  for (const file of fs.readdirSync(ROOT)) if (file.endsWith('.tf')) copy(file, root);
  copy('lambda/dist/reconciler.zip', root);
  for (const sub of fs.readdirSync(path.join(ROOT, 'modules'))) {
    const dir = path.join('modules', sub);
    if (!fs.statSync(path.join(ROOT, dir)).isDirectory()) continue;
    for (const file of fs.readdirSync(path.join(ROOT, dir))) if (file.endsWith('.tf')) copy(path.join(dir, file), root);
  }
  const exampleDir = path.join('examples', example);
  for (const file of fs.readdirSync(path.join(ROOT, exampleDir))) {
    if (file.endsWith('.tf') || file.endsWith('.tfvars')) copy(path.join(exampleDir, file), root);
  }
  return stageAt(root, path.join(root, exampleDir));
}

/** The module's files as a user's `source = "../../"` finds them: the root and submodule HCL, the zip. */
function isModuleFile(relative: string): boolean {
  return (!relative.includes('/') && relative.endsWith('.tf')) || /^modules\/[^/]+\/[^/]+\.tf$/.test(relative) || relative === 'lambda/dist/reconciler.zip';
}

/**
 * Replaces the module files in a stage with those of git commit `ref` (a user on an older
 * version), or with the working tree's when `ref` is undefined (the upgrade). Fails naming the
 * commit and how to get it when the clone does not have it (a shallow CI checkout).
 */
export function putModuleAt(stage: Stage, ref: string | undefined): void {
  const git = (args: string[]) => execFileSync('git', ['-C', ROOT, ...args], { maxBuffer: 64 * 1024 * 1024 });
  const existing = (dir: string): string[] =>
    fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => !f.startsWith('examples') && isModuleFile(f.split(path.sep).join('/')));
  for (const file of existing(stage.root)) fs.rmSync(path.join(stage.root, file));
  if (ref === undefined) {
    for (const file of existing(ROOT)) copy(file, stage.root);
    return;
  }
  try {
    git(['cat-file', '-e', `${ref}^{commit}`]);
  } catch {
    throw new Error(`commit ${ref} (the module version the upgrade starts from) is not in this clone: run git fetch --unshallow (or fetch that commit)`);
  }
  const files = git(['ls-tree', '-r', '--name-only', ref]).toString().split('\n').filter(isModuleFile);
  for (const file of files) {
    const target = path.join(stage.root, file);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, git(['show', `${ref}:${file}`]));
  }
}

/** A scratch tree for a configuration made elsewhere (a synthesized CDKTF stack). */
export function stageDir(prefix: string): Stage {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `e2e-${prefix}-`));
  return stageAt(root, root);
}

function stageAt(root: string, dir: string): Stage {
  return { root, dir, remove: () => fs.rmSync(root, { recursive: true, force: true }) };
}

function copy(relative: string, root: string): void {
  const target = path.join(root, relative);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.copyFileSync(path.join(ROOT, relative), target);
}

/**
 * The provider override that points every endpoint at the emulator. With `alias`, the override of
 * that provider configuration instead (its `profile` unset); with `assumeRoleArn`, it assumes that
 * role first (moto then serves the role's account).
 */
export function emulatorOverride(endpoint: string, region: string, options: { alias?: string; assumeRoleArn?: string } = {}): string {
  const endpoints = PROVIDER_ENDPOINTS.map((name) => `    ${name.padEnd(11)} = ${quote(endpoint)}`).join('\n');
  const alias = options.alias ? `  alias                       = ${quote(options.alias)}\n  profile                     = null\n` : '';
  const assumeRole = options.assumeRoleArn ? `  assume_role {\n    role_arn = ${quote(options.assumeRoleArn)}\n  }\n` : '';
  return `# Added for the local emulator: every AWS call goes to ${endpoint}; nothing else is contacted.
provider "aws" {
${alias}  region                      = ${quote(region)}
  access_key                  = "emulator"
  secret_key                  = "emulator"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = true

  endpoints {
${endpoints}
  }
${assumeRole}}
`;
}

/** Writes a file into the stage (override files, extra configuration). */
export function writeInto(stage: Stage, name: string, text: string): void {
  fs.writeFileSync(path.join(stage.dir, name), text);
}
