################################################################################
# Replica names
################################################################################

output "record_names" {
  description = "Names of the replica records. With `record_count` > 0 exactly these exist. With 0 these are the possible names (slots 1 … 5), of which one per available replica exists, not necessarily the first ones (names are sticky). Known at plan time when the zone name is."
  value       = local.record_names
}

output "az_record_name_template" {
  description = "Template of the per-AZ names (`{az}` = Availability Zone name), normalized; null when not used."
  value       = local.az_record_name_template
}

output "primary_record_name" {
  description = "The name kept on the group's primary endpoint, normalized; null when not used."
  value       = local.primary_record_name
}

output "reader_record_name" {
  description = "The name kept on the group's reader endpoint, normalized; null when not used."
  value       = local.reader_record_name
}

output "client_endpoints" {
  description = "What a client needs, as an object: `primary` and `reader` = { host = the group's primary / reader endpoint address, port, alias = `primary_record_name` / `reader_record_name` (null when not used), tls_server_name = the host name a client verifying the certificate checks (the endpoint itself; null without TLS) }; `replicas` = list of { host = a replica name of `record_names`, port, tls_server_name = null: it is dynamic, the CNAME's target at connect time (docs/clients.md) }; `az` = map of Availability Zone (of `availability_zones`) → { host = its per-AZ name, port, tls_server_name = null, as for `replicas` } (empty without `az_record_name_template`); `tls` = whether the group's endpoints are in-transit encrypted (read from the endpoint format, `master.…`: the provider's data source has no transit flag; docs/tls.md); `auth_token_enabled` = whether clients must send the AUTH token. The names are known at plan time when the zone name is; everything else comes from the replication group, read after the reconcile at apply (null with `reconcile_on_apply = false`)."
  value = {
    primary            = { host = local.client_primary_host, port = local.client_port, alias = local.primary_record_name, tls_server_name = local.client_tls == true ? local.client_primary_host : null }
    reader             = { host = local.client_reader_host, port = local.client_port, alias = local.reader_record_name, tls_server_name = local.client_tls == true ? local.client_reader_host : null }
    replicas           = [for name in local.record_names : { host = name, port = local.client_port, tls_server_name = null }]
    az                 = { for az in(local.az_record_name_template == null ? [] : var.availability_zones) : lower(az) => { host = replace(local.az_record_name_template, "{az}", lower(az)), port = local.client_port, tls_server_name = null } }
    tls                = local.client_tls
    auth_token_enabled = one(data.aws_elasticache_replication_group.this[*].auth_token_enabled)
  }
}

output "owner_id" {
  description = "Identity in the ownership markers (`_owner.<record>` TXT) of the records this deployment manages."
  value       = local.owner_id
}

################################################################################
# Hosted zone
################################################################################

output "zone_id" {
  description = "ID of the hosted zone that holds the names (created or given)."
  value       = local.zone_id
}

output "zone_name" {
  description = "Name of the hosted zone that holds the names, lowercase without a trailing dot."
  value       = local.zone_name
}

################################################################################
# Notification topic
################################################################################

output "topic_arn" {
  description = "ARN of the SNS topic the reconciler listens to (created or given): set it as the replication group's `notification_topic_arn`."
  value       = local.topic_arn
}

################################################################################
# Reconciler
################################################################################

output "function_name" {
  description = "Name of the reconciler Lambda function."
  value       = try(aws_lambda_function.this[0].function_name, null)
}

output "function_arn" {
  description = "ARN of the reconciler Lambda function."
  value       = try(aws_lambda_function.this[0].arn, null)
}

output "role_arn" {
  description = "ARN of the reconciler's IAM role."
  value       = try(aws_iam_role.this[0].arn, null)
}

output "log_group_name" {
  description = "Name of the reconciler's CloudWatch log group."
  value       = try(aws_cloudwatch_log_group.this[0].name, null)
}

output "failure_queue_arn" {
  description = "ARN of the SQS queue that receives events the reconciler failed to process."
  value       = try(aws_sqs_queue.failures[0].arn, null)
}
