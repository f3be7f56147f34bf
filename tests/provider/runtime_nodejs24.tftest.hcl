# lambda_runtime = "nodejs24.x": the module accepts it (its variable validation), but whether a plan
# succeeds is the AWS provider's call. The provider checks `runtime` against the list of its AWS
# SDK, which gained nodejs24.x in October 2025; hashicorp/aws 6.19.0 is the first release reported
# to accept it (hashicorp/terraform-provider-aws#44986, CHANGELOG entry #45024). Every 5.x release,
# 5.100.0 included, rejects it at plan:
#
#   Error: expected runtime to be one of ["nodejs" ... "nodejs22.x"], got nodejs24.x
#
# It lives outside tests/ so that a plain `terraform test` passes with any provider.
# scripts/terraform-checks.sh runs it with -test-directory=tests/provider and knows the provider version it runs
# with: below 6.19.0 it requires this run to fail with exactly that one error (at
# aws_lambda_function.this[0]) and nothing else; from 6.19.0 on it requires the run to pass. It is
# not expressible as `expect_failures`, which covers custom conditions only, not provider errors.
# The variable validation alone (no provider) accepts the value: the Terraform 1.5.7 case runner
# reads this file like inputs.tftest.hcl.

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
  zone_name            = "cache.example.internal"
  vpc_ids              = ["vpc-0123456789abcdef0"]
}

run "runtime_nodejs24_x86_64" {
  command = plan

  variables {
    lambda_runtime      = "nodejs24.x"
    lambda_architecture = "x86_64"
  }

  assert {
    condition     = aws_lambda_function.this[0].runtime == "nodejs24.x" && tolist(aws_lambda_function.this[0].architectures) == tolist(["x86_64"])
    error_message = "With a provider that knows nodejs24.x, the function runs on it."
  }
}
