// Shared helpers of the module tests: synthesized stacks as Terraform JSON, the generated files
// parsed back from HCL, and a Terraform binary for the tests that evaluate generated HCL.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing, parseHcl } from '../../generator/cdktf.js';
import { moduleStack, type ModuleDefinition } from '../../generator/synth.js';
import { CATALOG, MODULES } from '../../modules/catalog.js';
import { REPO_ROOT } from './module-locals.js';

export { CATALOG, MODULES, REPO_ROOT };
/** `tofu` (the toolchain) or else `terraform`, for tests that evaluate generated HCL without providers. */
export { terraformBinary } from './module-locals.js';

/** The committed .tf files of a module directory (main.tf, a file per section, variables.tf, ...), sorted. */
export function tfFiles(dir: string): string[] {
  return readdirSync(join(REPO_ROOT, dir)).filter((f) => f.endsWith('.tf')).sort();
}

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

/** Every .tf file of a module parsed and merged, as Terraform reads a directory (blocks by type and name; lists joined). */
export async function parsedModule(dir: string): Promise<Record<string, any>> {
  const merge = (a: unknown, b: unknown): unknown => {
    if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
    if (a && b && typeof a === 'object' && typeof b === 'object') {
      const out: Record<string, unknown> = { ...(a as Record<string, unknown>) };
      for (const [k, v] of Object.entries(b as Record<string, unknown>)) out[k] = k in out ? merge(out[k], v) : v;
      return out;
    }
    throw new Error(`${dir}: a block is declared twice`);
  };
  let merged: unknown = {};
  for (const f of tfFiles(dir)) merged = merge(merged, await parsedFile(dir, f));
  return merged as Record<string, any>;
}
