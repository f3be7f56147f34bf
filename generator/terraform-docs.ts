// The Markdown tables terraform-docs writes (`terraform-docs markdown table`, v0.22.0), byte for
// byte, so that a contributor who runs the real tool (with .terraform-docs.yml) gets no diff.
// terraform-docs itself is not available here; this is a port of the parts we use:
//
// - the section templates format/templates/markdown_table_{requirements,providers,modules,
//   resources,inputs,outputs}.tmpl (delimiter rows `| ---- |` since v0.22.0);
// - the escaping of template/sanitizer.go (SanitizeMarkdownTable, EscapeCharacters,
//   ConvertMultiLineText, NormalizeURLs) and the anchors of template/anchor.go;
// - the value rendering of terraform/input.go (GetValue: JSON, two-space indent, keys sorted) and
//   format/util.go (PrintFencedCodeBlock), the sorting of terraform/{input,resource,...}.go and the
//   registry links of terraform/resource.go.
//
// What the port cannot reproduce exactly it refuses with a TerraformDocsError naming the input,
// instead of writing tables that the real tool would write differently.

/** A Terraform configuration as terraform-docs sees it (terraform-config-inspect's model). */
export interface DocsModule {
  /** `required_version` constraints, one per `terraform` block. */
  readonly requiredCore: readonly string[];
  /** `required_providers`: local name → source and version constraints. */
  readonly requiredProviders: Readonly<Record<string, { readonly source?: string; readonly versionConstraints: readonly string[] }>>;
  readonly resources: readonly DocsResource[];
  readonly moduleCalls: readonly { readonly name: string; readonly source: string; readonly version?: string }[];
  readonly inputs: readonly DocsInput[];
  readonly outputs: readonly { readonly name: string; readonly description: string }[];
}

export interface DocsResource {
  readonly mode: 'managed' | 'data';
  /** Full type, `aws_iam_role`. */
  readonly type: string;
  readonly name: string;
  /** Provider local name and alias (`provider = aws.east`); default: the type's prefix. */
  readonly provider: string;
  readonly alias?: string;
}

export interface DocsInput {
  readonly name: string;
  readonly description: string;
  /** The type expression as written in the file ('' when there is none). */
  readonly type: string;
  /** Absent: required. */
  readonly default?: unknown;
  readonly required: boolean;
}

/** The settings of .terraform-docs.yml that change the tables (terraform-docs' defaults). */
export interface DocsSettings {
  readonly anchor: boolean;
  readonly escape: boolean;
  readonly required: boolean;
  readonly sortBy: 'name' | 'required';
}

export const DEFAULT_SETTINGS: DocsSettings = { anchor: true, escape: true, required: true, sortBy: 'name' };

export const BEGIN_MARKER = '<!-- BEGIN_TF_DOCS -->';
export const END_MARKER = '<!-- END_TF_DOCS -->';

export class TerraformDocsError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TerraformDocsError';
  }
}

// ---------------------------------------------------------------------------------------------
// Escaping (template/sanitizer.go). Go's RE2 classes, not JavaScript's wider Unicode ones.

const WS = '[\\t\\n\\f\\r ]';
const NON_WS = '[^\\t\\n\\f\\r ]';

/** processSegments: alternates plain and code segments split at `prefix`; empty ones are dropped. */
function processSegments(s: string, prefix: string, plain: (segment: string) => string, code: (segment: string) => string): string {
  let inCode = s.startsWith(prefix);
  let out = '';
  for (const segment of s.split(prefix)) {
    if (segment.length === 0) continue;
    out += inCode ? code(segment) : plain(segment);
    inCode = !inCode;
  }
  return out;
}

const KEEP = '\u0000KEEP\u0000';

