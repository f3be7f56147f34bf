// Input definitions shared by the root module and the submodules (one definition, one wording,
// one set of validations with the values each must reject), in the sections of variables.tf: a
// module's list is made of sections (`specsOf`), so an input added to a section reaches every module
// that takes it; a module takes a single spec as it is, or through `reuse()` with changes.
// Conditions reference only their own variable: Terraform 1.5 allows nothing else in a
// `validation` block; rules across inputs are `precondition`s on resources.
import { quote } from '../generator/hcl-text.js';
import { reuse, specSection, type Validation, type VariableSpec } from '../generator/spec.js';
import { MARKER_LABEL, MAX_RECORD_NAME_LENGTH, MAX_REPLICATION_GROUP_ID_LENGTH, MAX_SLOTS, PATTERNS } from '../lambda/src/contracts.js';

const integer = (name: string, min: number, max: number): string =>
  `var.${name} == floor(var.${name}) && var.${name} >= ${min} && var.${name} <= ${max}`;

const arnOf = (service: string, resource: string): string => String.raw`^arn:aws[a-z-]*:${service}:` + resource;

/** The hosted zone ID form (PATTERNS.zoneId), for a required input or one that may be null. */
export function zoneIdValidation(name: string, allowNull: boolean): Validation {
  const check = `can(regex(${quote(PATTERNS.zoneId)}, var.${name}))`;
  return {
    condition: allowNull ? `var.${name} == null || ${check}` : check,
    message: `${name} must be a Route 53 hosted zone ID such as Z0123456789ABCDEFGHIJ (optionally prefixed with /hostedzone/).`,
    rejects: {
      lowercase: '"z123"',
      prefix_without_leading_slash: '"hostedzone/Z0123ABC"',
      a_zone_name: '"cache.example.internal"',
      no_leading_z: '"0123456789ABCDEFGHIJK"',
      '33_characters': '"Z0123456789ABCDEFGHIJ0123456789AB"',
    },
  };
}

const DNS_NAME = String.raw`^([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\.?$`;

/** A hosted zone's DNS name, for a required input or one that may be null. */
export function zoneNameValidation(name: string, allowNull: boolean): Validation {
  const check = `can(regex(${quote(DNS_NAME)}, var.${name})) && length(var.${name}) <= 253`;
  return {
    condition: allowNull ? `var.${name} == null || try(${check}, false)` : check,
    message: `${name} must be a DNS name such as cache.example.internal: labels of 1-63 letters, digits, hyphens or underscores separated by dots, at most 253 characters, a trailing dot optional.`,
    rejects: {
      empty_label: '"cache..internal"',
      '64_character_label': `"${'a'.repeat(64)}.internal"`,
      leading_hyphen: '"-cache.example.internal"',
    },
  };
}

// ---------------------------------------------------------------------------------------------

