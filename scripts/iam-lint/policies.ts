// The module's IAM policy documents as concrete JSON, for scripts/iam-lint.sh to lint.
//
//   tsx scripts/iam-lint/policies.ts OUT_DIR
//
// Nothing here is written by hand: for each module the CDKTF stack is synthesized (`synthJson`,
// as the module tests do) and every `data "aws_iam_policy_document"` in it is evaluated by
// Terraform itself (tofu from the toolchain, else terraform; no provider) together with the
// module's real variables (with their validations), locals and resource preconditions, for the
// inputs of each case below. Only what a provider would compute is stubbed, with realistic values:
// the data sources (partition, region, account, the looked-up zone's name) and the attributes of
// created resources (ARNs built from each resource's own synthesized `name`, the new zone's ID).
// A counted resource is stubbed as one instance (`[0]` and `[*]` resolve); a document whose own
// `count` is 0 for a case is not linted. A reference to anything without a stub fails the run.
//
// The documents are rendered as the AWS provider renders `.json` (Version 2012-10-17; Sid, Effect,
// Action, Resource, Principal, Condition; one value as a string, several as a list).
// OUT_DIR gets <case>/<module>.<document>.json and manifest.json (what each file is, what it is
// attached to).
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { REPO_ROOT, synthJson, type TerraformJson } from '../../test/module/helpers.js';
import { hcl, outputsEvaluator, terraformBinary, type Evaluator } from '../../test/support/module-locals.js';

// ------------------------------------------------------------------------------------------------
// Cases: module directory and inputs (JSON values, passed as tfvars)
// ------------------------------------------------------------------------------------------------
interface Case {
  readonly id: string;
  readonly module: string;
  readonly description: string;
  readonly vars: Record<string, unknown>;
}

const ZONE_NAME = 'cache.example.internal';
const AZ_TEMPLATE = `read-{az}.${ZONE_NAME}`;

const CASES: readonly Case[] = [
  {
    id: 'root-defaults',
    module: '.',
    description: 'root module, default inputs (creates the private zone and the notification topic)',
    vars: { replication_group_id: 'orders-cache', zone_name: ZONE_NAME, vpc_ids: ['vpc-0a1b2c3d4e5f60789'] },
  },
  {
    id: 'root-existing-zone-count8-az',
    module: '.',
    description: 'root module, existing zone looked up by ID, record_count = 8, AZ template, existing topic',
    vars: {
      replication_group_id: 'orders-cache',
      create_zone: false,
      zone_id: '/hostedzone/Z0987654321ZYXWVUTSRQ',
      record_count: 8,
      az_record_name_template: `${AZ_TEMPLATE}.`,
      create_topic: false,
      topic_arn: 'arn:aws:sns:eu-west-1:111122223333:cache-events',
    },
  },
  {
    id: 'reconciler-defaults',
    module: 'modules/reconciler',
    description: 'modules/reconciler, default inputs',
    vars: {
      replication_group_id: 'orders-cache',
      zone_id: 'Z0123456789ABCDEFGHIJ',
      zone_name: ZONE_NAME,
      topic_arn: 'arn:aws:sns:eu-west-1:111122223333:cache-events',
    },
  },
  {
    id: 'reconciler-count8-az',
    module: 'modules/reconciler',
    description: 'modules/reconciler, record_count = 8, AZ template, own record template and name prefix',
    vars: {
      replication_group_id: 'orders-cache',
      name_prefix: 'orders-dns',
      zone_id: '/hostedzone/Z0123456789ABCDEFGHIJ',
      zone_name: `${ZONE_NAME}.`,
      record_name_template: `Replica{n}.${ZONE_NAME}`,
      record_count: 8,
      az_record_name_template: AZ_TEMPLATE,
      topic_arn: 'arn:aws:sns:eu-west-1:111122223333:cache-events',
    },
  },
  {
    id: 'notification-topic-defaults',
    module: 'modules/notification-topic',
    description: 'modules/notification-topic, default inputs',
    vars: { name: 'orders-cache-events' },
  },
];

// ------------------------------------------------------------------------------------------------
// Stubs: what the provider would compute
// ------------------------------------------------------------------------------------------------
const PARTITION = 'aws';
const REGION = 'eu-west-1';
const ACCOUNT = '111122223333';
/** ID of the zone the root module creates (aws_route53_zone.this). */
const CREATED_ZONE_ID = 'Z0123456789ABCDEFGHIJ';

type Block = Record<string, any>;
type Attributes = Record<string, string>;

