# Plan-time assertions on the full root module with a mocked AWS provider: what users rely on
# (the record_names output, the IAM condition values, reserved concurrency 1, no SSE on the
# created topic, the schedule) and the cross-variable preconditions (main.tf, zone.tf). Zones and
# topics made in the same configuration (IDs unknown at plan) are in unknown_ids.tftest.hcl.
#
# Run by scripts/terraform-checks.sh with `terraform test` (Terraform >= 1.7) and `tofu test`
# (OpenTofu); Terraform 1.5.7 has no mock providers. The two binaries mock differently at plan:
# Terraform leaves computed attributes unknown (mock values only at apply), OpenTofu makes them
# up at plan, from the defaults below or at random. So assertions here use configured values
# only, and the defaults are valid values for every computed attribute the provider validates
# when it is passed on (ARNs, JSON policy documents).

mock_provider "aws" {
  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }

  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
    }
  }

  # aws_iam_role and aws_sns_topic_policy reject a policy that is not a JSON object.
  mock_data "aws_iam_policy_document" {
    defaults = {
      json = "{\"Version\":\"2012-10-17\",\"Statement\":[]}"
    }
  }

  # The examples place two subnets in the first two zones.
  mock_data "aws_availability_zones" {
    defaults = {
      names = ["eu-west-1a", "eu-west-1b", "eu-west-1c"]
    }
  }

  mock_data "aws_route53_zone" {
    defaults = {
      name = "cache.example.internal"
    }
  }

  mock_resource "aws_vpc" {
    defaults = {
      id = "vpc-0123456789abcdef0"
    }
  }

  mock_resource "aws_route53_zone" {
    defaults = {
      zone_id = "Z0123456789MOCKZONE"
    }
  }

  mock_resource "aws_sns_topic" {
    defaults = {
      arn = "arn:aws:sns:eu-west-1:123456789012:mock-topic"
    }
  }

  mock_resource "aws_iam_role" {
    defaults = {
      arn = "arn:aws:iam::123456789012:role/mock-role"
    }
  }

  mock_resource "aws_cloudwatch_log_group" {
    defaults = {
      arn = "arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/mock"
    }
  }

  mock_resource "aws_sqs_queue" {
    defaults = {
      arn = "arn:aws:sqs:eu-west-1:123456789012:mock-failures"
    }
  }

  mock_resource "aws_lambda_function" {
    defaults = {
      arn = "arn:aws:lambda:eu-west-1:123456789012:function:mock"
    }
  }

  mock_resource "aws_cloudwatch_event_rule" {
    defaults = {
      arn = "arn:aws:events:eu-west-1:123456789012:rule/mock-reconcile"
    }
  }
}

variables {
  replication_group_id = "orders"
  zone_name            = "Cache.Example.Internal."
  vpc_ids              = ["vpc-0123456789abcdef0"]
}

run "record_names_one_per_replica" {
  command = plan

  assert {
    condition     = tolist(output.record_names) == tolist([for n in range(1, 6) : "read${n}.cache.example.internal"])
    error_message = "Default names: read1..read5 in the zone, lowercase, no trailing dot."
  }

  assert {
    condition     = output.zone_name == "cache.example.internal" && output.owner_id == "orders-replica-dns"
    error_message = "zone_name is normalized; owner_id defaults to the name prefix."
  }
}

run "record_names_fixed_slots" {
  command = plan

  variables {
    record_count         = 7
    record_name_template = "Replica{n}.CACHE.example.internal."
  }

  assert {
    condition     = tolist(output.record_names) == tolist([for n in range(1, 8) : "replica${n}.cache.example.internal"])
    error_message = "record_count = 7 gives exactly seven names from the normalized template."
  }
}

