################################################################################
# Common
################################################################################

variable "create" {
  description = "Whether to create any resources at all (false: the module creates nothing)."
  type        = bool
  default     = true
  nullable    = false
}

variable "replication_group_id" {
  description = "ID of the ElastiCache (Valkey or Redis OSS, cluster mode disabled) replication group whose read replicas get DNS names. Only the ID is needed, so the group can be created in the same configuration without a dependency cycle."
  type        = string

  validation {
    condition     = can(regex("^[a-z]([a-z0-9]|-[a-z0-9])*$", var.replication_group_id)) && length(var.replication_group_id) <= 40
    error_message = "replication_group_id must be an ElastiCache replication group ID: 1-40 lowercase letters, digits and single hyphens, starting with a letter and not ending with a hyphen (ElastiCache stores IDs in lowercase; lowercase yours)."
  }
}

variable "name_prefix" {
  description = "Name of the function, role and log group and prefix of the other resource names (queue `<name>-failures`, rule `<name>-reconcile`, alarms, topic `<name>-events`). Null: `<replication_group_id>-replica-dns`."
  type        = string
  default     = null

  validation {
    condition     = var.name_prefix == null || can(regex("^[A-Za-z0-9_-]{1,52}$", var.name_prefix))
    error_message = "name_prefix must be 1-52 letters, digits, hyphens or underscores (it becomes a Lambda function, IAM role and SQS queue name with suffixes up to 12 characters); shorten it or leave it null."
  }
}

variable "owner_id" {
  description = "Identity written into the ownership marker (`_owner.<record>` TXT) of every record this deployment manages; two deployments writing to the same zone must use different values. Null: the name prefix."
  type        = string
  default     = null

  validation {
    condition     = var.owner_id == null || can(regex("^[A-Za-z0-9._-]{1,64}$", var.owner_id))
    error_message = "owner_id must be 1-64 letters, digits, dots, hyphens or underscores; or null to use the name prefix."
  }
}

variable "tags" {
  description = "Tags for every resource that supports them."
  type        = map(string)
  default     = {}
  nullable    = false
}

################################################################################
# Hosted zone
################################################################################

variable "create_zone" {
  description = "Create a private hosted zone (`zone_name`, `vpc_ids`). False: use the existing zone `zone_id`."
  type        = bool
  default     = true
  nullable    = false
}

variable "zone_name" {
  description = "With `create_zone`: the DNS name of the private hosted zone to create, e.g. `cache.example.internal`. With `zone_id`: optional, the existing zone's name (saves the lookup and makes the names known at plan time); null looks it up."
  type        = string
  default     = null

  validation {
    condition     = var.zone_name == null || try(can(regex("^([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\\.)*[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\\.?$", var.zone_name)) && length(var.zone_name) <= 253, false)
    error_message = "zone_name must be a DNS name such as cache.example.internal: labels of 1-63 letters, digits, hyphens or underscores separated by dots, at most 253 characters, a trailing dot optional."
  }
}

variable "vpc_ids" {
  description = "With `create_zone`: IDs of the VPCs to associate the private hosted zone with (at least one)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for id in var.vpc_ids : can(regex("^vpc-[0-9a-f]{8}([0-9a-f]{9})?$", id))])
    error_message = "vpc_ids must be VPC IDs such as vpc-0123456789abcdef0."
  }
}

variable "zone_id" {
  description = "With `create_zone = false`: ID of the existing Route 53 hosted zone (`Z...`, with or without `/hostedzone/`) that holds the names."
  type        = string
  default     = null

  validation {
    condition     = var.zone_id == null || can(regex("^(/hostedzone/)?Z[A-Z0-9]{1,32}$", var.zone_id))
    error_message = "zone_id must be a Route 53 hosted zone ID such as Z0123456789ABCDEFGHIJ (optionally prefixed with /hostedzone/)."
  }
}

variable "zone_force_destroy" {
  description = "With `create_zone`: delete all records in the zone (also records of others) when the zone is destroyed. The reconciler removes its own records at destroy either way."
  type        = bool
  default     = false
  nullable    = false
}

################################################################################
# Hosted zone in another account
################################################################################

variable "zone_role_arn" {
  description = "ARN of an IAM role in the hosted zone's account (e.g. made by `modules/zone-account-role`) that the reconciler assumes for all its Route 53 calls, for a zone kept in another account. Its own role then gets `sts:AssumeRole` on exactly this ARN and no Route 53 permission. Needs `zone_id` and `zone_name` (the zone cannot be created or looked up from this account). Null: the zone is in this account."
  type        = string
  default     = null

  validation {
    condition     = var.zone_role_arn == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$", var.zone_role_arn))
    error_message = "zone_role_arn must be an IAM role ARN such as arn:aws:iam::222222222222:role/orders-replica-dns-zone (the role in the zone's account); or null."
  }
}