export const common = specSection('Common', {
  create: {
    name: 'create',
    description: 'Whether to create any resources at all (false: the module creates nothing).',
    type: 'bool',
    default: true,
    nullable: false,
  } satisfies VariableSpec,
  replicationGroupId: {
    name: 'replication_group_id',
    description:
      'ID of the ElastiCache (Valkey or Redis OSS, cluster mode disabled) replication group whose read replicas get DNS names. Only the ID is needed, so the group can be created in the same configuration without a dependency cycle.',
    type: 'string',
    example: '"orders"',
    validations: [
      {
        condition: `can(regex(${quote(PATTERNS.replicationGroupId)}, var.replication_group_id)) && length(var.replication_group_id) <= ${MAX_REPLICATION_GROUP_ID_LENGTH}`,
        message:
          'replication_group_id must be an ElastiCache replication group ID: 1-40 lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen (ElastiCache stores IDs in lowercase; lowercase yours).',
        rejects: {
          uppercase: { value: '"Orders"', why: 'ElastiCache stores IDs in lowercase.' },
          trailing_hyphen: '"orders-"',
          double_hyphen: '"or--ders"',
          leading_digit: '"1orders"',
          empty: '""',
          '41_characters': `"a${'2345678901'.repeat(4)}"`,
        },
      },
    ],
  } satisfies VariableSpec,
  namePrefix: {
    name: 'name_prefix',
    description:
      'Name of the function, role and log group and prefix of the other resource names (queue `<name>-failures`, rule `<name>-reconcile`, alarms, topic `<name>-events`). Null: `<replication_group_id>-replica-dns`.',
    type: 'string',
    default: null,
    validations: [
      {
        condition: String.raw`var.name_prefix == null || can(regex(${quote(String.raw`^[A-Za-z0-9_-]{1,52}$`)}, var.name_prefix))`,
        message:
          'name_prefix must be 1-52 letters, digits, hyphens or underscores (it becomes a Lambda function, IAM role and SQS queue name with suffixes up to 12 characters); shorten it or leave it null.',
        rejects: {
          '53_characters': { value: '"Orders_dns-1-abcdefghijklmnopqrstuvwxyz-0123456789abc"', why: '52 is the longest (inputs.tftest.hcl).' },
          dot: '"orders.dns"',
        },
      },
    ],
  } satisfies VariableSpec,
  ownerId: {
    name: 'owner_id',
    description:
      'Identity written into the ownership marker (`_owner.<record>` TXT) of every record this deployment manages; two deployments writing to the same zone must use different values. Null: the name prefix.',
    type: 'string',
    default: null,
    validations: [
      {
        condition: `var.owner_id == null || can(regex(${quote(PATTERNS.ownerId)}, var.owner_id))`,
        message: 'owner_id must be 1-64 letters, digits, dots, hyphens or underscores; or null to use the name prefix.',
        rejects: { space: '"team orders"', '65_characters': `"${'a'.repeat(65)}"` },
      },
    ],
  } satisfies VariableSpec,
  tags: {
    name: 'tags',
    description: 'Tags for every resource that supports them.',
    type: 'map(string)',
    default: {},
    nullable: false,
  } satisfies VariableSpec,
});

/** The root module's zone: created here or given. */
export const zone = specSection('Hosted zone', {
  createZone: {
    name: 'create_zone',
    description: 'Create a private hosted zone (`zone_name`, `vpc_ids`). False: use the existing zone `zone_id`.',
    type: 'bool',
    default: true,
    nullable: false,
  } satisfies VariableSpec,
  zoneName: {
    name: 'zone_name',
    description:
      'With `create_zone`: the DNS name of the private hosted zone to create, e.g. `cache.example.internal`. With `zone_id`: optional, the existing zone\'s name (saves the lookup and makes the names known at plan time); null looks it up.',
    type: 'string',
    default: null,
    example: '"cache.example.internal"',
    validations: [zoneNameValidation('zone_name', true)],
  } satisfies VariableSpec,
  vpcIds: {
    name: 'vpc_ids',
    description: 'With `create_zone`: IDs of the VPCs to associate the private hosted zone with (at least one).',
    type: 'list(string)',
    default: [],
    nullable: false,
    validations: [
      {
        condition: String.raw`alltrue([for id in var.vpc_ids : can(regex(${quote(String.raw`^vpc-[0-9a-f]{8}([0-9a-f]{9})?$`)}, id))])`,
        message: 'vpc_ids must be VPC IDs such as vpc-0123456789abcdef0.',
        rejects: { not_a_vpc_id: '["vpc-xyz"]', one_of_two_invalid: '["vpc-0123456789abcdef0", "subnet-12345678"]' },
      },
    ],
  } satisfies VariableSpec,
  zoneId: {
    name: 'zone_id',
    description: 'With `create_zone = false`: ID of the existing Route 53 hosted zone (`Z...`, with or without `/hostedzone/`) that holds the names.',
    type: 'string',
    default: null,
    validations: [zoneIdValidation('zone_id', true)],
  } satisfies VariableSpec,
  zoneForceDestroy: {
    name: 'zone_force_destroy',
    description:
      'With `create_zone`: delete all records in the zone (also records of others) when the zone is destroyed. The reconciler removes its own records at destroy either way.',
    type: 'bool',
    default: false,
    nullable: false,
  } satisfies VariableSpec,
});

