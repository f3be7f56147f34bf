provider "aws" {
  region = var.region
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
# What already exists in a typical account: a VPC, a private zone that holds
# other records, an SNS topic for ElastiCache notifications, a replication group
################################################################################

resource "aws_vpc" "this" {
  cidr_block           = "10.43.0.0/16"
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

resource "aws_route53_zone" "existing" {
  name = var.zone_name

  vpc {
    vpc_id = aws_vpc.this.id
  }

  tags = local.tags
}

# A record of someone else in the same zone: the reconciler never touches it.
resource "aws_route53_record" "other" {
  zone_id = aws_route53_zone.existing.zone_id
  name    = "db.${var.zone_name}"
  type    = "CNAME"
  ttl     = 300
  records = ["database.${var.zone_name}"]
}

# ElastiCache cannot publish to a topic with server-side encryption.
resource "aws_sns_topic" "existing" {
  name = "${var.name}-elasticache-events"

  tags = local.tags
}

data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "topic" {
  statement {
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.existing.arn]

    principals {
      type        = "Service"
      identifiers = ["elasticache.amazonaws.com"]
    }

    condition {
      test     = "StringEquals"
      variable = "AWS:SourceOwner"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

resource "aws_sns_topic_policy" "existing" {
  arn    = aws_sns_topic.existing.arn
  policy = data.aws_iam_policy_document.topic.json
}

resource "aws_elasticache_subnet_group" "this" {
  name       = var.name
  subnet_ids = aws_subnet.private[*].id

  tags = local.tags
}

resource "aws_elasticache_replication_group" "this" {
  replication_group_id = var.name
  description          = "Example for the ElastiCache replica DNS module (existing zone and topic)"

  engine             = "valkey"
  engine_version     = "8.0"
  node_type          = "cache.t4g.micro"
  num_cache_clusters = 2

  automatic_failover_enabled = true
  subnet_group_name          = aws_elasticache_subnet_group.this.name
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
  apply_immediately          = true

  # Daily backups, as production groups run them (ElastiCache takes them from a replica, which
  # keeps serving reads and its names: docs/lifecycle.md).
  snapshot_retention_limit = 7
  snapshot_window          = "03:00-04:00"

  notification_topic_arn = aws_sns_topic.existing.arn

  tags = local.tags
}

################################################################################
# Replica DNS names in the existing zone, triggered by the existing topic
################################################################################

module "replica_dns" {
  source = "../../"

  # The topic is not the module's, so the module may depend on the group: its ID as an attribute
  # orders every reconciler resource after the group without a cycle.
  replication_group_id = aws_elasticache_replication_group.this.replication_group_id

  create_zone = false
  zone_id     = aws_route53_zone.existing.zone_id
  zone_name   = aws_route53_zone.existing.name # optional: skips the lookup, names known at plan

  create_topic = false
  topic_arn    = aws_sns_topic.existing.arn

  record_name_template = "cache-replica-{n}.${var.zone_name}"
  reconcile_schedule   = "rate(10 minutes)"

  tags = local.tags
}