/** Data sources: attributes by type. */
const DATA_STUBS: Record<string, (block: Block) => Attributes> = {
  aws_partition: () => ({ partition: PARTITION, dns_suffix: 'amazonaws.com' }),
  aws_region: () => ({ id: REGION, name: REGION }),
  aws_caller_identity: () => ({ account_id: ACCOUNT, id: ACCOUNT }),
  // Looked up by zone_id when zone_name is not given.
  aws_route53_zone: () => ({ name: ZONE_NAME }),
};

/** Resources: computed attributes by type, from the resource's own (synthesized) arguments. */
const RESOURCE_STUBS: Record<string, (block: Block) => Attributes> = {
  aws_route53_zone: (r) => ({ zone_id: CREATED_ZONE_ID, name: required(r, 'name'), arn: `arn:${PARTITION}:route53:::hostedzone/${CREATED_ZONE_ID}` }),
  aws_sns_topic: (r) => ({ arn: `arn:${PARTITION}:sns:${REGION}:${ACCOUNT}:${required(r, 'name')}`, name: required(r, 'name') }),
  aws_sqs_queue: (r) => ({ arn: `arn:${PARTITION}:sqs:${REGION}:${ACCOUNT}:${required(r, 'name')}`, name: required(r, 'name') }),
  aws_cloudwatch_log_group: (r) => ({ arn: `arn:${PARTITION}:logs:${REGION}:${ACCOUNT}:log-group:${required(r, 'name')}`, name: required(r, 'name') }),
  aws_iam_role: (r) => ({ arn: `arn:${PARTITION}:iam::${ACCOUNT}:role${r.path ?? '/'}${required(r, 'name')}`, name: required(r, 'name'), id: required(r, 'name') }),
};

function required(block: Block, attribute: string): string {
  const value = block[attribute];
  if (typeof value !== 'string') throw new Error(`a stub needs the resource's "${attribute}" (a string), found ${JSON.stringify(value)}`);
  return value;
}

// ------------------------------------------------------------------------------------------------
// References to data sources and resources → stub locals
// ------------------------------------------------------------------------------------------------
/** `data.TYPE.NAME` or `TYPE.NAME` (types have an underscore; var/local/path/count/each do not). */
const REFERENCE = /(?<![\w.])(data\.)?([a-z][a-z0-9]*_[a-z0-9_]+)\.([a-zA-Z_][a-zA-Z0-9_-]*)/g;

class Stubber {
  readonly locals: Record<string, unknown> = {};

  constructor(private readonly json: TerraformJson, private readonly module: string) {}

  /** A template string with every data source and resource reference replaced by its stub local. */
  substitute(template: string): string {
    return template.replace(REFERENCE, (_m, data: string | undefined, type: string, name: string) => this.stub(Boolean(data), type, name));
  }

  /** Any JSON value (statement, list, string) with substitute() applied to every string. */
  substituteAll(value: unknown): unknown {
    if (typeof value === 'string') return this.substitute(value);
    if (Array.isArray(value)) return value.map((v) => this.substituteAll(v));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.substituteAll(v)]));
    return value;
  }

  /** A JSON value of the synthesized configuration (strings are templates) as one HCL expression, references substituted. */
  expression(value: unknown): string {
    if (typeof value === 'string') return templateExpression(this.substitute(value));
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (value === null || value === undefined) return 'null';
    if (Array.isArray(value)) return `[${value.map((v) => this.expression(v)).join(', ')}]`;
    return `{ ${Object.entries(value).map(([k, v]) => `${JSON.stringify(k)} = ${this.expression(v)}`).join(', ')} }`;
  }

  private stub(data: boolean, type: string, name: string): string {
    const local = `iam_lint_stub_${data ? 'data_' : ''}${type}_${name}`;
    if (!(local in this.locals)) {
      const address = `${data ? 'data.' : ''}${type}.${name}`;
      const block = (data ? this.json.data : this.json.resource)?.[type]?.[name] as Block | undefined;
      if (!block) throw new Error(`${this.module}: reference to ${address}, which the module does not declare`);
      const factory = (data ? DATA_STUBS : RESOURCE_STUBS)[type];
      if (!factory) throw new Error(`${this.module}: no stub for ${address}: add one for ${type} in scripts/iam-lint/policies.ts`);
      if (block.for_each !== undefined) throw new Error(`${this.module}: ${address} uses for_each, which the stubs do not support`);
      this.locals[local] = null; // reserved: a stub may refer to others
      // Inline in one expression, so that no attribute of an instance that does not exist (count 0)
      // is evaluated: `[for i in range(count) : { ... }]`.
      const attributes = Object.entries(factory(block)).map(([k, t]) => `${k} = ${templateExpression(this.substitute(t))}`);
      const object = `{ ${attributes.join(', ')} }`;
      const count = block.count === undefined ? null : this.substitute(expression(block.count, `${address}.count`));
      this.locals[local] = count === null ? `\${${object}}` : `\${[for i in range(${count}) : ${object}]}`;
    }
    return `local.${local}`;
  }
}

