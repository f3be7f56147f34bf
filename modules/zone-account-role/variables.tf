################################################################################
# Common
################################################################################

variable "create" {
  description = "Whether to create the role (false: create nothing)."
  type        = bool
  default     = true
  nullable    = false
}

variable "tags" {
  description = "Tags for every resource that supports them."
  type        = map(string)
  default     = {}
  nullable    = false
}

################################################################################
# IAM role
################################################################################

variable "reconciler_role_arn" {
  description = "ARN of the reconciler's IAM role in the replication group's account (output `role_arn` of the root module or of `modules/reconciler`): the only principal the role trusts."
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$", var.reconciler_role_arn))
    error_message = "reconciler_role_arn must be an IAM role ARN such as arn:aws:iam::111111111111:role/orders-replica-dns (output role_arn of the module in the group's account)."
  }
}

variable "name" {
  description = "Name of the IAM role. Null: the name of the reconciler's role with `-zone` appended."
  type        = string
  default     = null

  validation {
    condition     = var.name == null || can(regex("^[A-Za-z0-9+=,.@_-]{1,64}$", var.name))
    error_message = "name must be an IAM role name: 1-64 letters, digits and + = , . @ _ -; or null."
  }
}

variable "role_permissions_boundary" {
  description = "ARN of the policy used as permissions boundary of the role."
  type        = string
  default     = null

  validation {
    condition     = var.role_permissions_boundary == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:policy/.+$", var.role_permissions_boundary))
    error_message = "role_permissions_boundary must be an IAM policy ARN such as arn:aws:iam::123456789012:policy/boundary; or null."
  }
}

################################################################################
# Hosted zone
################################################################################

variable "zone_id" {
  description = "ID of the hosted zone in this account that holds the names (`Z...`, with or without `/hostedzone/`)."
  type        = string

  validation {
    condition     = can(regex("^(/hostedzone/)?Z[A-Z0-9]{1,32}$", var.zone_id))
    error_message = "zone_id must be a Route 53 hosted zone ID such as Z0123456789ABCDEFGHIJ (optionally prefixed with /hostedzone/)."
  }
}

variable "zone_name" {
  description = "DNS name of the hosted zone `zone_id`, e.g. `cache.example.internal` (a trailing dot is optional); the same as given to the reconciler."
  type        = string

  validation {
    condition     = can(regex("^([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\\.)*[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\\.?$", var.zone_name)) && length(var.zone_name) <= 253
    error_message = "zone_name must be a DNS name such as cache.example.internal: labels of 1-63 letters, digits, hyphens or underscores separated by dots, at most 253 characters, a trailing dot optional."
  }
}

################################################################################
# Replica records
################################################################################

variable "record_name_template" {
  description = "Names of the replica records: `{n}` (exactly once) is replaced by the slot number 1, 2, ...; the name must lie inside the zone, e.g. `read{n}.cache.example.internal`. Null: `read{n}.<zone name>`. Must be the reconciler's value."
  type        = string
  default     = null

  validation {
    condition     = var.record_name_template == null || try(can(regex("^([A-Za-z0-9_-]*\\{n\\}[A-Za-z0-9_-]*|[A-Za-z0-9_-]+)(\\.[A-Za-z0-9_-]*\\{n\\}[A-Za-z0-9_-]*|\\.[A-Za-z0-9_-]+)*\\.?$", var.record_name_template)) && length(regexall("\\{n\\}", var.record_name_template)) == 1, false)
    error_message = "record_name_template must be a DNS name that contains {n} exactly once, made of letters, digits, hyphens and underscores separated by dots, e.g. read{n}.cache.example.internal."
  }
}

variable "az_record_name_template" {
  description = "Optional per-Availability-Zone names: `{az}` (exactly once) is replaced by the Availability Zone name, e.g. `read-{az}.cache.example.internal` gives `read-us-east-1a.cache.example.internal`, pointing at a replica in that AZ when one is available. Null: no AZ names. Must be the reconciler's value."
  type        = string
  default     = null

  validation {
    condition     = var.az_record_name_template == null || try(can(regex("^([A-Za-z0-9_-]*\\{az\\}[A-Za-z0-9_-]*|[A-Za-z0-9_-]+)(\\.[A-Za-z0-9_-]*\\{az\\}[A-Za-z0-9_-]*|\\.[A-Za-z0-9_-]+)*\\.?$", var.az_record_name_template)) && length(regexall("\\{az\\}", var.az_record_name_template)) == 1, false)
    error_message = "az_record_name_template must be a DNS name that contains {az} exactly once, made of letters, digits, hyphens and underscores separated by dots, e.g. read-{az}.cache.example.internal; or null."
  }
}

variable "primary_record_name" {
  description = "Optional stable name of the replication group's primary endpoint: the reconciler keeps a CNAME here (with its ownership marker, like the replica names) pointing at that endpoint. A DNS name inside the zone, e.g. `primary.cache.example.internal`, distinct from the replica and AZ names. Null: no such name. Must be the reconciler's value."
  type        = string
  default     = null

  validation {
    condition     = var.primary_record_name == null || try(can(regex("^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*\\.?$", var.primary_record_name)) && length(trimsuffix(var.primary_record_name, ".")) <= 246 && !startswith(lower(var.primary_record_name), "_owner."), false)
    error_message = "primary_record_name must be a DNS name made of letters, digits, hyphens and underscores separated by dots, at most 246 characters (room for its _owner. marker), not starting with _owner., e.g. primary.cache.example.internal; or null for no primary name."
  }
}

variable "reader_record_name" {
  description = "Optional stable name of the replication group's reader endpoint: the reconciler keeps a CNAME here (with its ownership marker, like the replica names) pointing at that endpoint. A DNS name inside the zone, e.g. `reader.cache.example.internal`, distinct from the replica and AZ names. Null: no such name. Must be the reconciler's value."
  type        = string
  default     = null

  validation {
    condition     = var.reader_record_name == null || try(can(regex("^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*\\.?$", var.reader_record_name)) && length(trimsuffix(var.reader_record_name, ".")) <= 246 && !startswith(lower(var.reader_record_name), "_owner."), false)
    error_message = "reader_record_name must be a DNS name made of letters, digits, hyphens and underscores separated by dots, at most 246 characters (room for its _owner. marker), not starting with _owner., e.g. reader.cache.example.internal; or null for no reader name."
  }
}
