################################################################################
# Notification topic
################################################################################

output "topic_arn" {
  description = "ARN of the SNS topic: set it as the replication group's `notification_topic_arn` (null when not created)."
  value       = try(aws_sns_topic.this[0].arn, null)
}

output "topic_name" {
  description = "Name of the SNS topic (null when not created)."
  value       = try(aws_sns_topic.this[0].name, null)
}