################################################################################
# Replica records
################################################################################

variable "record_name_template" {
  description = "Names of the replica records: `{n}` (exactly once) is replaced by the slot number 1, 2, ...; the name must lie inside the zone, e.g. `read{n}.cache.example.internal`. Null: `read{n}.<zone name>`."
  type        = string
  default     = null

  validation {
    condition     = var.record_name_template == null || try(can(regex("^([A-Za-z0-9_-]*\\{n\\}[A-Za-z0-9_-]*|[A-Za-z0-9_-]+)(\\.[A-Za-z0-9_-]*\\{n\\}[A-Za-z0-9_-]*|\\.[A-Za-z0-9_-]+)*\\.?$", var.record_name_template)) && length(regexall("\\{n\\}", var.record_name_template)) == 1, false)
    error_message = "record_name_template must be a DNS name that contains {n} exactly once, made of letters, digits, hyphens and underscores separated by dots, e.g. read{n}.cache.example.internal."
  }
}

variable "az_record_name_template" {
  description = "Optional per-Availability-Zone names: `{az}` (exactly once) is replaced by the Availability Zone name, e.g. `read-{az}.cache.example.internal` gives `read-us-east-1a.cache.example.internal`, pointing at a replica in that AZ when one is available. Null: no AZ names."
  type        = string
  default     = null

  validation {
    condition     = var.az_record_name_template == null || try(can(regex("^([A-Za-z0-9_-]*\\{az\\}[A-Za-z0-9_-]*|[A-Za-z0-9_-]+)(\\.[A-Za-z0-9_-]*\\{az\\}[A-Za-z0-9_-]*|\\.[A-Za-z0-9_-]+)*\\.?$", var.az_record_name_template)) && length(regexall("\\{az\\}", var.az_record_name_template)) == 1, false)
    error_message = "az_record_name_template must be a DNS name that contains {az} exactly once, made of letters, digits, hyphens and underscores separated by dots, e.g. read-{az}.cache.example.internal; or null."
  }
}

variable "primary_record_name" {
  description = "Optional stable name of the replication group's primary endpoint: the reconciler keeps a CNAME here (with its ownership marker, like the replica names) pointing at that endpoint. A DNS name inside the zone, e.g. `primary.cache.example.internal`, distinct from the replica and AZ names. Null: no such name."
  type        = string
  default     = null

  validation {
    condition     = var.primary_record_name == null || try(can(regex("^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*\\.?$", var.primary_record_name)) && length(trimsuffix(var.primary_record_name, ".")) <= 246 && !startswith(lower(var.primary_record_name), "_owner."), false)
    error_message = "primary_record_name must be a DNS name made of letters, digits, hyphens and underscores separated by dots, at most 246 characters (room for its _owner. marker), not starting with _owner., e.g. primary.cache.example.internal; or null for no primary name."
  }
}

variable "reader_record_name" {
  description = "Optional stable name of the replication group's reader endpoint: the reconciler keeps a CNAME here (with its ownership marker, like the replica names) pointing at that endpoint. A DNS name inside the zone, e.g. `reader.cache.example.internal`, distinct from the replica and AZ names. Null: no such name."
  type        = string
  default     = null

  validation {
    condition     = var.reader_record_name == null || try(can(regex("^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*\\.?$", var.reader_record_name)) && length(trimsuffix(var.reader_record_name, ".")) <= 246 && !startswith(lower(var.reader_record_name), "_owner."), false)
    error_message = "reader_record_name must be a DNS name made of letters, digits, hyphens and underscores separated by dots, at most 246 characters (room for its _owner. marker), not starting with _owner., e.g. reader.cache.example.internal; or null for no reader name."
  }
}

variable "record_ttl" {
  description = "TTL in seconds of the replica records and their ownership markers. Keep it short: clients follow a failover only after the TTL."
  type        = number
  default     = 10
  nullable    = false

  validation {
    condition     = var.record_ttl == floor(var.record_ttl) && var.record_ttl >= 0 && var.record_ttl <= 86400
    error_message = "record_ttl must be a whole number of seconds from 0 to 86400."
  }
}

