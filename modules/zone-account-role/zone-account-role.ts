// Submodule `modules/zone-account-role`: for a hosted zone kept in another account (e.g. a landing
// zone's networking account), applied with that account's provider. An IAM role that only the
// reconciler's role (in the replication group's account) may assume, with exactly the Route 53
// permissions the reconciler has when the zone is in its own account (built by
// modules/reconciler/record-policy.ts, described in modules/reconciler/permissions.ts).
import { Construct, DataAwsIamPolicyDocument, IamRole, IamRolePolicy } from '../../generator/cdktf.js';
import { AwsContext } from '../../generator/context.js';
import { countIf, hcl } from '../../generator/expr.js';
import { comment, make, section } from '../../generator/hcl.js';
import { RECORDS_POLICY_COMMENT, recordsPolicyName } from '../reconciler/iam.js';
import { recordNameLocals, recordStatements, zoneArnExpression } from '../reconciler/record-policy.js';
import {
  declareOutputs,
  first,
  localsIn,
  declareVariables,
  propPreconditions,
  setPreconditions,
  stableId,
  varProps,
  withDefaults,
  type OutputSpec,
  reuse,
  specSection,
  specsOf,
  type VariableSpec,
} from '../../generator/spec.js';
import { common, givenZone, lambda, records, trustedRole } from '../variables.js';

/** Each prop is a variable of ZONE_ACCOUNT_ROLE_VARIABLES in camelCase: described there, with its default. */
export interface ZoneAccountRoleProps {
  readonly create?: boolean;
  readonly name?: string;
  readonly reconcilerRoleArn: string;
  readonly zoneId: string;
  readonly zoneName: string;
  readonly recordNameTemplate?: string;
  readonly azRecordNameTemplate?: string;
  readonly primaryRecordName?: string;
  readonly readerRecordName?: string;
  readonly rolePermissionsBoundary?: string;
  readonly tags?: Record<string, string>;
}

const sameAsReconciler = (spec: VariableSpec): VariableSpec => reuse(spec, { description: `${spec.description} Must be the reconciler's value.` });

export const ZONE_ACCOUNT_ROLE_VARIABLES: readonly VariableSpec[] = [
  reuse(common.create, { description: 'Whether to create the role (false: create nothing).' }),
  common.tags,
  trustedRole.reconcilerRoleArn,
  {
    name: 'name',
    description: 'Name of the IAM role. Null: the name of the reconciler\'s role with `-zone` appended.',
    type: 'string',
    default: null,
    validations: [
      {
        condition: String.raw`var.name == null || can(regex("^[A-Za-z0-9+=,.@_-]{1,64}$", var.name))`,
        message: 'name must be an IAM role name: 1-64 letters, digits and + = , . @ _ -; or null.',
        rejects: { space: '"has space"' },
      },
    ],
  },
  reuse(lambda.rolePermissionsBoundary, { description: 'ARN of the policy used as permissions boundary of the role.', section: trustedRole.reconcilerRoleArn.section }),
  reuse(givenZone.zoneId, { description: 'ID of the hosted zone in this account that holds the names (`Z...`, with or without `/hostedzone/`).' }),
  reuse(givenZone.zoneName, { description: 'DNS name of the hosted zone `zone_id`, e.g. `cache.example.internal` (a trailing dot is optional); the same as given to the reconciler.' }),
  sameAsReconciler(records.recordNameTemplate),
  sameAsReconciler(records.azRecordNameTemplate),
  sameAsReconciler(records.primaryRecordName),
  sameAsReconciler(records.readerRecordName),
];

export class ZoneAccountRole extends Construct {
  public readonly role: IamRole;
  public readonly roleArn: string;
  public readonly roleName: string;

