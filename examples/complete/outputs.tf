output "record_names" {
  description = "Stable names of the read replicas."
  value       = module.replica_dns.record_names
}

output "az_record_name_template" {
  description = "Template of the per-AZ replica names."
  value       = module.replica_dns.az_record_name_template
}

output "client_endpoints" {
  description = "What a client needs: primary and reader endpoints (host, port, alias name), the replica names and the per-AZ names, each with the port."
  value       = module.replica_dns.client_endpoints
}

output "zone_id" {
  description = "ID of the private hosted zone that holds the names."
  value       = module.replica_dns.zone_id
}

output "topic_arn" {
  description = "SNS topic of the replication group's ElastiCache notifications."
  value       = module.replica_dns.topic_arn
}

output "function_name" {
  description = "Name of the reconciler Lambda function."
  value       = module.replica_dns.function_name
}

output "replication_group_id" {
  description = "ID of the Valkey replication group."
  value       = aws_elasticache_replication_group.this.id
}

output "primary_endpoint_address" {
  description = "Primary endpoint of the replication group (writes)."
  value       = aws_elasticache_replication_group.this.primary_endpoint_address
}
