# tflint (https://github.com/terraform-linters/tflint) for the root module, every submodule and every
# HCL example: `bash scripts/tflint.sh` (a stage of `npm test`), or the pre-commit hook.
#
# Only the terraform ruleset, which is compiled into tflint (no plugin download). Every one of its
# rules ("all"): a superset of the rules terraform-aws-modules enables with --only in the
# terraform_tflint hook of their .pre-commit-config.yaml (e.g. terraform-aws-modules/
# terraform-aws-elasticache: deprecated_interpolation, deprecated_index, unused_declarations,
# comment_syntax, documented_outputs, documented_variables, typed_variables, module_pinned_source,
# naming_convention, required_version, required_providers, standard_module_structure,
# workspace_remote, unused_required_providers).
#
# The aws ruleset (tflint-ruleset-aws: invalid instance types, deprecated arguments, ...) is a
# separate plugin that tflint downloads from GitHub releases at `tflint --init`; it is not used here.
config {
  call_module_type = "local"
}

plugin "terraform" {
  enabled = true
  preset  = "all"
}