/** The expression of a template that is a single interpolation (`${expr}`), else null. */
function soleInterpolation(template: string): string | null {
  if (!template.startsWith('${') || !template.endsWith('}')) return null;
  let depth = 0;
  for (let i = 1; i < template.length; i++) {
    if (template[i] === '{') depth++;
    else if (template[i] === '}' && --depth === 0) return i === template.length - 1 ? template.slice(2, -1) : null;
  }
  return null;
}

function expression(value: unknown, what: string): string {
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const expr = typeof value === 'string' ? soleInterpolation(value) : null;
  if (expr === null) throw new Error(`${what} is not a single expression: ${JSON.stringify(value)}`);
  return expr;
}

/** A template as an HCL expression: its sole interpolation, else a quoted template (literal parts escaped). */
function templateExpression(template: string): string {
  const sole = soleInterpolation(template);
  if (sole !== null) return `(${sole})`;
  let out = '"';
  for (let i = 0; i < template.length; ) {
    if (template.startsWith('${', i)) {
      let depth = 0;
      let j = i + 1;
      for (; j < template.length; j++) {
        if (template[j] === '{') depth++;
        else if (template[j] === '}' && --depth === 0) break;
      }
      if (j >= template.length) throw new Error(`unbalanced interpolation in ${JSON.stringify(template)}`);
      out += template.slice(i, j + 1);
      i = j + 1;
    } else {
      const c = template[i]!;
      out += c === '"' ? '\\"' : c === '\\' ? '\\\\' : c === '\n' ? '\\n' : c;
      i++;
    }
  }
  return out + '"';
}

// ------------------------------------------------------------------------------------------------
// The scratch configuration of one module
// ------------------------------------------------------------------------------------------------
const STATEMENT_KEYS = new Set(['sid', 'effect', 'actions', 'not_actions', 'resources', 'not_resources', 'principals', 'not_principals', 'condition']);

/** The resource attribute that takes a document's `.json`, by resource type, and what the document then is. */
const ATTACHMENTS: Record<string, { attribute: string; kind: DocumentSpec['kind'] }> = {
  aws_iam_role_policy: { attribute: 'policy', kind: 'identity' },
  aws_iam_role: { attribute: 'assume_role_policy', kind: 'trust' },
  aws_sns_topic_policy: { attribute: 'policy', kind: 'resource' },
};

interface DocumentSpec {
  name: string;
  kind: 'identity' | 'trust' | 'resource';
}

/**
 * What a document is attached to, as a template: the role of an inline policy, the role whose
 * trust policy it is, the topic of a topic policy.
 */
function attachmentTarget(type: string, name: string, block: Block): string {
  if (type === 'aws_iam_role') return `\${${type}.${name}${block.count === undefined ? '' : '[0]'}.arn}`;
  if (type === 'aws_sns_topic_policy') return required(block, 'arn');
  // aws_iam_role_policy: its role argument (`${aws_iam_role.this[0].id}`) → that role's ARN.
  const m = /^\$\{(aws_iam_role\.\w+(?:\[\d+\])?)\.(?:id|name)\}$/.exec(required(block, 'role'));
  if (!m) throw new Error(`${type}.${name}: role is not a reference to a role: ${JSON.stringify(block.role)}`);
  return `\${${m[1]}.arn}`;
}

interface ModuleConfig {
  evaluator: Evaluator;
  documents: DocumentSpec[];
}

