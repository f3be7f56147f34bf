// The root module: the whole composition that users reference (`module "replica_dns" { source = ... }`),
// generated into the repository root. The same construct is usable from a CDKTF app:
//
//   new ElastiCacheReplicaDns(stack, 'replica-dns', { replicationGroupId: 'orders', zoneName: 'cache.example.internal', vpcIds: [vpc.id] });
import { Construct, DataAwsElasticacheReplicationGroup, DataAwsRoute53Zone, TerraformLocal } from '../generator/cdktf.js';
import { AwsContext } from '../generator/context.js';
import { countIf, hcl, hclBool } from '../generator/expr.js';
import { comment, make, section } from '../generator/hcl.js';
import { NotificationTopic } from './notification-topic/notification-topic.js';
import { PrivateZone } from './private-zone/private-zone.js';
import { PACKAGE_PATH, RECONCILER_VARIABLES, Reconciler, reconcilerName, type ReconcilerProps } from './reconciler/reconciler.js';
import {
  declareOutputs,
  declareVariables,
  isModuleSynth,
  localsIn,
  pickProps,
  propPreconditions,
  setPreconditions,
  stableId,
  varProps,
  reuse,
  specSection,
  specsOf,
  withDefaults,
  type OutputSpec,
  type VariableSpec,
} from '../generator/spec.js';
import { names, reconciler as reconcilerOutputs } from './outputs.js';
import { clientEndpoints, common, crossAccount, lambda, ordering, records, schedule, topic, zone } from './variables.js';

/**
 * The reconciler's props, with the zone and the topic optionally created here instead of given.
 * Each prop is a variable of ROOT_VARIABLES in camelCase: described there, with its default.
 */
export interface ElastiCacheReplicaDnsProps extends Omit<ReconcilerProps, 'zoneId' | 'zoneName' | 'createSubscription'> {
  readonly createZone?: boolean;
  readonly zoneName?: string;
  readonly vpcIds?: string[];
  readonly zoneId?: string;
  readonly zoneForceDestroy?: boolean;
  readonly createTopic?: boolean;
  readonly topicName?: string;
  readonly availabilityZones?: string[];
}

export const ROOT_VARIABLES: readonly VariableSpec[] = specsOf(common, zone, crossAccount, records, clientEndpoints, topic, schedule, lambda, ordering);

/**
 * The root's inputs whose values the reconciler does not check as given (a CDKTF app's literal
 * props): the zone's, since it gets zone_id and zone_name resolved, and the topic's name.
 */
const CHECKED_HERE = ['zone_name', 'vpc_ids', 'zone_id', 'topic_name'];

export const ROOT_OUTPUTS: readonly OutputSpec[] = [
  reuse(names.recordNames, { description: `${names.recordNames.description} Known at plan time when the zone name is.` }),
  names.azRecordNameTemplate,
  names.primaryRecordName,
  names.readerRecordName,
  {
    name: 'client_endpoints',
    description:
      'What a client needs, as an object: `primary` and `reader` = { host = the group\'s primary / reader endpoint address, port, alias = `primary_record_name` / `reader_record_name` (null when not used), tls_server_name = the host name a client verifying the certificate checks (the endpoint itself; null without TLS) }; `replicas` = list of { host = a replica name of `record_names`, port, tls_server_name = null: it is dynamic, the CNAME\'s target at connect time (docs/clients.md) }; `az` = map of Availability Zone (of `availability_zones`) → { host = its per-AZ name, port, tls_server_name = null, as for `replicas` } (empty without `az_record_name_template`); `tls` = whether the group\'s endpoints are in-transit encrypted (read from the endpoint format, `master.…`: the provider\'s data source has no transit flag; docs/tls.md); `auth_token_enabled` = whether clients must send the AUTH token. The names are known at plan time when the zone name is; everything else comes from the replication group, read after the reconcile at apply (null with `reconcile_on_apply = false`).',
  },
  names.ownerId,
  ...specsOf(
    specSection('Hosted zone', {
      zoneId: { name: 'zone_id', description: 'ID of the hosted zone that holds the names (created or given).' },
      zoneName: { name: 'zone_name', description: 'Name of the hosted zone that holds the names, lowercase without a trailing dot.' },
    }),
    specSection('Notification topic', {
      topicArn: {
        name: 'topic_arn',
        description: 'ARN of the SNS topic the reconciler listens to (created or given): set it as the replication group\'s `notification_topic_arn`.',
      },
    }),
  ),
  reconcilerOutputs.functionName,
  reconcilerOutputs.functionArn,
  reconcilerOutputs.roleArn,
  reconcilerOutputs.logGroupName,
  reconcilerOutputs.failureQueueArn,
];

