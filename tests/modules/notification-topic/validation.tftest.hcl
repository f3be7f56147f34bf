# Inputs modules/notification-topic accepts and rejects: passing runs for the defaults and typical values,
# and at least one failing case per `validation` block of its variables.tf (scripts/terraform-checks.sh
# fails when a validation block has none). The variety of bad values is in ../../validation.tftest.hcl
# (the root module's rules, which this submodule shares); here one case per rule.
#
# Run by scripts/terraform-checks.sh: always with OpenTofu against a provider-free harness (a copy
# of modules/notification-topic/variables.tf alone, this file without its `mock_provider` line) and the same
# cases with Terraform 1.5.7 as `terraform plan`; once the AWS provider is in the toolchain, also
# as `tofu test` of modules/notification-topic itself.
#
# Keep every value on one line of plain HCL: the Terraform 1.5.7 driver reads the cases from here.

mock_provider "aws" {}

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

run "rejects_name_fifo" {
  command = plan

  variables {
    name = "events.fifo"
  }

  expect_failures = [var.name]
}