variable "record_count" {
  description = "0: one name per available replica, each sticky: a replica keeps its number, a new one takes the lowest free number, and a removed replica's name is deleted, so the numbers in use can have gaps (`read2`, `read3` without `read1`). N > 0: exactly `read1` … `readN` always exist, spread over the available replicas: the mode for clients with a static list of names (no NXDOMAIN)."
  type        = number
  default     = 0
  nullable    = false

  validation {
    condition     = var.record_count == floor(var.record_count) && var.record_count >= 0 && var.record_count <= 16
    error_message = "record_count must be a whole number from 0 (one name per replica) to 16."
  }
}

variable "fallback_to_primary" {
  description = "Point the names at the primary endpoint while no replica is available, rather than removing them. Null: true when `record_count` > 0, else false."
  type        = bool
  default     = null
}

variable "dry_run" {
  description = "Log the planned Route 53 changes without making them."
  type        = bool
  default     = false
  nullable    = false
}

variable "adopt_existing_records" {
  description = "Take over a CNAME without an ownership marker at one of the module's names when its value is an endpoint of this replication group (the `read1`…`readN` records of the 2018 AWS Database Blog's Lambda): its marker is written in the same change batch and the reconciler keeps it from then on. Anything else at the name stays foreign. The migration path from that set-up; off by default."
  type        = bool
  default     = false
  nullable    = false
}

################################################################################
# Client endpoints
################################################################################

variable "availability_zones" {
  description = "Availability Zones of the group's nodes (e.g. its `preferred_cache_cluster_azs`), for the output `client_endpoints.az`: with `az_record_name_template`, the per-AZ name of each, known at plan time. The reconciler itself finds the AZs from the live topology; this input changes no record."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for az in var.availability_zones : can(regex("^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$", az))])
    error_message = "availability_zones must be Availability Zone names such as eu-west-1a (letters, digits and inner hyphens)."
  }
}

################################################################################
# Notification topic
################################################################################

variable "create_topic" {
  description = "Create the SNS topic for the replication group's ElastiCache notifications (set it as the group's `notification_topic_arn`). False: subscribe to the existing topic `topic_arn`."
  type        = bool
  default     = true
  nullable    = false
}

variable "topic_name" {
  description = "With `create_topic`: name of the SNS topic. Null: `<name_prefix>-events`."
  type        = string
  default     = null

  validation {
    condition     = var.topic_name == null || can(regex("^[A-Za-z0-9_-]{1,256}$", var.topic_name))
    error_message = "topic_name must be 1-256 letters, digits, hyphens or underscores (ElastiCache cannot publish to FIFO topics); or null."
  }
}

variable "topic_arn" {
  description = "With `create_topic = false`: ARN of the existing SNS topic the replication group sends its ElastiCache notifications to (same account and region; not encrypted: ElastiCache cannot publish to a topic with server-side encryption)."
  type        = string
  default     = null

  validation {
    condition     = var.topic_arn == null || can(regex("^arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}$", var.topic_arn))
    error_message = "topic_arn must be a standard SNS topic ARN such as arn:aws:sns:us-east-1:123456789012:cache-events; or null."
  }
}

################################################################################
# Triggers
################################################################################

variable "create_schedule" {
  description = "Run the reconciler on `reconcile_schedule` too, to correct drift and missed notifications."
  type        = bool
  default     = true
  nullable    = false
}

variable "reconcile_schedule" {
  description = "EventBridge schedule expression of the drift correction, `rate(...)` or `cron(...)`. Null: no schedule."
  type        = string
  default     = "rate(5 minutes)"

  validation {
    condition     = var.reconcile_schedule == null || can(regex("^(rate\\((1 (minute|hour|day)|([2-9]|[1-9][0-9]+) (minutes|hours|days))\\)|cron\\([^ ()]+( [^ ()]+){5}\\))$", var.reconcile_schedule))
    error_message = "reconcile_schedule must be an EventBridge schedule expression: rate(1 minute), rate(5 minutes), rate(1 hour), ... (singular unit for 1) or cron(...) with six fields, e.g. cron(0/10 * * * ? *); or null to disable the schedule."
  }
}

variable "reconcile_on_apply" {
  description = "Invoke the reconciler from Terraform (`aws_lambda_invocation`, lifecycle scope CRUD): the records exist when `apply` returns, are brought up to date when the configuration changes and are removed at `destroy`."
  type        = bool
  default     = true
  nullable    = false
}

################################################################################
# Lambda function
################################################################################

