# Inputs modules/zone-account-role accepts and rejects, one failing case per `validation` block of
# its variables.tf (scripts/terraform-checks.sh fails when a validation block has none), and what
# the role may do, asserted at plan on configured values (see ../../plan.tftest.hcl on mocks).
#
# Run by scripts/terraform-checks.sh: `terraform test` (Terraform >= 1.7) and `tofu test` of
# modules/zone-account-role itself, with the mock provider below (that of ../../plan.tftest.hcl); and,
# for Terraform 1.5.7, each case as `terraform plan` over modules/zone-account-role/variables.tf alone.
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
  reconciler_role_arn = "arn:aws:iam::111111111111:role/orders-replica-dns"
  zone_id             = "/hostedzone/Z0123456789ABCDEFGHIJ"
  zone_name           = "Cache.Example.Internal."
}

run "defaults" {
  command = plan
}

run "typical" {
  command = plan

  variables {
    name                      = "orders-dns"
    record_name_template      = "replica{n}.cache.example.internal"
    az_record_name_template   = "read-{az}.cache.example.internal"
    role_permissions_boundary = "arn:aws:iam::222222222222:policy/boundary"
    tags                      = { Team = "orders" }
  }
}

run "rejects_name" {
  command = plan

  variables {
    name = "has space"
  }

  expect_failures = [var.name]
}

run "rejects_reconciler_role_arn" {
  command = plan

  variables {
    reconciler_role_arn = "arn:aws:iam::111111111111:root"
  }

  expect_failures = [var.reconciler_role_arn]
}

run "rejects_zone_id" {
  command = plan

  variables {
    zone_id = "cache.example.internal"
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
    az_record_name_template = "read-az.cache.example.internal"
  }

  expect_failures = [var.az_record_name_template]
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
    reader_record_name = "_owner.reader.cache.example.internal"
  }

  expect_failures = [var.reader_record_name]
}

run "rejects_role_permissions_boundary" {
  command = plan

  variables {
    role_permissions_boundary = "boundary"
  }

  expect_failures = [var.role_permissions_boundary]
}
