// Submodule `modules/reconciler`: the reconciler Lambda function and everything it needs. It keeps
// the replica names of one replication group in one hosted zone: triggered by the group's
// ElastiCache notifications (SNS), by a schedule (drift correction) and by Terraform itself at
// apply and destroy. Least privilege: its IAM permissions are described once, in permissions.ts.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  Annotations,
  AssetType,
  CloudwatchEventRule,
  CloudwatchEventTarget,
  CloudwatchLogGroup,
  CloudwatchMetricAlarm,
  Construct,
  DataResource,
  IamRole,
  LambdaFunction,
  LambdaFunctionEventInvokeConfig,
  LambdaInvocation,
  LambdaPermission,
  SnsTopicSubscription,
  SqsQueue,
  TerraformAsset,
  TerraformLocal,
} from '../../generator/cdktf.js';
// The metric names and dimension the reconciler writes (EMF): the alarm below must match them.
import { AwsContext } from '../../generator/context.js';
import { countIf, hcl, hclAny, hclList } from '../../generator/expr.js';
import { MAIN_FILE, comment, make, placeIn, section, skipCheck } from '../../generator/hcl.js';
import { MAX_REPLICAS, METRIC_DIMENSION, METRIC_NAMESPACE, type MetricName } from '../../lambda/src/contracts.js';
import { nameChecks, subscriptionCheck } from './checks.js';
import { reconcilerIam, type ReconcilerIam } from './iam.js';
import { recordNameLocals } from './record-policy.js';
import {
  declareOutputs,
  declareVariables,
  first,
  localsIn,
  propPreconditions,
  specsOf,
  setPreconditions,
  stableId,
  varProps,
  withDefaults,
  type OutputSpec,
  type Precondition,
  type VariableSpec,
} from '../../generator/spec.js';
import { names, reconciler as reconcilerOutputs } from '../outputs.js';
import { common, crossAccount, givenZone, lambda, ordering, records, schedule, subscription } from '../variables.js';

/** The reconciler bundle, relative to the repository root (see docs/contracts.md). */
export const PACKAGE_PATH = 'lambda/dist/reconciler.zip';


export interface LambdaPackage {
  /** Path of the zip as Terraform sees it. */
  readonly filename: string;
  /** `source_code_hash` of the zip. */
  readonly sourceCodeHash: string;
}

/**
 * Each prop up to `reconcilerDependsOn` is a variable of RECONCILER_VARIABLES in camelCase
 * (`record_ttl` → `recordTtl`): described there, with its default (modules/reconciler/README.md).
 */
export interface ReconcilerProps {
  readonly create?: boolean;
  readonly namePrefix?: string;
  readonly replicationGroupId: string;
  readonly zoneId: string;
  readonly zoneName: string;
  readonly recordNameTemplate?: string;
  readonly azRecordNameTemplate?: string;
  readonly primaryRecordName?: string;
  readonly readerRecordName?: string;
  readonly recordTtl?: number;
  readonly recordCount?: number;
  readonly fallbackToPrimary?: boolean;
  readonly ownerId?: string;
  readonly dryRun?: boolean;
  readonly adoptExistingRecords?: boolean;
  readonly zoneRoleArn?: string;
  readonly createSubscription?: boolean;
  readonly topicArn?: string;
  readonly createSchedule?: boolean;
  readonly reconcileSchedule?: string | null;
  readonly reconcileOnApply?: boolean;
  readonly lambdaRuntime?: string;
  readonly lambdaArchitecture?: string;
  readonly lambdaMemorySize?: number;
  readonly lambdaTimeout?: number;
  readonly lambdaMaximumEventAgeInSeconds?: number;
  readonly rolePermissionsBoundary?: string;
  readonly cloudwatchLogsRetentionInDays?: number;
  readonly cloudwatchLogsKmsKeyArn?: string;
  readonly createAlarms?: boolean;
  readonly alarmActions?: string[];
  readonly tags?: Record<string, string>;
  readonly reconcilerDependsOn?: string[];
  // Not variables: what a CDKTF app or a composition gives.
  /**
   * The reconciler zip. Default in a CDKTF app: the bundled `lambda/dist/reconciler.zip` as a
   * CDKTF asset. Generated modules pass `${path.module}/...` with `filebase64sha256()`.
   */
  readonly package?: LambdaPackage;
  /**
   * The base name itself, for a composition that names other resources after it (see
   * `reconcilerName`). Default: `namePrefix`, or `<group>-replica-dns`.
   */
  readonly name?: string;
  /** Check at plan that `createSubscription` comes with a `topicArn` (unless false: a composition that derives both). */
  readonly subscriptionCheck?: boolean;
  /** Further checks on the function, after its own (e.g. a composition's rules across its inputs). */
  readonly extraPreconditions?: readonly Precondition[];
}