/** The underscore rule of EscapeCharacters: `\_`, except list markers and `_emphasis_`. */
function escapeUnderscores(line: string): string {
  const cases: Array<{ pattern: RegExp; groups: number[] }> = [
    { pattern: new RegExp(`^(${WS}*)(_+)(${WS}+)(.*)`, 'dg'), groups: [2] },
    { pattern: new RegExp(`(${WS}+)(_+)([^\\t\\n\\f\\r _])(.*)([^\\t\\n\\f\\r _])(_+)(${WS}+)`, 'dg'), groups: [6, 2] },
  ];
  for (const { pattern, groups } of cases) {
    const matches = [...line.matchAll(pattern)];
    // Go applies every match with offsets taken before the first replacement; one match is exact.
    if (matches.length > 1) throw new TerraformDocsError(`cannot reproduce terraform-docs' escaping of several _emphasis_ runs on one line: ${JSON.stringify(line)}`);
    for (const match of matches) {
      for (const g of groups) {
        const [start, end] = match.indices?.[g] ?? [0, 0];
        line = line.slice(0, start) + line.slice(start, end).replaceAll('_', KEEP) + line.slice(end);
      }
    }
  }
  return line.replaceAll('_', '\\_').replaceAll(KEEP, '_');
}

function escapeCharacters(s: string, escape: boolean): string {
  const keepCode = (segment: string): string => `\`${segment}\``;
  s = processSegments(s, '`', (segment) => segment.replaceAll('|', '\\|'), keepCode);
  if (escape) s = processSegments(s, '`', (segment) => segment.split('\n').map(escapeUnderscores).join('\n'), keepCode);
  return s;
}

/** ConvertMultiLineText for a table cell with HTML: line breaks become `<br/>`. */
function convertMultiLineText(s: string): string {
  s = s.trim();
  s = s.replace(new RegExp(`(${NON_WS}*)(\\r?\\n)(${WS}*)(\\w+)`, 'g'), '$1  $2$3$4');
  s = s.replaceAll('    \n', '  \n').replaceAll('  \n\n', '\n\n').replaceAll('\n  \n', '\n\n');
  return s.replaceAll('  \n', '<br/>').replaceAll('\n', '<br/>');
}

/** NormalizeURLs: escaping undone inside URLs (xurls.Strict, for the URLs our texts hold). */
function normalizeUrls(s: string, escape: boolean): string {
  if (!escape) return s;
  if (/[a-z][a-z0-9+.-]*:\/\//i.test(s.replace(/https?:\/\/[^\s<>"]+/g, ''))) {
    throw new TerraformDocsError(`only http(s) URLs are supported in descriptions: ${JSON.stringify(s)}`);
  }
  return s.replace(/https?:\/\/[^\s<>"]+/g, (url) => url.replaceAll('\\', ''));
}

/** SanitizeMarkdownTable with `html: true`. */
export function sanitizeMarkdownTable(s: string, escape: boolean): string {
  if (s === '') return 'n/a';
  return processSegments(
    s,
    '```',
    (segment) => normalizeUrls(convertMultiLineText(escapeCharacters(segment, escape)), escape),
    (segment) => `<pre>${segment.trim().replaceAll('\n', '<br/>').replaceAll('\r', '')}</pre>`,
  );
}

/** PrintFencedCodeBlock: inline code, or a fenced block when the text has several lines. */
function fenced(code: string): string {
  return code.includes('\n') ? `\n\n\`\`\`\n${code}\n\`\`\`\n` : `\`${code}\``;
}

function sanitizeName(name: string, settings: DocsSettings): string {
  return settings.escape ? name.replaceAll('_', '\\_') : name;
}

/** anchorNameMarkdown (template/anchor.go). */
export function anchor(kind: string, name: string, settings: DocsSettings): string {
  if (!settings.anchor) return sanitizeName(name, settings);
  const id = `${kind}_${name}`;
  return `<a name="${id}"></a> [${sanitizeName(name, settings)}](#${sanitizeName(id, settings)})`;
}

// ---------------------------------------------------------------------------------------------
// Values (terraform/input.go GetValue, internal/types).

/** JSON as Go's encoding/json writes it with SetIndent("", "  ") and SetEscapeHTML(false). */
function goJson(value: unknown): string {
  const sorted = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sorted);
    if (v && typeof v === 'object') {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sorted((v as Record<string, unknown>)[k])]));
    }
    return v;
  };
  return JSON.stringify(sorted(value), null, 2).replaceAll('\u2028', '\\u2028').replaceAll('\u2029', '\\u2029');
}

