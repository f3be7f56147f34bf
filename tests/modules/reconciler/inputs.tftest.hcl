# Inputs modules/reconciler accepts: passing runs for the defaults and typical values, planned against
# the whole submodule. The values it rejects are generated from the variable specs
# (validation.tftest.hcl beside this file, written by `npm run synth`).
#
# Run by scripts/terraform-checks.sh: `terraform test` (Terraform >= 1.7) and `tofu test` of
# modules/reconciler itself, with the mock provider below (that of ../../plan.tftest.hcl); and, for
# Terraform 1.5.7, each of these as `terraform plan` over modules/reconciler/variables.tf alone.
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

run "zone_role_arn" {
  command = plan

  variables {
    zone_role_arn = "arn:aws:iam::222222222222:role/orders-replica-dns-zone"
  }
}
