# The alias names (primary_record_name, reader_record_name) and the client_endpoints output of the
# root module: names normalized and known at plan, given to the reconciler and to its IAM policy
# (exactly the alias names and their markers, nothing when off), refused at plan when they leave
# the zone or collide with the replica or AZ names; hosts and port read from the replication group
# after the reconcile at apply. The mock provider is the one of plan.tftest.hcl.

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
  zone_name            = "Cache.Example.Internal."
  vpc_ids              = ["vpc-0123456789abcdef0"]
}

run "aliases_off_by_default" {
  command = plan

  assert {
    condition     = output.primary_record_name == null && output.reader_record_name == null
    error_message = "No alias names unless asked for."
  }

  assert {
    condition     = length(setintersection(keys(aws_lambda_function.this[0].environment[0].variables), ["PRIMARY_RECORD_NAME", "READER_RECORD_NAME"])) == 0
    error_message = "Without aliases the reconciler gets no alias variables."
  }

  assert {
    condition     = output.client_endpoints.primary.alias == null && output.client_endpoints.reader.alias == null && output.client_endpoints.az == {}
    error_message = "client_endpoints: no aliases, and no AZ names without az_record_name_template."
  }

  assert {
    condition     = [for r in output.client_endpoints.replicas : r.host] == [for n in range(1, 6) : "read${n}.cache.example.internal"]
    error_message = "client_endpoints.replicas: the possible replica names, known at plan."
  }
}

run "aliases_on" {
  command = plan

  variables {
    primary_record_name     = "Primary.Cache.Example.Internal."
    reader_record_name      = "reader.cache.example.internal"
    record_count            = 2
    az_record_name_template = "read-{az}.cache.example.internal"
    availability_zones      = ["eu-west-1a", "EU-West-1b"]
  }

  assert {
    condition     = output.primary_record_name == "primary.cache.example.internal" && output.reader_record_name == "reader.cache.example.internal"
    error_message = "Alias names are normalized: lowercase, no trailing dot."
  }

  assert {
    condition     = aws_lambda_function.this[0].environment[0].variables["PRIMARY_RECORD_NAME"] == "primary.cache.example.internal" && aws_lambda_function.this[0].environment[0].variables["READER_RECORD_NAME"] == "reader.cache.example.internal"
    error_message = "The reconciler gets the normalized alias names (docs/contracts.md)."
  }

  assert {
    condition = toset(flatten([
      for s in data.aws_iam_policy_document.records[0].statement : [
        for c in s.condition : c.values if c.variable == "route53:ChangeResourceRecordSetsNormalizedRecordNames" && c.test != "Null"
      ] if s.sid == "WriteOwnedRecords"
      ])) == toset(concat(flatten([
        for n in range(1, 17) : ["read${n}.cache.example.internal", "_owner.read${n}.cache.example.internal"]
      ]), [
      "read-*.cache.example.internal", "_owner.read-*.cache.example.internal",
      "primary.cache.example.internal", "_owner.primary.cache.example.internal",
      "reader.cache.example.internal", "_owner.reader.cache.example.internal",
    ]))
    error_message = "The policy adds exactly the two alias names and their markers."
  }

  assert {
    condition     = output.client_endpoints.primary.alias == "primary.cache.example.internal" && output.client_endpoints.reader.alias == "reader.cache.example.internal"
    error_message = "client_endpoints carries the alias names, known at plan."
  }

  assert {
    condition     = [for r in output.client_endpoints.replicas : r.host] == ["read1.cache.example.internal", "read2.cache.example.internal"]
    error_message = "client_endpoints.replicas: the record_count names, known at plan."
  }

  assert {
    condition     = { for az, e in output.client_endpoints.az : az => e.host } == { "eu-west-1a" = "read-eu-west-1a.cache.example.internal", "eu-west-1b" = "read-eu-west-1b.cache.example.internal" }
    error_message = "client_endpoints.az: each given AZ (lowercase) with its per-AZ name, known at plan."
  }
}

run "only_one_alias" {
  command = plan

  variables {
    reader_record_name = "ro.cache.example.internal"
  }

  assert {
    condition     = !contains(keys(aws_lambda_function.this[0].environment[0].variables), "PRIMARY_RECORD_NAME") && aws_lambda_function.this[0].environment[0].variables["READER_RECORD_NAME"] == "ro.cache.example.internal"
    error_message = "Only the alias that is set reaches the reconciler."
  }
}

