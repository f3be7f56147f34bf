# Account A (the default provider): the VPC, the replication group, its notification topic and
# the reconciler. Account B (provider aws.zone): the private hosted zone and the role the
# reconciler assumes to change its records there.
provider "aws" {
  region = var.region
}

provider "aws" {
  alias   = "zone"
  region  = var.region
  profile = var.zone_account_profile
}

locals {
  tags = {
    Example = var.name
  }
}

data "aws_availability_zones" "available" {
  state = "available"
}

################################################################################
# Account B: the hosted zone (usually there already, with a VPC of that account)
################################################################################

resource "aws_vpc" "zone" {
  provider = aws.zone

  cidr_block           = "10.45.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true

  tags = merge(local.tags, { Name = "${var.name}-zone" })
}

resource "aws_route53_zone" "shared" {
  provider = aws.zone

  name = var.zone_name

  vpc {
    vpc_id = aws_vpc.zone.id
  }

  tags = local.tags
}

################################################################################
# Account A: the replication group
################################################################################

resource "aws_vpc" "this" {
  cidr_block           = "10.44.0.0/16"
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

resource "aws_elasticache_subnet_group" "this" {
  name       = var.name
  subnet_ids = aws_subnet.private[*].id

  tags = local.tags
}

resource "aws_elasticache_replication_group" "this" {
  replication_group_id = var.name
  description          = "Example for the ElastiCache replica DNS module (hosted zone in another account)"

  engine             = "valkey"
  engine_version     = "8.0"
  node_type          = "cache.t4g.micro"
  num_cache_clusters = 3

  automatic_failover_enabled = true
  subnet_group_name          = aws_elasticache_subnet_group.this.name
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
  apply_immediately          = true

  # Daily backups, as production groups run them (ElastiCache takes them from a replica, which
  # keeps serving reads and its names: docs/lifecycle.md).
  snapshot_retention_limit = 7
  snapshot_window          = "03:00-04:00"
  # ElastiCache publishes only to a topic in its own account: the module's topic, in account A.
  notification_topic_arn = module.replica_dns.topic_arn

  tags = local.tags
}

################################################################################
# Replica DNS names: the reconciler in account A, its Route 53 role in account B
################################################################################

module "replica_dns" {
  source = "../../"

  # A value, not the resource's attribute: the group refers to the module's topic.
  replication_group_id  = var.name
  reconciler_depends_on = [aws_elasticache_replication_group.this.arn]

  # The zone is in account B: neither created nor looked up here, so both ID and name are given.
  create_zone   = false
  zone_id       = aws_route53_zone.shared.zone_id
  zone_name     = var.zone_name
  zone_role_arn = module.zone_role.role_arn

  tags = local.tags
}

module "zone_role" {
  source = "../../modules/zone-account-role"

  providers = {
    aws = aws.zone
  }

  # The only principal the role trusts. Known once the reconciler's role exists: Terraform creates
  # that role, then this one, then the reconciler's function and its first run, in one apply.
  reconciler_role_arn = module.replica_dns.role_arn
  zone_id             = aws_route53_zone.shared.zone_id
  zone_name           = var.zone_name

  tags = local.tags
}
