module "wrapper" {
  source = "../../modules/notification-topic"

  for_each = var.items

  create = try(each.value.create, var.defaults.create, true)
  name   = try(each.value.name, var.defaults.name)
  tags   = try(each.value.tags, var.defaults.tags, {})
}
