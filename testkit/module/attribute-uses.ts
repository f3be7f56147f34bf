// Which attributes of which AWS resource and data source types a configuration reads (references
// such as `data.aws_partition.current.partition` or `aws_cloudwatch_log_group.this[0].arn`) or
// sets (the top-level arguments and blocks of its `resource`/`data` blocks), from its Terraform
// JSON: the HCL files parsed (hcl2json) or a synthesized CDKTF stack (cdk.tf.json).
import type { Kind } from './aws-provider-6.js';

export interface AttributeUse {
  readonly kind: Kind;
  readonly type: string;
  readonly attribute: string;
  readonly how: 'read' | 'set';
}

/** Meta-arguments: Terraform's own, not the provider's. */
const META = new Set(['count', 'for_each', 'depends_on', 'provider', 'lifecycle', 'provisioner', 'connection', 'dynamic', '//']);

// `data.TYPE.NAME.ATTR`, `TYPE.NAME[...].ATTR`, `TYPE.NAME[*].ATTR`; not preceded by a name character
// or a dot (so `var.x.aws_y` and `local.aws_y.z` do not count).
const REFERENCE = /(?<![\w.])(data\.)?(aws_[a-z0-9_]+)\.([A-Za-z_][\w-]*)(?:\[[^\]]*\])?\.([a-z_][a-z0-9_]*)/g;

/** Every attribute of an AWS type the configuration reads or sets, each once. */
export function attributeUses(json: Record<string, unknown>): AttributeUse[] {
  const uses = new Map<string, AttributeUse>();
  const add = (use: AttributeUse) => uses.set(`${use.how} ${use.kind} ${use.type}.${use.attribute}`, use);
  for (const text of strings(json)) {
    for (const m of text.matchAll(REFERENCE)) {
      add({ kind: m[1] ? 'data' : 'resource', type: m[2] as string, attribute: m[4] as string, how: 'read' });
    }
  }
  for (const [kind, section] of [['resource', json.resource], ['data', json.data]] as const) {
    for (const [type, blocks] of Object.entries((section ?? {}) as Record<string, Record<string, unknown>>)) {
      if (!type.startsWith('aws_')) continue;
      for (const body of Object.values(blocks).flatMap(bodies)) {
        for (const attribute of Object.keys(body)) if (!META.has(attribute)) add({ kind, type, attribute, how: 'set' });
      }
    }
  }
  return [...uses.values()];
}

/** The AWS types the configuration declares, by kind. */
export function declaredTypes(json: Record<string, unknown>): Array<{ kind: Kind; type: string }> {
  return (['resource', 'data'] as const).flatMap((kind) =>
    Object.keys((json[kind] ?? {}) as Record<string, unknown>)
      .filter((type) => type.startsWith('aws_'))
      .map((type) => ({ kind, type })),
  );
}

/** The arguments of the `aws` provider configurations, as paths (`region`, `endpoints.sts`). */
export function providerArguments(json: Record<string, unknown>): string[] {
  const aws = (json.provider as Record<string, unknown> | undefined)?.aws;
  const paths = new Set<string>();
  for (const body of bodies(aws)) {
    for (const [key, value] of Object.entries(body)) {
      paths.add(key);
      if (key === 'endpoints') for (const inner of bodies(value)) for (const name of Object.keys(inner)) paths.add(`${key}.${name}`);
    }
  }
  return [...paths];
}

/** `engine` values set on the given resource types. */
export function engineValues(json: Record<string, unknown>, types: readonly string[]): string[] {
  const resources = (json.resource ?? {}) as Record<string, Record<string, unknown>>;
  return types.flatMap((type) => Object.values(resources[type] ?? {}).flatMap(bodies).map((b) => b.engine).filter((e): e is string => typeof e === 'string'));
}

/** A block body in HCL-parsed JSON is a list of bodies; in CDKTF JSON one body. */
function bodies(value: unknown): Array<Record<string, unknown>> {
  if (Array.isArray(value)) return value.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null);
  return typeof value === 'object' && value !== null ? [value as Record<string, unknown>] : [];
}

function* strings(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const v of value) yield* strings(v);
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      yield k;
      yield* strings(v);
    }
  }
}
