// What matters, asserted on the synthesized Terraform JSON (cdktf Testing): least-privilege IAM,
// serialized runs, scoped invoke permissions, the apply/destroy invocation, failure handling.
import { describe, expect, it } from 'vitest';
import { App, TerraformStack, Testing } from '../../generator/cdktf.js';
import { ElastiCacheReplicaDns } from '../../modules/index.js';
import { METRIC_DIMENSION as DIMENSION, METRIC_NAMESPACE as NAMESPACE } from '../../lambda/src/contracts.js';
import { emfLine } from '../../lambda/src/metrics.js';
import { synthJson, type TerraformJson } from '../../testkit/module/helpers.js';

const only = <T>(block: Record<string, T> | undefined, type: string): T => {
  const entries = Object.values(block ?? {});
  if (entries.length !== 1) throw new Error(`expected one ${type}, got ${entries.length}`);
  return entries[0] as T;
};

/** The for_each of the reconciler's conditional statements: in the zone's account, or through the zone role. */
const IN_THIS_ACCOUNT = '${var.zone_role_arn == null ? ["this account"] : []}';
const THROUGH_ZONE_ROLE = '${var.zone_role_arn == null ? [] : [var.zone_role_arn]}';

/**
 * The reconciler's statements by sid, over its two policies: the static ones (group, logs, queue)
 * and the Route 53 policy's dynamic ones of one case.
 */
function statements(json: TerraformJson, withZoneRole = false): Record<string, any> {
  const doc = json.data?.aws_iam_policy_document?.reconciler;
  expect(doc.dynamic).toBeUndefined();
  const dynamic = (json.data?.aws_iam_policy_document?.records.dynamic?.statement ?? []) as Array<{ for_each: string; content: any }>;
  for (const d of dynamic) expect([IN_THIS_ACCOUNT, THROUGH_ZONE_ROLE]).toContain(d.for_each);
  const chosen = dynamic.filter((d) => d.for_each === (withZoneRole ? THROUGH_ZONE_ROLE : IN_THIS_ACCOUNT)).map((d) => d.content);
  return Object.fromEntries([...(doc.statement as any[]), ...chosen].map((s) => [s.sid, s]));
}

