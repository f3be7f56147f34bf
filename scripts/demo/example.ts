// What `terraform apply examples/complete` would deploy, computed by Terraform itself (tofu from the
// toolchain) without providers:
//   1. the example's variables and locals, and every argument of its `module` blocks that does not
//      need a resource (the VPC id and the group ARN do; the demo's deployer supplies those);
//   2. for each module instance, the generated reconciler module's locals for those inputs plus the
//      zone id: function name, the reconciler's environment, IAM-scoped names, and the `input` of its
//      aws_lambda_invocation (the Terraform-style payload).
// The example's literal settings (group engine, node count, subnets) are read from its HCL.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseHcl } from '../../modules/cdktf.js';
import { REPO_ROOT, hcl, outputsEvaluator, reconcilerLocalsEvaluator, reconcilerVariableNames, terraformBinary, type Evaluator } from '../../test/support/module-locals.js';

export const EXAMPLE_DIR = join(REPO_ROOT, 'examples/complete');
export const COMMITTED_ZIP = join(REPO_ROOT, 'lambda/dist/reconciler.zip');

/** A `module` block: its arguments as Terraform JSON syntax (strings are templates). */
type ModuleBlock = Record<string, unknown>;

export interface ModuleInstance {
  /** Block label, e.g. `replica_dns`. */
  readonly block: string;
  /** Arguments Terraform evaluated (name → value). */
  readonly inputs: Readonly<Record<string, unknown>>;
  /** Arguments that need a resource of the configuration (e.g. vpc_ids, reconciler_depends_on). */
  readonly needsResources: readonly string[];
}

export interface ExamplePlan {
  readonly region: string;
  readonly name: string;
  readonly vpcCidr: string;
  readonly subnetCount: number;
  readonly group: {
    readonly id: string;
    readonly description: string;
    readonly engine: string;
    readonly engineVersion: string;
    readonly nodeType: string;
    readonly port: number;
    readonly numCacheClusters: number;
    readonly automaticFailover: boolean;
    readonly multiAz: boolean;
    readonly atRestEncryption: boolean;
    readonly transitEncryption: boolean;
  };
  readonly modules: readonly ModuleInstance[];
}

/** What the module computes for one instance once the zone exists. */
export interface ModuleValues {
  readonly functionName: string;
  readonly zoneName: string;
  readonly recordNames: readonly string[];
  readonly azRecordNameTemplate: string | null;
  readonly writableRecordNames: readonly string[];
  readonly environment: Readonly<Record<string, string>>;
  /** aws_lambda_invocation `input` (JSON text: trigger and config hash; the provider adds `tf`). */
  readonly invocationInput: string;
  readonly runtime: string;
  readonly architecture: string;
  readonly timeout: number;
  readonly memorySize: number;
}

const META_ARGUMENTS = new Set(['source', 'version', 'providers', 'depends_on', 'count', 'for_each']);
/** A template that references a resource, a data source or another module (not evaluable without providers). */
const NEEDS_RESOURCES = /\$\{[^}]*\b(?:aws_\w+\.|terraform_data\.|data\.|module\.)/;

function only<T = any>(blocks: T[] | undefined, what: string): T {
  if (!blocks || blocks.length !== 1) throw new Error(`examples/complete/main.tf: expected one ${what}`);
  return blocks[0]!;
}

/**
 * Evaluates examples/complete (plus `extraModules`, extra module blocks written as in the example,
 * e.g. a second instance of the module) with Terraform in `workDir`.
 */
