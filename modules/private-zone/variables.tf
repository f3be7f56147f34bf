################################################################################
# Common
################################################################################

variable "create" {
  description = "Whether to create the zone (false: create nothing)."
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
# Hosted zone
################################################################################

variable "name" {
  description = "DNS name of the private hosted zone, e.g. `cache.example.internal` (a trailing dot is optional)."
  type        = string

  validation {
    condition     = var.name == null || try(can(regex("^([A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\\.)*[A-Za-z0-9_]([A-Za-z0-9_-]{0,61}[A-Za-z0-9])?\\.?$", var.name)) && length(var.name) <= 253, false)
    error_message = "name must be a DNS name such as cache.example.internal: labels of 1-63 letters, digits, hyphens or underscores separated by dots, at most 253 characters, a trailing dot optional."
  }
}

variable "vpc_ids" {
  description = "IDs of the VPCs to associate the private hosted zone with (at least one; in the provider's region)."
  type        = list(string)
  default     = []
  nullable    = false

  validation {
    condition     = alltrue([for id in var.vpc_ids : can(regex("^vpc-[0-9a-f]{8}([0-9a-f]{9})?$", id))])
    error_message = "vpc_ids must be VPC IDs such as vpc-0123456789abcdef0."
  }
}

variable "comment" {
  description = "Comment on the hosted zone."
  type        = string
  default     = "Read replica names of ElastiCache replication groups"
  nullable    = false
}

variable "force_destroy" {
  description = "Delete all records in the zone (also records of others) when the zone is destroyed."
  type        = bool
  default     = false
  nullable    = false
}
