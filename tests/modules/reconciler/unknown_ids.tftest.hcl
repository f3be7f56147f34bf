# modules/reconciler with a zone ID and topic ARN that are unknown at plan (./fixture): every count
# must still be known (create_subscription is a literal; the topic_arn check is a precondition).
# The mock provider is the one of ../../plan.tftest.hcl.

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

run "zone_and_topic_made_alongside" {
  command = plan

  module {
    source = "../../tests/modules/reconciler/fixture"
  }

  assert {
    condition     = tolist(output.record_names) == tolist([for n in range(1, 6) : "read${n}.cache.example.internal"])
    error_message = "The names are known at plan although the zone ID and topic ARN are not."
  }
}