for (const dir of ['.', 'modules/reconciler']) {
  describe(`reconciler in ${dir === '.' ? 'the root module' : dir}`, () => {
    const json = synthJson(dir);
    const resource = (type: string): any => only(json.resource?.[type], type);

    it('grants exactly the reconciler statements, none on "*"', () => {
      const s = statements(json);
      expect(Object.keys(s).sort()).toEqual(
        ['ReadMemberClusters', 'ReadReplicationGroup', 'ReadZone', 'SendFailedEvents', 'WriteLogs', 'WriteOwnedRecords'].sort(),
      );
      for (const statement of Object.values(s)) {
        expect(statement.effect ?? 'Allow').toBe('Allow');
        expect(statement.not_actions).toBeUndefined();
        expect(statement.not_resources).toBeUndefined();
        for (const r of statement.resources) expect(r).not.toBe('*');
        for (const a of statement.actions) expect(a).not.toMatch(/\*/);
      }
    });

    it('with zone_role_arn: no Route 53 permission, only sts:AssumeRole on exactly that role', () => {
      const s = statements(json, true);
      expect(Object.keys(s).sort()).toEqual(['AssumeZoneRole', 'ReadMemberClusters', 'ReadReplicationGroup', 'SendFailedEvents', 'WriteLogs'].sort());
      expect(s.AssumeZoneRole.actions).toEqual(['sts:AssumeRole']);
      // for_each is [var.zone_role_arn]: the one resource is that ARN.
      expect(s.AssumeZoneRole.resources).toEqual(['${statement.value}']);
      expect(json.locals?.environment).toContain('ZONE_ROLE_ARN = var.zone_role_arn');
    });

    it('reads only the replication group and its member clusters', () => {
      const s = statements(json);
      expect(s.ReadReplicationGroup.actions).toEqual(['elasticache:DescribeReplicationGroups']);
      expect(s.ReadReplicationGroup.resources).toEqual([
        'arn:${data.aws_partition.current.partition}:elasticache:${split(":", aws_cloudwatch_log_group.this[0].arn)[3]}:${data.aws_caller_identity.current.account_id}:replicationgroup:${var.replication_group_id}',
      ]);
      expect(s.ReadMemberClusters.actions).toEqual(['elasticache:DescribeCacheClusters']);
      expect(s.ReadMemberClusters.resources).toEqual([
        'arn:${data.aws_partition.current.partition}:elasticache:${split(":", aws_cloudwatch_log_group.this[0].arn)[3]}:${data.aws_caller_identity.current.account_id}:cluster:${var.replication_group_id}-*',
      ]);
    });

    it('reads and writes only its hosted zone', () => {
      const s = statements(json);
      const zoneArn = 'arn:${data.aws_partition.current.partition}:route53:::hostedzone/${local.zone_id == null ? "" : local.zone_id}';
      expect(s.ReadZone.actions.sort()).toEqual(['route53:ListResourceRecordSets']);
      expect(s.ReadZone.resources).toEqual([zoneArn]);
      expect(s.WriteOwnedRecords.actions).toEqual(['route53:ChangeResourceRecordSets']);
      expect(s.WriteOwnedRecords.resources).toEqual([zoneArn]);
    });

    it('changes only its own record names and markers, as CNAME and TXT, with CREATE/DELETE only', () => {
      const conditions = statements(json).WriteOwnedRecords.condition as Array<{ test: string; variable: string; values: unknown }>;
      const byKey = (test: string, variable: string) => conditions.filter((c) => c.test === test && c.variable === variable);
      const names = conditions.filter((c) => c.variable === 'route53:ChangeResourceRecordSetsNormalizedRecordNames' && c.test !== 'Null');
      expect(names).toEqual([
        {
          test: '${local.az_record_name_template == null ? "ForAllValues:StringEquals" : "ForAllValues:StringLike"}',
          variable: 'route53:ChangeResourceRecordSetsNormalizedRecordNames',
          values: '${local.writable_record_names}',
        },
      ]);
      expect(byKey('ForAllValues:StringEquals', 'route53:ChangeResourceRecordSetsRecordTypes')[0]?.values).toEqual(['CNAME', 'TXT']);
      expect(byKey('ForAllValues:StringEquals', 'route53:ChangeResourceRecordSetsActions')[0]?.values).toEqual(['CREATE', 'DELETE']);
      // ForAllValues is vacuously true for an absent key: each key must be present.
      for (const key of ['NormalizedRecordNames', 'RecordTypes', 'Actions']) {
        expect(byKey('Null', `route53:ChangeResourceRecordSets${key}`)[0]?.values).toEqual(['false']);
      }
      expect(conditions).toHaveLength(6);
    });

    it('derives the writable names from the templates: slots 1..16 (any record_count), the AZ pattern, their _owner. markers', () => {
      const writable = json.locals?.writable_record_names as string;
      expect(writable).toContain('[for n in range(1, 17) : replace(local.record_name_template, "{n}", tostring(n))]');
      expect(writable).toContain('replace(local.record_name_template, "{n}", tostring(n))');
      expect(writable).toContain('[replace(local.az_record_name_template, "{az}", "*")]');
      expect(writable).toContain('[name, "_owner.${name}"]');
      // Normalized as the condition key compares them: lowercase, no trailing dot.
      expect(json.locals?.record_name_template).toContain('trimsuffix(lower(');
      expect(json.locals?.az_record_name_template).toContain('trimsuffix(lower(');
    });

    it('writes logs only to its log group and sends failures only to its queue', () => {
      const s = statements(json);
      expect(s.WriteLogs.actions.sort()).toEqual(['logs:CreateLogStream', 'logs:PutLogEvents']);
      // By ARN from the names the log group and the queue are created with; the region from the
      // log group's ARN (no data.aws_region: deprecated attributes in AWS provider 6.x).
      const account = '${data.aws_partition.current.partition}:%s:${split(":", aws_cloudwatch_log_group.this[0].arn)[3]}:${data.aws_caller_identity.current.account_id}';
      expect(resource('aws_cloudwatch_log_group').name).toBe('${local.log_group_name}');
      expect(s.WriteLogs.resources).toEqual([`arn:${account.replace('%s', 'logs')}:log-group:\${local.log_group_name}:*`]);
      expect(s.SendFailedEvents.actions).toEqual(['sqs:SendMessage']);
      expect(resource('aws_sqs_queue').name).toBe('${local.failure_queue_name}');
      expect(s.SendFailedEvents.resources).toEqual([`arn:${account.replace('%s', 'sqs')}:\${local.failure_queue_name}`]);
    });

    it('runs the bundled zip serialized (reserved concurrency 1) with the contract environment', () => {
      const fn = json.resource?.aws_lambda_function?.this;
      expect(fn.reserved_concurrent_executions).toBe(1);
      expect(fn.handler).toBe('index.handler');
      expect(fn.filename).toBe('${local.package_filename}');
      expect(fn.source_code_hash).toBe('${local.source_code_hash}');
      expect(json.locals?.package_filename).toMatch(/^\$\{path\.module\}\/(\.\.\/\.\.\/)?lambda\/dist\/reconciler\.zip$/);
      expect(json.locals?.source_code_hash).toMatch(/^\$\{filebase64sha256\("\$\{path\.module\}\/(\.\.\/\.\.\/)?lambda\/dist\/reconciler\.zip"\)\}$/);
      expect(fn.environment.variables).toBe('${local.environment}');
      for (const key of ['REPLICATION_GROUP_ID', 'HOSTED_ZONE_ID', 'HOSTED_ZONE_NAME', 'RECORD_NAME_TEMPLATE', 'RECORD_TTL', 'RECORD_COUNT', 'OWNER_ID', 'DRY_RUN', 'AZ_RECORD_NAME_TEMPLATE', 'FALLBACK_TO_PRIMARY']) {
        expect(json.locals?.environment).toContain(key);
      }
      expect(fn.depends_on).toEqual(expect.arrayContaining(['aws_cloudwatch_log_group.this']));
    });

    it('lets only the notification topic and the schedule rule invoke it', () => {
      const sns = json.resource?.aws_lambda_permission?.sns;
      const schedule = json.resource?.aws_lambda_permission?.schedule;
      expect(sns).toMatchObject({ principal: 'sns.amazonaws.com', action: 'lambda:InvokeFunction' });
      expect(sns.source_arn).toBe(dir === '.' ? '${local.topic_arn}' : '${var.topic_arn}');
      expect(schedule).toMatchObject({ principal: 'events.amazonaws.com', source_arn: '${aws_cloudwatch_event_rule.schedule[0].arn}' });
      expect(resource('aws_sns_topic_subscription')).toMatchObject({ protocol: 'lambda', endpoint: '${aws_lambda_function.this[0].arn}' });
      expect(json.resource?.aws_sns_topic_subscription?.this.topic_arn).toBe(sns.source_arn);
      expect(resource('aws_cloudwatch_event_target')).toMatchObject({ arn: '${aws_lambda_function.this[0].arn}', rule: '${aws_cloudwatch_event_rule.schedule[0].name}' });
      expect(resource('aws_cloudwatch_event_rule').schedule_expression).toBe('${var.reconcile_schedule}');
    });

    it('invokes the reconciler at apply and destroy (CRUD) with the contract payload', () => {
      const invocation = resource('aws_lambda_invocation');
      expect(invocation.lifecycle_scope).toBe('CRUD');
      expect(invocation.terraform_key).toBe('tf');
      expect(invocation.input).toMatch(/trigger\s+= "terraform"/);
      expect(invocation.input).toMatch(/config\s+= sha256\(jsonencode\(\{ environment = local\.environment, package = local\.source_code_hash \}\)\)/);
      // The environment itself: at update, tf.prev_input holds the previous one (convergence).
      expect(invocation.input).toMatch(/environment = local\.environment\n/);
      // Re-run on configuration changes through the input (an update), never through `triggers`
      // (a replacement would run `delete`, removing every record, before `create`).
      expect(invocation.triggers).toBeUndefined();
      expect(invocation.depends_on).toEqual(
        expect.arrayContaining(['aws_iam_role_policy.this', 'aws_iam_role_policy.records', 'aws_cloudwatch_log_group.this', 'aws_lambda_function_event_invoke_config.this']),
      );
    });

    it('keeps the Route 53 statements in a policy named after its names, replaced create-before-destroy', () => {
      const records = json.resource?.aws_iam_role_policy?.records;
      expect(records.policy).toBe('${data.aws_iam_policy_document.records[0].json}');
      expect(records.name).toBe('${local.name}-records-${substr(sha256(jsonencode([local.zone_id, local.writable_record_names, var.zone_role_arn])), 0, 16)}');
      expect(records.lifecycle).toEqual({ create_before_destroy: true });
    });

    it('removes the triggers before the final reconcile at destroy (they depend on the invocation)', () => {
      expect(resource('aws_sns_topic_subscription').depends_on).toEqual(['aws_lambda_invocation.this']);
      expect(resource('aws_cloudwatch_event_target').depends_on).toEqual(['aws_lambda_invocation.this']);
    });

    it('retries asynchronous events twice, bounded in age, then parks them in an encrypted queue', () => {
      const config = resource('aws_lambda_function_event_invoke_config');
      expect(config.maximum_retry_attempts).toBe(2);
      expect(config.maximum_event_age_in_seconds).toBe('${var.lambda_maximum_event_age_in_seconds}');
      expect(config.destination_config.on_failure.destination).toBe('${aws_sqs_queue.failures[0].arn}');
      expect(resource('aws_sqs_queue').sqs_managed_sse_enabled).toBe(true);
    });

    it('alarms on function errors, on failed events and on names held by foreign records', () => {
      const alarms = json.resource?.aws_cloudwatch_metric_alarm ?? {};
      // The reconciler's own EMF metric: namespace, name and dimension as lambda/src/metrics.ts writes them.
      expect(alarms.conflicts).toMatchObject({ namespace: NAMESPACE, metric_name: 'Conflicts', dimensions: { [DIMENSION]: '${var.replication_group_id}' }, threshold: 0 });
      const emf = JSON.parse(emfLine('g', { ChangesApplied: 0, DriftFound: 0, Conflicts: 1, Errors: 0, DurationMs: 1 }, 0));
      expect(emf._aws.CloudWatchMetrics[0]).toMatchObject({ Namespace: NAMESPACE, Dimensions: [[DIMENSION]] });
      expect(emf._aws.CloudWatchMetrics[0].Metrics.map((m: { Name: string }) => m.Name)).toContain('Conflicts');
      expect(alarms.errors).toMatchObject({ namespace: 'AWS/Lambda', metric_name: 'Errors', dimensions: { FunctionName: '${aws_lambda_function.this[0].function_name}' } });
      expect(alarms.failures).toMatchObject({ namespace: 'AWS/SQS', metric_name: 'ApproximateNumberOfMessagesVisible', dimensions: { QueueName: '${aws_sqs_queue.failures[0].name}' } });
      for (const a of Object.values(alarms)) expect((a as any).alarm_actions).toBe('${var.alarm_actions}');
    });

    it('keeps log retention and the optional KMS key on the log group', () => {
      expect(json.locals?.log_group_name).toBe('/aws/lambda/${local.name}');
      expect(resource('aws_cloudwatch_log_group')).toMatchObject({
        name: '${local.log_group_name}',
        retention_in_days: '${var.cloudwatch_logs_retention_in_days}',
        kms_key_id: '${var.cloudwatch_logs_kms_key_arn}',
      });
    });
  });
}

