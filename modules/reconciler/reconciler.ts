// Submodule `modules/reconciler`: the reconciler Lambda function and everything it needs. It keeps
// the replica names of one replication group in one hosted zone: triggered by the group's
// ElastiCache notifications (SNS), by a schedule (drift correction) and by Terraform itself at
// apply and destroy. Least privilege: it may read that group and its members, read the zone and
// change only the record names its templates produce (and their ownership markers), only as CNAME
// and TXT records.
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
  DataAwsIamPolicyDocument,
  IamRole,
  IamRolePolicy,
  LambdaFunction,
  LambdaFunctionEventInvokeConfig,
  LambdaInvocation,
  LambdaPermission,
  Lazy,
  SnsTopicSubscription,
  SqsQueue,
  TerraformAsset,
} from '../../generator/cdktf.js';
// The metric names and dimension the reconciler writes (EMF): the alarm below must match them.
import { DIMENSION as METRIC_DIMENSION, NAMESPACE as METRIC_NAMESPACE } from '../../lambda/src/metrics.js';
import { AwsContext } from '../../generator/context.js';
import { countIf, hcl, hclAny, hclList, raw } from '../../generator/expr.js';
import { comment, make, section, skipCheck } from '../../generator/hcl.js';
import { MAX_REPLICAS, MAX_SLOTS } from '../../lambda/src/contracts.js';
import { recordNameLocals, recordStatements, zoneArnExpression } from './record-policy.js';
import {
  declareOutputs,
  first,
  localsIn,
  declareVariables,
  propPreconditions,
  setPreconditions,
  stableId,
  propNames,
  varProps,
  withDefaults,
  type OutputSpec,
  type Precondition,
  type VariableSpec, rename } from '../../generator/spec.js';
import { common, crossAccount, lambda, ordering, records, schedule, topic, zoneIdValidation } from '../variables.js';

/** The reconciler bundle, relative to the repository root (see docs/contracts.md). */
export const PACKAGE_PATH = 'lambda/dist/reconciler.zip';


export interface LambdaPackage {
  /** Path of the zip as Terraform sees it. */
  readonly filename: string;
  /** `source_code_hash` of the zip. */
  readonly sourceCodeHash: string;
}

export interface ReconcilerProps {
  /** Whether to create any resources. Default `true`. */
  readonly create?: boolean;
  /** Name of the function, role and log group, prefix of the other names. Default `<group>-replica-dns`. */
  readonly namePrefix?: string;
  readonly replicationGroupId: string;
  /** Hosted zone that holds the names (`Z...`, with or without `/hostedzone/`). */
  readonly zoneId: string;
  /** The zone's DNS name. */
  readonly zoneName: string;
  /** Default `read{n}.<zoneName>`. */
  readonly recordNameTemplate?: string;
  readonly azRecordNameTemplate?: string;
  /** Alias of the group's primary endpoint kept in the zone. Default: none. */
  readonly primaryRecordName?: string;
  /** Alias of the group's reader endpoint kept in the zone. Default: none. */
  readonly readerRecordName?: string;
  /** Default 10. */
  readonly recordTtl?: number;
  /** Default 0 (one name per available replica). */
  readonly recordCount?: number;
  /** Default: true when `recordCount` > 0. */
  readonly fallbackToPrimary?: boolean;
  /** Ownership marker identity. Default: `name`. */
  readonly ownerId?: string;
  readonly dryRun?: boolean;
  /** Role in the zone's account assumed for the Route 53 calls (zone in another account). */
  readonly zoneRoleArn?: string;
  /** Subscribe to `topicArn`. Default `true`; needs `topicArn`. */
  readonly createSubscription?: boolean;
  /** The replication group's ElastiCache notification topic. */
  readonly topicArn?: string;
  /** Default `true`. */
  readonly createSchedule?: boolean;
  /** Default `rate(5 minutes)`; null disables the schedule. */
  readonly reconcileSchedule?: string | null;
  /** Invoke the reconciler at apply and destroy (CRUD). Default `true`. */
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
  /** Values (e.g. the replication group's ARN) the function waits for before it is created. */
  readonly reconcilerDependsOn?: string[];
  /**
   * The reconciler zip. Default in a CDKTF app: the bundled `lambda/dist/reconciler.zip` as a
   * CDKTF asset. Generated modules pass `${path.module}/...` with `filebase64sha256()`.
   */
  readonly package?: LambdaPackage;
}

