# Inputs modules/notification-topic accepts: passing runs for the defaults and typical values, planned against
# the whole submodule. The values it rejects are generated from the variable specs
# (validation.tftest.hcl beside this file, written by `npm run synth`).
#
# Run by scripts/terraform-checks.sh: `terraform test` (Terraform >= 1.7) and `tofu test` of
# modules/notification-topic itself, with the mock provider below (that of ../../plan.tftest.hcl); and, for
# Terraform 1.5.7, each of these as `terraform plan` over modules/notification-topic/variables.tf alone.
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
  name = "orders-replica-dns-events"
}

run "defaults" {
  command = plan
}

run "typical" {
  command = plan

  variables {
    name = "Orders_cache-events-1"
    tags = { Team = "orders" }
  }
}

run "create_nothing" {
  command = plan

  variables {
    create = false
    name   = null
  }
}