run "client_endpoints_from_the_group" {
  command = apply

  variables {
    primary_record_name = "primary.cache.example.internal"
    record_count        = 1
  }

  override_data {
    target = data.aws_elasticache_replication_group.this
    values = {
      primary_endpoint_address = "orders.abc123.ng.0001.euw1.cache.amazonaws.com"
      reader_endpoint_address  = "orders-ro.abc123.ng.0001.euw1.cache.amazonaws.com"
      port                     = 6380
      auth_token_enabled       = false
    }
  }

  assert {
    condition = (
      output.client_endpoints.primary.host == "orders.abc123.ng.0001.euw1.cache.amazonaws.com" && output.client_endpoints.primary.port == 6380 && output.client_endpoints.primary.alias == "primary.cache.example.internal"
      && output.client_endpoints.reader.host == "orders-ro.abc123.ng.0001.euw1.cache.amazonaws.com" && output.client_endpoints.reader.port == 6380 && output.client_endpoints.reader.alias == null
      && [for r in output.client_endpoints.replicas : [r.host, r.port]] == [["read1.cache.example.internal", 6380]] && output.client_endpoints.az == {}
    )
    error_message = "Hosts and port come from the replication group, the names from the inputs."
  }

  assert {
    condition     = output.client_endpoints.tls == false && output.client_endpoints.auth_token_enabled == false && output.client_endpoints.primary.tls_server_name == null && output.client_endpoints.reader.tls_server_name == null && output.client_endpoints.replicas[0].tls_server_name == null
    error_message = "Endpoints in the plain-text format: no TLS, no server name to verify."
  }

  assert {
    condition     = data.aws_elasticache_replication_group.this[0].replication_group_id == "orders"
    error_message = "The group read is the module's replication group."
  }
}

# Endpoints in the TLS format (docs/tls.md): a verifying client checks the primary and reader
# endpoints against themselves; a replica name's host to verify is its CNAME's target (dynamic).
run "client_endpoints_of_a_tls_group" {
  command = apply

  variables {
    record_count = 1
  }

  override_data {
    target = data.aws_elasticache_replication_group.this
    values = {
      primary_endpoint_address = "master.orders.abc123.euw1.cache.amazonaws.com"
      reader_endpoint_address  = "replica.orders.abc123.euw1.cache.amazonaws.com"
      port                     = 6379
      auth_token_enabled       = true
    }
  }

  assert {
    condition = output.client_endpoints == {
      primary            = { host = "master.orders.abc123.euw1.cache.amazonaws.com", port = 6379, alias = null, tls_server_name = "master.orders.abc123.euw1.cache.amazonaws.com" }
      reader             = { host = "replica.orders.abc123.euw1.cache.amazonaws.com", port = 6379, alias = null, tls_server_name = "replica.orders.abc123.euw1.cache.amazonaws.com" }
      replicas           = [{ host = "read1.cache.example.internal", port = 6379, tls_server_name = null }]
      az                 = {}
      tls                = true
      auth_token_enabled = true
    }
    error_message = "A TLS group: tls and auth_token_enabled on, the endpoints verified against themselves."
  }
}

run "client_endpoints_without_reconcile_on_apply" {
  command = plan

  variables {
    reconcile_on_apply = false
  }

  assert {
    condition     = length(data.aws_elasticache_replication_group.this) == 0 && output.client_endpoints.primary.host == null && output.client_endpoints.replicas[0].port == null
    error_message = "Without the reconcile at apply the group is not read (it may not exist yet): hosts and port are null."
  }
}

run "alias_must_lie_in_the_zone" {
  command = plan

  variables {
    primary_record_name = "primary.other.internal"
  }

  expect_failures = [aws_lambda_function.this]
}

run "alias_must_not_be_a_replica_name" {
  command = plan

  variables {
    reader_record_name = "read16.cache.example.internal"
  }

  expect_failures = [aws_lambda_function.this]
}

run "alias_must_not_be_an_az_name" {
  command = plan

  variables {
    az_record_name_template = "cache-{az}.cache.example.internal"
    primary_record_name     = "cache-primary.cache.example.internal"
  }

  expect_failures = [aws_lambda_function.this]
}

run "aliases_must_differ" {
  command = plan

  variables {
    primary_record_name = "cache.cache.example.internal"
    reader_record_name  = "Cache.cache.example.internal."
  }

  expect_failures = [aws_lambda_function.this]
}
