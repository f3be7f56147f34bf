################################################################################
# IAM role
################################################################################

output "role_arn" {
  description = "ARN of the role: pass it as `zone_role_arn` to the module in the replication group's account."
  value       = try(one([for policy in aws_iam_role_policy.this : aws_iam_role.this[0].arn]), null)
}

output "role_name" {
  description = "Name of the role."
  value       = try(aws_iam_role.this[0].name, null)
}
