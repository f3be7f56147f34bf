################################################################################
# Replica names
################################################################################

output "record_names" {
  description = "Names of the replica records. With `record_count` > 0 exactly these exist. With 0 these are the possible names (slots 1 … 5), of which one per available replica exists, not necessarily the first ones (names are sticky)."
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

output "owner_id" {
  description = "Identity in the ownership markers (`_owner.<record>` TXT) of the records this deployment manages."
  value       = local.owner_id
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

output "role_name" {
  description = "Name of the reconciler's IAM role."
  value       = try(aws_iam_role.this[0].name, null)
}

output "log_group_name" {
  description = "Name of the reconciler's CloudWatch log group."
  value       = try(aws_cloudwatch_log_group.this[0].name, null)
}

output "failure_queue_arn" {
  description = "ARN of the SQS queue that receives events the reconciler failed to process."
  value       = try(aws_sqs_queue.failures[0].arn, null)
}

output "failure_queue_url" {
  description = "URL of the SQS queue that receives events the reconciler failed to process."
  value       = try(aws_sqs_queue.failures[0].url, null)
}

output "schedule_rule_arn" {
  description = "ARN of the EventBridge rule that runs the drift correction (null without a schedule)."
  value       = try(aws_cloudwatch_event_rule.schedule[0].arn, null)
}
