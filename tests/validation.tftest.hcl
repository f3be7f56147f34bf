# Inputs the root module rejects: at least one failing case per `validation` block of the root
# variables.tf (scripts/terraform-checks.sh fails when a validation block has none, counting
# `expect_failures` by variable name), with several cases where a rule has several ways to fail.
# Each run expects exactly its variable's validation to fail, and nothing else.
#
# This file, with inputs.tftest.hcl, is the authoritative list of validation cases.
#
# Where this runs (scripts/terraform-checks.sh):
# - `terraform test` (Terraform >= 1.7) and `tofu test`, each run planning the root variables.tf
#   alone (tests/fixtures/root-variables, a copy written by `npm run synth`): the validation blocks
#   are evaluated as in the full module, and no provider starts. Against the full module each run
#   started the AWS provider, and Terraform 1.11 keeps the provider of a run whose plan fails until
#   the file ends: 57 processes, about 12 GB, at the peak. The mock provider below is the block
#   every test file carries (the script checks that they are one text).
# - Terraform 1.5.7 (no mock providers): the same cases, read from this file, as
#   `terraform plan -var-file=...` over a directory holding only the root variables.tf; the
#   validation blocks are what is evaluated there (assertions are not).
#
# Keep every value on one line of plain HCL (strings, numbers, bools, null, lists): the Terraform
# 1.5.7 case runner reads the cases from this file.

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

# Valid values for everything a run does not set (see inputs.tftest.hcl).
variables {
  replication_group_id = "orders"
  zone_name            = "cache.example.internal"
  vpc_ids              = ["vpc-0123456789abcdef0"]
}

# ElastiCache stores IDs in lowercase.
run "replication_group_id_uppercase" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    replication_group_id = "Orders"
  }

  expect_failures = [var.replication_group_id]
}

run "replication_group_id_trailing_hyphen" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    replication_group_id = "orders-"
  }

  expect_failures = [var.replication_group_id]
}

run "replication_group_id_double_hyphen" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    replication_group_id = "or--ders"
  }

  expect_failures = [var.replication_group_id]
}

run "replication_group_id_leading_digit" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    replication_group_id = "1orders"
  }

  expect_failures = [var.replication_group_id]
}

run "replication_group_id_empty" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    replication_group_id = ""
  }

  expect_failures = [var.replication_group_id]
}

run "replication_group_id_41_characters" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    replication_group_id = "a2345678901234567890123456789012345678901"
  }

  expect_failures = [var.replication_group_id]
}

# 52 is the longest (inputs.tftest.hcl).
run "name_prefix_53_characters" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    name_prefix = "Orders_dns-1-abcdefghijklmnopqrstuvwxyz-0123456789abc"
  }

  expect_failures = [var.name_prefix]
}

run "name_prefix_dot" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    name_prefix = "orders.dns"
  }

  expect_failures = [var.name_prefix]
}

run "owner_id_space" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    owner_id = "team orders"
  }

  expect_failures = [var.owner_id]
}

run "owner_id_65_characters" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    owner_id = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
  }

  expect_failures = [var.owner_id]
}

run "zone_name_empty_label" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    zone_name = "cache..internal"
  }

  expect_failures = [var.zone_name]
}

run "zone_name_64_character_label" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    zone_name = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.internal"
  }

  expect_failures = [var.zone_name]
}

run "zone_name_leading_hyphen" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    zone_name = "-cache.example.internal"
  }

  expect_failures = [var.zone_name]
}

run "vpc_ids_not_a_vpc_id" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    vpc_ids = ["vpc-xyz"]
  }

  expect_failures = [var.vpc_ids]
}

run "vpc_ids_one_of_two_invalid" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    vpc_ids = ["vpc-0123456789abcdef0", "subnet-12345678"]
  }

  expect_failures = [var.vpc_ids]
}

run "zone_id_lowercase" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    zone_id = "z123"
  }

  expect_failures = [var.zone_id]
}

run "zone_id_prefix_without_leading_slash" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    zone_id = "hostedzone/Z0123ABC"
  }

  expect_failures = [var.zone_id]
}

run "record_name_template_without_n" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    record_name_template = "read.cache.example.internal"
  }

  expect_failures = [var.record_name_template]
}

run "record_name_template_n_twice" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    record_name_template = "read{n}{n}.cache.example.internal"
  }

  expect_failures = [var.record_name_template]
}

run "record_name_template_empty_label" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    record_name_template = "read{n}..cache.example.internal"
  }

  expect_failures = [var.record_name_template]
}

run "record_name_template_space" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    record_name_template = "read {n}.cache.example.internal"
  }

  expect_failures = [var.record_name_template]
}

run "az_record_name_template_with_n" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    az_record_name_template = "read-{n}.cache.example.internal"
  }

  expect_failures = [var.az_record_name_template]
}

run "az_record_name_template_az_twice" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    az_record_name_template = "{az}.read-{az}.cache.example.internal"
  }

  expect_failures = [var.az_record_name_template]
}

run "record_ttl_fraction" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    record_ttl = 1.5
  }

  expect_failures = [var.record_ttl]
}

run "record_ttl_negative" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    record_ttl = -1
  }

  expect_failures = [var.record_ttl]
}