run "reconciler_function" {
  command = plan

  assert {
    condition     = aws_lambda_function.this[0].reserved_concurrent_executions == 1
    error_message = "Runs must be serialized: reserved concurrency 1."
  }

  assert {
    condition     = aws_lambda_function.this[0].function_name == "orders-replica-dns" && aws_lambda_function.this[0].runtime == "nodejs22.x" && tolist(aws_lambda_function.this[0].architectures) == tolist(["arm64"])
    error_message = "Default function: orders-replica-dns, nodejs22.x on arm64."
  }

  # HOSTED_ZONE_ID is the created zone's ID, unknown at plan (see existing_zone_and_topic).
  assert {
    condition = { for k, v in aws_lambda_function.this[0].environment[0].variables : k => v if k != "HOSTED_ZONE_ID" } == {
      REPLICATION_GROUP_ID = "orders"
      HOSTED_ZONE_NAME     = "cache.example.internal"
      RECORD_NAME_TEMPLATE = "read{n}.cache.example.internal"
      RECORD_TTL           = "10"
      RECORD_COUNT         = "0"
      OWNER_ID             = "orders-replica-dns"
      DRY_RUN              = "false"
    } && contains(keys(aws_lambda_function.this[0].environment[0].variables), "HOSTED_ZONE_ID")
    error_message = "The reconciler's environment is its configuration contract (docs/contracts.md)."
  }

  assert {
    condition     = aws_lambda_invocation.this[0].lifecycle_scope == "CRUD"
    error_message = "The reconciler runs at apply and at destroy."
  }

  assert {
    condition     = aws_sqs_queue.failures[0].sqs_managed_sse_enabled == true
    error_message = "The failure queue is encrypted (SSE-SQS)."
  }
}

run "iam_writes_only_owned_names" {
  command = plan

  # The one statement that may change records.
  assert {
    condition = toset(flatten([
      for s in data.aws_iam_policy_document.records[0].statement : [
        for c in s.condition : c.values if c.test == "ForAllValues:StringEquals" && c.variable == "route53:ChangeResourceRecordSetsNormalizedRecordNames"
      ] if s.sid == "WriteOwnedRecords"
      ])) == toset(flatten([
      for n in range(1, 17) : ["read${n}.cache.example.internal", "_owner.read${n}.cache.example.internal"]
    ]))
    error_message = "The reconciler may write slots 1..16 and their ownership markers, and no other name."
  }

  assert {
    condition = toset(flatten([
      for s in data.aws_iam_policy_document.records[0].statement : [
        for c in s.condition : c.values if c.variable == "route53:ChangeResourceRecordSetsRecordTypes" && c.test == "ForAllValues:StringEquals"
      ] if s.sid == "WriteOwnedRecords"
    ])) == toset(["CNAME", "TXT"])
    error_message = "Record types: CNAME and TXT only."
  }

  assert {
    condition = toset(flatten([
      for s in data.aws_iam_policy_document.records[0].statement : [
        for c in s.condition : c.values if c.variable == "route53:ChangeResourceRecordSetsActions" && c.test == "ForAllValues:StringEquals"
      ] if s.sid == "WriteOwnedRecords"
    ])) == toset(["CREATE", "DELETE"])
    error_message = "Actions: CREATE and DELETE only (the reconciler never UPSERTs)."
  }

  assert {
    condition = length(flatten([
      for s in data.aws_iam_policy_document.records[0].statement : [
        for c in s.condition : c if c.test == "Null" && tolist(c.values) == tolist(["false"])
      ] if s.sid == "WriteOwnedRecords"
    ])) == 3
    error_message = "The three ForAllValues conditions are each paired with a Null check, so a request without the key is denied."
  }
}

# The region of the ElastiCache ARNs is read from the log group's ARN (no data.aws_region: its
# attributes are deprecated in AWS provider 6.x), known once the log group exists: applied, with
# the mocked provider (the log group's ARN is the mock default above).
run "iam_reads_only_the_group" {
  command = apply

  assert {
    condition = toset(flatten([
      for s in data.aws_iam_policy_document.reconciler[0].statement : s.resources if contains(["ReadReplicationGroup", "ReadMemberClusters"], s.sid)
      ])) == toset([
      "arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:orders",
      "arn:aws:elasticache:eu-west-1:123456789012:cluster:orders-*",
    ])
    error_message = "ElastiCache reads are scoped to the group and its member clusters."
  }
}

