// What hashicorp/aws 6.x removes or deprecates, as far as a configuration can name it: the
// attributes and arguments, the resource and data source types, and the provider arguments.
// Only 5.100.0 is on these machines, so no 6.x schema can be read here; this list is compiled by
// hand from
//   - "Terraform AWS Provider Version 6 Upgrade Guide",
//     https://registry.terraform.io/providers/hashicorp/aws/latest/docs/guides/version-6-upgrade
//     (website/docs/guides/version-6-upgrade.html.markdown in hashicorp/terraform-provider-aws), and
//   - the 6.x CHANGELOG entries that deprecate an attribute after 6.0.0: `data.aws_region.id` in
//     6.47.0 (hashicorp/terraform-provider-aws#48036).
// test/module/provider-compat.test.ts checks every attribute the module's HCL and the examples read
// or set against it.

export type Kind = 'data' | 'resource';

export interface AttributeChange {
  readonly kind: Kind;
  readonly type: string;
  readonly attribute: string;
  readonly change: 'removed' | 'deprecated' | 'repurposed';
  /** The release and where it is written. */
  readonly source: string;
}

const GUIDE = '6.0.0, Version 6 Upgrade Guide';

function entries(kind: Kind, type: string, change: AttributeChange['change'], attributes: readonly string[], source = GUIDE): AttributeChange[] {
  return attributes.map((attribute) => ({ kind, type, attribute, change, source }));
}

export const ATTRIBUTE_CHANGES: readonly AttributeChange[] = [
  // Data sources
  ...entries('data', 'aws_batch_compute_environment', 'removed', ['compute_environment_name']),
  ...entries('data', 'aws_ecs_task_definition', 'removed', ['inference_accelerator']),
  ...entries('data', 'aws_ecs_task_execution', 'removed', ['inference_accelerator_overrides']),
  ...entries('data', 'aws_identitystore_group', 'removed', ['filter']),
  ...entries('data', 'aws_identitystore_user', 'removed', ['filter']),
  ...entries('data', 'aws_launch_template', 'removed', ['elastic_gpu_specifications', 'elastic_inference_accelerator']),
  ...entries('data', 'aws_opensearch_domain', 'removed', ['kibana_endpoint']),
  ...entries('data', 'aws_quicksight_data_set', 'removed', ['tags_all']),
  ...entries('data', 'aws_region', 'deprecated', ['name']),
  ...entries('data', 'aws_region', 'deprecated', ['id'], '6.47.0, CHANGELOG (hashicorp/terraform-provider-aws#48036)'),
  ...entries('data', 'aws_s3_bucket', 'repurposed', ['region']),
  ...entries('data', 'aws_service_discovery_service', 'removed', ['tags_all']),
  ...entries('data', 'aws_servicequotas_templates', 'deprecated', ['region']),
  ...entries('data', 'aws_ssmincidents_replication_set', 'deprecated', ['region']),
  ...entries('data', 'aws_vpc_endpoint_service', 'deprecated', ['region']),
  ...entries('data', 'aws_vpc_peering_connection', 'deprecated', ['region']),
  // Resources
  ...entries('resource', 'aws_api_gateway_account', 'removed', ['reset_on_delete']),
  ...entries('resource', 'aws_api_gateway_deployment', 'removed', ['stage_name', 'stage_description', 'canary_settings', 'invoke_url', 'execution_arn']),
  ...entries('resource', 'aws_batch_compute_environment', 'removed', ['compute_environment_name', 'compute_environment_name_prefix']),
  ...entries('resource', 'aws_batch_job_queue', 'removed', ['compute_environments']),
  ...entries('resource', 'aws_cloudformation_stack_set_instance', 'deprecated', ['region']),
  ...entries('resource', 'aws_config_aggregate_authorization', 'deprecated', ['region']),
  ...entries('resource', 'aws_dms_endpoint', 'removed', ['s3_settings']),
  ...entries('resource', 'aws_dx_gateway_association', 'removed', ['vpn_gateway_id']),
  ...entries('resource', 'aws_dx_hosted_connection', 'deprecated', ['region']),
  ...entries('resource', 'aws_ecs_task_definition', 'removed', ['inference_accelerator']),
  ...entries('resource', 'aws_eip', 'removed', ['vpc']),
  ...entries('resource', 'aws_eks_addon', 'removed', ['resolve_conflicts']),
  ...entries('resource', 'aws_flow_log', 'removed', ['log_group_name']),
  ...entries('resource', 'aws_guardduty_detector', 'deprecated', ['datasources']),
  ...entries('resource', 'aws_guardduty_organization_configuration', 'removed', ['auto_enable']),
  ...entries('resource', 'aws_guardduty_organization_configuration', 'deprecated', ['datasources']),
  ...entries('resource', 'aws_instance', 'removed', ['cpu_core_count', 'cpu_threads_per_core']),
  ...entries('resource', 'aws_launch_template', 'removed', ['elastic_gpu_specifications', 'elastic_inference_accelerator']),
  ...entries('resource', 'aws_networkmanager_core_network', 'removed', ['base_policy_region']),
  ...entries('resource', 'aws_opensearch_domain', 'removed', ['kibana_endpoint']),
  ...entries('resource', 'aws_redshift_cluster', 'removed', ['snapshot_copy', 'logging']),
  ...entries('resource', 'aws_s3_bucket', 'repurposed', ['region']),
  ...entries('resource', 'aws_sagemaker_notebook_instance', 'removed', ['accelerator_types']),
  ...entries('resource', 'aws_servicequotas_template', 'deprecated', ['region']),
  ...entries('resource', 'aws_spot_instance_request', 'removed', ['block_duration_minutes']),
  ...entries('resource', 'aws_ssm_association', 'removed', ['instance_id']),
  ...entries('resource', 'aws_ssmincidents_replication_set', 'deprecated', ['region']),
];

