# Inputs modules/private-zone accepts and rejects: passing runs for the defaults and typical values,
# and at least one failing case per `validation` block of its variables.tf (scripts/terraform-checks.sh
# fails when a validation block has none). The variety of bad values is in ../../validation.tftest.hcl
# (the root module's rules, which this submodule shares); here one case per rule.
#
# Run by scripts/terraform-checks.sh: always with OpenTofu against a provider-free harness (a copy
# of modules/private-zone/variables.tf alone, this file without its `mock_provider` line) and the same
# cases with Terraform 1.5.7 as `terraform plan`; once the AWS provider is in the toolchain, also
# as `tofu test` of modules/private-zone itself.
#
# Keep every value on one line of plain HCL: the Terraform 1.5.7 driver reads the cases from here.

mock_provider "aws" {}

# Valid values for everything a run does not set.
variables {
  name    = "cache.example.internal"
  vpc_ids = ["vpc-0123456789abcdef0"]
}

run "defaults" {
  command = plan
}

run "typical" {
  command = plan

  variables {
    name          = "Cache.Example.Internal."
    vpc_ids       = ["vpc-0123456789abcdef0", "vpc-12345678"]
    comment       = "Replica names"
    force_destroy = true
    tags          = { Team = "orders" }
  }
}

run "rejects_name" {
  command = plan

  variables {
    name = "cache..internal"
  }

  expect_failures = [var.name]
}

run "rejects_vpc_ids" {
  command = plan

  variables {
    vpc_ids = ["vpc-xyz"]
  }

  expect_failures = [var.vpc_ids]
}