/** modules/reconciler and modules/zone-account-role: the zone they are given (the root module resolves it from `zone`). */
export const givenZone = specSection('Hosted zone', {
  zoneId: {
    name: 'zone_id',
    description: 'ID of the Route 53 hosted zone that holds the names (`Z...`, with or without `/hostedzone/`).',
    type: 'string',
    example: '"Z0123456789ABCDEFGHIJ"',
    validations: [zoneIdValidation('zone_id', false)],
  } satisfies VariableSpec,
  zoneName: {
    name: 'zone_name',
    description: 'DNS name of the hosted zone `zone_id`, e.g. `cache.example.internal` (a trailing dot is optional).',
    type: 'string',
    example: '"cache.example.internal"',
    validations: [zoneNameValidation('zone_name', false)],
  } satisfies VariableSpec,
});

const TEMPLATE_CHARS = 'A-Za-z0-9_-';

/** An optional alias name the reconciler keeps on one of the group's endpoints (no placeholder). */
const aliasName = (name: string, endpoint: string, example: string, rejects: Validation['rejects']): VariableSpec => ({
  name,
  description: `Optional stable name of the replication group's ${endpoint} endpoint: the reconciler keeps a CNAME here (with its ownership marker, like the replica names) pointing at that endpoint. A DNS name inside the zone, e.g. \`${example}.cache.example.internal\`, distinct from the replica and AZ names. Null: no such name.`,
  type: 'string',
  default: null,
  validations: [
    {
      condition: String.raw`var.${name} == null || try(can(regex(${quote(String.raw`^[${TEMPLATE_CHARS}]+(\.[${TEMPLATE_CHARS}]+)*\.?$`)}, var.${name})) && length(trimsuffix(var.${name}, ".")) <= ${MAX_RECORD_NAME_LENGTH} && !startswith(lower(var.${name}), "${MARKER_LABEL}."), false)`,
      message: `${name} must be a DNS name made of letters, digits, hyphens and underscores separated by dots, at most ${MAX_RECORD_NAME_LENGTH} characters (room for its ${MARKER_LABEL}. marker), not starting with ${MARKER_LABEL}., e.g. ${example}.cache.example.internal; or null for no ${endpoint} name.`,
      rejects,
    },
  ],
});

