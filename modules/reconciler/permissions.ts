// What the reconciler's IAM policies allow, and why, in words: the one description of them. The
// docs take it from here (modules/catalog.ts → docs/module-reference.md); the policies are built in
// iam.ts and record-policy.ts, and test/module/permissions.test.ts checks that this table names
// exactly their actions.
import { MARKER_LABEL, MAX_SLOTS } from '../../lambda/src/contracts.js';

export interface Permission {
  /** The IAM actions, as in the policy. */
  readonly actions: readonly string[];
  /** On what, and under which conditions (markdown). */
  readonly scope: string;
  /** Why the reconciler needs it (markdown). */
  readonly why: string;
}

/** The Route 53 permissions: the reconciler's own role, or the zone account's role (modules/zone-account-role). */
export const ROUTE53_PERMISSIONS: readonly Permission[] = [
  { actions: ['route53:ListResourceRecordSets'], scope: 'the zone', why: 'the current records, listed only over the range of names it may own' },
  {
    actions: ['route53:ChangeResourceRecordSets'],
    scope: `the zone, with conditions: \`ChangeResourceRecordSetsNormalizedRecordNames\` = the slot names 1…${MAX_SLOTS} from \`record_name_template\` (whatever \`record_count\` is, so that lowering it still lets the reconciler delete the names above), the AZ pattern (\`{az}\` as \`*\`), the alias names when set (\`primary_record_name\`, \`reader_record_name\`), and their \`${MARKER_LABEL}.\` markers, normalized (lowercase, no trailing dot); \`RecordTypes\` = \`CNAME\`, \`TXT\`; \`Actions\` = \`CREATE\`, \`DELETE\``,
    why: 'writes only its own names; a changed record is DELETE of the exact current value plus CREATE (no blind UPSERT), so a concurrent edit fails the batch instead of being overwritten. The two Route 53 statements are the policy `<name>-records-<hash>`, replaced create-before-destroy when the names change',
  },
];

/** Everything the reconciler's role may do when the zone is in its account. */
export const RECONCILER_PERMISSIONS: readonly Permission[] = [
  {
    actions: ['elasticache:DescribeReplicationGroups'],
    scope: '`replicationgroup:<id>`',
    why: 'the topology: members, roles, read endpoints (one call by ID; never lists all groups)',
  },
  {
    actions: ['elasticache:DescribeCacheClusters'],
    scope: '`cluster:<id>-*`',
    why: 'each member\'s cluster and node status and AZ (a replica counts only while its node serves reads); a member added with a custom cluster ID outside `<id>-` cannot be read (the run fails loudly, records untouched)',
  },
  ...ROUTE53_PERMISSIONS,
  { actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], scope: 'its own log group', why: 'logging' },
  { actions: ['sqs:SendMessage'], scope: 'its own failure queue', why: 'the on-failure destination' },
];

/** With `zone_role_arn` (the zone in another account): the Route 53 rows go to that role. */
export const ZONE_ROLE_PERMISSION: Permission = {
  actions: ['sts:AssumeRole'],
  scope: 'exactly `zone_role_arn`',
  why: 'every Route 53 call goes through the role in the zone\'s account, which holds the Route 53 permissions above; the reconciler\'s own role then has none',
};

/** The permissions as a markdown table. */
export function permissionsTable(rows: readonly Permission[]): string {
  const cell = (s: string): string => s.replace(/\|/g, '\\|');
  return [
    '| permission | scope | why |',
    '|---|---|---|',
    ...rows.map((r) => `| ${r.actions.map((a) => `\`${a}\``).join(', ')} | ${cell(r.scope)} | ${cell(r.why)} |`),
  ].join('\n');
}
