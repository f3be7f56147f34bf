// Every configuration a user runs or calls, as Terraform JSON: the root module, the submodules, the
// wrappers and the HCL examples (their .tf files parsed by hcl2json), and examples/cdktf
// synthesized (cdk.tf.json). For the checks of what they read and set (test/module/provider-compat,
// test/e2e/provider-schema).
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseHcl } from '../../generator/cdktf.js';
import { synthesize } from '../../examples/cdktf/main.js';
import { REPO_ROOT } from './module-locals.js';

export const CDKTF_EXAMPLE = 'examples/cdktf (synthesized)';

function hclDirs(): string[] {
  const under = (dir: string) =>
    readdirSync(join(REPO_ROOT, dir))
      .map((name) => join(dir, name))
      .filter((path) => statSync(join(REPO_ROOT, path)).isDirectory());
  return ['.', ...under('modules'), 'wrappers', ...under('wrappers'), ...under('examples').filter((d) => d !== join('examples', 'cdktf'))];
}

async function parseDir(dir: string): Promise<Record<string, unknown>> {
  const merged: Record<string, Record<string, unknown>> = {};
  for (const file of readdirSync(join(REPO_ROOT, dir)).filter((f) => f.endsWith('.tf'))) {
    const parsed = (await parseHcl(file, readFileSync(join(REPO_ROOT, dir, file), 'utf8'))) as Record<string, Record<string, unknown>>;
    for (const [k, v] of Object.entries(parsed)) merged[k] = { ...(merged[k] ?? {}), ...v };
  }
  return merged;
}

/** Directory (or CDKTF_EXAMPLE) → Terraform JSON. */
export async function userConfigurations(): Promise<Map<string, Record<string, unknown>>> {
  const configurations = new Map<string, Record<string, unknown>>();
  for (const dir of hclDirs()) configurations.set(dir, await parseDir(dir));
  const out = mkdtempSync(join(tmpdir(), 'replica-dns-cdktf-example-'));
  try {
    synthesize(out);
    configurations.set(CDKTF_EXAMPLE, JSON.parse(readFileSync(join(out, 'stacks', 'replica-dns', 'cdk.tf.json'), 'utf8')) as Record<string, unknown>);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  return configurations;
}
