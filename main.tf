data "aws_partition" "current" {}

data "aws_caller_identity" "current" {}

locals {
  # The base name of the reconciler's resources, and of the topic (`<name>-events`).
  name = coalesce(var.name_prefix, "${var.replication_group_id}-replica-dns")
}

################################################################################
# Private hosted zone
################################################################################

resource "aws_route53_zone" "this" {
  count = var.create && var.create_zone ? 1 : 0

  name          = trimsuffix(var.zone_name, ".")
  comment       = "Read replica names of ElastiCache replication groups"
  force_destroy = var.zone_force_destroy

  dynamic "vpc" {
    for_each = toset(var.vpc_ids)

    content {
      vpc_id = vpc.value
    }
  }

  tags = var.tags

  lifecycle {
    precondition {
      condition     = length(var.vpc_ids) > 0
      error_message = "A private hosted zone needs at least one VPC: set vpc_ids."
    }

    precondition {
      condition     = var.zone_name != null
      error_message = "create_zone = true needs zone_name, the DNS name of the private hosted zone to create."
    }
  }
}

################################################################################
# Existing hosted zone
################################################################################

# Only when its name is not given. Never counted on zone_id: unknown while that zone is being created.
data "aws_route53_zone" "this" {
  count = var.create && !var.create_zone && var.zone_name == null ? 1 : 0

  zone_id = try(trimprefix(var.zone_id, "/hostedzone/"), null)

  lifecycle {
    precondition {
      condition     = var.create_zone || var.zone_id != null
      error_message = "create_zone = false needs zone_id, the ID of the existing hosted zone."
    }
  }
}

################################################################################
# ElastiCache notification topic
################################################################################

resource "aws_sns_topic" "this" {
  #checkov:skip=CKV_AWS_26:ElastiCache notifications cannot be delivered to an SNS topic with server-side encryption, so the topic is not encrypted; notifications carry only event names and cluster IDs.
  count = var.create && var.create_topic ? 1 : 0

  name = coalesce(var.topic_name, "${local.name}-events")

  tags = var.tags
}

