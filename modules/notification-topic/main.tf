data "aws_caller_identity" "current" {}

################################################################################
# ElastiCache notification topic
################################################################################

resource "aws_sns_topic" "this" {
  #checkov:skip=CKV_AWS_26:ElastiCache notifications cannot be delivered to an SNS topic with server-side encryption, so the topic is not encrypted; notifications carry only event names and cluster IDs.
  count = var.create ? 1 : 0

  name = var.name

  tags = var.tags
}

data "aws_iam_policy_document" "topic" {
  count = var.create ? 1 : 0

  statement {
    sid       = "ElastiCacheNotifications"
    actions   = ["sns:Publish"]
    resources = [aws_sns_topic.this[0].arn]

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

resource "aws_sns_topic_policy" "this" {
  count = var.create ? 1 : 0

  arn    = aws_sns_topic.this[0].arn
  policy = data.aws_iam_policy_document.topic[0].json
}