describe('notification topic', () => {
  const json = synthJson('modules/notification-topic');

  it('lets ElastiCache of this account publish and is not encrypted', () => {
    const topic = json.resource?.aws_sns_topic?.this;
    expect(topic.kms_master_key_id).toBeUndefined();
    const [statement] = json.data?.aws_iam_policy_document?.topic.statement as any[];
    expect(statement).toMatchObject({
      actions: ['sns:Publish'],
      resources: ['${aws_sns_topic.this[0].arn}'],
      principals: [{ type: 'Service', identifiers: ['elasticache.amazonaws.com'] }],
      condition: [{ test: 'StringEquals', variable: 'AWS:SourceOwner', values: ['${data.aws_caller_identity.current.account_id}'] }],
    });
    expect(json.resource?.aws_sns_topic_policy?.this.policy).toBe('${data.aws_iam_policy_document.topic[0].json}');
  });
});

describe('private zone', () => {
  it('is private: one vpc block per VPC', () => {
    const zone = synthJson('modules/private-zone').resource?.aws_route53_zone?.this;
    expect(zone.dynamic.vpc).toEqual({ for_each: '${toset(var.vpc_ids)}', content: { vpc_id: '${vpc.value}' } });
  });
});

describe('ElastiCacheReplicaDns in a CDKTF app', () => {
  function synth(props: ConstructorParameters<typeof ElastiCacheReplicaDns>[2]): string {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'app');
    new ElastiCacheReplicaDns(stack, 'replica-dns', props);
    return Testing.synth(stack);
  }

  it('creates the same resources from typed props', () => {
    const out = synth({ replicationGroupId: 'orders', zoneName: 'cache.example.internal', vpcIds: ['vpc-0123456789abcdef0'], recordCount: 3 });
    expect(Testing.toHaveResourceWithProperties(out, 'aws_lambda_function', { reserved_concurrent_executions: 1, handler: 'index.handler' })).toBe(true);
    expect(Testing.toHaveResourceWithProperties(out, 'aws_lambda_invocation', { lifecycle_scope: 'CRUD', terraform_key: 'tf' })).toBe(true);
    expect(Testing.toHaveResource(out, 'aws_route53_zone')).toBe(true);
    expect(Testing.toHaveResource(out, 'aws_sns_topic')).toBe(true);
    expect(Testing.toHaveDataSource(out, 'aws_iam_policy_document')).toBe(true);
    expect(out).not.toContain('var.');
  });

  it('checks literal props with the variable validations (as preconditions)', () => {
    const json = JSON.parse(synth({ replicationGroupId: 'Orders', zoneName: 'cache.example.internal', vpcIds: ['vpc-0123456789abcdef0'], recordCount: 30 }));
    const fn = only(json.resource.aws_lambda_function, 'aws_lambda_function') as any;
    const conditions = (fn.lifecycle.precondition as Array<{ condition: string; error_message: string }>);
    const groupCheck = conditions.find((c) => c.error_message.startsWith('replication_group_id must'));
    expect(groupCheck?.condition).toContain('regex("^[a-z]([a-z0-9]|-[a-z0-9])*$", "Orders")');
    const countCheck = conditions.find((c) => c.error_message.startsWith('record_count must'));
    // The literal check also refers to a local that is always true (Terraform 1.5 rejects a
    // precondition that refers to nothing).
    expect(countCheck?.condition).toMatch(/^\$\{30 == floor\(30\) && 30 >= 0 && 30 <= 16 && local\.[A-Za-z0-9_-]*literal-props-checked[A-Za-z0-9_]*\}$/);
    const anchor = /local\.([A-Za-z0-9_-]+)\}$/.exec(countCheck!.condition)![1]!;
    expect(json.locals[anchor]).toBe(true);
  });

  it('passes the alias names from typed props to the reconciler and reads the group for client_endpoints', () => {
    const construct = (stack: TerraformStack) =>
      new ElastiCacheReplicaDns(stack, 'replica-dns', {
        replicationGroupId: 'orders',
        zoneName: 'cache.example.internal',
        vpcIds: ['vpc-0123456789abcdef0'],
        primaryRecordName: 'primary.cache.example.internal',
        readerRecordName: 'reader.cache.example.internal',
      });
    const stack = new TerraformStack(Testing.app(), 'app');
    const dns = construct(stack);
    const json = JSON.parse(Testing.synth(stack));
    const locals = JSON.stringify(json.locals);
    expect(locals).toContain('PRIMARY_RECORD_NAME');
    expect(locals).toContain('READER_RECORD_NAME');
    const group = only(json.data.aws_elasticache_replication_group, 'aws_elasticache_replication_group') as any;
    expect(group.replication_group_id).toBe('orders');
    expect(group.depends_on).toEqual([expect.stringMatching(/^aws_lambda_invocation\./)]);
    expect(Object.keys(dns.outputs)).toEqual(expect.arrayContaining(['client_endpoints', 'primary_record_name', 'reader_record_name']));
  });

  it('can be instantiated twice in one stack', () => {
    const app = new App({ outdir: '/tmp/replica-dns-twice', skipValidation: true });
    const stack = new TerraformStack(app, 'app');
    new ElastiCacheReplicaDns(stack, 'a', { replicationGroupId: 'orders', zoneName: 'a.internal', vpcIds: ['vpc-0123456789abcdef0'] });
    new ElastiCacheReplicaDns(stack, 'b', { replicationGroupId: 'carts', zoneName: 'b.internal', vpcIds: ['vpc-0123456789abcdef0'] });
    const json = JSON.parse(Testing.synth(stack));
    expect(Object.keys(json.resource.aws_lambda_function)).toHaveLength(2);
    expect(Object.keys(json.data.aws_caller_identity)).toHaveLength(1);
  });
});