export async function planExample(workDir: string, extraModules: Record<string, ModuleBlock> = {}): Promise<ExamplePlan> {
  const main = (await parseHcl('main.tf', readFileSync(join(EXAMPLE_DIR, 'main.tf'), 'utf8'))) as Record<string, any>;
  const locals = Object.assign({}, ...(main.locals ?? [])) as Record<string, unknown>;
  const blocks: Record<string, ModuleBlock> = {};
  for (const [label, list] of Object.entries((main.module ?? {}) as Record<string, ModuleBlock[]>)) blocks[label] = only(list, `module "${label}"`);
  Object.assign(blocks, extraModules);

  const outputs: Record<string, { value: unknown }> = {
    region: { value: '${var.region}' },
    name: { value: '${var.name}' },
    group_id: { value: only<any>(main.resource?.aws_elasticache_replication_group?.this, 'aws_elasticache_replication_group.this').replication_group_id },
  };
  const needs: Record<string, string[]> = {};
  for (const [label, args] of Object.entries(blocks)) {
    needs[label] = [];
    for (const [arg, value] of Object.entries(args)) {
      if (META_ARGUMENTS.has(arg)) continue;
      if (NEEDS_RESOURCES.test(JSON.stringify(value))) needs[label]!.push(arg);
      else outputs[`${label}__${arg}`] = { value };
    }
  }
  const dir = join(workDir, 'example');
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(EXAMPLE_DIR, 'variables.tf'), join(dir, 'variables.tf'));
  writeFileSync(join(dir, 'example.tf.json'), JSON.stringify({ locals, output: outputs }, null, 2));
  const values = outputsEvaluator(terraformBinary(), dir).evaluate();

  const group = only<any>(main.resource?.aws_elasticache_replication_group?.this, 'aws_elasticache_replication_group.this');
  const vpc = only<any>(main.resource?.aws_vpc?.this, 'aws_vpc.this');
  const subnets = only<any>(main.resource?.aws_subnet?.private, 'aws_subnet.private');
  return {
    region: values.region,
    name: values.name,
    vpcCidr: vpc.cidr_block,
    subnetCount: Number(subnets.count ?? 1),
    group: {
      id: values.group_id,
      description: group.description,
      engine: group.engine,
      engineVersion: group.engine_version,
      nodeType: group.node_type,
      port: Number(group.port ?? 6379),
      numCacheClusters: Number(group.num_cache_clusters),
      automaticFailover: Boolean(group.automatic_failover_enabled),
      multiAz: Boolean(group.multi_az_enabled),
      atRestEncryption: Boolean(group.at_rest_encryption_enabled),
      transitEncryption: Boolean(group.transit_encryption_enabled),
    },
    modules: Object.keys(blocks).map((label) => ({
      block: label,
      inputs: Object.fromEntries(
        Object.entries(values)
          .filter(([k]) => k.startsWith(`${label}__`))
          .map(([k, v]) => [k.slice(label.length + 2), v]),
      ),
      needsResources: needs[label]!,
    })),
  };
}

/**
 * The generated reconciler module's locals, evaluated by Terraform. The example uses the root
 * module, a flat composition of the same generated code; the reconciler submodule's locals are
 * the part that evaluates without providers (the zone id, which the root module takes from the zone
 * it creates, is passed in).
 */
export class ModuleLocals {
  private readonly evaluator: Evaluator;
  private readonly variables = new Set(reconcilerVariableNames());

  constructor(workDir: string) {
    this.evaluator = reconcilerLocalsEvaluator({
      workDir: join(workDir, 'reconciler-locals'),
      zipPath: COMMITTED_ZIP,
      invocationInput: true,
      zoneIdFromResource: true,
      extraOutputs: {
        lambda_runtime: 'var.lambda_runtime',
        lambda_architecture: 'var.lambda_architecture',
        lambda_timeout: 'var.lambda_timeout',
        lambda_memory_size: 'var.lambda_memory_size',
      },
    });
  }

  values(instance: ModuleInstance, zoneId: string): ModuleValues {
    const vars: Record<string, string> = { zone_id: hcl(zoneId) };
    for (const [k, v] of Object.entries(instance.inputs)) if (this.variables.has(k)) vars[k] = hcl(v);
    const l = this.evaluator.evaluate(vars);
    return {
      functionName: l.name,
      zoneName: l.zone_name,
      recordNames: l.record_names,
      azRecordNameTemplate: l.az_record_name_template ?? null,
      writableRecordNames: l.writable_record_names,
      environment: l.environment,
      invocationInput: l.invocation_input,
      runtime: l.lambda_runtime,
      architecture: l.lambda_architecture,
      timeout: Number(l.lambda_timeout),
      memorySize: Number(l.lambda_memory_size),
    };
  }
}
