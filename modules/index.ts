// The constructs, for use from a CDKTF app (the generated HCL modules are for Terraform users).
export { ElastiCacheReplicaDns, ROOT_OUTPUTS, ROOT_VARIABLES, type ElastiCacheReplicaDnsProps } from './root.js';
export { Reconciler, RECONCILER_OUTPUTS, RECONCILER_VARIABLES, PACKAGE_PATH, type LambdaPackage, type ReconcilerProps } from './reconciler/reconciler.js';
export { NotificationTopic, NOTIFICATION_TOPIC_OUTPUTS, NOTIFICATION_TOPIC_VARIABLES, type NotificationTopicProps } from './notification-topic/notification-topic.js';
export { PrivateZone, PRIVATE_ZONE_OUTPUTS, PRIVATE_ZONE_VARIABLES, type PrivateZoneProps } from './private-zone/private-zone.js';
export { ZoneAccountRole, ZONE_ACCOUNT_ROLE_OUTPUTS, ZONE_ACCOUNT_ROLE_VARIABLES, type ZoneAccountRoleProps } from './zone-account-role/zone-account-role.js';
export type { OutputSpec, Precondition, Rejected, VariableSpec, Validation } from '../generator/spec.js';
export { AWS_PROVIDER_MIN_VERSION, AWS_PROVIDER_VERSION_CONSTRAINT, TERRAFORM_MIN_VERSION } from './versions.js';
