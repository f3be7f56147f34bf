# The module with a zone, a topic and VPCs made in the same configuration (tests/fixtures/alongside),
# as in examples/existing-zone and examples/complete: their IDs and ARNs are unknown at plan, and
# every count and for_each must still be known. A count over `zone_id != null` or
# `topic_arn != null` fails here with "Invalid count argument" (Terraform does not short-circuit
# `false && <unknown>`); the checks on those inputs are preconditions, evaluated at apply then.
#
# Run by scripts/terraform-checks.sh with `terraform test` (Terraform >= 1.7) and `tofu test`. The
# mock provider is the one of plan.tftest.hcl (OpenTofu has no shared mock files; the script
# checks that the copies are the same).

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

run "existing_zone_and_topic_made_alongside" {
  command = plan

  module {
    source = "./tests/fixtures/alongside"
  }

  variables {
    create_zone  = false
    create_topic = false
  }

  assert {
    condition     = tolist(output.record_names) == tolist([for n in range(1, 6) : "read${n}.cache.example.internal"])
    error_message = "With the zone name passed, the names are known at plan even though the zone ID is not."
  }

  assert {
    condition     = output.function_name == "orders-replica-dns"
    error_message = "The reconciler is planned with an unknown zone ID and topic ARN."
  }
}

run "existing_zone_looked_up_and_topic_made_alongside" {
  command = plan

  module {
    source = "./tests/fixtures/alongside"
  }

  variables {
    create_zone    = false
    pass_zone_name = false
    create_topic   = false
    record_count   = 2
  }

  # The zone name (and so the record names) is known only once the lookup of the unknown zone ID
  # has run, at apply; the plan must succeed all the same.
  assert {
    condition     = output.function_name == "orders-replica-dns"
    error_message = "The reconciler is planned with the zone looked up by an unknown ID."
  }
}

run "zone_and_topic_created_with_vpcs_made_alongside" {
  command = plan

  module {
    source = "./tests/fixtures/alongside"
  }

  variables {
    create_zone  = true
    create_topic = true
    record_count = 2
  }

  assert {
    condition     = tolist(output.record_names) == tolist(["read1.cache.example.internal", "read2.cache.example.internal"])
    error_message = "With the zone created for VPCs whose IDs are unknown, the names are known at plan."
  }
}

# The examples themselves (their provider block is replaced by the mock). Under Terraform the IDs
# of the zone, topic and VPC they create are unknown at plan; OpenTofu's mock makes them up, so
# for OpenTofu the runs above are the ones with unknown IDs.
run "example_existing_zone" {
  command = plan

  module {
    source = "./examples/existing-zone"
  }

  assert {
    condition     = tolist(output.record_names) == tolist([for n in range(1, 6) : "cache-replica-${n}.example.internal"])
    error_message = "examples/existing-zone plans, with its names known at plan."
  }
}

run "example_complete" {
  command = plan

  module {
    source = "./examples/complete"
  }

  assert {
    condition     = tolist(output.record_names) == tolist(["read1.cache.replica-dns-complete.internal", "read2.cache.replica-dns-complete.internal"])
    error_message = "examples/complete plans, with its names known at plan."
  }
}