export const RECONCILER_VARIABLES: readonly VariableSpec[] = specsOf(common, givenZone, records, crossAccount, subscription, schedule, lambda, ordering);

/** The reasons behind the checkov checks the reconciler does not follow, beside the resources. */
const SKIPS = {
  vpc: 'The reconciler only calls the ElastiCache and Route 53 APIs; it needs no VPC access, and a VPC would need NAT or endpoints for both.',
  codeSigning: 'The function runs the zip bundled with the module and pinned by its hash; code signing is left to the consumer.',
  envKms: 'The environment holds no secrets (IDs, names, templates), only configuration.',
  dlq: 'Failed asynchronous events go to an on-failure destination (SQS, encrypted) with an alarm, the successor of a dead-letter queue.',
  xray: 'Tracing is not needed for a run of two API reads and at most one write; logs carry a JSON summary of every run.',
  logRetention: `Retention is an input (cloudwatch_logs_retention_in_days, default ${lambda.logRetention.default} days); reconciler logs are operational, not audit logs.`,
  logKms: 'A KMS key is an input (cloudwatch_logs_kms_key_arn); default CloudWatch Logs encryption otherwise.',
  queueKms: 'The queue uses SQS-managed server-side encryption (SSE-SQS); a customer key would need a key policy for Lambda.',
};