run "iam_az_names_are_a_pattern" {
  command = plan

  variables {
    az_record_name_template = "Read-{az}.cache.example.internal"
  }

  assert {
    condition = toset(flatten([
      for s in data.aws_iam_policy_document.records[0].statement : [
        for c in s.condition : c.values if c.test == "ForAllValues:StringLike" && c.variable == "route53:ChangeResourceRecordSetsNormalizedRecordNames"
      ] if s.sid == "WriteOwnedRecords"
      ])) == toset(concat(flatten([
        for n in range(1, 17) : ["read${n}.cache.example.internal", "_owner.read${n}.cache.example.internal"]
    ]), ["read-*.cache.example.internal", "_owner.read-*.cache.example.internal"]))
    error_message = "With AZ names the names condition is StringLike, with read-* and its marker added."
  }
}

run "created_topic_without_sse" {
  command = plan

  assert {
    condition     = length(aws_sns_topic.this) == 1 && aws_sns_topic.this[0].kms_master_key_id == null
    error_message = "ElastiCache cannot publish to an encrypted topic: the created topic has no SSE."
  }

  assert {
    condition     = aws_sns_topic.this[0].name == "orders-replica-dns-events"
    error_message = "Default topic name: <name_prefix>-events."
  }

  assert {
    condition = anytrue([
      for s in data.aws_iam_policy_document.topic[0].statement : s.sid == "ElastiCacheNotifications" && anytrue([
        for p in s.principals : p.type == "Service" && contains(p.identifiers, "elasticache.amazonaws.com")
        ]) && anytrue([
        for c in s.condition : c.variable == "AWS:SourceOwner" && tolist(c.values) == tolist(["123456789012"])
      ])
    ])
    error_message = "Only ElastiCache of this account may publish to the topic."
  }
}

run "existing_topic" {
  command = plan

  variables {
    create_topic = false
    topic_arn    = "arn:aws:sns:eu-west-1:123456789012:cache-events"
  }

  assert {
    condition     = length(aws_sns_topic.this) == 0 && output.topic_arn == "arn:aws:sns:eu-west-1:123456789012:cache-events"
    error_message = "With create_topic = false no topic is created and the given one is used."
  }

  assert {
    condition     = aws_sns_topic_subscription.this[0].topic_arn == "arn:aws:sns:eu-west-1:123456789012:cache-events" && aws_sns_topic_subscription.this[0].protocol == "lambda"
    error_message = "The reconciler subscribes to the given topic."
  }
}

# As examples/existing-zone, with literal IDs: no zone or topic created, the given ones used (with
# /hostedzone/ stripped), the name looked up.
run "existing_zone_looked_up" {
  command = plan

  variables {
    create_zone  = false
    zone_id      = "/hostedzone/Z0123456789ABCDEFGHIJ"
    zone_name    = null
    vpc_ids      = []
    create_topic = false
    topic_arn    = "arn:aws:sns:eu-west-1:123456789012:cache-events"
  }

  assert {
    condition     = length(aws_route53_zone.this) == 0 && length(data.aws_route53_zone.this) == 1 && data.aws_route53_zone.this[0].zone_id == "Z0123456789ABCDEFGHIJ"
    error_message = "With create_zone = false and no zone_name, the zone is looked up by its ID, without /hostedzone/."
  }

  assert {
    condition     = output.zone_id == "Z0123456789ABCDEFGHIJ" && aws_lambda_function.this[0].environment[0].variables["HOSTED_ZONE_ID"] == "Z0123456789ABCDEFGHIJ"
    error_message = "The reconciler gets the given zone's ID, without /hostedzone/."
  }

  assert {
    condition = toset(flatten([
      for s in data.aws_iam_policy_document.records[0].statement : s.resources if contains(["ReadZone", "WriteOwnedRecords"], s.sid)
    ])) == toset(["arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ"])
    error_message = "The reconciler may read and write the given zone only."
  }

  assert {
    condition     = aws_lambda_permission.sns[0].source_arn == "arn:aws:sns:eu-west-1:123456789012:cache-events" && aws_lambda_permission.sns[0].principal == "sns.amazonaws.com"
    error_message = "Only the given topic may invoke the reconciler through SNS."
  }
}