const OPSWORKS = [
  'application', 'custom_layer', 'ecs_cluster_layer', 'ganglia_layer', 'haproxy_layer', 'instance', 'java_app_layer', 'memcached_layer',
  'mysql_layer', 'nodejs_app_layer', 'permission', 'php_app_layer', 'rails_app_layer', 'rds_db_instance', 'stack', 'static_web_layer', 'user_profile',
].map((name) => `aws_opsworks_${name}`);

/** Resource types 6.0.0 removes (OpsWorks, SimpleDB, WorkLink, aws_redshift_service_account). */
export const REMOVED_TYPES: readonly string[] = [
  ...OPSWORKS,
  'aws_simpledb_domain',
  'aws_worklink_fleet',
  'aws_worklink_website_certificate_authority_association',
  'aws_redshift_service_account',
];

/** Types 6.0.0 deprecates (to be removed in a later major release). */
export const DEPRECATED_TYPES: readonly string[] = [
  'aws_elastictranscoder_pipeline',
  'aws_elastictranscoder_preset',
  'aws_evidently_feature',
  'aws_evidently_launch',
  'aws_evidently_project',
  'aws_evidently_segment',
  'aws_kinesis_analytics_application',
  'aws_media_store_container',
  'aws_media_store_container_policy',
  'aws_kms_secret',
];

/** Provider arguments 6.0.0 removes (endpoints) or deprecates (removed in 7.0.0). */
export const PROVIDER_ARGUMENT_CHANGES: readonly string[] = ['endpoints.opsworks', 'endpoints.simpledb', 'endpoints.sdb', 'endpoints.worklink', 's3_us_east_1_regional_endpoint'];

/** Resources whose `engine` must be lowercase: an uppercase value is deprecated in 6.0.0. */
export const LOWERCASE_ENGINE_TYPES: readonly string[] = ['aws_elasticache_replication_group', 'aws_elasticache_user', 'aws_elasticache_user_group'];