export const RECONCILER_VARIABLES: readonly VariableSpec[] = [
  common.create(),
  common.namePrefix,
  common.replicationGroupId,
  {
    name: 'zone_id',
    description: 'ID of the Route 53 hosted zone that holds the names (`Z...`, with or without `/hostedzone/`).',
    type: 'string',
    validations: [zoneIdValidation('zone_id', false)],
  },
  {
    name: 'zone_name',
    description: 'DNS name of the hosted zone `zone_id`, e.g. `cache.example.internal` (a trailing dot is optional).',
    type: 'string',
    validations: [
      {
        condition: String.raw`can(regex("^([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\\.)*[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\\.?$", var.zone_name)) && length(var.zone_name) <= 253`,
        message:
          'zone_name must be a DNS name such as cache.example.internal: labels of 1-63 letters, digits, hyphens or underscores separated by dots, at most 253 characters, a trailing dot optional.',
      },
    ],
  },
  records.recordNameTemplate,
  records.azRecordNameTemplate,
  records.primaryRecordName,
  records.readerRecordName,
  records.recordTtl,
  records.recordCount,
  records.fallbackToPrimary,
  common.ownerId,
  records.dryRun,
  crossAccount.zoneRoleArn,
  {
    name: 'create_subscription',
    description: 'Subscribe the reconciler to `topic_arn`, the replication group\'s ElastiCache notification topic.',
    type: 'bool',
    default: true,
    nullable: false,
  },
  rename(topic.topicArn, 'topic_arn', {
    description:
      'ARN of the SNS topic the replication group sends its ElastiCache notifications to (required with `create_subscription`).',
  }),
  schedule.createSchedule,
  schedule.reconcileSchedule,
  schedule.reconcileOnApply,
  lambda.runtime,
  lambda.architecture,
  lambda.memorySize,
  lambda.timeout,
  lambda.maximumEventAge,
  lambda.rolePermissionsBoundary,
  lambda.logRetention,
  lambda.logKmsKey,
  lambda.createAlarms,
  lambda.alarmActions,
  ordering.reconcilerDependsOn,
  common.tags,
];

const PROPS_TO_VARIABLES = propNames(RECONCILER_VARIABLES);

