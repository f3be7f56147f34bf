# Inputs modules/reconciler accepts and rejects: passing runs for the defaults and typical values,
# and at least one failing case per `validation` block of its variables.tf (scripts/terraform-checks.sh
# fails when a validation block has none). The variety of bad values is in ../../validation.tftest.hcl
# (the root module's rules, which this submodule shares); here one case per rule.
#
# Run by scripts/terraform-checks.sh: `terraform test` (Terraform >= 1.7) and `tofu test` of
# modules/reconciler itself, with the mock provider below (that of ../../plan.tftest.hcl); and, for
# Terraform 1.5.7, each case as `terraform plan` over modules/reconciler/variables.tf alone.
#
# Keep every value on one line of plain HCL: the Terraform 1.5.7 case runner reads the cases here.

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

# Valid values for everything a run does not set.
variables {
  replication_group_id = "orders"
  zone_id              = "Z0123456789ABCDEFGHIJ"
  zone_name            = "cache.example.internal"
  topic_arn            = "arn:aws:sns:eu-west-1:123456789012:orders-replica-dns-events"
}

run "defaults" {
  command = plan
}

run "typical" {
  command = plan

  variables {
    name_prefix                         = "orders-dns"
    owner_id                            = "team.orders"
    zone_id                             = "/hostedzone/Z0123ABC"
    zone_name                           = "Cache.Example.Internal."
    record_name_template                = "replica{n}.cache.example.internal"
    az_record_name_template             = "read-{az}.cache.example.internal"
    record_ttl                          = 30
    record_count                        = 7
    fallback_to_primary                 = false
    reconcile_schedule                  = "cron(0/10 * * * ? *)"
    lambda_runtime                      = "nodejs22.x"
    lambda_architecture                 = "x86_64"
    lambda_memory_size                  = 256
    lambda_timeout                      = 60
    lambda_maximum_event_age_in_seconds = 600
    role_permissions_boundary           = "arn:aws:iam::123456789012:policy/boundary"
    cloudwatch_logs_retention_in_days   = 14
    cloudwatch_logs_kms_key_arn         = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    alarm_actions                       = ["arn:aws:sns:eu-west-1:123456789012:alerts"]
  }
}

run "without_subscription" {
  command = plan

  variables {
    create_subscription = false
    topic_arn           = null
    reconcile_schedule  = null
  }
}

run "rejects_name_prefix" {
  command = plan

  variables {
    name_prefix = "orders.dns"
  }

  expect_failures = [var.name_prefix]
}

run "rejects_replication_group_id" {
  command = plan

  variables {
    replication_group_id = "Orders"
  }

  expect_failures = [var.replication_group_id]
}

run "rejects_zone_id" {
  command = plan

  variables {
    zone_id = "z123"
  }

  expect_failures = [var.zone_id]
}

run "rejects_zone_name" {
  command = plan

  variables {
    zone_name = "cache..internal"
  }

  expect_failures = [var.zone_name]
}

run "rejects_record_name_template" {
  command = plan

  variables {
    record_name_template = "read.cache.example.internal"
  }

  expect_failures = [var.record_name_template]
}

run "rejects_az_record_name_template" {
  command = plan

  variables {
    az_record_name_template = "read-{n}.cache.example.internal"
  }

  expect_failures = [var.az_record_name_template]
}

run "rejects_record_ttl" {
  command = plan

  variables {
    record_ttl = 86401
  }

  expect_failures = [var.record_ttl]
}

run "rejects_record_count" {
  command = plan

  variables {
    record_count = 17
  }

  expect_failures = [var.record_count]
}

run "rejects_owner_id" {
  command = plan

  variables {
    owner_id = "team orders"
  }

  expect_failures = [var.owner_id]
}

run "rejects_topic_arn" {
  command = plan

  variables {
    topic_arn = "arn:aws:sqs:eu-west-1:123456789012:cache-events"
  }

  expect_failures = [var.topic_arn]
}

run "rejects_reconcile_schedule" {
  command = plan

  variables {
    reconcile_schedule = "rate(5 minute)"
  }

  expect_failures = [var.reconcile_schedule]
}

run "rejects_lambda_runtime" {
  command = plan

  variables {
    lambda_runtime = "nodejs20.x"
  }

  expect_failures = [var.lambda_runtime]
}

run "rejects_lambda_architecture" {
  command = plan

  variables {
    lambda_architecture = "arm"
  }

  expect_failures = [var.lambda_architecture]
}

run "rejects_lambda_memory_size" {
  command = plan

  variables {
    lambda_memory_size = 64
  }

  expect_failures = [var.lambda_memory_size]
}

run "rejects_lambda_timeout" {
  command = plan

  variables {
    lambda_timeout = 901
  }

  expect_failures = [var.lambda_timeout]
}

run "rejects_lambda_maximum_event_age_in_seconds" {
  command = plan

  variables {
    lambda_maximum_event_age_in_seconds = 30
  }

  expect_failures = [var.lambda_maximum_event_age_in_seconds]
}

run "rejects_role_permissions_boundary" {
  command = plan

  variables {
    role_permissions_boundary = "boundary"
  }

  expect_failures = [var.role_permissions_boundary]
}

run "rejects_cloudwatch_logs_retention_in_days" {
  command = plan

  variables {
    cloudwatch_logs_retention_in_days = 2
  }

  expect_failures = [var.cloudwatch_logs_retention_in_days]
}

run "rejects_cloudwatch_logs_kms_key_arn" {
  command = plan

  variables {
    cloudwatch_logs_kms_key_arn = "alias/logs"
  }

  expect_failures = [var.cloudwatch_logs_kms_key_arn]
}

run "rejects_alarm_actions" {
  command = plan

  variables {
    alarm_actions = ["alerts"]
  }

  expect_failures = [var.alarm_actions]
}

run "zone_role_arn" {
  command = plan

  variables {
    zone_role_arn = "arn:aws:iam::222222222222:role/orders-replica-dns-zone"
  }
}

run "rejects_zone_role_arn" {
  command = plan

  variables {
    zone_role_arn = "arn:aws:iam::2222:role/orders-replica-dns-zone"
  }

  expect_failures = [var.zone_role_arn]
}

run "rejects_primary_record_name" {
  command = plan

  variables {
    primary_record_name = "primary cache.example.internal"
  }

  expect_failures = [var.primary_record_name]
}

run "rejects_reader_record_name" {
  command = plan

  variables {
    reader_record_name = "reader-{az}.cache.example.internal"
  }

  expect_failures = [var.reader_record_name]
}
