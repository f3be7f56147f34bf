module "wrapper" {
  source = "../../modules/private-zone"

  for_each = var.items

  comment       = try(each.value.comment, var.defaults.comment, "Read replica names of ElastiCache replication groups")
  create        = try(each.value.create, var.defaults.create, true)
  force_destroy = try(each.value.force_destroy, var.defaults.force_destroy, false)
  name          = try(each.value.name, var.defaults.name)
  tags          = try(each.value.tags, var.defaults.tags, {})
  vpc_ids       = try(each.value.vpc_ids, var.defaults.vpc_ids, [])
}