describe('modules/zone-account-role', () => {
  const json = synthJson('modules/zone-account-role');
  const reconciler = synthJson('modules/reconciler');

  it('is trusted by the reconciler\'s role only', () => {
    const trust = json.data?.aws_iam_policy_document?.trust;
    expect(trust.statement).toEqual([
      { sid: 'ReconcilerOnly', actions: ['sts:AssumeRole'], principals: [{ type: 'AWS', identifiers: ['${var.reconciler_role_arn}'] }] },
    ]);
    expect(json.resource?.aws_iam_role?.this.assume_role_policy).toBe('${data.aws_iam_policy_document.trust[0].json}');
  });

  it('grants exactly the Route 53 statements the reconciler has in the zone\'s own account, from the same locals', () => {
    const records = json.data?.aws_iam_policy_document?.records;
    expect(Object.fromEntries((records.statement as any[]).map((s) => [s.sid, s]))).toEqual(
      Object.fromEntries(['ReadZone', 'WriteOwnedRecords'].map((sid) => [sid, statements(reconciler)[sid]])),
    );
    for (const name of ['zone_id', 'zone_name', 'record_name_template', 'az_record_name_template', 'writable_record_names']) {
      expect(json.locals?.[name]).toBe(reconciler.locals?.[name]);
    }
    expect(json.resource?.aws_iam_role_policy?.this.policy).toBe('${data.aws_iam_policy_document.records[0].json}');
  });
});