variable "lambda_runtime" {
  description = "Lambda runtime of the reconciler: `nodejs22.x` or `nodejs24.x` (the latter needs hashicorp/aws >= 6.19.0; 5.x releases reject it at plan)."
  type        = string
  default     = "nodejs22.x"
  nullable    = false

  validation {
    condition     = contains(["nodejs22.x", "nodejs24.x"], var.lambda_runtime)
    error_message = "lambda_runtime must be \"nodejs22.x\" or \"nodejs24.x\"."
  }
}

variable "lambda_architecture" {
  description = "Instruction set of the reconciler function."
  type        = string
  default     = "arm64"
  nullable    = false

  validation {
    condition     = contains(["arm64", "x86_64"], var.lambda_architecture)
    error_message = "lambda_architecture must be \"arm64\" or \"x86_64\"."
  }
}

variable "lambda_memory_size" {
  description = "Memory of the reconciler function in MB."
  type        = number
  default     = 128
  nullable    = false

  validation {
    condition     = var.lambda_memory_size == floor(var.lambda_memory_size) && var.lambda_memory_size >= 128 && var.lambda_memory_size <= 10240
    error_message = "lambda_memory_size must be a whole number of MB from 128 to 10240."
  }
}

variable "lambda_timeout" {
  description = "Timeout of one reconciler run in seconds."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = var.lambda_timeout == floor(var.lambda_timeout) && var.lambda_timeout >= 3 && var.lambda_timeout <= 900
    error_message = "lambda_timeout must be a whole number of seconds from 3 to 900."
  }
}

variable "lambda_maximum_event_age_in_seconds" {
  description = "How long a notification or schedule event may wait for the reconciler (runs are serialized) before it goes to the failure queue. Events are only triggers, so a dropped one costs nothing once a later run succeeds."
  type        = number
  default     = 3600
  nullable    = false

  validation {
    condition     = var.lambda_maximum_event_age_in_seconds == floor(var.lambda_maximum_event_age_in_seconds) && var.lambda_maximum_event_age_in_seconds >= 60 && var.lambda_maximum_event_age_in_seconds <= 21600
    error_message = "lambda_maximum_event_age_in_seconds must be a whole number of seconds from 60 to 21600."
  }
}

variable "role_permissions_boundary" {
  description = "ARN of the policy used as permissions boundary of the reconciler's IAM role."
  type        = string
  default     = null

  validation {
    condition     = var.role_permissions_boundary == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:policy/.+$", var.role_permissions_boundary))
    error_message = "role_permissions_boundary must be an IAM policy ARN such as arn:aws:iam::123456789012:policy/boundary; or null."
  }
}

variable "cloudwatch_logs_retention_in_days" {
  description = "Retention of the reconciler's log group in days (0: never expire)."
  type        = number
  default     = 30
  nullable    = false

  validation {
    condition     = contains([0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653], var.cloudwatch_logs_retention_in_days)
    error_message = "cloudwatch_logs_retention_in_days must be one of the values CloudWatch Logs accepts: 0, 1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653."
  }
}

variable "cloudwatch_logs_kms_key_arn" {
  description = "ARN of the KMS key that encrypts the log group (its key policy must allow CloudWatch Logs). Null: CloudWatch Logs default encryption."
  type        = string
  default     = null

  validation {
    condition     = var.cloudwatch_logs_kms_key_arn == null || can(regex("^arn:aws[a-z-]*:kms:[a-z0-9-]+:[0-9]{12}:key/[A-Za-z0-9-]+$", var.cloudwatch_logs_kms_key_arn))
    error_message = "cloudwatch_logs_kms_key_arn must be a KMS key ARN such as arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab (not an alias); or null."
  }
}

variable "create_alarms" {
  description = "Create CloudWatch alarms on reconciler errors, on events in the failure queue and on names held by records the reconciler does not own (`Conflicts`)."
  type        = bool
  default     = true
  nullable    = false
}

variable "alarm_actions" {
  description = "ARNs to notify (e.g. SNS topics) when an alarm fires and when it recovers."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for arn in var.alarm_actions : can(regex("^arn:aws[a-z-]*:[a-z0-9-]+:", arn))])
    error_message = "alarm_actions must be ARNs, e.g. of SNS topics: arn:aws:sns:us-east-1:123456789012:alerts."
  }
}

################################################################################
# Ordering
################################################################################

variable "reconciler_depends_on" {
  description = "Values the reconciler function waits for before it is created, e.g. `[aws_elasticache_replication_group.this.arn]` when the replication group is created in the same configuration: then no trigger runs before the group exists. (Passing the group's attributes as `replication_group_id` instead would be a dependency cycle through the topic.)"
  type        = list(string)
  default     = []
  nullable    = false
}
