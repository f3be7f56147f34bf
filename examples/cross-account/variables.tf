variable "region" {
  description = "AWS region of both accounts' resources."
  type        = string
  default     = "eu-west-1"
}

variable "zone_account_profile" {
  description = "AWS CLI profile with credentials for the account that keeps the hosted zone (account B, e.g. the landing zone's networking account). The default provider (account A) uses the usual credential chain."
  type        = string
  default     = "networking"
}

variable "name" {
  description = "Name of the example: the replication group ID and the prefix of every other name."
  type        = string
  default     = "replica-dns-xacct"
}

variable "zone_name" {
  description = "Name of the private hosted zone in account B."
  type        = string
  default     = "cache.shared.internal"
}