run "record_ttl_above_one_day" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    record_ttl = 86401
  }

  expect_failures = [var.record_ttl]
}

run "record_count_17" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    record_count = 17
  }

  expect_failures = [var.record_count]
}

run "record_count_negative" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    record_count = -1
  }

  expect_failures = [var.record_count]
}

run "record_count_fraction" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    record_count = 2.5
  }

  expect_failures = [var.record_count]
}

# ElastiCache cannot publish to FIFO topics.
run "topic_name_fifo" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    topic_name = "events.fifo"
  }

  expect_failures = [var.topic_name]
}

run "topic_arn_of_a_queue" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    topic_arn = "arn:aws:sqs:eu-west-1:123456789012:cache-events"
  }

  expect_failures = [var.topic_arn]
}

run "topic_arn_without_account" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    topic_arn = "arn:aws:sns:eu-west-1::cache-events"
  }

  expect_failures = [var.topic_arn]
}

run "reconcile_schedule_plural_for_one" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    reconcile_schedule = "rate(1 minutes)"
  }

  expect_failures = [var.reconcile_schedule]
}

run "reconcile_schedule_singular_for_many" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    reconcile_schedule = "rate(5 minute)"
  }

  expect_failures = [var.reconcile_schedule]
}

run "reconcile_schedule_cron_five_fields" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    reconcile_schedule = "cron(0/10 * * * ?)"
  }

  expect_failures = [var.reconcile_schedule]
}

run "reconcile_schedule_prose" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    reconcile_schedule = "every 5 minutes"
  }

  expect_failures = [var.reconcile_schedule]
}

# deprecated since 2026-04-30.
run "lambda_runtime_deprecated" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    lambda_runtime = "nodejs20.x"
  }

  expect_failures = [var.lambda_runtime]
}

run "lambda_architecture_arm" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    lambda_architecture = "arm"
  }

  expect_failures = [var.lambda_architecture]
}

run "lambda_memory_size_below_128" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    lambda_memory_size = 64
  }

  expect_failures = [var.lambda_memory_size]
}

run "lambda_memory_size_above_10240" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    lambda_memory_size = 10241
  }

  expect_failures = [var.lambda_memory_size]
}

run "lambda_timeout_below_3" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    lambda_timeout = 2
  }

  expect_failures = [var.lambda_timeout]
}

run "lambda_timeout_above_900" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    lambda_timeout = 901
  }

  expect_failures = [var.lambda_timeout]
}

run "lambda_maximum_event_age_below_60" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    lambda_maximum_event_age_in_seconds = 30
  }

  expect_failures = [var.lambda_maximum_event_age_in_seconds]
}

run "lambda_maximum_event_age_above_21600" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    lambda_maximum_event_age_in_seconds = 21601
  }

  expect_failures = [var.lambda_maximum_event_age_in_seconds]
}

run "role_permissions_boundary_not_an_arn" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    role_permissions_boundary = "boundary"
  }

  expect_failures = [var.role_permissions_boundary]
}

run "role_permissions_boundary_role_arn" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    role_permissions_boundary = "arn:aws:iam::123456789012:role/boundary"
  }

  expect_failures = [var.role_permissions_boundary]
}

run "cloudwatch_logs_retention_unsupported" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    cloudwatch_logs_retention_in_days = 2
  }

  expect_failures = [var.cloudwatch_logs_retention_in_days]
}

run "cloudwatch_logs_kms_key_alias" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    cloudwatch_logs_kms_key_arn = "alias/logs"
  }

  expect_failures = [var.cloudwatch_logs_kms_key_arn]
}

run "cloudwatch_logs_kms_key_alias_arn" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    cloudwatch_logs_kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:alias/logs"
  }

  expect_failures = [var.cloudwatch_logs_kms_key_arn]
}

run "alarm_actions_not_an_arn" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    alarm_actions = ["alerts"]
  }

  expect_failures = [var.alarm_actions]
}

run "zone_role_arn_accepted" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    create_zone   = false
    zone_id       = "Z0123456789ABCDEFGHIJ"
    zone_role_arn = "arn:aws:iam::222222222222:role/dns/orders-replica-dns-zone"
  }
}

run "zone_role_arn_not_an_arn" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    zone_role_arn = "orders-replica-dns-zone"
  }

  expect_failures = [var.zone_role_arn]
}

run "zone_role_arn_user_arn" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    zone_role_arn = "arn:aws:iam::222222222222:user/orders"
  }

  expect_failures = [var.zone_role_arn]
}

run "primary_record_name_with_placeholder" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    primary_record_name = "primary{n}.cache.example.internal"
  }

  expect_failures = [var.primary_record_name]
}

run "primary_record_name_marker" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    primary_record_name = "_owner.read1.cache.example.internal"
  }

  expect_failures = [var.primary_record_name]
}

run "reader_record_name_empty_label" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    reader_record_name = "reader..cache.example.internal"
  }

  expect_failures = [var.reader_record_name]
}

run "availability_zones_not_a_zone" {
  command = plan

  module {
    source = "./tests/fixtures/root-variables"
  }

  variables {
    availability_zones = ["eu west 1a"]
  }

  expect_failures = [var.availability_zones]
}