export class Reconciler extends Construct {
  public readonly function: LambdaFunction;
  public readonly role: IamRole;
  public readonly logGroup: CloudwatchLogGroup;
  public readonly failureQueue: SqsQueue;
  /** Base name of the resources. */
  public readonly name: string;
  /** Names of the replica records (the possible ones when one name per replica). */
  public readonly recordNames: string[];
  public readonly azRecordNameTemplate: string;
  /** The alias names, normalized; null when off. */
  public readonly primaryRecordName: string;
  public readonly readerRecordName: string;
  /** The reconcile at apply and destroy (count 0 without `reconcileOnApply`). */
  public readonly invocation: LambdaInvocation;
  public readonly ownerId: string;
  /** The zone's ID, without `/hostedzone/`. */
  public readonly zoneId: string;
  /** The zone's name, lowercase without a trailing dot. */
  public readonly zoneName: string;
  public readonly functionName: string;
  public readonly functionArn: string;
  public readonly roleArn: string;
  public readonly roleName: string;
  public readonly logGroupName: string;
  public readonly failureQueueArn: string;
  public readonly failureQueueUrl: string;
  public readonly scheduleRuleArn: string;
  /** The values of RECONCILER_OUTPUTS, by output name (the root module shows some of them too). */
  public readonly outputs: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: ReconcilerProps) {
    super(scope, id);
    const p = withDefaults(props, RECONCILER_VARIABLES);
    // The sections, in the order of their files (main.tf, iam.tf, triggers.tf, alarms.tf); each
    // returns what the later ones refer to.
    const config = this.configuration(p);
    const iam = reconcilerIam(this, p, config, () => this.logGroup);
    const role = iam.role;
    const fn = this.lambdaFunction(p, config, iam);
    const rule = this.triggers(p, config, fn);
    this.alarms(p, config, fn);
    // Rules across inputs, then the validations of literal props (a CDKTF app).
    setPreconditions(fn.function, [
      ...(p.subscriptionCheck === false ? [] : [subscriptionCheck(p)]),
      ...nameChecks(config),
      ...(p.extraPreconditions ?? []),
      ...propPreconditions(this, RECONCILER_VARIABLES, props),
    ]);

    this.role = role;
    this.logGroup = fn.logGroup;
    this.function = fn.function;
    this.failureQueue = fn.failureQueue;
    this.invocation = fn.invocation;
    this.name = config.name;
    this.ownerId = config.ownerId;
    this.zoneId = config.zoneId;
    this.zoneName = config.zoneName;
    this.recordNames = hclList`${config.recordNames}`;
    this.azRecordNameTemplate = config.azTemplate;
    this.primaryRecordName = config.primaryName;
    this.readerRecordName = config.readerName;
    this.functionName = hcl`try(${fn.function.fqn}[0].function_name, null)`;
    this.functionArn = hcl`try(${fn.function.fqn}[0].arn, null)`;
    this.roleArn = hcl`try(${role.fqn}[0].arn, null)`;
    this.roleName = hcl`try(${role.fqn}[0].name, null)`;
    this.logGroupName = hcl`try(${fn.logGroup.fqn}[0].name, null)`;
    this.failureQueueArn = hcl`try(${fn.failureQueue.fqn}[0].arn, null)`;
    this.failureQueueUrl = hcl`try(${fn.failureQueue.fqn}[0].url, null)`;
    this.scheduleRuleArn = hcl`try(${rule.fqn}[0].arn, null)`;
    this.outputs = {
      record_names: hcl`${this.recordNames}`,
      az_record_name_template: this.azRecordNameTemplate,
      primary_record_name: this.primaryRecordName,
      reader_record_name: this.readerRecordName,
      owner_id: this.ownerId,
      function_name: this.functionName,
      function_arn: this.functionArn,
      role_arn: this.roleArn,
      role_name: this.roleName,
      log_group_name: this.logGroupName,
      failure_queue_arn: this.failureQueueArn,
      failure_queue_url: this.failureQueueUrl,
      schedule_rule_arn: this.scheduleRuleArn,
    };
  }

  /** Names and configuration: the locals. Null-safe (try), so that `create = false` needs no other input. */
  private configuration(p: ReconcilerProps): Configuration {
    const local = localsIn(this);
    const name = p.name ?? local('name', reconcilerName(p.namePrefix, p.replicationGroupId));
    const { zoneId, zoneName, template, azTemplate, primaryName, readerName, writableNames } = recordNameLocals(local, p);
    const ownerId = local('owner_id', hcl`coalesce(${p.ownerId}, ${name})`);
    // Named here, not read from the resources: the role's policy names them before they exist.
    const logGroupName = local('log_group_name', hcl`"/aws/lambda/${name}"`, 'Lambda writes a function\'s logs to /aws/lambda/<function name>.');
    const failureQueueName = local('failure_queue_name', hcl`"${name}-failures"`);
    const recordNames = local(
      'record_names',
      hcl`try([for n in range(1, (${p.recordCount} > 0 ? ${p.recordCount} : ${MAX_REPLICAS}) + 1) : replace(${template}, "{n}", tostring(n))], [])`,
      `The names the reconciler keeps: 1..record_count, or the possible ones (one per replica, at most ${MAX_REPLICAS}).`,
    );
    const zoneRoleArn = p.zoneRoleArn ?? null;
    const environment = local(
      'environment',
      hcl`merge(
        {
          REPLICATION_GROUP_ID = ${p.replicationGroupId}
          HOSTED_ZONE_ID       = ${zoneId}
          HOSTED_ZONE_NAME     = ${zoneName}
          RECORD_NAME_TEMPLATE = ${template}
          RECORD_TTL           = tostring(${p.recordTtl})
          RECORD_COUNT         = tostring(${p.recordCount})
          OWNER_ID             = ${ownerId}
          DRY_RUN              = tostring(${p.dryRun})
        },
        ${azTemplate} == null ? {} : { AZ_RECORD_NAME_TEMPLATE = ${azTemplate} },
        ${primaryName} == null ? {} : { PRIMARY_RECORD_NAME = ${primaryName} },
        ${readerName} == null ? {} : { READER_RECORD_NAME = ${readerName} },
        ${p.fallbackToPrimary} == null ? {} : { FALLBACK_TO_PRIMARY = tostring(${p.fallbackToPrimary}) },
        ${p.adoptExistingRecords} ? { ADOPT_EXISTING_RECORDS = "true" } : {},
        ${zoneRoleArn} == null ? {} : { ZONE_ROLE_ARN = ${zoneRoleArn} },
      )`,
      'The reconciler\'s configuration (docs/contracts.md).',
    );
    const pkg = p.package ?? this.defaultPackage();
    const packageFilename = local('package_filename', pkg.filename);
    const sourceCodeHash = local('source_code_hash', pkg.sourceCodeHash);
    // In main.tf, beside the function that reads most of them (in the root they follow the topic's section).
    const firstLocal = this.node.children.find((c) => c instanceof TerraformLocal);
    if (firstLocal) placeIn(firstLocal, MAIN_FILE);
    return {
      name, zoneId, zoneName, template, azTemplate, primaryName, readerName, writableNames, ownerId, logGroupName, failureQueueName, recordNames, zoneRoleArn, environment, packageFilename, sourceCodeHash,
    };
  }

  /** The log group, the function, its failure queue and asynchronous settings, and the reconcile at apply. */
  private lambdaFunction(p: ReconcilerProps, c: Configuration, { role, rolePolicy, recordsPolicy }: ReconcilerIam): FunctionParts {
    const create = p.create;
    const tags = p.tags;
    const logGroup = stableId(
      this,
      make(CloudwatchLogGroup, this, 'log-group', {
        count: countIf(create),
        name: c.logGroupName,
        retentionInDays: p.cloudwatchLogsRetentionInDays,
        kmsKeyId: p.cloudwatchLogsKmsKeyArn,
        tags,
      }),
      'this',
    );
    section(logGroup, 'Lambda function');
    skipCheck(logGroup, 'CKV_AWS_338', SKIPS.logRetention);
    skipCheck(logGroup, 'CKV_AWS_158', SKIPS.logKms);

    const gate = stableId(
      this,
      make(DataResource, this, 'depends-on', {
        count: countIf(hcl`${create} && length(${p.reconcilerDependsOn}) > 0`),
        input: hclAny`${p.reconcilerDependsOn}` as unknown as Record<string, unknown>,
      }),
      'reconciler_depends_on',
    );
    comment(gate, 'Orders the function after reconciler_depends_on (e.g. a replication group created alongside).');

    const fn = stableId(
      this,
      make(LambdaFunction, this, 'function', {
        count: countIf(create),
        functionName: c.name,
        description: hcl`"Keeps the read replica DNS names of ElastiCache replication group ${p.replicationGroupId} in ${c.zoneName}"`,
        role: first(role, 'arn'),
        handler: 'index.handler',
        runtime: p.lambdaRuntime,
        architectures: [p.lambdaArchitecture as string],
        memorySize: p.lambdaMemorySize,
        timeout: p.lambdaTimeout,
        reservedConcurrentExecutions: 1,
        filename: c.packageFilename,
        sourceCodeHash: c.sourceCodeHash,
        environment: { variables: hcl`${c.environment}` as unknown as Record<string, string> },
        tags,
        dependsOn: [logGroup, gate],
      }),
      'this',
    );
    comment(fn, 'Runs are serialized (reserved concurrency 1): each rebuilds the records from the live topology.');
    for (const [check, reason] of [
      ['CKV_AWS_117', SKIPS.vpc],
      ['CKV_AWS_272', SKIPS.codeSigning],
      ['CKV_AWS_173', SKIPS.envKms],
      ['CKV_AWS_116', SKIPS.dlq],
      ['CKV_AWS_50', SKIPS.xray],
    ] as const) {
      skipCheck(fn, check, reason);
    }

    const failureQueue = stableId(
      this,
      make(SqsQueue, this, 'failure-queue', {
        count: countIf(create),
        name: c.failureQueueName,
        messageRetentionSeconds: 1209600,
        sqsManagedSseEnabled: true,
        tags,
      }),
      'failures',
    );
    comment(failureQueue, 'Asynchronous events (notifications, schedule) that failed after retries or expired.');
    skipCheck(failureQueue, 'CKV_AWS_27', SKIPS.queueKms);

    const invokeConfig = stableId(
      this,
      make(LambdaFunctionEventInvokeConfig, this, 'event-invoke-config', {
        count: countIf(create),
        functionName: first(fn, 'function_name'),
        maximumEventAgeInSeconds: p.lambdaMaximumEventAgeInSeconds,
        maximumRetryAttempts: 2,
        destinationConfig: { onFailure: { destination: first(failureQueue, 'arn') } },
        // Lambda checks at creation that the role may send to the destination.
        dependsOn: [rolePolicy],
      }),
      'this',
    );

    const invocation = stableId(
      this,
      make(LambdaInvocation, this, 'invocation', {
        count: countIf(hcl`${create} && ${p.reconcileOnApply}`),
        functionName: first(fn, 'function_name'),
        // environment: at update the reconciler reads the previous one from tf.prev_input and
        // deletes what it owned there and this configuration does not keep (docs/contracts.md).
        input: hcl`jsonencode({
          trigger     = "terraform"
          config      = sha256(jsonencode({ environment = ${c.environment}, package = ${c.sourceCodeHash} }))
          environment = ${c.environment}
        })`,
        lifecycleScope: 'CRUD',
        terraformKey: 'tf',
        dependsOn: [rolePolicy, recordsPolicy, logGroup, invokeConfig],
      }),
      'this',
    );
    return { logGroup, function: fn, failureQueue, invocation };
  }

  /** The subscription to the notification topic and the schedule, each with its invoke permission; returns the rule. */
  private triggers(p: ReconcilerProps, c: Configuration, fn: FunctionParts): CloudwatchEventRule {
    const create = p.create;
    // A literal boolean (never `topic_arn != null`): the count must be known at plan while the
    // topic ARN is not, e.g. for a topic created in the same configuration.
    const subscribe = p.createSubscription === true ? create : hcl`${create} && ${p.createSubscription}`;
    const subscription = stableId(
      this,
      make(SnsTopicSubscription, this, 'subscription', {
        count: countIf(subscribe),
        topicArn: p.topicArn as string,
        protocol: 'lambda',
        endpoint: first(fn.function, 'arn'),
        // Destroyed before the final reconcile removes the records, so no event recreates them.
        dependsOn: [fn.invocation],
      }),
      'this',
    );
    section(subscription, 'Triggers: ElastiCache notifications and schedule', 'triggers.tf');
    stableId(
      this,
      make(LambdaPermission, this, 'sns-permission', {
        count: countIf(subscribe),
        statementId: 'ElastiCacheNotifications',
        action: 'lambda:InvokeFunction',
        functionName: first(fn.function, 'function_name'),
        principal: 'sns.amazonaws.com',
        sourceArn: p.topicArn as string,
      }),
      'sns',
    );
    const scheduleEnabled = hcl`${create} && ${p.createSchedule} && ${p.reconcileSchedule} != null`;
    const rule = stableId(
      this,
      make(CloudwatchEventRule, this, 'schedule-rule', {
        count: countIf(scheduleEnabled),
        name: hcl`"${c.name}-reconcile"`,
        description: hcl`"Drift correction of the read replica DNS names of ElastiCache replication group ${p.replicationGroupId}"`,
        scheduleExpression: p.reconcileSchedule as string,
        tags: p.tags,
      }),
      'schedule',
    );
    stableId(
      this,
      make(CloudwatchEventTarget, this, 'schedule-target', {
        count: countIf(scheduleEnabled),
        rule: first(rule, 'name'),
        targetId: 'reconciler',
        arn: first(fn.function, 'arn'),
        dependsOn: [fn.invocation],
      }),
      'schedule',
    );
    stableId(
      this,
      make(LambdaPermission, this, 'schedule-permission', {
        count: countIf(scheduleEnabled),
        statementId: 'Schedule',
        action: 'lambda:InvokeFunction',
        functionName: first(fn.function, 'function_name'),
        principal: 'events.amazonaws.com',
        sourceArn: first(rule, 'arn'),
      }),
      'schedule',
    );
    return rule;
  }

  /** Function errors, failed events, name conflicts. */
  private alarms(p: ReconcilerProps, c: Configuration, fn: FunctionParts): void {
    const alarmsEnabled = hcl`${p.create} && ${p.createAlarms}`;
    // Each alarm fires on any non-zero value in 5 minutes and clears itself; only the metric differs.
    const alarm = (id: string, alarmName: string, alarmDescription: string, metric: { namespace: string; metricName: string; dimensions: Record<string, string>; statistic: string }) =>
      stableId(
        this,
        make(CloudwatchMetricAlarm, this, `${id}-alarm`, {
          count: countIf(alarmsEnabled),
          alarmName,
          alarmDescription,
          ...metric,
          period: 300,
          evaluationPeriods: 1,
          threshold: 0,
          comparisonOperator: 'GreaterThanThreshold',
          treatMissingData: 'notBreaching',
          alarmActions: p.alarmActions,
          okActions: p.alarmActions,
          tags: p.tags,
        }),
        id,
      );
    const name = c.name;
    const errors = alarm('errors', hcl`"${name}-errors"`, hcl`"The replica DNS reconciler ${name} failed; see its log group /aws/lambda/${name}."`, {
      namespace: 'AWS/Lambda',
      metricName: 'Errors',
      dimensions: { FunctionName: first(fn.function, 'function_name') },
      statistic: 'Sum',
    });
    section(errors, 'Alarms', 'alarms.tf');
    alarm('failures', hcl`"${name}-failures"`, hcl`"Events for the replica DNS reconciler ${name} failed or expired; they are in the SQS queue ${name}-failures."`, {
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: first(fn.failureQueue, 'name') },
      statistic: 'Maximum',
    });
    alarm(
      'conflicts',
      hcl`"${name}-conflicts"`,
      hcl`"A name the replica DNS reconciler ${name} must keep is held by a record it does not own; the conflicts field of its log lines in /aws/lambda/${name} says which and why."`,
      { namespace: METRIC_NAMESPACE, metricName: 'Conflicts' satisfies MetricName, dimensions: { [METRIC_DIMENSION]: p.replicationGroupId as string }, statistic: 'Maximum' },
    );
  }

  /**
   * In a CDKTF app: the bundled zip, copied into the stack as an asset. Found relative to this
   * file: the repository root here, the package's dist/ when installed (build:package copies it).
   */
  private defaultPackage(): LambdaPackage {
    const zip = fileURLToPath(new URL(`../../${PACKAGE_PATH}`, import.meta.url));
    if (existsSync(zip)) {
      const asset = new TerraformAsset(this, 'package', { path: zip, type: AssetType.FILE });
      return { filename: asset.path, sourceCodeHash: hcl`filebase64sha256(${asset.path})` };
    }
    Annotations.of(this).addWarning(`${PACKAGE_PATH} does not exist yet (npm run build:lambda); referencing it by absolute path.`);
    return { filename: zip, sourceCodeHash: hcl`filebase64sha256(${zip})` };
  }
}

