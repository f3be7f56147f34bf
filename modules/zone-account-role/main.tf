locals {
  name                    = coalesce(var.name, format("%s-zone", regex("[^/]+$", var.reconciler_role_arn)))
  zone_id                 = try(trimprefix(var.zone_id, "/hostedzone/"), null)
  zone_name               = try(trimsuffix(lower(var.zone_name), "."), null)
  record_name_template    = try(trimsuffix(lower(coalesce(var.record_name_template, "read{n}.${local.zone_name}")), "."), null)
  az_record_name_template = try(trimsuffix(lower(var.az_record_name_template), "."), null)
  primary_record_name     = try(trimsuffix(lower(var.primary_record_name), "."), null)
  reader_record_name      = try(trimsuffix(lower(var.reader_record_name), "."), null)
  alias_names             = [for name in [local.primary_record_name, local.reader_record_name] : name if name != null]

  # Every name the reconciler may write (slots 1..16 whatever record_count, so a lowered count can delete the names above; the alias names when set) and its ownership marker, for route53:ChangeResourceRecordSetsNormalizedRecordNames.
  writable_record_names = try(flatten([
    for name in concat(
      [for n in range(1, 17) : replace(local.record_name_template, "{n}", tostring(n))],
      local.az_record_name_template == null ? [] : [replace(local.az_record_name_template, "{az}", "*")],
      local.alias_names,
    ) : [name, "_owner.${name}"]
  ]), [])
}

################################################################################
# IAM role assumed by the reconciler of the replication group's account
################################################################################

# Only the reconciler's role: not its account root, so no other principal there can be allowed to assume it.
data "aws_iam_policy_document" "trust" {
  count = var.create ? 1 : 0

  statement {
    sid     = "ReconcilerOnly"
    actions = ["sts:AssumeRole"]

    principals {
      type        = "AWS"
      identifiers = [var.reconciler_role_arn]
    }
  }
}

resource "aws_iam_role" "this" {
  count = var.create ? 1 : 0

  name                 = local.name
  description          = "Lets the replica DNS reconciler change its records in hosted zone ${local.zone_name}"
  assume_role_policy   = data.aws_iam_policy_document.trust[0].json
  permissions_boundary = var.role_permissions_boundary

  tags = var.tags

  lifecycle {
    precondition {
      condition     = endswith(local.record_name_template, ".${local.zone_name}")
      error_message = "record_name_template must lie inside the hosted zone: end it with \".\" and the zone name, e.g. read{n}.<zone name>."
    }
  }
}

data "aws_iam_policy_document" "records" {
  count = var.create ? 1 : 0

  statement {
    sid     = "ReadZone"
    actions = ["route53:ListResourceRecordSets"]
    resources = [
      "arn:${data.aws_partition.current.partition}:route53:::hostedzone/${local.zone_id == null ? "" : local.zone_id}",
    ]
  }

  statement {
    sid     = "WriteOwnedRecords"
    actions = ["route53:ChangeResourceRecordSets"]
    resources = [
      "arn:${data.aws_partition.current.partition}:route53:::hostedzone/${local.zone_id == null ? "" : local.zone_id}",
    ]

    condition {
      test     = local.az_record_name_template == null ? "ForAllValues:StringEquals" : "ForAllValues:StringLike"
      variable = "route53:ChangeResourceRecordSetsNormalizedRecordNames"
      values   = local.writable_record_names
    }

    condition {
      test     = "ForAllValues:StringEquals"
      variable = "route53:ChangeResourceRecordSetsRecordTypes"
      values   = ["CNAME", "TXT"]
    }

    condition {
      test     = "ForAllValues:StringEquals"
      variable = "route53:ChangeResourceRecordSetsActions"
      values   = ["CREATE", "DELETE"]
    }

    condition {
      test     = "Null"
      variable = "route53:ChangeResourceRecordSetsNormalizedRecordNames"
      values   = ["false"]
    }

    condition {
      test     = "Null"
      variable = "route53:ChangeResourceRecordSetsRecordTypes"
      values   = ["false"]
    }

    condition {
      test     = "Null"
      variable = "route53:ChangeResourceRecordSetsActions"
      values   = ["false"]
    }
  }
}

# Named after the names it allows and created before the policy it replaces is destroyed: while the apply runs the reconciler holds both, so its update run can delete the names of the previous configuration.
resource "aws_iam_role_policy" "this" {
  count = var.create ? 1 : 0

  name   = "${local.name}-records-${substr(sha256(jsonencode([local.zone_id, local.writable_record_names])), 0, 16)}"
  role   = aws_iam_role.this[0].id
  policy = data.aws_iam_policy_document.records[0].json

  lifecycle {
    create_before_destroy = true
  }
}

data "aws_partition" "current" {}
