// Renders a CDKTF stack as a Terraform module that reads as if written by hand.
//
// CDKTF 0.21 can emit HCL itself, but its output is not usable as a published module: validation
// conditions and `depends_on` entries come out as quoted strings, every reference as an
// interpolation-only string, attributes in alphabetical order, meta-arguments last. So the stack is
// synthesized to Terraform JSON (CDKTF's well-trodden path) and turned into HCL here:
//
// - an interpolation-only string `"${expr}"` becomes the bare expression `expr`;
// - nested blocks are told apart from map-valued attributes with the provider schema that the
//   generated bindings carry (`isBlock` in `toHclTerraform()`);
// - attributes keep the order in which the construct wrote its props (`make()` records them), with
//   `count` first, then arguments, blocks, `tags`, `depends_on` and `lifecycle`, as in
//   terraform-aws-modules;
// - section banners, comments and checkov skips come from annotations on the elements;
// - the result goes through hclwrite.Format (what `terraform fmt` uses), shipped by CDKTF as wasm.
//
// Everything is deterministic: same constructs, same bytes.
import {
  Construct,
  DefaultTokenResolver,
  StringConcat,
  TerraformDataSource,
  TerraformElement,
  TerraformLocal,
  TerraformOutput,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
  TerraformVariable,
  Tokenization,
  formatHcl,
} from './cdktf.js';
import { hclLiteral, interpolation, quote, renderString, renderValue } from './hcl-text.js';
import type { OutputSpec, VariableSpec } from './spec.js';

// ---------------------------------------------------------------------------------------------
// Annotations the constructs put on their elements.

const propsOf = new WeakMap<object, unknown>();
const sectionOf = new WeakMap<object, { readonly title?: string; readonly file: string }>();
const commentsOf = new WeakMap<object, string[]>();
const innerCommentsOf = new WeakMap<object, string[]>();

/** `new ctor(scope, id, props)`, remembering the order in which the props were written. */
export function make<T extends object, P>(ctor: new (scope: Construct, id: string, props: P) => T, scope: Construct, id: string, props: P): T {
  const element = new ctor(scope, id, props);
  propsOf.set(element, props);
  return element;
}

/** The file of the core resources, and of every element before the first section. */
export const MAIN_FILE = 'main.tf';

/**
 * A terraform-aws-modules style banner above the element, which with the elements after it, up to
 * the next section, goes to `file` (e.g. `iam.tf`) of the module.
 */
export function section<T extends object>(element: T, title: string, file: string = MAIN_FILE): T {
  sectionOf.set(element, { title, file });
  return element;
}

/**
 * The element and those after it, up to the next section, go to `file`, under no banner: e.g. a
 * construct's locals, declared after another construct's section but read by the core resources.
 */
export function placeIn<T extends object>(element: T, file: string): T {
  sectionOf.set(element, { file });
  return element;
}

/** Comment lines above the element's block. */
export function comment<T extends object>(element: T, ...lines: string[]): T {
  commentsOf.set(element, [...(commentsOf.get(element) ?? []), ...lines]);
  return element;
}

/** A checkov skip with its reason, inside the element's block (where checkov looks for it). */
export function skipCheck<T extends object>(element: T, check: string, reason: string): T {
  innerCommentsOf.set(element, [...(innerCommentsOf.get(element) ?? []), `checkov:skip=${check}:${reason}`]);
  return element;
}

// ---------------------------------------------------------------------------------------------
// Bodies.

