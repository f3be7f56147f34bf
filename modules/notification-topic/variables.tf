################################################################################
# Common
################################################################################

variable "create" {
  description = "Whether to create the topic (false: create nothing)."
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
# Notification topic
################################################################################

variable "name" {
  description = "Name of the SNS topic."
  type        = string

  validation {
    condition     = var.name == null || can(regex("^[A-Za-z0-9_-]{1,256}$", var.name))
    error_message = "name must be 1-256 letters, digits, hyphens or underscores (ElastiCache cannot publish to FIFO topics); or null."
  }
}
