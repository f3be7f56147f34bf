# What the role of modules/zone-account-role may do and who may assume it, at plan on configured
# values (mocks: see ../../plan.tftest.hcl). Needs the module's resources: not a validation case file.

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
  reconciler_role_arn = "arn:aws:iam::111111111111:role/orders-replica-dns"
  zone_id             = "/hostedzone/Z0123456789ABCDEFGHIJ"
  zone_name           = "Cache.Example.Internal."
}

run "trusts_only_the_reconciler_role" {
  command = plan

  assert {
    condition = length(data.aws_iam_policy_document.trust[0].statement) == 1 && alltrue([
      for s in data.aws_iam_policy_document.trust[0].statement : tolist(s.actions) == tolist(["sts:AssumeRole"]) && length(s.principals) == 1 && alltrue([
        for p in s.principals : p.type == "AWS" && tolist(p.identifiers) == tolist(["arn:aws:iam::111111111111:role/orders-replica-dns"])
      ])
    ])
    error_message = "Only the reconciler's role (no account root, no other principal) may assume the role."
  }

  assert {
    condition     = aws_iam_role.this[0].name == "orders-replica-dns-zone"
    error_message = "Default name: the reconciler role's name with -zone."
  }
}

run "writes_only_owned_names_in_the_zone" {
  command = plan

  assert {
    condition = toset(flatten([
      for s in data.aws_iam_policy_document.records[0].statement : s.resources
    ])) == toset(["arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ"])
    error_message = "Every statement is scoped to the one zone."
  }

  assert {
    condition = toset(flatten([
      for s in data.aws_iam_policy_document.records[0].statement : [
        for c in s.condition : c.values if c.test == "ForAllValues:StringEquals" && c.variable == "route53:ChangeResourceRecordSetsNormalizedRecordNames"
      ] if s.sid == "WriteOwnedRecords"
      ])) == toset(flatten([
      for n in range(1, 17) : ["read${n}.cache.example.internal", "_owner.read${n}.cache.example.internal"]
    ]))
    error_message = "The role may write slots 1..16 and their ownership markers, and no other name."
  }

  assert {
    condition = toset(flatten([
      for s in data.aws_iam_policy_document.records[0].statement : [
        for c in s.condition : c.values if c.variable == "route53:ChangeResourceRecordSetsActions" && c.test == "ForAllValues:StringEquals"
      ] if s.sid == "WriteOwnedRecords"
    ])) == toset(["CREATE", "DELETE"]) && toset(flatten([for s in data.aws_iam_policy_document.records[0].statement : s.actions])) == toset(["route53:ListResourceRecordSets", "route53:ChangeResourceRecordSets"])
    error_message = "Only ListResourceRecordSets and ChangeResourceRecordSets with CREATE and DELETE."
  }
}

run "record_names_must_lie_in_the_zone" {
  command = plan

  variables {
    record_name_template = "read{n}.other.internal"
  }

  expect_failures = [aws_iam_role.this]
}
