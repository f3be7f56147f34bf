// What terraform-docs reads from a configuration, taken from its .tf files as Terraform reads them
// (hcl2json): requirements, resources, module calls, variables (type as written), outputs.
import { parseHcl } from './cdktf.js';
import type { DocsInput, DocsModule, DocsResource } from './terraform-docs.js';

type Blocks = Record<string, Array<Record<string, unknown>>>;

interface ParsedFile {
  terraform?: Array<{ required_version?: string; required_providers?: Array<Record<string, { source?: string; version?: string } | string>> }>;
  variable?: Blocks;
  output?: Blocks;
  module?: Blocks;
  resource?: Record<string, Blocks>;
  data?: Record<string, Blocks>;
}

/** `${expr}` (how hcl2json writes an expression) → `expr`, as written in the file. */
function expression(value: unknown): string {
  if (typeof value !== 'string') return '';
  return value.startsWith('${') && value.endsWith('}') ? value.slice(2, -1) : value;
}

function resourcesOf(blocks: Record<string, Blocks> | undefined, mode: DocsResource['mode']): DocsResource[] {
  return Object.entries(blocks ?? {}).flatMap(([type, byName]) =>
    Object.entries(byName).map(([name, [body]]) => {
      const [provider = '', alias] = body?.provider ? expression(body.provider).split('.') : [type.split('_')[0]];
      return { mode, type, name, provider, ...(alias ? { alias } : {}) };
    }),
  );
}

/** The model of one configuration from its files (name → content). */
export async function docsModel(files: Readonly<Record<string, string>>): Promise<DocsModule> {
  const parsed: ParsedFile[] = [];
  for (const [name, content] of Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (name.endsWith('.tf')) parsed.push((await parseHcl(name, content)) as ParsedFile);
  }
  const requiredCore: string[] = [];
  const requiredProviders: Record<string, { source?: string; versionConstraints: string[] }> = {};
  const inputs: DocsInput[] = [];
  const outputs: Array<{ name: string; description: string }> = [];
  const moduleCalls: Array<{ name: string; source: string; version?: string }> = [];
  const resources: DocsResource[] = [];
  for (const file of parsed) {
    for (const t of file.terraform ?? []) {
      if (t.required_version) requiredCore.push(t.required_version);
      for (const entry of t.required_providers ?? []) {
        for (const [name, req] of Object.entries(entry)) {
          const existing = (requiredProviders[name] ??= { versionConstraints: [] });
          const version = typeof req === 'string' ? req : req.version;
          if (typeof req !== 'string' && req.source) existing.source = req.source;
          if (version) existing.versionConstraints.push(version);
        }
      }
    }
    for (const [name, [body = {}]] of Object.entries(file.variable ?? {})) {
      inputs.push({
        name,
        description: typeof body.description === 'string' ? body.description : '',
        type: expression(body.type),
        required: !('default' in body),
        ...('default' in body ? { default: body.default } : {}),
      });
    }
    for (const [name, [body = {}]] of Object.entries(file.output ?? {})) {
      outputs.push({ name, description: typeof body.description === 'string' ? body.description : '' });
    }
    for (const [name, [body = {}]] of Object.entries(file.module ?? {})) {
      moduleCalls.push({ name, source: String(body.source ?? ''), ...(typeof body.version === 'string' ? { version: body.version } : {}) });
    }
    resources.push(...resourcesOf(file.resource, 'managed'), ...resourcesOf(file.data, 'data'));
  }
  return { requiredCore, requiredProviders, resources, moduleCalls, inputs, outputs };
}
