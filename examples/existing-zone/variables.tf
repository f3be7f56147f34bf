variable "region" {
  description = "AWS region to deploy the example into."
  type        = string
  default     = "eu-west-1"
}

variable "name" {
  description = "Name of the example: the replication group ID and the prefix of every other name."
  type        = string
  default     = "replica-dns-existing"
}

variable "zone_name" {
  description = "Name of the private hosted zone that already holds other records."
  type        = string
  default     = "example.internal"
}
