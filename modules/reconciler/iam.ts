// The reconciler's IAM: its role (assumed by Lambda), the policy that lets it read the replication
// group and its members, write its logs and send failed events, and the Route 53 policy on the
// names its templates produce (record-policy.ts), or with a zone role only sts:AssumeRole on it.
// Kept apart from the function (reconciler.ts) so that a reviewer reads the permissions in one place.
import { Construct, DataAwsIamPolicyDocument, IamRole, IamRolePolicy } from '../../generator/cdktf.js';
import { AwsContext } from '../../generator/context.js';
import { countIf, hcl, later } from '../../generator/expr.js';
import { comment, make, section } from '../../generator/hcl.js';
import { first, stableId } from '../../generator/spec.js';
import { recordStatements, zoneArnExpression } from './record-policy.js';

/** The inputs the IAM resources read (props and the reconciler's locals, as HCL). */
export interface IamInputs {
  readonly create?: boolean;
  readonly replicationGroupId: string;
  readonly rolePermissionsBoundary?: string;
  readonly tags?: Record<string, string>;
}

/** The reconciler's locals the IAM resources read (HCL references). */
export interface IamNames {
  readonly name: string;
  readonly zoneId: string;
  readonly azTemplate: string;
  readonly writableNames: string;
  readonly logGroupName: string;
  readonly failureQueueName: string;
  /** Null when the zone is in this account. */
  readonly zoneRoleArn: string | null;
}

export interface ReconcilerIam {
  readonly role: IamRole;
  /** The role's own policy (group, logs, failed events). */
  readonly rolePolicy: IamRolePolicy;
  /** The Route 53 policy (or sts:AssumeRole on the zone role). */
  readonly recordsPolicy: IamRolePolicy;
}

/**
 * HCL: the name of the Route 53 policy, `<name>-records-<hash of the names it allows>`: a change of
 * the names is a new policy, created before the old one is destroyed (create_before_destroy).
 * IAM inline policy names are at most 128 characters; the base name is at most 64.
 */
export function recordsPolicyName(name: string, allowed: string): string {
  return hcl`"${name}-records-${hcl`substr(sha256(jsonencode(${allowed})), 0, 16)`}"`;
}

export const RECORDS_POLICY_COMMENT =
  'Named after the names it allows and created before the policy it replaces is destroyed: while the apply runs the reconciler holds both, so its update run can delete the names of the previous configuration.';

/**
 * The role and its policies, in `scope` (the reconciler construct: the element IDs stay its own).
 * `logGroup` is read later: the function's region comes from the ARN of its log group, which is
 * made in the function's section, after this one (so the policy waits for nothing the function waits for).
 */
export function reconcilerIam(scope: Construct, p: IamInputs, c: IamNames, logGroup: () => { fqn: string }): ReconcilerIam {
  const aws = AwsContext.of(scope);
  const region = AwsContext.regionOf(hcl`${later(() => first(logGroup(), 'arn'))}`);
  const create = p.create;
  const assumeRole = stableId(
    scope,
    make(DataAwsIamPolicyDocument, scope, 'assume-role', {
      count: countIf(create),
      statement: [{ actions: ['sts:AssumeRole'], principals: [{ type: 'Service', identifiers: ['lambda.amazonaws.com'] }] }],
    }),
    'assume_role',
  );
  section(assumeRole, 'IAM role', 'iam.tf');
  const role = stableId(
    scope,
    make(IamRole, scope, 'role', {
      count: countIf(create),
      name: c.name,
      description: hcl`"Reconciles the read replica DNS names of ElastiCache replication group ${p.replicationGroupId}"`,
      assumeRolePolicy: first(assumeRole, 'json'),
      permissionsBoundary: p.rolePermissionsBoundary,
      tags: p.tags,
    }),
    'this',
  );

  const groupArn = hcl`"arn:${aws.partition}:elasticache:${region}:${aws.accountId}:replicationgroup:${p.replicationGroupId}"`;
  const memberArns = hcl`"arn:${aws.partition}:elasticache:${region}:${aws.accountId}:cluster:${p.replicationGroupId}-*"`;
  const policyDocument = stableId(
    scope,
    make(DataAwsIamPolicyDocument, scope, 'policy-document', {
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
        // The log group and the queue (the function's section) by the ARNs their names give, like the group's.
        {
          sid: 'WriteLogs',
          actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          resources: [hcl`"arn:${aws.partition}:logs:${region}:${aws.accountId}:log-group:${c.logGroupName}:*"`],
        },
        {
          sid: 'SendFailedEvents',
          actions: ['sqs:SendMessage'],
          resources: [hcl`"arn:${aws.partition}:sqs:${region}:${aws.accountId}:${c.failureQueueName}"`],
        },
      ],
    }),
    'reconciler',
  );
  const rolePolicy = stableId(
    scope,
    make(IamRolePolicy, scope, 'role-policy', {
      count: countIf(create),
      name: c.name,
      role: first(role, 'id'),
      policy: first(policyDocument, 'json'),
    }),
    'this',
  );
  // The Route 53 statements, or with a zone role only sts:AssumeRole on it (the zone account's
  // role holds the same Route 53 statements). Dynamic: the role ARN is usually unknown at plan
  // (created in the same apply), and a count cannot be.
  const zoneArn = zoneArnExpression(aws.partition, c.zoneId);
  const [readZone, writeRecords] = recordStatements({ zoneArn, writableNames: c.writableNames, azTemplate: c.azTemplate });
  const inZoneAccount = hcl`${c.zoneRoleArn} == null ? ["this account"] : []`;
  const recordsDocument = stableId(scope, make(DataAwsIamPolicyDocument, scope, 'records-document', { count: countIf(create) }), 'records');
  recordsDocument.addOverride('dynamic.statement', [
    { for_each: inZoneAccount, content: readZone },
    { for_each: inZoneAccount, content: writeRecords },
    {
      for_each: hcl`${c.zoneRoleArn} == null ? [] : [${c.zoneRoleArn}]`,
      content: { sid: 'AssumeZoneRole', actions: ['sts:AssumeRole'], resources: [hcl`statement.value`] },
    },
  ]);
  const recordsPolicy = make(IamRolePolicy, scope, 'records-policy', {
    count: countIf(create),
    name: recordsPolicyName(c.name, hcl`[${c.zoneId}, ${c.writableNames}, ${c.zoneRoleArn}]`),
    role: first(role, 'id'),
    policy: first(recordsDocument, 'json'),
    lifecycle: { createBeforeDestroy: true },
  });
  stableId(scope, recordsPolicy, 'records');
  comment(recordsPolicy, RECORDS_POLICY_COMMENT);
  return { role, rolePolicy, recordsPolicy };
}