run "existing_zone_with_name" {
  command = plan

  variables {
    create_zone          = false
    zone_id              = "Z0123456789ABCDEFGHIJ"
    zone_name            = "Example.Internal."
    vpc_ids              = []
    record_name_template = "cache-replica-{n}.example.internal"
  }

  assert {
    condition     = length(data.aws_route53_zone.this) == 0 && length(aws_route53_zone.this) == 0
    error_message = "With the zone name given, there is no lookup (the names are known at plan)."
  }

  assert {
    condition     = tolist(output.record_names) == tolist([for n in range(1, 6) : "cache-replica-${n}.example.internal"])
    error_message = "Names from the template, in the given zone."
  }

  assert {
    condition = toset(flatten([
      for s in data.aws_iam_policy_document.records[0].statement : [
        for c in s.condition : c.values if c.test == "ForAllValues:StringEquals" && c.variable == "route53:ChangeResourceRecordSetsNormalizedRecordNames"
      ] if s.sid == "WriteOwnedRecords"
      ])) == toset(flatten([
      for n in range(1, 17) : ["cache-replica-${n}.example.internal", "_owner.cache-replica-${n}.example.internal"]
    ]))
    error_message = "The writable names follow the template."
  }
}

run "schedule" {
  command = plan

  assert {
    condition     = aws_cloudwatch_event_rule.schedule[0].schedule_expression == "rate(5 minutes)"
    error_message = "Drift correction every 5 minutes by default."
  }

  assert {
    condition     = aws_cloudwatch_event_rule.schedule[0].name == "orders-replica-dns-reconcile" && aws_cloudwatch_event_target.schedule[0].target_id == "reconciler"
    error_message = "The schedule rule targets the reconciler."
  }

  assert {
    condition     = aws_lambda_permission.schedule[0].principal == "events.amazonaws.com" && aws_lambda_permission.schedule[0].action == "lambda:InvokeFunction"
    error_message = "EventBridge may invoke the reconciler."
  }
}

run "schedule_custom" {
  command = plan

  variables {
    reconcile_schedule = "cron(0/10 * * * ? *)"
  }

  assert {
    condition     = aws_cloudwatch_event_rule.schedule[0].schedule_expression == "cron(0/10 * * * ? *)"
    error_message = "reconcile_schedule is the rule's schedule expression."
  }
}

run "schedule_disabled" {
  command = plan

  variables {
    reconcile_schedule = null
  }

  assert {
    condition     = length(aws_cloudwatch_event_rule.schedule) == 0 && length(aws_lambda_permission.schedule) == 0
    error_message = "reconcile_schedule = null creates no schedule."
  }
}

run "create_nothing" {
  command = plan

  variables {
    create = false
  }

  assert {
    condition     = length(aws_lambda_function.this) == 0 && length(aws_route53_zone.this) == 0 && length(aws_sns_topic.this) == 0 && length(aws_iam_role.this) == 0
    error_message = "create = false creates nothing."
  }
}

# Cross-variable rules: lifecycle preconditions in main.tf and zone.tf (variable validations may
# only refer to their own variable in Terraform 1.5.7).

run "created_zone_needs_a_vpc" {
  command = plan

  variables {
    vpc_ids = []
  }

  expect_failures = [aws_route53_zone.this]
}

run "existing_zone_needs_zone_id" {
  command = plan

  variables {
    create_zone = false
    vpc_ids     = []
  }

  expect_failures = [aws_lambda_function.this]
}