/** The Default cell's text before fencing: '' for a required input. */
export function defaultValue(input: DocsInput): string {
  if (input.required) return '';
  const v = input.default;
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') {
    if (v === '') return '""';
    // types.String marshals itself: only newlines and quotes are escaped; anything else that JSON
    // must escape makes terraform-docs fail, so it is refused here.
    // eslint-disable-next-line no-control-regex
    if (/[\\\u0000-\u001f]/.test(v.replace(/\n/g, ''))) throw new TerraformDocsError(`input ${input.name}: terraform-docs cannot render a string default with backslashes or control characters`);
    return `"${v.replaceAll('\n', '\\n').replaceAll('"', '\\"')}"`;
  }
  return goJson(v);
}

/** types.TypeOf: the written type, else one inferred from the default. */
function typeOf(input: DocsInput): string {
  if (input.type !== '') return input.type;
  const v = input.default;
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'list';
  if (v && typeof v === 'object') return 'map';
  return 'any';
}

// ---------------------------------------------------------------------------------------------
// Sections.

const byString = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

function section(title: string, empty: string, header: string[], rows: string[]): string {
  return rows.length === 0 ? `## ${title}\n\n${empty}` : [`## ${title}`, '', ...header, ...rows].join('\n');
}

function requirements(module: DocsModule, s: DocsSettings): string {
  const rows = [
    ...module.requiredCore.map((v) => ({ name: 'terraform', version: v })),
    ...Object.keys(module.requiredProviders)
      .sort(byString)
      .flatMap((name) => (module.requiredProviders[name]?.versionConstraints ?? []).map((version) => ({ name, version }))),
  ];
  return section('Requirements', 'No requirements.', ['| Name | Version |', '| ---- | ------- |'], rows.map((r) => `| ${anchor('requirement', r.name, s)} | ${r.version || 'n/a'} |`));
}

function providers(module: DocsModule, s: DocsSettings): string {
  const found = new Map<string, { name: string; alias: string }>();
  for (const r of module.resources) found.set(`${r.provider}.${r.alias ?? ''}`, { name: r.provider, alias: r.alias ?? '' });
  const rows = [...found.values()]
    .sort((a, b) => (a.name === b.name ? byString(a.alias, b.alias) : byString(a.name, b.name)))
    .map((p) => {
      const version = (module.requiredProviders[p.name]?.versionConstraints ?? []).join(' ');
      return `| ${anchor('provider', p.alias ? `${p.name}.${p.alias}` : p.name, s)} | ${version || 'n/a'} |`;
    });
  return section('Providers', 'No providers.', ['| Name | Version |', '| ---- | ------- |'], rows);
}

/** formatSource: a `?ref=` of the source is shown as the version. */
function sourceAndVersion(source: string, version: string | undefined): [string, string] {
  if (version) return [source, version];
  const at = source.lastIndexOf('?ref=');
  if (at < 0 || at + 5 >= source.length) return [source, ''];
  return [source.slice(0, at), source.slice(at + 5)];
}

function moduleCalls(module: DocsModule, s: DocsSettings): string {
  const rows = [...module.moduleCalls]
    .sort((a, b) => byString(a.name, b.name))
    .map((m) => {
      const [source, version] = sourceAndVersion(m.source, m.version);
      return `| ${anchor('module', m.name, s)} | ${source} | ${version || 'n/a'} |`;
    });
  return section('Modules', 'No modules.', ['| Name | Source | Version |', '| ---- | ------ | ------- |'], rows);
}

/** resourceVersion: a pinned `= x` constraint, else "latest". */
function registryVersion(constraints: readonly string[]): string {
  const last = constraints[constraints.length - 1];
  if (last === undefined) return 'latest';
  const parts = last.split(' ');
  if (parts.length === 1) {
    const first = parts[0]?.slice(0, 1) ?? '';
    if (!/[0-9]/.test(first)) return first === '=' ? (parts[0] ?? '').slice(1) : 'latest';
    return parts[0] ?? 'latest';
  }
  return parts.length === 2 && parts[0] === '=' ? (parts[1] ?? 'latest') : 'latest';
}