function snake(key: string): string {
  return key.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`);
}

/** The attribute order of a props object (camelCase keys, as written), in snake_case. */
function orderOf(props: unknown): string[] {
  if (!props || typeof props !== 'object' || Array.isArray(props)) return [];
  return Object.keys(props).map(snake);
}

function childProps(props: unknown, key: string, index: number | undefined): unknown {
  if (!props || typeof props !== 'object') return undefined;
  const entry = Object.entries(props as Record<string, unknown>).find(([k]) => snake(k) === key)?.[1];
  if (index === undefined) return entry;
  return Array.isArray(entry) ? entry[index] : entry;
}

interface Schema {
  /** Paths (`environment`, `statement.condition`) of nested blocks. */
  readonly blocks: ReadonlySet<string>;
}

const META_FIRST = ['count', 'for_each', 'provider'];
const META_LAST = ['depends_on', 'lifecycle'];

function renderBody(body: Record<string, unknown>, path: string, schema: Schema, props: unknown, top: boolean): string[] {
  const keys = Object.keys(body).filter((k) => k !== '//' && body[k] !== undefined);
  const preferred = orderOf(props);
  const rank = (k: string): number => {
    const i = preferred.indexOf(k);
    return i === -1 ? preferred.length + keys.indexOf(k) : i;
  };
  const isBlock = (k: string): boolean => schema.blocks.has(path ? `${path}.${k}` : k);
  const plain = keys
    .filter((k) => !META_FIRST.includes(k) && !META_LAST.includes(k) && k !== 'tags' && k !== 'dynamic')
    .sort((a, b) => rank(a) - rank(b));
  const attributes = plain.filter((k) => !isBlock(k));
  const blocks = plain.filter((k) => isBlock(k));

  const groups: string[][] = [];
  const meta = META_FIRST.filter((k) => k in body).map((k) => `${k} = ${k === 'provider' ? String(body[k]) : renderValue(body[k])}`);
  if (meta.length) groups.push(meta);
  if (attributes.length) groups.push(attributes.map((k) => `${k} = ${renderValue(body[k])}`));
  for (const k of blocks) {
    const value = body[k];
    const items = Array.isArray(value) ? value : [value];
    items.forEach((item, index) => {
      const inner = renderBody(item as Record<string, unknown>, path ? `${path}.${k}` : k, schema, childProps(props, k, Array.isArray(value) ? index : undefined), false);
      groups.push([`${k} {`, ...inner, '}']);
    });
  }
  type Dynamic = { for_each: unknown; iterator?: string; content: Record<string, unknown> };
  const dynamic = body.dynamic as Record<string, Dynamic | Dynamic[]> | undefined;
  // Several dynamic blocks of one type: a list (as in Terraform's JSON syntax).
  for (const [name, d] of Object.entries(dynamic ?? {}).flatMap(([n, ds]) => (Array.isArray(ds) ? ds : [ds]).map((one) => [n, one] as const))) {
    const blockPath = path ? `${path}.${name}` : name;
    const content = renderBody(d.content, blockPath, schema, undefined, false);
    groups.push([
      `dynamic ${quote(name)} {`,
      `for_each = ${renderValue(d.for_each)}`,
      ...(d.iterator ? [`iterator = ${d.iterator}`] : []),
      '',
      'content {',
      ...content,
      '}',
      '}',
    ]);
  }
  if ('tags' in body) groups.push([`tags = ${renderValue(body.tags)}`]);
  if ('depends_on' in body) {
    const deps = (body.depends_on as string[]).map((d) => renderString(d.startsWith('${') ? d : interpolation(d)));
    groups.push([`depends_on = [\n${deps.map((d) => `${d},`).join('\n')}\n]`]);
  }
  if ('lifecycle' in body) {
    const lifecycle = renderLifecycle(body.lifecycle as Record<string, unknown>);
    if (lifecycle.length > 2) groups.push(lifecycle);
  }

  // Hand-written layout: at the top of a resource every group is its own paragraph; inside nested
  // blocks only blocks are set apart.
  const lines: string[] = [];
  groups.forEach((g, i) => {
    const isBlockGroup = g[0]?.endsWith('{') && g.length > 1 && !g[0].includes('=');
    if (i > 0 && (top || isBlockGroup || groups[i - 1]?.[0]?.endsWith('{'))) lines.push('');
    lines.push(...g);
  });
  return lines;
}

function renderLifecycle(lifecycle: Record<string, unknown>): string[] {
  const lines: string[] = [];
  for (const [k, v] of Object.entries(lifecycle)) {
    if (v === undefined || v === null) continue;
    if (k === 'precondition' || k === 'postcondition') {
      for (const c of v as Array<{ condition: string; error_message: string }>) {
        if (lines.length) lines.push('');
        lines.push(`${k} {`, `condition = ${renderValue(c.condition)}`, `error_message = ${renderValue(c.error_message)}`, '}');
      }
    } else if (k === 'ignore_changes' || k === 'replace_triggered_by') {
      const refs = Array.isArray(v) ? (v as string[]).map((r) => renderString(r.startsWith('${') ? r : interpolation(r))) : [String(v)];
      lines.unshift(`${k} = [${refs.join(', ')}]`);
    } else {
      lines.unshift(`${k} = ${renderValue(v)}`);
    }
  }
  return ['lifecycle {', ...lines, '}'];
}

// ---------------------------------------------------------------------------------------------
// Whole files.

function banner(title: string): string[] {
  const rule = '#'.repeat(80);
  return [rule, `# ${title}`, rule, ''];
}

function commentLines(lines: readonly string[] | undefined): string[] {
  return (lines ?? []).flatMap((l) => l.split('\n')).map((l) => (l ? `# ${l}` : '#'));
}

/** Paths of nested blocks, from the `isBlock` flags of the generated provider bindings. */
function collectBlocks(stack: TerraformStack, element: TerraformResource | TerraformDataSource): Set<string> {
  const blocks = new Set<string>();
  const fragment = Tokenization.resolve((element as unknown as { toHclTerraform(): Record<string, Record<string, Record<string, Record<string, unknown>>>> }).toHclTerraform(), {
    scope: stack,
    preparing: false,
    resolver: new DefaultTokenResolver(new StringConcat()),
  });
  const kind = element instanceof TerraformDataSource ? 'data' : 'resource';
  const body = fragment[kind]?.[element.terraformResourceType]?.[element.friendlyUniqueId] ?? {};
  const walk = (attrs: Record<string, unknown>, prefix: string): void => {
    for (const [k, raw] of Object.entries(attrs)) {
      if (!raw || typeof raw !== 'object' || Array.isArray(raw)) continue;
      const v = raw as { isBlock?: boolean; is_block?: boolean; value?: unknown; dynamic?: unknown };
      if (!(v.isBlock || v.is_block)) continue;
      const path = prefix ? `${prefix}.${k}` : k;
      blocks.add(path);
      const items = Array.isArray(v.value) ? v.value : v.value && typeof v.value === 'object' ? [v.value] : [];
      for (const item of items) if (item && typeof item === 'object') walk(item as Record<string, unknown>, path);
    }
  };
  walk(body, '');
  return blocks;
}

/** Nested blocks that the constructs write inside `dynamic` content (raw JSON, without the bindings' isBlock flags). */
const DYNAMIC_CONTENT_BLOCKS: Readonly<Record<string, readonly string[]>> = {
  aws_iam_policy_document: ['statement', 'statement.condition'],
};

function elementsOf(stack: TerraformStack): TerraformElement[] {
  return stack.node.findAll().filter((c): c is TerraformElement => c instanceof TerraformElement);
}

/** The files every module has; the sections add theirs (`iam.tf`, ...) after main.tf. */
export const FIXED_FILES = [MAIN_FILE, 'variables.tf', 'outputs.tf', 'versions.tf'] as const;

/** File name → content: main.tf, the sections' files in order of appearance, variables.tf, outputs.tf, versions.tf. */
export type ModuleFiles = Readonly<Record<string, string>>;

export interface RenderOptions {
  /** The module's inputs, in the order they appear in variables.tf (grouped by section). */
  readonly variables: readonly VariableSpec[];
  /** The module's outputs: their sections and order in outputs.tf. */
  readonly outputs?: readonly OutputSpec[];
  /** Minimum version for `required_version`; the AWS provider's version constraint. */
  readonly terraformVersion: string;
  readonly awsProviderConstraint: string;
  /** Every element in main.tf, whatever file its section names (a module too small to split). */
  readonly singleFile?: boolean;
}

export interface RenderedModule {
  readonly files: ModuleFiles;
  /** Addresses of the resources and data sources, in file order (`aws_lambda_function.this`). */
  readonly resources: readonly string[];
}

/** Renders the stack as the four files of a Terraform module, formatted. */
export async function renderModule(stack: TerraformStack, options: RenderOptions): Promise<RenderedModule> {
  const json = stack.toTerraform() as Record<string, any>;
  if (json.provider) throw new Error('a generated module must not configure providers');
  if (json.terraform?.backend || json.terraform?.cloud) throw new Error('a generated module must not configure a backend');

  // Each file's lines and its open `locals` block: locals declared in a row share one block, also
  // when another file's elements come between them.
  const bodies = new Map<string, { lines: string[]; openLocals?: string[] }>([[MAIN_FILE, { lines: [] }]]);
  let file = MAIN_FILE;
  const current = () => bodies.get(file)!;
  const flushLocals = (): void => {
    const b = current();
    if (b.openLocals) b.lines.push('locals {', ...b.openLocals, '}', '');
    b.openLocals = undefined;
  };
  const outputs = new Map<string, string[]>();
  const resources: string[] = [];

  for (const element of elementsOf(stack)) {
    const placement = sectionOf.get(element);
    if (placement) {
      file = options.singleFile ? MAIN_FILE : sectionFile(placement.file);
      if (!bodies.has(file)) bodies.set(file, { lines: [] });
      if (placement.title) {
        flushLocals();
        current().lines.push(...banner(placement.title));
      } else current().openLocals?.push('');
    }
    const id = element.friendlyUniqueId;
    if (element instanceof TerraformProvider) throw new Error('a generated module must not configure providers');
    if (element instanceof TerraformVariable) continue;
    if (element instanceof TerraformLocal) {
      const openLocals = (current().openLocals ??= []);
      if (openLocals.length && commentsOf.get(element)) openLocals.push('');
      openLocals.push(...commentLines(commentsOf.get(element)), `${id} = ${renderValue(json.locals[id])}`);
      continue;
    }
    if (element instanceof TerraformOutput) {
      const o = json.output[id] as Record<string, unknown>;
      const body = ['description', 'value', 'sensitive'].filter((k) => k in o).map((k) => `${k} = ${renderValue(o[k])}`);
      outputs.set(id, [`output ${quote(id)} {`, ...body, '}', '']);
      continue;
    }
    if (element instanceof TerraformResource || element instanceof TerraformDataSource) {
      flushLocals();
      const kind = element instanceof TerraformDataSource ? 'data' : 'resource';
      const body = json[kind][element.terraformResourceType][id] as Record<string, unknown>;
      resources.push(`${kind === 'data' ? 'data.' : ''}${element.terraformResourceType}.${id}`);
      const blocks = collectBlocks(stack, element);
      for (const b of DYNAMIC_CONTENT_BLOCKS[element.terraformResourceType] ?? []) blocks.add(b);
      const inner = [...(innerCommentsOf.get(element) ?? []).map((c) => `#${c}`), ...renderBody(body, '', { blocks }, propsOf.get(element), true)];
      current().lines.push(
        ...commentLines(commentsOf.get(element)),
        ...(inner.length ? [`${kind} ${quote(element.terraformResourceType)} ${quote(id)} {`, ...inner, '}'] : [`${kind} ${quote(element.terraformResourceType)} ${quote(id)} {}`]),
        '',
      );
      continue;
    }
    throw new Error(`unsupported element ${element.node.path}`);
  }
  for (const f of bodies.keys()) {
    file = f;
    flushLocals();
  }

  const variables = bySection(options.variables).flatMap(([title, specs]) => [...(title ? banner(title) : []), ...specs.flatMap(renderVariable)]);
  const versions = [
    'terraform {',
    `required_version = ${quote(`>= ${options.terraformVersion}`)}`,
    '',
    'required_providers {',
    'aws = {',
    'source  = "hashicorp/aws"',
    `version = ${quote(options.awsProviderConstraint)}`,
    '}',
    '}',
    '}',
  ];
  const sectionFiles: Record<string, string> = {};
  for (const [name, b] of bodies) sectionFiles[name] = await tidy(b.lines);
  return {
    files: {
      ...sectionFiles,
      'variables.tf': await tidy(variables),
      'outputs.tf': await tidy(renderOutputs(outputs, options.outputs)),
      'versions.tf': await tidy(versions),
    },
    resources,
  };
}

/**
 * Specs grouped by section, sections in order of first appearance. A spec without a section is
 * listed under that of the spec before it (a module's own input beside the shared ones it extends).
 */
function bySection<S extends { readonly section?: string }>(specs: readonly S[]): Array<[string | undefined, S[]]> {
  const groups = new Map<string | undefined, S[]>();
  let current: string | undefined;
  for (const s of specs) {
    current = s.section ?? current;
    groups.set(current, [...(groups.get(current) ?? []), s]);
  }
  return [...groups];
}

/** The output blocks (by name, in construct order) under the banners of their specs' sections. */
function renderOutputs(blocks: ReadonlyMap<string, string[]>, specs: readonly OutputSpec[] = []): string[] {
  const known = specs.filter((s) => blocks.has(s.name));
  const rest = [...blocks.keys()].filter((name) => !known.some((s) => s.name === name)).map((name) => ({ name }) as OutputSpec);
  return bySection([...rest, ...known]).flatMap(([title, group]) => [...(title ? banner(title) : []), ...group.flatMap((s) => blocks.get(s.name)!)]);
}

/** A section's file: a plain `<name>.tf`, none of the files every module has but main.tf. */
function sectionFile(name: string): string {
  if (!/^[a-z][a-z0-9_]*\.tf$/.test(name) || (name !== MAIN_FILE && (FIXED_FILES as readonly string[]).includes(name))) {
    throw new Error(`section file ${name}: must be main.tf or a <name>.tf of its own (lowercase, digits, underscores), not ${FIXED_FILES.slice(1).join(', ')}`);
  }
  return name;
}

function renderVariable(v: VariableSpec): string[] {
  const lines = [`variable ${quote(v.name)} {`, `description = ${quote(v.description)}`, `type = ${v.type}`];
  // A default is a value, not a template: Terraform evaluates it with no variables.
  if ('default' in v) lines.push(`default = ${hclLiteral(v.default)}`);
  if (v.nullable === false) lines.push('nullable = false');
  for (const c of v.validations ?? []) {
    lines.push('', 'validation {', `condition = ${c.condition}`, `error_message = ${quote(c.message)}`, '}');
  }
  lines.push('}', '');
  return lines;
}

/** Lines of HCL, formatted as `terraform fmt` does, one blank line at most between blocks. */
export async function tidy(lines: string[]): Promise<string> {
  const text = lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const formatted = await formatHcl(text + '\n');
  return formatted.replace(/[ \t]+$/gm, '').replace(/\n{3,}/g, '\n\n').trimEnd() + '\n';
}
