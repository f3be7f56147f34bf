// The Terraform and AWS provider versions the modules and the constructs promise to work with: the
// generated versions.tf says so, and a CDKTF app can require the same range (examples/cdktf).
/** Minimum versions the generated modules require. */
export const TERRAFORM_MIN_VERSION = '1.5.7';
/**
 * AWS provider: `aws_lambda_invocation.lifecycle_scope`/`terraform_key` (CRUD) need 5.1; the
 * Lambda runtime `nodejs22.x` passes the provider's runtime validation only from late-2024 5.x
 * releases on; 5.83 is a release that has both. The floor stays there although the optional
 * `nodejs24.x` needs 6.19.0 (the provider validates `runtime` against its AWS SDK's list, which
 * gained nodejs24.x in October 2025: hashicorp/terraform-provider-aws#44986, CHANGELOG entry
 * #45024): the default runtime works from 5.83 on, and 5.100.0 is the provider the tests run with
 * (tests/provider/runtime_nodejs24.tftest.hcl shows its rejection of nodejs24.x).
 */
export const AWS_PROVIDER_MIN_VERSION = '5.83';

/**
 * The constraint the modules require and a CDKTF or CDK Terrain stack using the constructs may ask
 * for (`required_providers`): a minimum only, as Terraform's guidance for reusable modules has it (a
 * module's upper bound would stop every root module that uses it from taking a new major release,
 * even where it works). What is claimed is narrower, 5.83 through 6.x (README, Compatibility): the
 * HCL reads no attribute that 6.x removes or deprecates (test/module/provider-compat.test.ts).
 */
export const AWS_PROVIDER_VERSION_CONSTRAINT = `>= ${AWS_PROVIDER_MIN_VERSION}`;
