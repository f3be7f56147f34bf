provider "aws" {
  region = var.region
}

locals {
  # The module needs only the group's ID. Passing it as a value (not as an attribute of the
  # replication group resource) keeps the graph acyclic: the group needs the module's topic.
  replication_group_id = var.name
  zone_name            = "cache.${var.name}.internal"

  tags = {
    Example = var.name
  }
}

data "aws_availability_zones" "available" {
  state = "available"
}

################################################################################
# Network
################################################################################

resource "aws_vpc" "this" {
  cidr_block           = "10.42.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = merge(local.tags, { Name = var.name })
}

resource "aws_subnet" "private" {
  count = 2

  vpc_id            = aws_vpc.this.id
  cidr_block        = cidrsubnet(aws_vpc.this.cidr_block, 8, count.index)
  availability_zone = data.aws_availability_zones.available.names[count.index]

  tags = merge(local.tags, { Name = "${var.name}-private-${count.index + 1}" })
}

resource "aws_security_group" "cache" {
  name        = "${var.name}-cache"
  description = "Valkey clients inside the VPC"
  vpc_id      = aws_vpc.this.id

  ingress {
    description = "Valkey from the VPC"
    from_port   = 6379
    to_port     = 6379
    protocol    = "tcp"
    cidr_blocks = [aws_vpc.this.cidr_block]
  }

  tags = local.tags
}

################################################################################
# Valkey replication group: one primary and two replicas in two AZs
################################################################################

resource "aws_elasticache_subnet_group" "this" {
  name       = var.name
  subnet_ids = aws_subnet.private[*].id

  tags = local.tags
}

resource "aws_elasticache_replication_group" "this" {
  replication_group_id = local.replication_group_id
  description          = "Example for the ElastiCache replica DNS module"

  engine             = "valkey"
  engine_version     = "8.0"
  node_type          = "cache.t4g.micro"
  port               = 6379
  num_cache_clusters = 3

  automatic_failover_enabled = true
  multi_az_enabled           = true
  subnet_group_name          = aws_elasticache_subnet_group.this.name
  security_group_ids         = [aws_security_group.cache.id]
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
  # AUTH: clients send the token (null: TLS without AUTH). Terraform keeps it in the state.
  auth_token        = var.auth_token
  apply_immediately = true

  # Failovers, node replacements and replica changes reach the reconciler through this topic.
  notification_topic_arn = module.replica_dns.topic_arn

  tags = local.tags
}

################################################################################
# Replica DNS names: read1.cache.<name>.internal, read2..., read-<az>..., primary, reader
################################################################################

module "replica_dns" {
  source = "../../"

  replication_group_id = local.replication_group_id

  zone_name = local.zone_name
  vpc_ids   = [aws_vpc.this.id]

  record_count            = 2
  az_record_name_template = "read-{az}.${local.zone_name}"
  availability_zones      = aws_subnet.private[*].availability_zone

  # Stable names of the group's own endpoints, kept by the reconciler beside the replica names.
  primary_record_name = "primary.${local.zone_name}"
  reader_record_name  = "reader.${local.zone_name}"

  # The function (and so every trigger, including the reconcile at apply) waits for the group.
  reconciler_depends_on = [aws_elasticache_replication_group.this.arn]

  tags = local.tags
}
