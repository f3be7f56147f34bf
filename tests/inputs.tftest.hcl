# Inputs the root module accepts: the defaults and typical values, including the edges of every
# range. Every run plans with the values below merged over the file-level `variables`.
#
# Where this runs (scripts/terraform-checks.sh):
# - `terraform test` (Terraform >= 1.7) and `tofu test` of the full root module, with the real AWS
#   provider's schema and the mock provider below (the same block in every test file; the script
#   checks that), so each run plans every resource.
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

# What every run needs: the group, and the private zone to create (the default create_zone = true
# needs a name and at least one VPC; neither is checked by a validation block alone).
variables {
  replication_group_id = "orders"
  zone_name            = "cache.example.internal"
  vpc_ids              = ["vpc-0123456789abcdef0"]
}

run "defaults" {
  command = plan

  assert {
    condition     = var.create && var.create_zone && var.create_topic && var.create_schedule && var.create_alarms && var.reconcile_on_apply
    error_message = "By default the module creates the zone, topic, schedule, alarms and reconciles at apply."
  }

  assert {
    condition     = var.record_ttl == 10 && var.record_count == 0 && var.fallback_to_primary == null && !var.dry_run
    error_message = "Default records: TTL 10 s, one name per replica, fallback decided by record_count, not a dry run."
  }

  assert {
    condition     = var.lambda_runtime == "nodejs22.x" && var.lambda_architecture == "arm64"
    error_message = "Default runtime: nodejs22.x on arm64 (docs/design)."
  }

  assert {
    condition     = var.reconcile_schedule == "rate(5 minutes)" && var.cloudwatch_logs_retention_in_days == 30
    error_message = "Default drift correction every 5 minutes, logs kept 30 days."
  }
}

run "record_name_template" {
  command = plan

  variables {
    record_name_template = "read{n}.cache.example.internal"
  }
}

run "record_name_template_mixed_case_trailing_dot" {
  command = plan

  variables {
    record_name_template = "Read-{n}.Cache.Example.Internal."
  }
}

run "record_name_template_n_inside_label" {
  command = plan

  variables {
    record_name_template = "cache-replica-{n}-ro.cache.example.internal"
  }
}

run "az_record_name_template" {
  command = plan

  variables {
    az_record_name_template = "read-{az}.cache.example.internal"
  }
}

run "fixed_slots_without_fallback" {
  command = plan

  variables {
    record_count        = 3
    fallback_to_primary = false
  }
}

run "lower_bounds" {
  command = plan

  variables {
    record_ttl                          = 0
    record_count                        = 0
    lambda_memory_size                  = 128
    lambda_timeout                      = 3
    lambda_maximum_event_age_in_seconds = 60
    cloudwatch_logs_retention_in_days   = 0
  }
}

run "upper_bounds" {
  command = plan

  variables {
    record_ttl                          = 86400
    record_count                        = 16
    lambda_memory_size                  = 10240
    lambda_timeout                      = 900
    lambda_maximum_event_age_in_seconds = 21600
    cloudwatch_logs_retention_in_days   = 3653
  }
}

run "schedule_rate_one_minute" {
  command = plan

  variables {
    reconcile_schedule = "rate(1 minute)"
  }
}

run "schedule_rate_hours" {
  command = plan

  variables {
    reconcile_schedule = "rate(12 hours)"
  }
}

run "schedule_cron" {
  command = plan

  variables {
    reconcile_schedule = "cron(0/10 * * * ? *)"
  }
}

run "schedule_disabled" {
  command = plan

  variables {
    reconcile_schedule = null
  }
}

# nodejs24.x: tests/provider/runtime_nodejs24.tftest.hcl (the AWS provider decides).
run "architecture_x86_64" {
  command = plan

  variables {
    lambda_architecture = "x86_64"
  }
}

# As examples/existing-zone: an existing zone and topic.
run "existing_zone_and_topic" {
  command = plan

  variables {
    create_zone          = false
    zone_id              = "/hostedzone/Z0123456789ABCDEFGHIJ"
    vpc_ids              = []
    create_topic         = false
    topic_arn            = "arn:aws:sns:eu-west-1:123456789012:cache-events"
    record_name_template = "cache-replica-{n}.cache.example.internal"
    reconcile_schedule   = "rate(10 minutes)"
  }
}

run "existing_zone_name_looked_up" {
  command = plan

  variables {
    create_zone = false
    zone_id     = "Z0123ABC"
    zone_name   = null
    vpc_ids     = []
  }
}

run "zone_with_trailing_dot_and_two_vpcs" {
  command = plan

  variables {
    zone_name = "Cache.Example.Internal."
    vpc_ids   = ["vpc-0123456789abcdef0", "vpc-12345678"]
  }
}

run "topic_name" {
  command = plan

  variables {
    topic_name = "Orders_cache-events-1"
  }
}

run "logs_encrypted_with_kms" {
  command = plan

  variables {
    cloudwatch_logs_kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }
}

run "alarm_actions" {
  command = plan

  variables {
    alarm_actions = ["arn:aws:sns:eu-west-1:123456789012:alerts", "arn:aws-us-gov:sns:us-gov-west-1:123456789012:alerts"]
  }
}

run "names_and_owner" {
  command = plan

  variables {
    name_prefix = "Orders_dns-1-abcdefghijklmnopqrstuvwxyz-0123456789ab"
    owner_id    = "team.orders-1_a"
  }
}

run "permissions_boundary" {
  command = plan

  variables {
    role_permissions_boundary = "arn:aws:iam::123456789012:policy/org/boundary"
  }
}

run "replication_group_id_shortest" {
  command = plan

  variables {
    replication_group_id = "a"
  }
}

run "replication_group_id_longest" {
  command = plan

  variables {
    replication_group_id = "a234567890123456789012345678901234567890"
  }
}

run "create_nothing" {
  command = plan

  variables {
    create = false
  }
}

# As examples/complete: fixed slots, AZ names, ordering after the group, tags.
run "complete_example_inputs" {
  command = plan

  variables {
    record_count            = 2
    az_record_name_template = "read-{az}.cache.example.internal"
    reconciler_depends_on   = ["arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:orders"]
    tags                    = { Example = "orders" }
  }
}

# zone_role_arn's validation accepts a role ARN with a path (on the root variables.tf alone; the
# whole module with a zone role: plan.tftest.hcl).
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
