################################################################################
# Private hosted zone
################################################################################

resource "aws_route53_zone" "this" {
  count = var.create ? 1 : 0

  name          = trimsuffix(var.name, ".")
  comment       = var.comment
  force_destroy = var.force_destroy

  dynamic "vpc" {
    for_each = toset(var.vpc_ids)

    content {
      vpc_id = vpc.value
    }
  }

  tags = var.tags

  lifecycle {
    precondition {
      condition     = length(var.vpc_ids) > 0
      error_message = "A private hosted zone needs at least one VPC: set vpc_ids."
    }
  }
}
