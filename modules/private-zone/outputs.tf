################################################################################
# Private hosted zone
################################################################################

output "zone_id" {
  description = "ID of the private hosted zone (null when not created)."
  value       = try(aws_route53_zone.this[0].zone_id, null)
}

output "zone_name" {
  description = "Name of the private hosted zone, without a trailing dot (null when not created)."
  value       = try(aws_route53_zone.this[0].name, null)
}

output "zone_arn" {
  description = "ARN of the private hosted zone (null when not created)."
  value       = try(aws_route53_zone.this[0].arn, null)
}