  constructor(scope: Construct, id: string, props: ZoneAccountRoleProps) {
    super(scope, id);
    const p = withDefaults(props, ZONE_ACCOUNT_ROLE_VARIABLES);
    const aws = AwsContext.of(this);
    const local = localsIn(this);
    const create = p.create;

    const name = local('name', hcl`coalesce(${p.name}, format("%s-zone", regex("[^/]+$", ${p.reconcilerRoleArn})))`);
    const { zoneId, zoneName, template, azTemplate, writableNames } = recordNameLocals(local, p);

    const trust = stableId(
      this,
      make(DataAwsIamPolicyDocument, this, 'trust', {
        count: countIf(create),
        statement: [
          {
            sid: 'ReconcilerOnly',
            actions: ['sts:AssumeRole'],
            principals: [{ type: 'AWS', identifiers: [p.reconcilerRoleArn] }],
          },
        ],
      }),
      'trust',
    );
    section(trust, 'IAM role assumed by the reconciler of the replication group\'s account', 'iam.tf');
    comment(trust, 'Only the reconciler\'s role: not its account root, so no other principal there can be allowed to assume it.');
    this.role = stableId(
      this,
      make(IamRole, this, 'role', {
        count: countIf(create),
        name,
        description: hcl`"Lets the replica DNS reconciler change its records in hosted zone ${zoneName}"`,
        assumeRolePolicy: first(trust, 'json'),
        permissionsBoundary: p.rolePermissionsBoundary,
        tags: p.tags,
      }),
      'this',
    );
    const zoneArn = zoneArnExpression(aws.partition, zoneId);
    const policyDocument = stableId(
      this,
      make(DataAwsIamPolicyDocument, this, 'records', {
        count: countIf(create),
        statement: recordStatements({ zoneArn, writableNames, azTemplate }),
      }),
      'records',
    );
    const rolePolicy = stableId(
      this,
      make(IamRolePolicy, this, 'role-policy', {
        count: countIf(create),
        name: recordsPolicyName(name, hcl`[${zoneId}, ${writableNames}]`),
        role: first(this.role, 'id'),
        policy: first(policyDocument, 'json'),
        lifecycle: { createBeforeDestroy: true },
      }),
      'this',
    );
    comment(rolePolicy, RECORDS_POLICY_COMMENT);
    setPreconditions(this.role, [
      {
        condition: hcl`endswith(${template}, ".${zoneName}")`,
        errorMessage: 'record_name_template must lie inside the hosted zone: end it with "." and the zone name, e.g. read{n}.<zone name>.',
      },
      ...propPreconditions(this, ZONE_ACCOUNT_ROLE_VARIABLES, props),
    ]);
    // Read through the role's policy: whatever uses the ARN (the reconciler's function and its
    // first run) comes after the role can do its work, not merely after it exists.
    this.roleArn = hcl`try(one([for policy in ${rolePolicy.fqn} : ${this.role.fqn}[0].arn]), null)`;
    this.roleName = hcl`try(${this.role.fqn}[0].name, null)`;
  }
}

export const ZONE_ACCOUNT_ROLE_OUTPUTS: readonly OutputSpec[] = specsOf(
  specSection('IAM role', {
    roleArn: { name: 'role_arn', description: 'ARN of the role: pass it as `zone_role_arn` to the module in the replication group\'s account.' },
    roleName: { name: 'role_name', description: 'Name of the role.' },
  }),
);
/** The `modules/zone-account-role` Terraform module. */
export function zoneAccountRoleModule(scope: Construct): void {
  // Declared first, so main.tf (with the locals) opens with it rather than iam.tf ending with it.
  AwsContext.declare(scope, 'partition');
  const vars = declareVariables(scope, ZONE_ACCOUNT_ROLE_VARIABLES);
  const r = new ZoneAccountRole(scope, 'zone-account-role', varProps(vars, ZONE_ACCOUNT_ROLE_VARIABLES) as unknown as ZoneAccountRoleProps);
  declareOutputs(scope, ZONE_ACCOUNT_ROLE_OUTPUTS, { role_arn: r.roleArn, role_name: r.roleName });
}