/** The locals the sections read (HCL references). */
interface Configuration {
  readonly name: string;
  readonly zoneId: string;
  readonly zoneName: string;
  readonly template: string;
  readonly azTemplate: string;
  readonly primaryName: string;
  readonly readerName: string;
  readonly writableNames: string;
  readonly ownerId: string;
  readonly logGroupName: string;
  readonly failureQueueName: string;
  readonly recordNames: string;
  /** `zoneRoleArn`, null when not given (the zone is in this account). */
  readonly zoneRoleArn: string | null;
  readonly environment: string;
  readonly packageFilename: string;
  readonly sourceCodeHash: string;
}

/** What the sections after the function's refer to. */
interface FunctionParts {
  readonly logGroup: CloudwatchLogGroup;
  readonly function: LambdaFunction;
  readonly failureQueue: SqsQueue;
  readonly invocation: LambdaInvocation;
}

/** HCL: the base name of the resources, `name_prefix` or `<group>-replica-dns`. */
export function reconcilerName(namePrefix: string | undefined, replicationGroupId: string): string {
  return hcl`coalesce(${namePrefix}, "${replicationGroupId}-replica-dns")`;
}

export const RECONCILER_OUTPUTS: readonly OutputSpec[] = specsOf(names, reconcilerOutputs);

/** The `modules/reconciler` Terraform module. */
export function reconcilerModule(scope: Construct): void {
  AwsContext.declare(scope, 'partition', 'accountId');
  const vars = declareVariables(scope, RECONCILER_VARIABLES);
  // The bundle lives at the repository root, two levels up from this module.
  const r = new Reconciler(scope, 'reconciler', {
    ...(varProps(vars, RECONCILER_VARIABLES) as unknown as ReconcilerProps),
    package: {
      filename: hcl`"\${path.module}/../../${PACKAGE_PATH}"`,
      sourceCodeHash: hcl`filebase64sha256("\${path.module}/../../${PACKAGE_PATH}")`,
    },
  });
  declareOutputs(scope, RECONCILER_OUTPUTS, r.outputs);
}