/** The names the reconciler keeps and how: the root module passes these on to the reconciler. */
export const records = specSection('Replica records', {
  recordNameTemplate: {
    name: 'record_name_template',
    description:
      'Names of the replica records: `{n}` (exactly once) is replaced by the slot number 1, 2, ...; the name must lie inside the zone, e.g. `read{n}.cache.example.internal`. Null: `read{n}.<zone name>`.',
    type: 'string',
    default: null,
    validations: [
      {
        condition: String.raw`var.record_name_template == null || try(can(regex(${quote(String.raw`^([${TEMPLATE_CHARS}]*\{n\}[${TEMPLATE_CHARS}]*|[${TEMPLATE_CHARS}]+)(\.[${TEMPLATE_CHARS}]*\{n\}[${TEMPLATE_CHARS}]*|\.[${TEMPLATE_CHARS}]+)*\.?$`)}, var.record_name_template)) && length(regexall(${quote(String.raw`\{n\}`)}, var.record_name_template)) == 1, false)`,
        message:
          'record_name_template must be a DNS name that contains {n} exactly once, made of letters, digits, hyphens and underscores separated by dots, e.g. read{n}.cache.example.internal.',
        rejects: {
          without_n: '"read.cache.example.internal"',
          n_twice: '"read{n}{n}.cache.example.internal"',
          empty_label: '"read{n}..cache.example.internal"',
          space: '"read {n}.cache.example.internal"',
        },
      },
    ],
  } satisfies VariableSpec,
  azRecordNameTemplate: {
    name: 'az_record_name_template',
    description:
      'Optional per-Availability-Zone names: `{az}` (exactly once) is replaced by the Availability Zone name, e.g. `read-{az}.cache.example.internal` gives `read-us-east-1a.cache.example.internal`, pointing at a replica in that AZ when one is available. Null: no AZ names.',
    type: 'string',
    default: null,
    validations: [
      {
        condition: String.raw`var.az_record_name_template == null || try(can(regex(${quote(String.raw`^([${TEMPLATE_CHARS}]*\{az\}[${TEMPLATE_CHARS}]*|[${TEMPLATE_CHARS}]+)(\.[${TEMPLATE_CHARS}]*\{az\}[${TEMPLATE_CHARS}]*|\.[${TEMPLATE_CHARS}]+)*\.?$`)}, var.az_record_name_template)) && length(regexall(${quote(String.raw`\{az\}`)}, var.az_record_name_template)) == 1, false)`,
        message:
          'az_record_name_template must be a DNS name that contains {az} exactly once, made of letters, digits, hyphens and underscores separated by dots, e.g. read-{az}.cache.example.internal; or null.',
        rejects: { with_n: '"read-{n}.cache.example.internal"', az_twice: '"{az}.read-{az}.cache.example.internal"', without_az: '"read-az.cache.example.internal"' },
      },
    ],
  } satisfies VariableSpec,
  primaryRecordName: aliasName('primary_record_name', 'primary', 'primary', {
    with_placeholder: '"primary{n}.cache.example.internal"',
    marker: '"_owner.read1.cache.example.internal"',
    space: '"primary cache.example.internal"',
  }),
  readerRecordName: aliasName('reader_record_name', 'reader', 'reader', {
    empty_label: '"reader..cache.example.internal"',
    with_az_placeholder: '"reader-{az}.cache.example.internal"',
    marker: '"_owner.reader.cache.example.internal"',
  }),
  recordTtl: {
    name: 'record_ttl',
    description: 'TTL in seconds of the replica records and their ownership markers. Keep it short: clients follow a failover only after the TTL.',
    type: 'number',
    default: 10,
    nullable: false,
    validations: [
      {
        condition: integer('record_ttl', 0, 86400),
        message: 'record_ttl must be a whole number of seconds from 0 to 86400.',
        rejects: { fraction: '1.5', negative: '-1', above_one_day: '86401' },
      },
    ],
  } satisfies VariableSpec,
  recordCount: {
    name: 'record_count',
    description:
      '0: one name per available replica, each sticky: a replica keeps its number, a new one takes the lowest free number, and a removed replica\'s name is deleted, so the numbers in use can have gaps (`read2`, `read3` without `read1`). N > 0: exactly `read1` … `readN` always exist, spread over the available replicas: the mode for clients with a static list of names (no NXDOMAIN).',
    type: 'number',
    default: 0,
    nullable: false,
    validations: [
      {
        condition: integer('record_count', 0, MAX_SLOTS),
        message: `record_count must be a whole number from 0 (one name per replica) to ${MAX_SLOTS}.`,
        rejects: { [MAX_SLOTS + 1]: String(MAX_SLOTS + 1), negative: '-1', fraction: '2.5' },
      },
    ],
  } satisfies VariableSpec,
  fallbackToPrimary: {
    name: 'fallback_to_primary',
    description:
      'Point the names at the primary endpoint while no replica is available, rather than removing them. Null: true when `record_count` > 0, else false.',
    type: 'bool',
    default: null,
  } satisfies VariableSpec,
  dryRun: {
    name: 'dry_run',
    description: 'Log the planned Route 53 changes without making them.',
    type: 'bool',
    default: false,
    nullable: false,
  } satisfies VariableSpec,
  adoptExistingRecords: {
    name: 'adopt_existing_records',
    description:
      'Take over a CNAME without an ownership marker at one of the module\'s names when its value is an endpoint of this replication group (the `read1`…`readN` records of the 2018 AWS Database Blog\'s Lambda): its marker is written in the same change batch and the reconciler keeps it from then on. Anything else at the name stays foreign. The migration path from that set-up; off by default.',
    type: 'bool',
    default: false,
    nullable: false,
  } satisfies VariableSpec,
});

/** Root module only: what the client_endpoints output needs. */
export const clientEndpoints = specSection('Client endpoints', {
  availabilityZones: {
    name: 'availability_zones',
    description:
      'Availability Zones of the group\'s nodes (e.g. its `preferred_cache_cluster_azs`), for the output `client_endpoints.az`: with `az_record_name_template`, the per-AZ name of each, known at plan time. The reconciler itself finds the AZs from the live topology; this input changes no record.',
    type: 'list(string)',
    default: [],
    nullable: false,
    validations: [
      {
        condition: String.raw`alltrue([for az in var.availability_zones : can(regex(${quote(String.raw`^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$`)}, az))])`,
        message: 'availability_zones must be Availability Zone names such as eu-west-1a (letters, digits and inner hyphens).',
        rejects: { not_a_zone: '["eu west 1a"]' },
      },
    ],
  } satisfies VariableSpec,
});