function moduleConfig(bin: string, module: string, workDir: string): ModuleConfig {
  const json = synthJson(module);
  const stubber = new Stubber(json, module);
  const outputs: Record<string, { value: unknown }> = {};
  const documents: DocumentSpec[] = [];

  for (const [name, doc] of Object.entries((json.data?.aws_iam_policy_document ?? {}) as Record<string, Block>)) {
    const unsupported = Object.keys(doc).filter((k) => !['count', 'statement'].includes(k));
    if (unsupported.length) throw new Error(`${module}: aws_iam_policy_document.${name} uses ${unsupported.join(', ')}, which this renderer does not handle`);
    for (const statement of doc.statement as Block[]) {
      const unknown = Object.keys(statement).filter((k) => !STATEMENT_KEYS.has(k));
      if (unknown.length) throw new Error(`${module}: aws_iam_policy_document.${name}: statement keys ${unknown.join(', ')} are not handled`);
    }
    const ref = `data.aws_iam_policy_document.${name}`;
    let attachment: { kind: DocumentSpec['kind']; target: string } | undefined;
    for (const [type, resources] of Object.entries(json.resource ?? {})) {
      for (const [resourceName, block] of Object.entries(resources as Record<string, Block>)) {
        for (const [attribute, value] of Object.entries(block)) {
          if (typeof value !== 'string' || !value.includes(ref)) continue;
          const known = ATTACHMENTS[type];
          if (!known || known.attribute !== attribute) throw new Error(`${module}: ${ref} is used by ${type}.${resourceName}.${attribute}, which this script does not know`);
          if (attachment) throw new Error(`${module}: ${ref} is attached twice`);
          attachment = { kind: known.kind, target: attachmentTarget(type, resourceName, block) };
        }
      }
    }
    if (!attachment) throw new Error(`${module}: ${ref} is attached to nothing this script knows`);
    // Each as a list of one (or none, where the document's count is 0): `[for i in range(count) : ...]`
    // evaluates nothing of a document that does not exist.
    const count = stubber.substitute(expression(doc.count ?? 1, `${ref}.count`));
    outputs[`statements_${name}`] = { value: `\${[for i in range(${count}) : ${stubber.expression(doc.statement)}]}` };
    outputs[`attached_${name}`] = { value: `\${[for i in range(${count}) : ${templateExpression(stubber.substitute(attachment.target))}]}` };
    documents.push({ name, kind: attachment.kind });
  }
  if (!documents.length) throw new Error(`${module}: no aws_iam_policy_document`);

  // Preconditions of the resources, so that every case is a configuration the module accepts.
  for (const [type, resources] of Object.entries(json.resource ?? {})) {
    for (const [name, block] of Object.entries(resources as Record<string, Block>)) {
      const preconditions = (block.lifecycle?.precondition ?? []) as Block[];
      preconditions.forEach((p, i) => {
        const count = expression(block.count ?? 1, `${type}.${name}.count`);
        const condition = expression(p.condition, `${type}.${name} precondition`);
        outputs[`precondition_${type}_${name}_${i}`] = { value: stubber.substitute(`\${alltrue([for i in range(${count}) : (${condition})])}`) };
      });
    }
  }

  const locals = stubber.substituteAll(json.locals ?? {}) as Record<string, unknown>;
  for (const stub of Object.keys(stubber.locals)) if (stub in locals) throw new Error(`${module}: local ${stub} exists already`);
  // The variables (with their validations) from the generated variables.tf: the synthesized JSON
  // leaves out `default = null`, which the renderer adds (npm run check:synth keeps both in step).
  const config = { locals: { ...locals, ...stubber.locals }, output: outputs };

  // The module where Terraform would have it, under a root with a placeholder bundle
  // (filebase64sha256 in the locals reads it), as test/support/module-locals.ts does.
  const dir = join(workDir, module);
  mkdirSync(dir, { recursive: true });
  mkdirSync(join(workDir, 'lambda', 'dist'), { recursive: true });
  writeFileSync(join(workDir, 'lambda', 'dist', 'reconciler.zip'), 'not a zip');
  writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(config, null, 2) + '\n');
  copyFileSync(join(REPO_ROOT, module, 'variables.tf'), join(dir, 'variables.tf'));
  return { evaluator: outputsEvaluator(bin, dir), documents };
}

// ------------------------------------------------------------------------------------------------
// Rendering as the AWS provider does
// ------------------------------------------------------------------------------------------------
interface EvaluatedStatement {
  sid?: string | null;
  effect?: string | null;
  actions?: string[] | null;
  not_actions?: string[] | null;
  resources?: string[] | null;
  not_resources?: string[] | null;
  principals?: { type: string; identifiers: string[] }[] | null;
  not_principals?: { type: string; identifiers: string[] }[] | null;
  condition?: { test: string; variable: string; values: string[] }[] | null;
}

/** A set of strings: one as a string, several as a list (the provider sorts them in reverse). */
function stringSet(values: readonly unknown[], what: string): string | string[] {
  const strings = values.map((v) => {
    if (typeof v !== 'string') throw new Error(`${what}: ${JSON.stringify(v)} is not a string`);
    return v;
  });
  const unique = [...new Set(strings)];
  if (unique.length === 0) throw new Error(`${what} is empty`);
  return unique.length === 1 ? unique[0]! : unique.sort().reverse();
}