function resources(module: DocsModule): string {
  const rows = module.resources.map((r) => {
    const type = r.type.startsWith(`${r.provider}_`) ? r.type.slice(r.provider.length + 1) : r.type;
    const spec = `${r.provider}_${type}.${r.name}`;
    const required = module.requiredProviders[r.provider];
    const source = required?.source || `hashicorp/${r.provider}`;
    const version = registryVersion(required?.versionConstraints ?? []);
    const [namespace = '', provider = namespace] = source.split('/');
    const kind = r.mode === 'managed' ? 'resources' : 'data-sources';
    const url = source.split('/').length > 2 ? '' : `https://registry.terraform.io/providers/${namespace}/${provider}/${version}/docs/${kind}/${type}`;
    return { mode: r.mode, spec, name: r.name, row: `| ${url ? `[${spec}](${url})` : spec} | ${r.mode === 'managed' ? 'resource' : 'data source'} |` };
  });
  // sortResourcesByType: managed before data, then by address.
  rows.sort((a, b) => (a.mode !== b.mode ? byString(b.mode, a.mode) : a.spec !== b.spec ? byString(a.spec, b.spec) : byString(a.name, b.name)));
  return section('Resources', 'No resources.', ['| Name | Type |', '| ---- | ---- |'], rows.map((r) => r.row));
}

function inputs(module: DocsModule, s: DocsSettings): string {
  const sorted = [...module.inputs].sort((a, b) =>
    s.sortBy === 'required' && a.required !== b.required ? (a.required ? -1 : 1) : byString(a.name, b.name),
  );
  const rows = sorted.map((i) => {
    const value = defaultValue(i);
    const cells = [
      anchor('input', i.name, s),
      sanitizeMarkdownTable(i.description, s.escape),
      sanitizeMarkdownTable(fenced(typeOf(i)), s.escape),
      value === '' ? 'n/a' : sanitizeMarkdownTable(fenced(value), s.escape),
      ...(s.required ? [i.required ? 'yes' : 'no'] : []),
    ];
    return `| ${cells.join(' | ')} |`;
  });
  const header = s.required
    ? ['| Name | Description | Type | Default | Required |', '| ---- | ----------- | ---- | ------- | :------: |']
    : ['| Name | Description | Type | Default |', '| ---- | ----------- | ---- | ------- |'];
  return section('Inputs', 'No inputs.', header, rows);
}

function outputs(module: DocsModule, s: DocsSettings): string {
  const rows = [...module.outputs]
    .sort((a, b) => byString(a.name, b.name))
    .map((o) => `| ${anchor('output', o.name, s)} | ${sanitizeMarkdownTable(o.description, s.escape)} |`);
  return section('Outputs', 'No outputs.', ['| Name | Description |', '| ---- | ----------- |'], rows);
}

/** The document terraform-docs injects between the markers (sanitize() of format/util.go applied). */
export function renderTables(module: DocsModule, settings: DocsSettings = DEFAULT_SETTINGS): string {
  const text = [requirements(module, settings), providers(module, settings), moduleCalls(module, settings), resources(module), inputs(module, settings), outputs(module, settings)].join('\n\n');
  const keep = '\u0000DOUBLESPACES\u0000';
  return text
    .replace(/ {2}(\r?\n)/g, `${keep}$1`)
    .replace(/ +(\r?\n)/g, '$1')
    .replace(/ +$/, '')
    .replace(new RegExp(`${keep}(\\r?\\n)`, 'g'), '  $1')
    .replace(/(\r?\n) {2}(\r?\n)/g, '$1')
    .replace(/(\r?\n){3,}/g, '$1$1')
    .replace(/(\r?\n){2,}$/, '');
}

/** `output.mode: inject`: the tables replace whatever is between the markers. */
export function injectTables(document: string, tables: string, path: string): string {
  const begin = document.indexOf(BEGIN_MARKER);
  const end = document.indexOf(END_MARKER);
  if (begin < 0 || end < begin) throw new TerraformDocsError(`${path} lacks the ${BEGIN_MARKER} … ${END_MARKER} markers: add them where the tables belong`);
  return `${document.slice(0, begin)}${BEGIN_MARKER}\n${tables}\n${document.slice(end)}`;
}