/** The reasons behind the checkov checks the reconciler does not follow, beside the resources. */
const SKIPS = {
  vpc: 'The reconciler only calls the ElastiCache and Route 53 APIs; it needs no VPC access, and a VPC would need NAT or endpoints for both.',
  codeSigning: 'The function runs the zip bundled with the module and pinned by its hash; code signing is left to the consumer.',
  envKms: 'The environment holds no secrets (IDs, names, templates), only configuration.',
  dlq: 'Failed asynchronous events go to an on-failure destination (SQS, encrypted) with an alarm, the successor of a dead-letter queue.',
  xray: 'Tracing is not needed for a run of two API reads and at most one write; logs carry a JSON summary of every run.',
  logRetention: 'Retention is an input (cloudwatch_logs_retention_in_days, default 30 days); reconciler logs are operational, not audit logs.',
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
  private readonly preconditions: Precondition[] = [];
  private subscriptionCheck: Precondition | undefined;

  constructor(scope: Construct, id: string, props: ReconcilerProps) {
    super(scope, id);
    const p = withDefaults(props, RECONCILER_VARIABLES, PROPS_TO_VARIABLES);
    const aws = AwsContext.of(this);
    const local = localsIn(this);
    const create = p.create;
    const tags = p.tags;

    // -----------------------------------------------------------------------------------------
    // Names and configuration.
    // Locals stay null-safe (try) so that `create = false` needs no other input.
    const name = local('name', hcl`coalesce(${p.namePrefix}, "${p.replicationGroupId}-replica-dns")`);
    const { zoneId, zoneName, template, azTemplate, primaryName, readerName, writableNames } = recordNameLocals(local, p);
    const ownerId = local('owner_id', hcl`coalesce(${p.ownerId}, ${name})`);
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
        ${zoneRoleArn} == null ? {} : { ZONE_ROLE_ARN = ${zoneRoleArn} },
      )`,
      'The reconciler\'s configuration (docs/contracts.md).',
    );
    const pkg = p.package ?? this.defaultPackage();
    const packageFilename = local('package_filename', pkg.filename);
    const sourceCodeHash = local('source_code_hash', pkg.sourceCodeHash);

    this.name = name;
    this.ownerId = ownerId;
    this.zoneId = zoneId;
    this.zoneName = zoneName;
    this.recordNames = hclList`${recordNames}`;
    this.azRecordNameTemplate = azTemplate;
    this.primaryRecordName = primaryName;
    this.readerRecordName = readerName;

    // -----------------------------------------------------------------------------------------
    // IAM
    const assumeRole = stableId(
      this,
      make(DataAwsIamPolicyDocument, this, 'assume-role', {
        count: countIf(create),
        statement: [{ actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }] }],
      }),
      'assume_role',
    );
    section(assumeRole, 'IAM role');
    this.role = stableId(
      this,
      make(IamRole, this, 'role', {
        count: countIf(create),
        name,
        description: hcl`"Reconciles the read replica DNS names of ElastiCache replication group ${p.replicationGroupId}"`,
        assumeRolePolicy: first(assumeRole, 'json'),
        permissionsBoundary: p.rolePermissionsBoundary,
        tags,
      }),
      'this',
    );

    const groupArn = hcl`"arn:${aws.partition}:elasticache:${aws.region}:${aws.accountId}:replicationgroup:${p.replicationGroupId}"`;
    const memberArns = hcl`"arn:${aws.partition}:elasticache:${aws.region}:${aws.accountId}:cluster:${p.replicationGroupId}-*"`;
    const zoneArn = zoneArnExpression(aws.partition, zoneId);

    // Declared before they exist in the tree so the policy can name them; resolved at synth.
    let logGroupArn = '';
    let queueArn = '';
    const policyDocument = stableId(
      this,
      make(DataAwsIamPolicyDocument, this, 'policy-document', {
        count: countIf(create),
        statement: [
          {
            sid: 'ReadReplicationGroup',
            actions: ['elasticache:DescribeReplicationGroups'],
            resources: [groupArn],
          },
          {
            sid: 'ReadMemberClusters',
            actions: ['elasticache:DescribeCacheClusters'],
            resources: [memberArns],
          },
          {
            sid: 'WriteLogs',
            actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
            resources: [Lazy.stringValue({ produce: () => hcl`"${logGroupArn}:*"` })],
          },
          {
            sid: 'SendFailedEvents',
            actions: ['sqs:SendMessage'],
            resources: [Lazy.stringValue({ produce: () => queueArn })],
          },
        ],
      }),
      'reconciler',
    );
    // The Route 53 statements, or with a zone role only sts:AssumeRole on it (the zone account's
    // role holds the same Route 53 statements). Dynamic: the role ARN is usually unknown at plan
    // (created in the same apply), and a count cannot be.
    const [readZone, writeRecords] = recordStatements({ zoneArn, writableNames, azTemplate });
    const inZoneAccount = hcl`${zoneRoleArn} == null ? ["this account"] : []`;
    policyDocument.addOverride('dynamic.statement', [
      { for_each: inZoneAccount, content: readZone },
      { for_each: inZoneAccount, content: writeRecords },
      {
        for_each: hcl`${zoneRoleArn} == null ? [] : [${zoneRoleArn}]`,
        content: { sid: 'AssumeZoneRole', actions: ['sts:AssumeRole'], resources: [hcl`statement.value`] },
      },
    ]);
    const rolePolicy = stableId(
      this,
      make(IamRolePolicy, this, 'role-policy', {
        count: countIf(create),
        name,
        role: first(this.role, 'id'),
        policy: first(policyDocument, 'json'),
      }),
      'this',
    );

    // -----------------------------------------------------------------------------------------
    // Function
    this.logGroup = stableId(
      this,
      make(CloudwatchLogGroup, this, 'log-group', {
        count: countIf(create),
        name: hcl`"/aws/lambda/${name}"`,
        retentionInDays: p.cloudwatchLogsRetentionInDays,
        kmsKeyId: p.cloudwatchLogsKmsKeyArn,
        tags,
      }),
      'this',
    );
    section(this.logGroup, 'Lambda function');
    skipCheck(this.logGroup, 'CKV_AWS_338', SKIPS.logRetention);
    skipCheck(this.logGroup, 'CKV_AWS_158', SKIPS.logKms);
    logGroupArn = first(this.logGroup, 'arn');

    const gate = stableId(
      this,
      make(DataResource, this, 'depends-on', {
        count: countIf(hcl`${create} && length(${p.reconcilerDependsOn}) > 0`),
        input: hclAny`${p.reconcilerDependsOn}` as unknown as Record<string, unknown>,
      }),
      'reconciler_depends_on',
    );
    comment(gate, 'Orders the function after reconciler_depends_on (e.g. a replication group created alongside).');

    this.function = stableId(
      this,
      make(LambdaFunction, this, 'function', {
        count: countIf(create),
        functionName: name,
        description: hcl`"Keeps the read replica DNS names of ElastiCache replication group ${p.replicationGroupId} in ${zoneName}"`,
        role: first(this.role, 'arn'),
        handler: 'index.handler',
        runtime: p.lambdaRuntime,
        architectures: [p.lambdaArchitecture as string],
        memorySize: p.lambdaMemorySize,
        timeout: p.lambdaTimeout,
        reservedConcurrentExecutions: 1,
        filename: packageFilename,
        sourceCodeHash,
        environment: { variables: hcl`${environment}` as unknown as Record<string, string> },
        tags,
        dependsOn: [this.logGroup, gate],
      }),
      'this',
    );
    comment(this.function, 'Runs are serialized (reserved concurrency 1): each rebuilds the records from the live topology.');
    for (const [check, reason] of [
      ['CKV_AWS_117', SKIPS.vpc],
      ['CKV_AWS_272', SKIPS.codeSigning],
      ['CKV_AWS_173', SKIPS.envKms],
      ['CKV_AWS_116', SKIPS.dlq],
      ['CKV_AWS_50', SKIPS.xray],
    ] as const) {
      skipCheck(this.function, check, reason);
    }
    this.subscriptionCheck = {
      condition: hcl`!${p.createSubscription} || ${p.topicArn} != null`,
      errorMessage: 'create_subscription = true needs topic_arn, the ARN of the replication group\'s ElastiCache notification topic.',
    };
    this.preconditions.push(
      {
        condition: hcl`endswith(${template}, ".${zoneName}")`,
        errorMessage: 'record_name_template must lie inside the hosted zone: end it with "." and the zone name, e.g. read{n}.<zone name>.',
      },
      {
        condition: hcl`${azTemplate} == null || endswith(coalesce(${azTemplate}, "-"), ".${zoneName}")`,
        errorMessage: 'az_record_name_template must lie inside the hosted zone: end it with "." and the zone name, e.g. read-{az}.<zone name>.',
      },
      ...aliasChecks('primary_record_name', primaryName, template, azTemplate, zoneName),
      ...aliasChecks('reader_record_name', readerName, template, azTemplate, zoneName),
      {
        condition: hcl`${primaryName} == null || ${primaryName} != ${readerName}`,
        errorMessage: 'primary_record_name and reader_record_name must differ: one name cannot follow both endpoints.',
      },
    );

    this.failureQueue = stableId(
      this,
      make(SqsQueue, this, 'failure-queue', {
        count: countIf(create),
        name: hcl`"${name}-failures"`,
        messageRetentionSeconds: 1209600,
        sqsManagedSseEnabled: true,
        tags,
      }),
      'failures',
    );
    comment(this.failureQueue, 'Asynchronous events (notifications, schedule) that failed after retries or expired.');
    skipCheck(this.failureQueue, 'CKV_AWS_27', SKIPS.queueKms);
    queueArn = first(this.failureQueue, 'arn');

    const invokeConfig = stableId(
      this,
      make(LambdaFunctionEventInvokeConfig, this, 'event-invoke-config', {
        count: countIf(create),
        functionName: first(this.function, 'function_name'),
        maximumEventAgeInSeconds: p.lambdaMaximumEventAgeInSeconds,
        maximumRetryAttempts: 2,
        destinationConfig: { onFailure: { destination: queueArn } },
        // Lambda checks at creation that the role may send to the destination.
        dependsOn: [rolePolicy],
      }),
      'this',
    );

    const invocation = (this.invocation = stableId(
      this,
      make(LambdaInvocation, this, 'invocation', {
        count: countIf(hcl`${create} && ${p.reconcileOnApply}`),
        functionName: first(this.function, 'function_name'),
        input: hcl`jsonencode({
          trigger = "terraform"
          config  = sha256(jsonencode({ environment = ${environment}, package = ${sourceCodeHash} }))
        })`,
        lifecycleScope: 'CRUD',
        terraformKey: 'tf',
        dependsOn: [rolePolicy, this.logGroup, invokeConfig],
      }),
      'this',
    ));

    // -----------------------------------------------------------------------------------------
    // Triggers
    // A literal boolean (never `topic_arn != null`): the count must be known at plan while the
    // topic ARN is not, e.g. for a topic created in the same configuration.
    const subscribe = p.createSubscription === true ? create : hcl`${create} && ${p.createSubscription}`;
    const subscription = stableId(
      this,
      make(SnsTopicSubscription, this, 'subscription', {
        count: countIf(subscribe),
        topicArn: p.topicArn as string,
        protocol: 'lambda',
        endpoint: first(this.function, 'arn'),
        // Destroyed before the final reconcile removes the records, so no event recreates them.
        dependsOn: [invocation],
      }),
      'this',
    );
    section(subscription, 'Triggers: ElastiCache notifications and schedule');
    stableId(
      this,
      make(LambdaPermission, this, 'sns-permission', {
        count: countIf(subscribe),
        statementId: 'ElastiCacheNotifications',
        action: 'lambda:InvokeFunction',
        functionName: first(this.function, 'function_name'),
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
        name: hcl`"${name}-reconcile"`,
        description: hcl`"Drift correction of the read replica DNS names of ElastiCache replication group ${p.replicationGroupId}"`,
        scheduleExpression: p.reconcileSchedule as string,
        tags,
      }),
      'schedule',
    );
    stableId(
      this,
      make(CloudwatchEventTarget, this, 'schedule-target', {
        count: countIf(scheduleEnabled),
        rule: first(rule, 'name'),
        targetId: 'reconciler',
        arn: first(this.function, 'arn'),
        dependsOn: [invocation],
      }),
      'schedule',
    );
    stableId(
      this,
      make(LambdaPermission, this, 'schedule-permission', {
        count: countIf(scheduleEnabled),
        statementId: 'Schedule',
        action: 'lambda:InvokeFunction',
        functionName: first(this.function, 'function_name'),
        principal: 'events.amazonaws.com',
        sourceArn: first(rule, 'arn'),
      }),
      'schedule',
    );

    // -----------------------------------------------------------------------------------------
    // Alarms
    const alarmsEnabled = hcl`${create} && ${p.createAlarms}`;
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
          tags,
        }),
        id,
      );
    const errors = alarm('errors', hcl`"${name}-errors"`, hcl`"The replica DNS reconciler ${name} failed; see its log group /aws/lambda/${name}."`, {
      namespace: 'AWS/Lambda',
      metricName: 'Errors',
      dimensions: { FunctionName: first(this.function, 'function_name') },
      statistic: 'Sum',
    });
    section(errors, 'Alarms');
    alarm('failures', hcl`"${name}-failures"`, hcl`"Events for the replica DNS reconciler ${name} failed or expired; they are in the SQS queue ${name}-failures."`, {
      namespace: 'AWS/SQS',
      metricName: 'ApproximateNumberOfMessagesVisible',
      dimensions: { QueueName: first(this.failureQueue, 'name') },
      statistic: 'Maximum',
    });
    alarm(
      'conflicts',
      hcl`"${name}-conflicts"`,
      hcl`"A name the replica DNS reconciler ${name} must keep is held by a record it does not own; the conflicts field of its log lines in /aws/lambda/${name} says which and why."`,
      { namespace: METRIC_NAMESPACE, metricName: 'Conflicts', dimensions: { [METRIC_DIMENSION]: p.replicationGroupId as string }, statistic: 'Maximum' },
    );

    const validations = propPreconditions(
      this,
      RECONCILER_VARIABLES,
      Object.fromEntries(Object.entries(PROPS_TO_VARIABLES).map(([prop, variable]) => [variable, (props as unknown as Record<string, unknown>)[prop]])),
    );
    setPreconditions(this.function, () => [...(this.subscriptionCheck ? [this.subscriptionCheck] : []), ...this.preconditions, ...validations]);

    this.functionName = hcl`try(${this.function.fqn}[0].function_name, null)`;
    this.functionArn = hcl`try(${this.function.fqn}[0].arn, null)`;
    this.roleArn = hcl`try(${this.role.fqn}[0].arn, null)`;
    this.roleName = hcl`try(${this.role.fqn}[0].name, null)`;
    this.logGroupName = hcl`try(${this.logGroup.fqn}[0].name, null)`;
    this.failureQueueArn = hcl`try(${this.failureQueue.fqn}[0].arn, null)`;
    this.failureQueueUrl = hcl`try(${this.failureQueue.fqn}[0].url, null)`;
    this.scheduleRuleArn = hcl`try(${rule.fqn}[0].arn, null)`;
  }

  /** Drops the "create_subscription needs topic_arn" check (for a composition that derives both). */
  public omitSubscriptionCheck(): void {
    this.subscriptionCheck = undefined;
  }

  /** Adds a precondition to the function (rules across inputs). */
  public addPrecondition(condition: string, errorMessage: string): void {
    this.preconditions.push({ condition, errorMessage });
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

/**
 * Plan-time checks of an alias name against the zone and the names the templates produce (the
 * reconciler refuses the same at cold start): two meanings for one record would make runs fight.
 */
function aliasChecks(variable: string, name: string, template: string, azTemplate: string, zoneName: string): Precondition[] {
  // Inside can(): a null AZ template fails replace(), and the left side of || has said yes already.
  const azPattern = hcl`format("^%s$", replace(replace(${azTemplate}, ".", "\\\\."), "{az}", "[a-z0-9]([a-z0-9-]*[a-z0-9])?"))`;
  return [
    {
      condition: hcl`${name} == null || endswith(coalesce(${name}, "-"), ".${zoneName}")`,
      errorMessage: `${variable} must lie inside the hosted zone: end it with "." and the zone name, e.g. ${variable.split('_')[0]}.<zone name>.`,
    },
    {
      condition: hcl`${name} == null || !contains([for n in range(1, ${MAX_SLOTS + 1}) : replace(${template}, "{n}", tostring(n))], coalesce(${name}, "-"))`,
      errorMessage: `${variable} must differ from the replica names of record_name_template ({n} = 1 … ${MAX_SLOTS}); choose another name.`,
    },
    {
      condition: hcl`${name} == null || ${azTemplate} == null || !can(regex(${azPattern}, coalesce(${name}, "-")))`,
      errorMessage: `${variable} must not be a name of az_record_name_template ({az} = any Availability Zone name); choose another name.`,
    },
  ];
}

export const RECONCILER_OUTPUTS: readonly OutputSpec[] = [
  {
    name: 'record_names',
    description:
      'Names of the replica records. With `record_count` > 0 exactly these exist. With 0 these are the possible names (slots 1 … 5), of which one per available replica exists, not necessarily the first ones (names are sticky).',
  },
  { name: 'az_record_name_template', description: 'Template of the per-AZ names (`{az}` = Availability Zone name), normalized; null when not used.' },
  { name: 'primary_record_name', description: 'The name kept on the group\'s primary endpoint, normalized; null when not used.' },
  { name: 'reader_record_name', description: 'The name kept on the group\'s reader endpoint, normalized; null when not used.' },
  { name: 'owner_id', description: 'Identity in the ownership markers (`_owner.<record>` TXT) of the records this deployment manages.' },
  { name: 'function_name', description: 'Name of the reconciler Lambda function.' },
  { name: 'function_arn', description: 'ARN of the reconciler Lambda function.' },
  { name: 'role_arn', description: 'ARN of the reconciler\'s IAM role.' },
  { name: 'role_name', description: 'Name of the reconciler\'s IAM role.' },
  { name: 'log_group_name', description: 'Name of the reconciler\'s CloudWatch log group.' },
  { name: 'failure_queue_arn', description: 'ARN of the SQS queue that receives events the reconciler failed to process.' },
  { name: 'failure_queue_url', description: 'URL of the SQS queue that receives events the reconciler failed to process.' },
  { name: 'schedule_rule_arn', description: 'ARN of the EventBridge rule that runs the drift correction (null without a schedule).' },
];

/** The `modules/reconciler` Terraform module. */
export function reconcilerModule(scope: Construct): void {
  const aws = AwsContext.of(scope);
  void aws.partition;
  void aws.accountId;
  void aws.region;
  const vars = declareVariables(scope, RECONCILER_VARIABLES);
  // The bundle lives at the repository root, two levels up from this module.
  const r = new Reconciler(scope, 'reconciler', {
    ...(varProps(vars, PROPS_TO_VARIABLES) as unknown as ReconcilerProps),
    package: {
      filename: hcl`"\${path.module}/../../${PACKAGE_PATH}"`,
      sourceCodeHash: hcl`filebase64sha256("\${path.module}/../../${PACKAGE_PATH}")`,
    },
  });
  const values: Record<string, string> = {
    record_names: hcl`${r.recordNames}`,
    az_record_name_template: r.azRecordNameTemplate,
    primary_record_name: r.primaryRecordName,
    reader_record_name: r.readerRecordName,
    owner_id: r.ownerId,
    function_name: r.functionName,
    function_arn: r.functionArn,
    role_arn: r.roleArn,
    role_name: r.roleName,
    log_group_name: r.logGroupName,
    failure_queue_arn: r.failureQueueArn,
    failure_queue_url: r.failureQueueUrl,
    schedule_rule_arn: r.scheduleRuleArn,
  };
  declareOutputs(scope, RECONCILER_OUTPUTS, values);
}
