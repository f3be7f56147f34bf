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