run "existing_zone_lookup_needs_zone_id" {
  command = plan

  variables {
    create_zone = false
    zone_name   = null
    vpc_ids     = []
  }

  expect_failures = [data.aws_route53_zone.this]
}

run "existing_topic_needs_topic_arn" {
  command = plan

  variables {
    create_topic = false
  }

  expect_failures = [aws_lambda_function.this]
}

run "record_names_must_lie_in_the_zone" {
  command = plan

  variables {
    record_name_template = "read{n}.other.internal"
  }

  expect_failures = [aws_lambda_function.this]
}

run "az_names_must_lie_in_the_zone" {
  command = plan

  variables {
    az_record_name_template = "read-{az}.other.internal"
  }

  expect_failures = [aws_lambda_function.this]
}

# The zone in another account: Route 53 only through the zone role.

run "zone_role_replaces_route53_permissions" {
  command = plan

  variables {
    create_zone   = false
    zone_id       = "Z0123456789ABCDEFGHIJ"
    vpc_ids       = []
    zone_role_arn = "arn:aws:iam::222222222222:role/orders-replica-dns-zone"
  }

  assert {
    condition     = toset([for s in concat(data.aws_iam_policy_document.reconciler[0].statement, data.aws_iam_policy_document.records[0].statement) : s.sid]) == toset(["ReadReplicationGroup", "ReadMemberClusters", "WriteLogs", "SendFailedEvents", "AssumeZoneRole"])
    error_message = "With zone_role_arn the reconciler's role has no Route 53 permission, only sts:AssumeRole."
  }

  assert {
    condition = alltrue([
      for s in data.aws_iam_policy_document.records[0].statement : tolist(s.actions) == tolist(["sts:AssumeRole"]) && tolist(s.resources) == tolist(["arn:aws:iam::222222222222:role/orders-replica-dns-zone"]) if s.sid == "AssumeZoneRole"
    ])
    error_message = "sts:AssumeRole on exactly the zone role."
  }

  assert {
    condition     = aws_lambda_function.this[0].environment[0].variables.ZONE_ROLE_ARN == "arn:aws:iam::222222222222:role/orders-replica-dns-zone" && aws_lambda_function.this[0].environment[0].variables.HOSTED_ZONE_ID == "Z0123456789ABCDEFGHIJ"
    error_message = "The reconciler gets the zone role in its environment."
  }

  assert {
    condition     = length(data.aws_route53_zone.this) == 0 && length(aws_route53_zone.this) == 0
    error_message = "No zone is created or looked up in this account."
  }
}

run "without_zone_role_no_sts" {
  command = plan

  assert {
    condition     = toset([for s in concat(data.aws_iam_policy_document.reconciler[0].statement, data.aws_iam_policy_document.records[0].statement) : s.sid]) == toset(["ReadReplicationGroup", "ReadMemberClusters", "ReadZone", "WriteOwnedRecords", "WriteLogs", "SendFailedEvents"])
    error_message = "Without zone_role_arn: the Route 53 statements, no sts:AssumeRole."
  }

  assert {
    condition     = !contains(keys(aws_lambda_function.this[0].environment[0].variables), "ZONE_ROLE_ARN")
    error_message = "No ZONE_ROLE_ARN without a zone role."
  }
}

run "zone_role_needs_an_existing_zone" {
  command = plan

  variables {
    zone_role_arn = "arn:aws:iam::222222222222:role/orders-replica-dns-zone"
  }

  expect_failures = [aws_lambda_function.this]
}

run "zone_role_needs_the_zone_name" {
  command = plan

  variables {
    create_zone   = false
    zone_id       = "Z0123456789ABCDEFGHIJ"
    zone_name     = null
    vpc_ids       = []
    zone_role_arn = "arn:aws:iam::222222222222:role/orders-replica-dns-zone"
  }

  expect_failures = [aws_lambda_function.this]
}