export class ElastiCacheReplicaDns extends Construct {
  public readonly zone: PrivateZone;
  public readonly topic: NotificationTopic;
  public readonly reconciler: Reconciler;
  /** Outputs by name (see ROOT_OUTPUTS). */
  public readonly outputs: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: ElastiCacheReplicaDnsProps) {
    super(scope, id);
    const p = withDefaults(props, ROOT_VARIABLES);
    const create = p.create;
    // First: the topic is named after it, as are the reconciler's resources.
    const name = localsIn(this)('name', reconcilerName(p.namePrefix, p.replicationGroupId), 'The base name of the reconciler\'s resources, and of the topic (`<name>-events`).');

    this.zone = new PrivateZone(this, 'private-zone', {
      create: hclBool`${create} && ${p.createZone}`,
      name: p.zoneName as string,
      vpcIds: p.vpcIds as string[],
      forceDestroy: p.zoneForceDestroy,
      tags: p.tags,
      extraPreconditions: [
        { condition: hcl`${p.zoneName} != null`, errorMessage: 'create_zone = true needs zone_name, the DNS name of the private hosted zone to create.' },
      ],
    });

    // The count depends only on inputs users pass as literals (create, create_zone, zone_name),
    // never on zone_id: that is usually the ID of a zone created in the same configuration, unknown
    // until apply, and Terraform does not short-circuit `false && <unknown>`.
    const zoneIdCheck = { condition: hcl`${p.createZone} || ${p.zoneId} != null`, errorMessage: 'create_zone = false needs zone_id, the ID of the existing hosted zone.' };
    const existing = stableId(
      this,
      make(DataAwsRoute53Zone, this, 'existing-zone', {
        count: countIf(hcl`${create} && !${p.createZone} && ${p.zoneName} == null`),
        // try: a null zone_id is the precondition's to report (a literal null in a CDKTF app would
        // otherwise fail trimprefix at validate, even with count = 0).
        zoneId: hcl`try(trimprefix(${p.zoneId}, "/hostedzone/"), null)`,
      }),
      'this',
    );
    section(existing, 'Existing hosted zone', 'zone.tf');
    comment(existing, 'Only when its name is not given. Never counted on zone_id: unknown while that zone is being created.');
    setPreconditions(existing, [zoneIdCheck]);

    this.topic = new NotificationTopic(this, 'notification-topic', {
      create: hclBool`${create} && ${p.createTopic}`,
      name: hcl`coalesce(${p.topicName}, "${name}-events")`,
      tags: p.tags,
    });
    const topicArn = stableId(this, new TerraformLocal(this, 'topic_arn', hcl`${p.createTopic} ? ${this.topic.topicArn} : ${p.topicArn}`), 'topic_arn');

    this.reconciler = new Reconciler(this, 'reconciler', {
      // The reconciler's inputs as given (the required one named for the type), then those resolved here.
      ...pickProps(p, RECONCILER_VARIABLES),
      replicationGroupId: p.replicationGroupId,
      name,
      zoneId: hcl`${p.createZone} ? ${this.zone.zoneId} : ${p.zoneId}`,
      zoneName: hcl`${p.createZone} || ${p.zoneName} != null ? ${p.zoneName} : one(${existing.fqn}[*].name)`,
      // Always subscribe: the topic is created or given (a precondition below requires topic_arn
      // with create_topic = false). A count over `topic_arn != null` would be unknown at plan
      // whenever the topic is created in the same configuration.
      createSubscription: true,
      subscriptionCheck: false,
      topicArn: hcl`${topicArn.fqn}`,
      package:
        p.package ??
        (isModuleSynth(this)
          ? { filename: hcl`"\${path.module}/${PACKAGE_PATH}"`, sourceCodeHash: hcl`filebase64sha256("\${path.module}/${PACKAGE_PATH}")` }
          : undefined),
      extraPreconditions: [
        zoneIdCheck,
        {
          condition: hcl`${p.zoneRoleArn} == null || (!${p.createZone} && ${p.zoneId} != null && ${p.zoneName} != null)`,
          errorMessage:
            'zone_role_arn (a hosted zone in another account) needs create_zone = false, zone_id and zone_name: this module can neither create the zone in that account nor look it up with this account\'s credentials.',
        },
        {
          condition: hcl`${p.createTopic} || ${p.topicArn} != null`,
          errorMessage: 'create_topic = false needs topic_arn, the ARN of the SNS topic the replication group sends its notifications to.',
        },
        ...propPreconditions(this, ROOT_VARIABLES.filter((s) => CHECKED_HERE.includes(s.name)), props),
      ],
    });

    this.outputs = {
      ...Object.fromEntries(ROOT_OUTPUTS.filter((o) => o.name in this.reconciler.outputs).map((o) => [o.name, this.reconciler.outputs[o.name]!])),
      client_endpoints: this.clientEndpoints(p),
      zone_id: this.reconciler.zoneId,
      zone_name: this.reconciler.zoneName,
      topic_arn: hcl`${topicArn.fqn}`,
    };
  }

  /**
   * The `client_endpoints` output. The group is read only when the module reconciles at apply
   * (which needs the group then anyway), and after that run: so a group created in the same
   * configuration exists when it is read, and the names never wait for it.
   */
  private clientEndpoints(p: ElastiCacheReplicaDnsProps): string {
    const group = stableId(
      this,
      make(DataAwsElasticacheReplicationGroup, this, 'group', {
        count: countIf(hcl`${p.create} && ${p.reconcileOnApply}`),
        replicationGroupId: p.replicationGroupId,
        dependsOn: [this.reconciler.invocation],
      }),
      'this',
    );
    section(group, 'Client endpoints', 'client_endpoints.tf');
    comment(group, 'For the client_endpoints output: read after the reconcile at apply, so a group created alongside exists by then.');
    const local = (name: string, value: string) => hcl`${stableId(this, new TerraformLocal(this, name, value), name).fqn}`;
    const port = local('client_port', hcl`one(${group.fqn}[*].port)`);
    const primaryHost = local('client_primary_host', hcl`one(${group.fqn}[*].primary_endpoint_address)`);
    const readerHost = local('client_reader_host', hcl`one(${group.fqn}[*].reader_endpoint_address)`);
    // The data source (provider 5.x/6.x) has no transit_encryption_enabled: a TLS-enabled group's
    // primary endpoint is `master.<group>.<id>.<region>.cache.amazonaws.com` (docs/tls.md).
    const tls = local('client_tls', hcl`${primaryHost} == null ? null : startswith(${primaryHost}, "master.")`);
    const serverName = (host: string) => hcl`${tls} == true ? ${host} : null`;
    const { azRecordNameTemplate: azTemplate, primaryRecordName, readerRecordName, recordNames } = this.reconciler;
    return hcl`{
      primary            = { host = ${primaryHost}, port = ${port}, alias = ${primaryRecordName}, tls_server_name = ${serverName(primaryHost)} }
      reader             = { host = ${readerHost}, port = ${port}, alias = ${readerRecordName}, tls_server_name = ${serverName(readerHost)} }
      replicas           = [for name in ${hcl`${recordNames}`} : { host = name, port = ${port}, tls_server_name = null }]
      az                 = { for az in (${azTemplate} == null ? [] : ${p.availabilityZones}) : lower(az) => { host = replace(${azTemplate}, "{az}", lower(az)), port = ${port}, tls_server_name = null } }
      tls                = ${tls}
      auth_token_enabled = one(${group.fqn}[*].auth_token_enabled)
    }`;
  }
}

/** The root Terraform module: variables, the composition, outputs. */
export function rootModule(scope: Construct): void {
  AwsContext.declare(scope, 'partition', 'accountId');
  const vars = declareVariables(scope, ROOT_VARIABLES);
  const root = new ElastiCacheReplicaDns(scope, 'replica-dns', varProps(vars, ROOT_VARIABLES) as unknown as ElastiCacheReplicaDnsProps);
  declareOutputs(scope, ROOT_OUTPUTS, root.outputs);
}