data "aws_iam_policy_document" "topic" {
  count = var.create && var.create_topic ? 1 : 0

  statement {
    sid       = "ElastiCacheNotifications"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.this[0].arn]

    principals {
      type        = "Service"
      identifiers = ["elasticache.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "AWS:SourceOwner"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_sns_topic_policy" "this" {
  count = var.create && var.create_topic ? 1 : 0

  arn    = aws_sns_topic.this[0].arn
  policy = data.aws_iam_policy_document.topic[0].json
}

locals {
  topic_arn               = var.create_topic ? try(aws_sns_topic.this[0].arn, null) : var.topic_arn
  zone_id                 = try(trimprefix(var.create_zone ? try(aws_route53_zone.this[0].zone_id, null) : var.zone_id, "/hostedzone/"), null)
  zone_name               = try(trimsuffix(lower(var.create_zone || var.zone_name != null ? var.zone_name : one(data.aws_route53_zone.this[*].name)), "."), null)
  record_name_template    = try(trimsuffix(lower(coalesce(var.record_name_template, "read{n}.${local.zone_name}")), "."), null)
  az_record_name_template = try(trimsuffix(lower(var.az_record_name_template), "."), null)
  primary_record_name     = try(trimsuffix(lower(var.primary_record_name), "."), null)
  reader_record_name      = try(trimsuffix(lower(var.reader_record_name), "."), null)
  alias_names             = [for name in [local.primary_record_name, local.reader_record_name] : name if name != null]

  # Every name the reconciler may write (slots 1..16 whatever record_count, so a lowered count can delete the names above; the alias names when set) and its ownership marker, for route53:ChangeResourceRecordSetsNormalizedRecordNames.
  writable_record_names = try(flatten([
    for name in concat(
      [for n in range(1, 17) : replace(local.record_name_template, "{n}", tostring(n))],
      local.az_record_name_template == null ? [] : [replace(local.az_record_name_template, "{az}", "*")],
      local.alias_names,
    ) : [name, "_owner.${name}"]
  ]), [])
  owner_id = coalesce(var.owner_id, local.name)

  # Lambda writes a function's logs to /aws/lambda/<function name>.
  log_group_name     = "/aws/lambda/${local.name}"
  failure_queue_name = "${local.name}-failures"

  # The names the reconciler keeps: 1..record_count, or the possible ones (one per replica, at most 5).
  record_names = try([for n in range(1, (var.record_count > 0 ? var.record_count : 5) + 1) : replace(local.record_name_template, "{n}", tostring(n))], [])

  # The reconciler's configuration (docs/contracts.md).
  environment = merge(
    {
      REPLICATION_GROUP_ID = var.replication_group_id
      HOSTED_ZONE_ID       = local.zone_id
      HOSTED_ZONE_NAME     = local.zone_name
      RECORD_NAME_TEMPLATE = local.record_name_template
      RECORD_TTL           = tostring(var.record_ttl)
      RECORD_COUNT         = tostring(var.record_count)
      OWNER_ID             = local.owner_id
      DRY_RUN              = tostring(var.dry_run)
    },
    local.az_record_name_template == null ? {} : { AZ_RECORD_NAME_TEMPLATE = local.az_record_name_template },
    local.primary_record_name == null ? {} : { PRIMARY_RECORD_NAME = local.primary_record_name },
    local.reader_record_name == null ? {} : { READER_RECORD_NAME = local.reader_record_name },
    var.fallback_to_primary == null ? {} : { FALLBACK_TO_PRIMARY = tostring(var.fallback_to_primary) },
    var.adopt_existing_records ? { ADOPT_EXISTING_RECORDS = "true" } : {},
    var.zone_role_arn == null ? {} : { ZONE_ROLE_ARN = var.zone_role_arn },
  )
  package_filename = "${path.module}/lambda/dist/reconciler.zip"
  source_code_hash = filebase64sha256("${path.module}/lambda/dist/reconciler.zip")
}

################################################################################
# IAM role
################################################################################

data "aws_iam_policy_document" "assume_role" {
  count = var.create ? 1 : 0

  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "this" {
  count = var.create ? 1 : 0

  name                 = local.name
  description          = "Reconciles the read replica DNS names of ElastiCache replication group ${var.replication_group_id}"
  assume_role_policy   = data.aws_iam_policy_document.assume_role[0].json
  permissions_boundary = var.role_permissions_boundary

  tags = var.tags
}

data "aws_iam_policy_document" "reconciler" {
  count = var.create ? 1 : 0

  statement {
    sid     = "ReadReplicationGroup"
    actions = ["elasticache:DescribeReplicationGroups"]
    resources = [
      "arn:${data.aws_partition.current.partition}:elasticache:${split(":", aws_cloudwatch_log_group.this[0].arn)[3]}:${data.aws_caller_identity.current.account_id}:replicationgroup:${var.replication_group_id}",
    ]
  }

  statement {
    sid     = "ReadMemberClusters"
    actions = ["elasticache:DescribeCacheClusters"]
    resources = [
      "arn:${data.aws_partition.current.partition}:elasticache:${split(":", aws_cloudwatch_log_group.this[0].arn)[3]}:${data.aws_caller_identity.current.account_id}:cluster:${var.replication_group_id}-*",
    ]
  }

  statement {
    sid     = "WriteLogs"
    actions = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = [
      "arn:${data.aws_partition.current.partition}:logs:${split(":", aws_cloudwatch_log_group.this[0].arn)[3]}:${data.aws_caller_identity.current.account_id}:log-group:${local.log_group_name}:*",
    ]
  }

  statement {
    sid     = "SendFailedEvents"
    actions = ["sqs:SendMessage"]
    resources = [
      "arn:${data.aws_partition.current.partition}:sqs:${split(":", aws_cloudwatch_log_group.this[0].arn)[3]}:${data.aws_caller_identity.current.account_id}:${local.failure_queue_name}",
    ]
  }
}

resource "aws_iam_role_policy" "this" {
  count = var.create ? 1 : 0

  name   = local.name
  role   = aws_iam_role.this[0].id
  policy = data.aws_iam_policy_document.reconciler[0].json
}

data "aws_iam_policy_document" "records" {
  count = var.create ? 1 : 0

  dynamic "statement" {
    for_each = var.zone_role_arn == null ? ["this account"] : []

    content {
      sid     = "ReadZone"
      actions = ["route53:ListResourceRecordSets"]
      resources = [
        "arn:${data.aws_partition.current.partition}:route53:::hostedzone/${local.zone_id == null ? "" : local.zone_id}",
      ]
    }
  }

  dynamic "statement" {
    for_each = var.zone_role_arn == null ? ["this account"] : []

    content {
      sid     = "WriteOwnedRecords"
      actions = ["route53:ChangeResourceRecordSets"]
      resources = [
        "arn:${data.aws_partition.current.partition}:route53:::hostedzone/${local.zone_id == null ? "" : local.zone_id}",
      ]

      condition {
        test     = local.az_record_name_template == null ? "ForAllValues:StringEquals" : "ForAllValues:StringLike"
        variable = "route53:ChangeResourceRecordSetsNormalizedRecordNames"
        values   = local.writable_record_names
      }

      condition {
        test     = "ForAllValues:StringEquals"
        variable = "route53:ChangeResourceRecordSetsRecordTypes"
        values   = ["CNAME", "TXT"]
      }

      condition {
        test     = "ForAllValues:StringEquals"
        variable = "route53:ChangeResourceRecordSetsActions"
        values   = ["CREATE", "DELETE"]
      }

      condition {
        test     = "Null"
        variable = "route53:ChangeResourceRecordSetsNormalizedRecordNames"
        values   = ["false"]
      }

      condition {
        test     = "Null"
        variable = "route53:ChangeResourceRecordSetsRecordTypes"
        values   = ["false"]
      }

      condition {
        test     = "Null"
        variable = "route53:ChangeResourceRecordSetsActions"
        values   = ["false"]
      }
    }
  }

  dynamic "statement" {
    for_each = var.zone_role_arn == null ? [] : [var.zone_role_arn]

    content {
      sid       = "AssumeZoneRole"
      actions   = ["sts:AssumeRole"]
      resources = [statement.value]
    }
  }
}

# Named after the names it allows and created before the policy it replaces is destroyed: while the apply runs the reconciler holds both, so its update run can delete the names of the previous configuration.
resource "aws_iam_role_policy" "records" {
  count = var.create ? 1 : 0

  name   = "${local.name}-records-${substr(sha256(jsonencode([local.zone_id, local.writable_record_names, var.zone_role_arn])), 0, 16)}"
  role   = aws_iam_role.this[0].id
  policy = data.aws_iam_policy_document.records[0].json

  lifecycle {
    create_before_destroy = true
  }
}

################################################################################
# Lambda function
################################################################################

resource "aws_cloudwatch_log_group" "this" {
  #checkov:skip=CKV_AWS_338:Retention is an input (cloudwatch_logs_retention_in_days, default 30 days); reconciler logs are operational, not audit logs.
  #checkov:skip=CKV_AWS_158:A KMS key is an input (cloudwatch_logs_kms_key_arn); default CloudWatch Logs encryption otherwise.
  count = var.create ? 1 : 0

  name              = local.log_group_name
  retention_in_days = var.cloudwatch_logs_retention_in_days
  kms_key_id        = var.cloudwatch_logs_kms_key_arn

  tags = var.tags
}

# Orders the function after reconciler_depends_on (e.g. a replication group created alongside).
resource "terraform_data" "reconciler_depends_on" {
  count = var.create && length(var.reconciler_depends_on) > 0 ? 1 : 0

  input = var.reconciler_depends_on
}

# Runs are serialized (reserved concurrency 1): each rebuilds the records from the live topology.
resource "aws_lambda_function" "this" {
  #checkov:skip=CKV_AWS_117:The reconciler only calls the ElastiCache and Route 53 APIs; it needs no VPC access, and a VPC would need NAT or endpoints for both.
  #checkov:skip=CKV_AWS_272:The function runs the zip bundled with the module and pinned by its hash; code signing is left to the consumer.
  #checkov:skip=CKV_AWS_173:The environment holds no secrets (IDs, names, templates), only configuration.
  #checkov:skip=CKV_AWS_116:Failed asynchronous events go to an on-failure destination (SQS, encrypted) with an alarm, the successor of a dead-letter queue.
  #checkov:skip=CKV_AWS_50:Tracing is not needed for a run of two API reads and at most one write; logs carry a JSON summary of every run.
  count = var.create ? 1 : 0

  function_name                  = local.name
  description                    = "Keeps the read replica DNS names of ElastiCache replication group ${var.replication_group_id} in ${local.zone_name}"
  role                           = aws_iam_role.this[0].arn
  handler                        = "index.handler"
  runtime                        = var.lambda_runtime
  architectures                  = [var.lambda_architecture]
  memory_size                    = var.lambda_memory_size
  timeout                        = var.lambda_timeout
  reserved_concurrent_executions = 1
  filename                       = local.package_filename
  source_code_hash               = local.source_code_hash

  environment {
    variables = local.environment
  }

  tags = var.tags

  depends_on = [
    aws_cloudwatch_log_group.this,
    terraform_data.reconciler_depends_on,
  ]

  lifecycle {
    precondition {
      condition     = endswith(local.record_name_template, ".${local.zone_name}")
      error_message = "record_name_template must lie inside the hosted zone: end it with \".\" and the zone name, e.g. read{n}.<zone name>."
    }

    precondition {
      condition     = local.az_record_name_template == null || endswith(coalesce(local.az_record_name_template, "-"), ".${local.zone_name}")
      error_message = "az_record_name_template must lie inside the hosted zone: end it with \".\" and the zone name, e.g. read-{az}.<zone name>."
    }

    precondition {
      condition     = local.primary_record_name == null || endswith(coalesce(local.primary_record_name, "-"), ".${local.zone_name}")
      error_message = "primary_record_name must lie inside the hosted zone: end it with \".\" and the zone name, e.g. primary.<zone name>."
    }

    precondition {
      condition     = local.primary_record_name == null || !contains([for n in range(1, 17) : replace(local.record_name_template, "{n}", tostring(n))], coalesce(local.primary_record_name, "-"))
      error_message = "primary_record_name must differ from the replica names of record_name_template ({n} = 1 … 16); choose another name."
    }

    precondition {
      condition     = local.primary_record_name == null || local.az_record_name_template == null || !can(regex(format("^%s$", replace(replace(local.az_record_name_template, ".", "\\."), "{az}", "[a-z0-9]([a-z0-9-]*[a-z0-9])?")), coalesce(local.primary_record_name, "-")))
      error_message = "primary_record_name must not be a name of az_record_name_template ({az} = any Availability Zone name); choose another name."
    }

    precondition {
      condition     = local.reader_record_name == null || endswith(coalesce(local.reader_record_name, "-"), ".${local.zone_name}")
      error_message = "reader_record_name must lie inside the hosted zone: end it with \".\" and the zone name, e.g. reader.<zone name>."
    }

    precondition {
      condition     = local.reader_record_name == null || !contains([for n in range(1, 17) : replace(local.record_name_template, "{n}", tostring(n))], coalesce(local.reader_record_name, "-"))
      error_message = "reader_record_name must differ from the replica names of record_name_template ({n} = 1 … 16); choose another name."
    }

    precondition {
      condition     = local.reader_record_name == null || local.az_record_name_template == null || !can(regex(format("^%s$", replace(replace(local.az_record_name_template, ".", "\\."), "{az}", "[a-z0-9]([a-z0-9-]*[a-z0-9])?")), coalesce(local.reader_record_name, "-")))
      error_message = "reader_record_name must not be a name of az_record_name_template ({az} = any Availability Zone name); choose another name."
    }

    precondition {
      condition     = local.primary_record_name == null || local.primary_record_name != local.reader_record_name
      error_message = "primary_record_name and reader_record_name must differ: one name cannot follow both endpoints."
    }

    precondition {
      condition     = var.create_zone || var.zone_id != null
      error_message = "create_zone = false needs zone_id, the ID of the existing hosted zone."
    }

    precondition {
      condition     = var.zone_role_arn == null || (!var.create_zone && var.zone_id != null && var.zone_name != null)
      error_message = "zone_role_arn (a hosted zone in another account) needs create_zone = false, zone_id and zone_name: this module can neither create the zone in that account nor look it up with this account's credentials."
    }

    precondition {
      condition     = var.create_topic || var.topic_arn != null
      error_message = "create_topic = false needs topic_arn, the ARN of the SNS topic the replication group sends its notifications to."
    }
  }
}

# Asynchronous events (notifications, schedule) that failed after retries or expired.
resource "aws_sqs_queue" "failures" {
  #checkov:skip=CKV_AWS_27:The queue uses SQS-managed server-side encryption (SSE-SQS); a customer key would need a key policy for Lambda.
  count = var.create ? 1 : 0

  name                      = local.failure_queue_name
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true

  tags = var.tags
}

resource "aws_lambda_function_event_invoke_config" "this" {
  count = var.create ? 1 : 0

  function_name                = aws_lambda_function.this[0].function_name
  maximum_event_age_in_seconds = var.lambda_maximum_event_age_in_seconds
  maximum_retry_attempts       = 2

  destination_config {
    on_failure {
      destination = aws_sqs_queue.failures[0].arn
    }
  }

  depends_on = [
    aws_iam_role_policy.this,
  ]
}

resource "aws_lambda_invocation" "this" {
  count = var.create && var.reconcile_on_apply ? 1 : 0

  function_name = aws_lambda_function.this[0].function_name
  input = jsonencode({
    trigger     = "terraform"
    config      = sha256(jsonencode({ environment = local.environment, package = local.source_code_hash }))
    environment = local.environment
  })
  lifecycle_scope = "CRUD"
  terraform_key   = "tf"

  depends_on = [
    aws_iam_role_policy.this,
    aws_iam_role_policy.records,
    aws_cloudwatch_log_group.this,
    aws_lambda_function_event_invoke_config.this,
  ]
}

################################################################################
# Triggers: ElastiCache notifications and schedule
################################################################################

resource "aws_sns_topic_subscription" "this" {
  count = var.create ? 1 : 0

  topic_arn = local.topic_arn
  protocol  = "lambda"
  endpoint  = aws_lambda_function.this[0].arn

  depends_on = [
    aws_lambda_invocation.this,
  ]
}

resource "aws_lambda_permission" "sns" {
  count = var.create ? 1 : 0

  statement_id  = "ElastiCacheNotifications"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this[0].function_name
  principal     = "sns.amazonaws.com"
  source_arn    = local.topic_arn
}

resource "aws_cloudwatch_event_rule" "schedule" {
  count = var.create && var.create_schedule && var.reconcile_schedule != null ? 1 : 0

  name                = "${local.name}-reconcile"
  description         = "Drift correction of the read replica DNS names of ElastiCache replication group ${var.replication_group_id}"
  schedule_expression = var.reconcile_schedule

  tags = var.tags
}

resource "aws_cloudwatch_event_target" "schedule" {
  count = var.create && var.create_schedule && var.reconcile_schedule != null ? 1 : 0

  rule      = aws_cloudwatch_event_rule.schedule[0].name
  target_id = "reconciler"
  arn       = aws_lambda_function.this[0].arn

  depends_on = [
    aws_lambda_invocation.this,
  ]
}

resource "aws_lambda_permission" "schedule" {
  count = var.create && var.create_schedule && var.reconcile_schedule != null ? 1 : 0

  statement_id  = "Schedule"
  action        = "lambda:InvokeFunction"
  function_name = aws_lambda_function.this[0].function_name
  principal     = "events.amazonaws.com"
  source_arn    = aws_cloudwatch_event_rule.schedule[0].arn
}

################################################################################
# Alarms
################################################################################

resource "aws_cloudwatch_metric_alarm" "errors" {
  count = var.create && var.create_alarms ? 1 : 0

  alarm_name        = "${local.name}-errors"
  alarm_description = "The replica DNS reconciler ${local.name} failed; see its log group /aws/lambda/${local.name}."
  namespace         = "AWS/Lambda"
  metric_name       = "Errors"
  dimensions = {
    FunctionName = aws_lambda_function.this[0].function_name
  }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "failures" {
  count = var.create && var.create_alarms ? 1 : 0

  alarm_name        = "${local.name}-failures"
  alarm_description = "Events for the replica DNS reconciler ${local.name} failed or expired; they are in the SQS queue ${local.name}-failures."
  namespace         = "AWS/SQS"
  metric_name       = "ApproximateNumberOfMessagesVisible"
  dimensions = {
    QueueName = aws_sqs_queue.failures[0].name
  }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions

  tags = var.tags
}

resource "aws_cloudwatch_metric_alarm" "conflicts" {
  count = var.create && var.create_alarms ? 1 : 0

  alarm_name        = "${local.name}-conflicts"
  alarm_description = "A name the replica DNS reconciler ${local.name} must keep is held by a record it does not own; the conflicts field of its log lines in /aws/lambda/${local.name} says which and why."
  namespace         = "ElastiCacheReplicaDns"
  metric_name       = "Conflicts"
  dimensions = {
    ReplicationGroupId = var.replication_group_id
  }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = var.alarm_actions
  ok_actions          = var.alarm_actions

  tags = var.tags
}

################################################################################
# Client endpoints
################################################################################

# For the client_endpoints output: read after the reconcile at apply, so a group created alongside exists by then.
data "aws_elasticache_replication_group" "this" {
  count = var.create && var.reconcile_on_apply ? 1 : 0

  replication_group_id = var.replication_group_id

  depends_on = [
    aws_lambda_invocation.this,
  ]
}

locals {
  client_port         = one(data.aws_elasticache_replication_group.this[*].port)
  client_primary_host = one(data.aws_elasticache_replication_group.this[*].primary_endpoint_address)
  client_reader_host  = one(data.aws_elasticache_replication_group.this[*].reader_endpoint_address)
  client_tls          = local.client_primary_host == null ? null : startswith(local.client_primary_host, "master.")
}