function principals(list: NonNullable<EvaluatedStatement['principals']>, what: string): unknown {
  if (list.length === 1 && list[0]!.type === '*') return '*';
  const out: Record<string, string[]> = {};
  for (const p of list) out[p.type] = [...(out[p.type] ?? []), ...p.identifiers];
  return Object.fromEntries(Object.entries(out).map(([type, ids]) => [type, stringSet(ids, `${what} ${type}`)]));
}

function renderPolicy(statements: EvaluatedStatement[], what: string): unknown {
  return {
    Version: '2012-10-17',
    Statement: statements.map((s, i) => {
      const at = `${what} statement ${s.sid ?? i}`;
      const out: Record<string, unknown> = {};
      if (s.sid) out.Sid = s.sid;
      out.Effect = s.effect ?? 'Allow';
      if (s.actions?.length) out.Action = stringSet(s.actions, `${at} actions`);
      if (s.not_actions?.length) out.NotAction = stringSet(s.not_actions, `${at} not_actions`);
      if (s.resources?.length) out.Resource = stringSet(s.resources, `${at} resources`);
      if (s.not_resources?.length) out.NotResource = stringSet(s.not_resources, `${at} not_resources`);
      if (s.principals?.length) out.Principal = principals(s.principals, `${at} principals`);
      if (s.not_principals?.length) out.NotPrincipal = principals(s.not_principals, `${at} not_principals`);
      if (s.condition?.length) {
        const byTest: Record<string, Record<string, string[]>> = {};
        for (const c of s.condition) {
          if (!Array.isArray(c.values)) throw new Error(`${at}: condition ${c.test} ${c.variable} has no list of values: ${JSON.stringify(c.values)}`);
          const variables = (byTest[c.test] ??= {});
          variables[c.variable] = [...(variables[c.variable] ?? []), ...c.values];
        }
        out.Condition = Object.fromEntries(
          Object.entries(byTest).map(([test, variables]) => [
            test,
            Object.fromEntries(Object.entries(variables).map(([variable, values]) => [variable, stringSet(values, `${at} condition ${test} ${variable}`)])),
          ]),
        );
      }
      return out;
    }),
  };
}

// ------------------------------------------------------------------------------------------------
// Main
// ------------------------------------------------------------------------------------------------
interface ManifestEntry {
  case: string;
  description: string;
  module: string;
  document: string;
  kind: 'identity' | 'trust' | 'resource';
  attachedTo: string;
  file: string;
}

function main(): void {
  const outDir = resolve(process.argv[2] ?? '');
  if (!process.argv[2]) throw new Error('usage: tsx scripts/iam-lint/policies.ts OUT_DIR');
  mkdirSync(outDir, { recursive: true });
  const bin = terraformBinary();
  const work = mkdtempSync(join(tmpdir(), 'iam-lint-'));
  const manifest: ManifestEntry[] = [];
  try {
    const configs = new Map<string, ModuleConfig>();
    for (const c of CASES) {
      let config = configs.get(c.module);
      if (!config) {
        config = moduleConfig(bin, c.module, join(work, `m${configs.size}`));
        configs.set(c.module, config);
      }
      const values = config.evaluator.evaluate(Object.fromEntries(Object.entries(c.vars).map(([k, v]) => [k, hcl(v)])));
      for (const [key, value] of Object.entries(values)) {
        if (key.startsWith('precondition_') && value !== true) throw new Error(`${c.id}: ${key} is false: the case's inputs are not a configuration the module accepts`);
      }
      const slug = c.module === '.' ? 'root' : c.module.replace(/^modules\//, '').replace(/\W+/g, '-');
      mkdirSync(join(outDir, c.id), { recursive: true });
      for (const doc of config.documents) {
        const what = `${c.id} ${slug} ${doc.name}`;
        const statements = values[`statements_${doc.name}`] as EvaluatedStatement[][];
        const attached = values[`attached_${doc.name}`] as string[];
        if (!Array.isArray(statements) || statements.length > 1) throw new Error(`${what}: ${JSON.stringify(statements)}`);
        if (statements.length === 0) continue; // count = 0: the document does not exist for these inputs
        const attachedTo = attached[0];
        if (typeof attachedTo !== 'string') throw new Error(`${what}: attached to ${JSON.stringify(attachedTo)}`);
        const policy = renderPolicy(statements[0]!, what);
        const file = join(c.id, `${slug}.${doc.name}.json`);
        writeFileSync(join(outDir, file), JSON.stringify(policy, null, 2) + '\n');
        manifest.push({ case: c.id, description: c.description, module: c.module, document: doc.name, kind: doc.kind, attachedTo, file });
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  writeFileSync(join(outDir, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  process.stderr.write(`    ${manifest.length} policy documents from ${CASES.length} cases in ${outDir}\n`);
}

main();
