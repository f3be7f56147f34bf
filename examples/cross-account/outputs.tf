output "record_names" {
  description = "Names the reconciler may keep in the zone of account B: one per available replica exists (sticky numbers, so not necessarily the first ones)."
  value       = module.replica_dns.record_names
}

output "zone_id" {
  description = "ID of the hosted zone in account B."
  value       = aws_route53_zone.shared.zone_id
}

output "zone_role_arn" {
  description = "ARN of the role in account B that the reconciler assumes for Route 53."
  value       = module.zone_role.role_arn
}

output "reconciler_role_arn" {
  description = "ARN of the reconciler's role in account A: the only principal the zone role trusts."
  value       = module.replica_dns.role_arn
}

output "topic_arn" {
  description = "The notification topic, in account A with the replication group."
  value       = module.replica_dns.topic_arn
}

output "function_name" {
  description = "Name of the reconciler Lambda function (account A)."
  value       = module.replica_dns.function_name
}

output "owner_id" {
  description = "Identity in the ownership markers of the records the reconciler manages."
  value       = module.replica_dns.owner_id
}