export const ordering = specSection('Ordering', {
  reconcilerDependsOn: {
    name: 'reconciler_depends_on',
    description:
      'Values the reconciler function waits for before it is created, e.g. `[aws_elasticache_replication_group.this.arn]` when the replication group is created in the same configuration: then no trigger runs before the group exists. (Passing the group\'s attributes as `replication_group_id` instead would be a dependency cycle through the topic.)',
    type: 'list(string)',
    default: [],
    nullable: false,
  } satisfies VariableSpec,
});

/** The root module's notification topic: created here or given. */
export const topic = specSection('Notification topic', {
  createTopic: {
    name: 'create_topic',
    description:
      'Create the SNS topic for the replication group\'s ElastiCache notifications (set it as the group\'s `notification_topic_arn`). False: subscribe to the existing topic `topic_arn`.',
    type: 'bool',
    default: true,
    nullable: false,
  } satisfies VariableSpec,
  topicName: {
    name: 'topic_name',
    description: 'With `create_topic`: name of the SNS topic. Null: `<name_prefix>-events`.',
    type: 'string',
    default: null,
    validations: [
      {
        condition: String.raw`var.topic_name == null || can(regex(${quote(String.raw`^[A-Za-z0-9_-]{1,256}$`)}, var.topic_name))`,
        message: 'topic_name must be 1-256 letters, digits, hyphens or underscores (ElastiCache cannot publish to FIFO topics); or null.',
        rejects: { fifo: { value: '"events.fifo"', why: 'ElastiCache cannot publish to FIFO topics.' } },
      },
    ],
  } satisfies VariableSpec,
  topicArn: {
    name: 'topic_arn',
    description:
      'With `create_topic = false`: ARN of the existing SNS topic the replication group sends its ElastiCache notifications to (same account and region; not encrypted: ElastiCache cannot publish to a topic with server-side encryption).',
    type: 'string',
    default: null,
    validations: [
      {
        condition: String.raw`var.topic_arn == null || can(regex(${quote(arnOf('sns', String.raw`[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}$`))}, var.topic_arn))`,
        message: 'topic_arn must be a standard SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:cache-events; or null.',
        rejects: { of_a_queue: '"arn:aws:sqs:eu-west-1:123456789012:cache-events"', without_account: '"arn:aws:sns:eu-west-1::cache-events"' },
      },
    ],
  } satisfies VariableSpec,
});

export const schedule = specSection('Triggers', {
  createSchedule: {
    name: 'create_schedule',
    description: 'Run the reconciler on `reconcile_schedule` too, to correct drift and missed notifications.',
    type: 'bool',
    default: true,
    nullable: false,
  } satisfies VariableSpec,
  reconcileSchedule: {
    name: 'reconcile_schedule',
    description: 'EventBridge schedule expression of the drift correction, `rate(...)` or `cron(...)`. Null: no schedule.',
    type: 'string',
    default: 'rate(5 minutes)',
    validations: [
      {
        condition: String.raw`var.reconcile_schedule == null || can(regex(${quote(String.raw`^(rate\((1 (minute|hour|day)|([2-9]|[1-9][0-9]+) (minutes|hours|days))\)|cron\([^ ()]+( [^ ()]+){5}\))$`)}, var.reconcile_schedule))`,
        message:
          'reconcile_schedule must be an EventBridge schedule expression: rate(1 minute), rate(5 minutes), rate(1 hour), ... (singular unit for 1) or cron(...) with six fields, e.g. cron(0/10 * * * ? *); or null to disable the schedule.',
        rejects: {
          plural_for_one: '"rate(1 minutes)"',
          singular_for_many: '"rate(5 minute)"',
          cron_five_fields: '"cron(0/10 * * * ?)"',
          prose: '"every 5 minutes"',
        },
      },
    ],
  } satisfies VariableSpec,
  reconcileOnApply: {
    name: 'reconcile_on_apply',
    description:
      'Invoke the reconciler from Terraform (`aws_lambda_invocation`, lifecycle scope CRUD): the records exist when `apply` returns, are brought up to date when the configuration changes and are removed at `destroy`.',
    type: 'bool',
    default: true,
    nullable: false,
  } satisfies VariableSpec,
});

