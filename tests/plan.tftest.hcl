# Plan-time assertions on the full root module with a mocked AWS provider: what users rely on
# (the record_names output, the IAM condition values, reserved concurrency 1, no SSE on the
# created topic) and the cross-variable preconditions in main.tf.
#
# NOT RUN YET IN THIS REPOSITORY. A mock provider still needs the provider binary (OpenTofu asks
# it for its schema), and no AWS provider can be built here: the Go module proxy refuses every
# v5/v6 pseudo-version of github.com/hashicorp/terraform-provider-aws (the list is in
# scripts/toolchain/install.sh). scripts/terraform-checks.sh runs this file only when the
# toolchain's filesystem mirror holds hashicorp/aws, and prints SKIPPED otherwise. Written against
# the provider's schema as read from its source (aws_iam_policy_document: statement is a list,
# condition a set, values a list; aws_sns_topic.kms_master_key_id is optional, not computed, so a
# mock leaves it null; lists are compared with tolist() on both sides, since a list never equals
# a tuple), so expect to adjust details the first time it runs. Needs OpenTofu >= 1.8
# (mock values at plan time); Terraform 1.5.7 has no `terraform test`.

mock_provider "aws" {
  mock_data "aws_partition" {
    defaults = {
      partition = "aws"
    }
  }

  mock_data "aws_region" {
    defaults = {
      id = "eu-west-1"
    }
  }

  mock_data "aws_caller_identity" {
    defaults = {
      account_id = "123456789012"
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

  assert {
    condition = aws_lambda_function.this[0].environment[0].variables == tomap({
      REPLICATION_GROUP_ID = "orders"
      HOSTED_ZONE_ID       = aws_route53_zone.this[0].zone_id
      HOSTED_ZONE_NAME     = "cache.example.internal"
      RECORD_NAME_TEMPLATE = "read{n}.cache.example.internal"
      RECORD_TTL           = "10"
      RECORD_COUNT         = "0"
      OWNER_ID             = "orders-replica-dns"
      DRY_RUN              = "false"
    })
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
      for s in data.aws_iam_policy_document.reconciler[0].statement : [
        for c in s.condition : c.values if c.test == "ForAllValues:StringEquals" && c.variable == "route53:ChangeResourceRecordSetsNormalizedRecordNames"
      ] if s.sid == "WriteOwnedRecords"
      ])) == toset(flatten([
      for n in range(1, 17) : ["read${n}.cache.example.internal", "_owner.read${n}.cache.example.internal"]
    ]))
    error_message = "The reconciler may write slots 1..16 and their ownership markers, and no other name."
  }

  assert {
    condition = toset(flatten([
      for s in data.aws_iam_policy_document.reconciler[0].statement : [
        for c in s.condition : c.values if c.variable == "route53:ChangeResourceRecordSetsRecordTypes" && c.test == "ForAllValues:StringEquals"
      ] if s.sid == "WriteOwnedRecords"
    ])) == toset(["CNAME", "TXT"])
    error_message = "Record types: CNAME and TXT only."
  }

  assert {
    condition = toset(flatten([
      for s in data.aws_iam_policy_document.reconciler[0].statement : [
        for c in s.condition : c.values if c.variable == "route53:ChangeResourceRecordSetsActions" && c.test == "ForAllValues:StringEquals"
      ] if s.sid == "WriteOwnedRecords"
    ])) == toset(["CREATE", "DELETE"])
    error_message = "Actions: CREATE and DELETE only (the reconciler never UPSERTs)."
  }

  assert {
    condition = length(flatten([
      for s in data.aws_iam_policy_document.reconciler[0].statement : [
        for c in s.condition : c if c.test == "Null" && tolist(c.values) == tolist(["false"])
      ] if s.sid == "WriteOwnedRecords"
    ])) == 3
    error_message = "The three ForAllValues conditions are each paired with a Null check, so a request without the key is denied."
  }

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
      for s in data.aws_iam_policy_document.reconciler[0].statement : [
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

run "schedule" {
  command = plan

  assert {
    condition     = aws_cloudwatch_event_rule.schedule[0].schedule_expression == "rate(5 minutes)"
    error_message = "Drift correction every 5 minutes by default."
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

# Cross-variable rules: lifecycle preconditions in main.tf (variable validations may only refer to
# their own variable in Terraform 1.5.7).

run "created_zone_needs_a_vpc" {
  command = plan

  variables {
    vpc_ids = []
  }

  expect_failures = [aws_route53_zone.this]
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
