module "wrapper" {
  source = "../../modules/zone-account-role"

  for_each = var.items

  az_record_name_template   = try(each.value.az_record_name_template, var.defaults.az_record_name_template, null)
  create                    = try(each.value.create, var.defaults.create, true)
  name                      = try(each.value.name, var.defaults.name, null)
  primary_record_name       = try(each.value.primary_record_name, var.defaults.primary_record_name, null)
  reader_record_name        = try(each.value.reader_record_name, var.defaults.reader_record_name, null)
  reconciler_role_arn       = try(each.value.reconciler_role_arn, var.defaults.reconciler_role_arn)
  record_name_template      = try(each.value.record_name_template, var.defaults.record_name_template, null)
  role_permissions_boundary = try(each.value.role_permissions_boundary, var.defaults.role_permissions_boundary, null)
  tags                      = try(each.value.tags, var.defaults.tags, {})
  zone_id                   = try(each.value.zone_id, var.defaults.zone_id)
  zone_name                 = try(each.value.zone_name, var.defaults.zone_name)
}