/** modules/reconciler: the topic it subscribes to (the root module resolves it from `topic`). */
export const subscription = specSection('Notification topic', {
  createSubscription: {
    name: 'create_subscription',
    description: 'Subscribe the reconciler to `topic_arn`, the replication group\'s ElastiCache notification topic.',
    type: 'bool',
    default: true,
    nullable: false,
  } satisfies VariableSpec,
  topicArn: reuse(topic.topicArn, {
    description: 'ARN of the SNS topic the replication group sends its ElastiCache notifications to (required with `create_subscription`).',
  }),
});

const LOG_RETENTION_DAYS = [0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

export const lambda = specSection('Lambda function', {
  runtime: {
    name: 'lambda_runtime',
    description:
      'Lambda runtime of the reconciler: `nodejs22.x` or `nodejs24.x` (the latter needs hashicorp/aws >= 6.19.0; 5.x releases reject it at plan).',
    type: 'string',
    default: 'nodejs22.x',
    nullable: false,
    validations: [
      {
        condition: 'contains(["nodejs22.x", "nodejs24.x"], var.lambda_runtime)',
        message: 'lambda_runtime must be "nodejs22.x" or "nodejs24.x".',
        rejects: { deprecated: { value: '"nodejs20.x"', why: 'deprecated since 2026-04-30.' } },
      },
    ],
  } satisfies VariableSpec,
  architecture: {
    name: 'lambda_architecture',
    description: 'Instruction set of the reconciler function.',
    type: 'string',
    default: 'arm64',
    nullable: false,
    validations: [{ condition: 'contains(["arm64", "x86_64"], var.lambda_architecture)', message: 'lambda_architecture must be "arm64" or "x86_64".', rejects: { arm: '"arm"' } }],
  } satisfies VariableSpec,
  memorySize: {
    name: 'lambda_memory_size',
    description: 'Memory of the reconciler function in MB.',
    type: 'number',
    default: 128,
    nullable: false,
    validations: [
      {
        condition: integer('lambda_memory_size', 128, 10240),
        message: 'lambda_memory_size must be a whole number of MB from 128 to 10240.',
        rejects: { below_128: '64', above_10240: '10241' },
      },
    ],
  } satisfies VariableSpec,
  timeout: {
    name: 'lambda_timeout',
    description: 'Timeout of one reconciler run in seconds.',
    type: 'number',
    default: 30,
    nullable: false,
    validations: [
      {
        condition: integer('lambda_timeout', 3, 900),
        message: 'lambda_timeout must be a whole number of seconds from 3 to 900.',
        rejects: { below_3: '2', above_900: '901' },
      },
    ],
  } satisfies VariableSpec,
  maximumEventAge: {
    name: 'lambda_maximum_event_age_in_seconds',
    description:
      'How long a notification or schedule event may wait for the reconciler (runs are serialized) before it goes to the failure queue. Events are only triggers, so a dropped one costs nothing once a later run succeeds.',
    type: 'number',
    default: 3600,
    nullable: false,
    validations: [
      {
        condition: integer('lambda_maximum_event_age_in_seconds', 60, 21600),
        message: 'lambda_maximum_event_age_in_seconds must be a whole number of seconds from 60 to 21600.',
        rejects: { below_60: '30', above_21600: '21601' },
      },
    ],
  } satisfies VariableSpec,
  rolePermissionsBoundary: {
    name: 'role_permissions_boundary',
    description: 'ARN of the policy used as permissions boundary of the reconciler\'s IAM role.',
    type: 'string',
    default: null,
    validations: [
      {
        condition: String.raw`var.role_permissions_boundary == null || can(regex(${quote(arnOf('iam', String.raw`:[0-9]{12}:policy/.+$`))}, var.role_permissions_boundary))`,
        message: 'role_permissions_boundary must be an IAM policy ARN such as arn:aws:iam::123456789012:policy/boundary; or null.',
        rejects: { not_an_arn: '"boundary"', role_arn: '"arn:aws:iam::123456789012:role/boundary"' },
      },
    ],
  } satisfies VariableSpec,
  logRetention: {
    name: 'cloudwatch_logs_retention_in_days',
    description: 'Retention of the reconciler\'s log group in days (0: never expire).',
    type: 'number',
    default: 30,
    nullable: false,
    validations: [
      {
        condition: `contains([${LOG_RETENTION_DAYS.join(', ')}], var.cloudwatch_logs_retention_in_days)`,
        message: `cloudwatch_logs_retention_in_days must be one of the values CloudWatch Logs accepts: ${LOG_RETENTION_DAYS.join(', ')}.`,
        rejects: { unsupported: '2' },
      },
    ],
  } satisfies VariableSpec,
  logKmsKey: {
    name: 'cloudwatch_logs_kms_key_arn',
    description: 'ARN of the KMS key that encrypts the log group (its key policy must allow CloudWatch Logs). Null: CloudWatch Logs default encryption.',
    type: 'string',
    default: null,
    validations: [
      {
        condition: String.raw`var.cloudwatch_logs_kms_key_arn == null || can(regex(${quote(arnOf('kms', String.raw`[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$`))}, var.cloudwatch_logs_kms_key_arn))`,
        message: 'cloudwatch_logs_kms_key_arn must be a KMS key ARN such as arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab (not an alias); or null.',
        rejects: { alias: '"alias/logs"', alias_arn: '"arn:aws:kms:eu-west-1:123456789012:alias/logs"' },
      },
    ],
  } satisfies VariableSpec,
  createAlarms: {
    name: 'create_alarms',
    description: 'Create CloudWatch alarms on reconciler errors, on events in the failure queue and on names held by records the reconciler does not own (`Conflicts`).',
    type: 'bool',
    default: true,
    nullable: false,
  } satisfies VariableSpec,
  alarmActions: {
    name: 'alarm_actions',
    description: 'ARNs to notify (e.g. SNS topics) when an alarm fires and when it recovers.',
    type: 'list(string)',
    default: [],
    nullable: false,
    validations: [
      {
        condition: String.raw`alltrue([for arn in var.alarm_actions : can(regex(${quote(String.raw`^arn:aws[a-z-]*:[a-z0-9-]+:`)}, arn))])`,
        message: 'alarm_actions must be ARNs, e.g. of SNS topics: arn:aws:sns:us-east-1:123456789012:alerts.',
        rejects: { not_an_arn: '["alerts"]' },
      },
    ],
  } satisfies VariableSpec,
});

// ---------------------------------------------------------------------------------------------
// The zone in another account (Route 53 through a role assumed there).

const ROLE_ARN = arnOf('iam', String.raw`:[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$`);

export const crossAccount = specSection('Hosted zone in another account', {
  zoneRoleArn: {
    name: 'zone_role_arn',
    description:
      'ARN of an IAM role in the hosted zone\'s account (e.g. made by `modules/zone-account-role`) that the reconciler assumes for all its Route 53 calls, for a zone kept in another account. Its own role then gets `sts:AssumeRole` on exactly this ARN and no Route 53 permission. Needs `zone_id` and `zone_name` (the zone cannot be created or looked up from this account). Null: the zone is in this account.',
    type: 'string',
    default: null,
    validations: [
      {
        condition: String.raw`var.zone_role_arn == null || can(regex(${quote(ROLE_ARN)}, var.zone_role_arn))`,
        message: 'zone_role_arn must be an IAM role ARN such as arn:aws:iam::222222222222:role/orders-replica-dns-zone (the role in the zone\'s account); or null.',
        rejects: {
          not_an_arn: '"orders-replica-dns-zone"',
          user_arn: '"arn:aws:iam::222222222222:user/orders"',
          short_account: '"arn:aws:iam::2222:role/orders-replica-dns-zone"',
        },
      },
    ],
  } satisfies VariableSpec,
});

/** modules/zone-account-role: the role it makes, and the one role it trusts. */
export const trustedRole = specSection('IAM role', {
  reconcilerRoleArn: {
    name: 'reconciler_role_arn',
    description:
      'ARN of the reconciler\'s IAM role in the replication group\'s account (output `role_arn` of the root module or of `modules/reconciler`): the only principal the role trusts.',
    type: 'string',
    example: '"arn:aws:iam::111111111111:role/orders-replica-dns"',
    validations: [
      {
        condition: String.raw`can(regex(${quote(ROLE_ARN)}, var.reconciler_role_arn))`,
        message: 'reconciler_role_arn must be an IAM role ARN such as arn:aws:iam::111111111111:role/orders-replica-dns (output role_arn of the module in the group\'s account).',
        rejects: { account_root: '"arn:aws:iam::111111111111:root"' },
      },
    ],
  } satisfies VariableSpec,
});
