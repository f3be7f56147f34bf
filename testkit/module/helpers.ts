// Shared helpers of the module tests: synthesized stacks as Terraform JSON, the generated files
// parsed back from HCL, and a Terraform binary for the tests that evaluate generated HCL.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing, parseHcl } from '../../generator/cdktf.js';
import { moduleStack, type ModuleDefinition } from '../../generator/synth.js';
import { MODULES } from '../../modules/catalog.js';
import { REPO_ROOT } from './module-locals.js';

export const FILES = ['main.tf', 'variables.tf', 'outputs.tf', 'versions.tf'] as const;

export function moduleByDir(dir: string): ModuleDefinition {
  const m = MODULES.find((d) => d.dir === dir);
  if (!m) throw new Error(`no module ${dir}`);
  return m;
}

/** The module's CDKTF stack as Terraform JSON (`Testing.synth`). */
export function synthJson(dir: string): TerraformJson {
  return JSON.parse(Testing.synth(moduleStack(moduleByDir(dir)))) as TerraformJson;
}

export interface TerraformJson {
  resource?: Record<string, Record<string, any>>;
  data?: Record<string, Record<string, any>>;
  variable?: Record<string, any>;
  output?: Record<string, any>;
  locals?: Record<string, any>;
  provider?: unknown;
  terraform?: Record<string, any>;
}

export function committed(dir: string, file: string): string {
  return readFileSync(join(REPO_ROOT, dir, file), 'utf8');
}

/** A committed generated file parsed back from HCL (hcl2json): what Terraform would read. */
export async function parsedFile(dir: string, file: string): Promise<Record<string, any>> {
  return (await parseHcl(file, committed(dir, file))) as Record<string, any>;
}
