// Every module this repository ships, as the synthesizer (generator/synth.ts) writes it: where it
// lives, its title and summary in the docs, its construct, inputs and outputs.
import type { Catalog, ModuleDefinition } from '../generator/synth.js';
import { ENCRYPTION_NOTE, NOTIFICATION_TOPIC_OUTPUTS, NOTIFICATION_TOPIC_VARIABLES, notificationTopicModule } from './notification-topic/notification-topic.js';
import { PRIVATE_ZONE_OUTPUTS, PRIVATE_ZONE_VARIABLES, privateZoneModule } from './private-zone/private-zone.js';
import { RECONCILER_OUTPUTS, RECONCILER_VARIABLES, reconcilerModule } from './reconciler/reconciler.js';
import { ROOT_OUTPUTS, ROOT_VARIABLES, rootModule } from './root.js';
import { RECONCILER_PERMISSIONS, ROUTE53_PERMISSIONS, ZONE_ROLE_PERMISSION, permissionsTable } from './reconciler/permissions.js';
import { AWS_PROVIDER_VERSION_CONSTRAINT, TERRAFORM_MIN_VERSION } from './versions.js';
import { ZONE_ACCOUNT_ROLE_OUTPUTS, ZONE_ACCOUNT_ROLE_VARIABLES, zoneAccountRoleModule } from './zone-account-role/zone-account-role.js';

/** The reconciler's IAM permissions, as the docs show them (modules/reconciler/permissions.ts). */
const PERMISSIONS_TABLE = permissionsTable([...RECONCILER_PERMISSIONS, ZONE_ROLE_PERMISSION]);
const PERMISSIONS = [
  'IAM permissions of the reconciler, and why (with `zone_role_arn`, the Route 53 rows belong to the role in the zone\'s account, `modules/zone-account-role`, and the reconciler\'s role has the last row instead):',
  '',
  PERMISSIONS_TABLE,
].join('\n');

export const MODULES: readonly ModuleDefinition[] = [
  {
    dir: '.',
    title: 'Root module',
    summary: [
      'The whole composition: an optional private hosted zone, an optional ElastiCache notification topic, and the reconciler Lambda function that keeps the replica names.',
      '',
      '- The reconciler\'s IAM role has least privilege: the permissions below.',
      '- Terraform invokes it at apply and destroy (`aws_lambda_invocation`, lifecycle scope CRUD): the names exist when `apply` returns, follow configuration changes (the input carries a hash of the configuration and the bundle: an update, never a replacement) and are removed at `destroy`, after the SNS subscription and the schedule target are gone.',
      `- ${ENCRYPTION_NOTE}`,
      '- When the replication group is created in the same configuration, pass its ID as a value and its ARN in `reconciler_depends_on` (see `examples/complete`).',
      '',
      PERMISSIONS,
    ].join('\n'),
    build: rootModule,
    variables: ROOT_VARIABLES,
    outputs: ROOT_OUTPUTS,
    sources: ['modules/root.ts', 'modules/private-zone/private-zone.ts', 'modules/notification-topic/notification-topic.ts', 'modules/reconciler/reconciler.ts', 'modules/reconciler/iam.ts', 'modules/variables.ts', 'modules/outputs.ts'],
  },
  {
    dir: 'modules/reconciler',
    title: 'Submodule `modules/reconciler`',
    summary: [
      'The reconciler function with its IAM role (least privilege), log group, failure queue, alarms, SNS subscription, schedule and the apply/destroy invocation, for an existing zone and topic.',
      '',
      PERMISSIONS,
    ].join('\n'),
    build: reconcilerModule,
    variables: RECONCILER_VARIABLES,
    outputs: RECONCILER_OUTPUTS,
    sources: ['modules/reconciler/reconciler.ts', 'modules/reconciler/iam.ts', 'modules/variables.ts', 'modules/outputs.ts'],
  },
  {
    dir: 'modules/notification-topic',
    title: 'Submodule `modules/notification-topic`',
    summary: `An SNS topic for a replication group's ElastiCache notifications, with a topic policy that lets ElastiCache publish (condition \`AWS:SourceOwner\` = this account). ${ENCRYPTION_NOTE}`,
    build: notificationTopicModule,
    variables: NOTIFICATION_TOPIC_VARIABLES,
    outputs: NOTIFICATION_TOPIC_OUTPUTS,
    sources: ['modules/notification-topic/notification-topic.ts', 'modules/variables.ts'],
    singleFile: true,
  },
  {
    dir: 'modules/private-zone',
    title: 'Submodule `modules/private-zone`',
    summary: 'A Route 53 private hosted zone associated with one or more VPCs.',
    build: privateZoneModule,
    variables: PRIVATE_ZONE_VARIABLES,
    outputs: PRIVATE_ZONE_OUTPUTS,
    sources: ['modules/private-zone/private-zone.ts', 'modules/variables.ts'],
    singleFile: true,
  },
  {
    dir: 'modules/zone-account-role',
    title: 'Submodule `modules/zone-account-role`',
    summary: [
      'For a hosted zone in another account than the replication group (apply it with that account\'s provider): an IAM role with the reconciler\'s name-scoped Route 53 permissions on that zone, which only the reconciler\'s role may assume. Pass its `role_arn` as `zone_role_arn` to the module in the group\'s account. The notification topic stays in the group\'s account: ElastiCache publishes only to a topic in its own account.',
      '',
      'Its permissions, the same as the reconciler\'s own role has on a zone in its account:',
      '',
      permissionsTable(ROUTE53_PERMISSIONS),
    ].join('\n'),
    build: zoneAccountRoleModule,
    variables: ZONE_ACCOUNT_ROLE_VARIABLES,
    outputs: ZONE_ACCOUNT_ROLE_OUTPUTS,
    sources: ['modules/zone-account-role/zone-account-role.ts', 'modules/reconciler/record-policy.ts', 'modules/variables.ts'],
  },
];

export const CATALOG: Catalog = {
  modules: MODULES,
  // `your-org` is a placeholder until the module is published (README, Versioning).
  registrySource: 'your-org/elasticache-replica-dns/aws',
  terraformVersion: TERRAFORM_MIN_VERSION,
  awsProviderConstraint: AWS_PROVIDER_VERSION_CONSTRAINT,
  paths: { docs: 'docs/module-reference.md', readme: 'README.md', wrappersReadme: 'wrappers/README.md', gitattributes: '.gitattributes' },
  // npm run build:lambda (checked by npm run check:lambda).
  otherGenerated: ['lambda/dist/reconciler.zip', 'lambda/dist/reconciler.zip.sha256'],
  // The README shows the permissions table where it has <!-- BEGIN_IAM_PERMISSIONS --> … <!-- END_IAM_PERMISSIONS -->.
  readmeBlocks: { IAM_PERMISSIONS: PERMISSIONS_TABLE },
  // The validation cases (the specs' `rejects`) plan a copy of each module's variables.tf alone: a
  // run whose plan fails leaves its provider process running until the file ends (Terraform 1.11),
  // and 57 of them held 12 GB.
  validationTests: Object.fromEntries(
    MODULES.map((m) => {
      const name = m.dir === '.' ? 'root' : m.dir.split('/').pop()!;
      const tests = m.dir === '.' ? 'tests' : `tests/${m.dir}`;
      return [m.dir, { file: `${tests}/validation.tftest.hcl`, variablesDir: `tests/fixtures/${name}-variables`, acceptedIn: `${tests}/inputs.tftest.hcl` }];
    }),
  ),
};
