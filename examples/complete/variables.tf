variable "region" {
  description = "AWS region to deploy the example into."
  type        = string
  default     = "eu-west-1"
}

variable "name" {
  description = "Name of the example: the replication group ID and the prefix of every other name."
  type        = string
  default     = "replica-dns-complete"
}

variable "auth_token" {
  description = "AUTH token of the replication group: 16-128 characters, letters, digits and ! & # $ ^ < > - only (ElastiCache's rules). Pass it from your secret store, e.g. TF_VAR_auth_token; null: in-transit encryption without AUTH."
  type        = string
  default     = null
  sensitive   = true

  validation {
    condition     = var.auth_token == null || can(regex("^[A-Za-z0-9!&#$^<>-]{16,128}$", var.auth_token))
    error_message = "auth_token must be 16 to 128 characters: letters, digits and only the special characters ! & # $ ^ < > - (ElastiCache's AUTH token rules)."
  }
}
