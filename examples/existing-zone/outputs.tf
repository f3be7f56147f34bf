output "record_names" {
  description = "Names the reconciler may keep in the existing zone: one per available replica exists (sticky numbers, so not necessarily the first ones)."
  value       = module.replica_dns.record_names
}

output "zone_id" {
  description = "ID of the existing hosted zone."
  value       = module.replica_dns.zone_id
}

output "topic_arn" {
  description = "The existing notification topic the reconciler subscribes to."
  value       = module.replica_dns.topic_arn
}

output "function_name" {
  description = "Name of the reconciler Lambda function."
  value       = module.replica_dns.function_name
}

output "owner_id" {
  description = "Identity in the ownership markers of the records the reconciler manages."
  value       = module.replica_dns.owner_id
}
