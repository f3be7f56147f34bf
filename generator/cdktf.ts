// The one place that imports CDK for Terraform (cdktf 0.21, the last release before the project was
// archived) and its prebuilt AWS provider bindings. Every other file imports from here, so a move to
// the maintained fork (cdktn) is a change to this file only.
export {
  App,
  Annotations,
  AssetType,
  DataResource,
  DefaultTokenResolver,
  StringConcat,
  TerraformAsset,
  TerraformDataSource,
  TerraformElement,
  TerraformLocal,
  TerraformOutput,
  TerraformProvider,
  TerraformResource,
  TerraformStack,
  TerraformVariable,
  Testing,
  Token,
  Tokenization,
} from 'cdktf';
export type { IResolvable, IResolveContext } from 'cdktf';
export { Construct } from 'constructs';

export { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule/index.js';
export { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target/index.js';
export { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group/index.js';
export { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm/index.js';
export { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity/index.js';
export { DataAwsElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/data-aws-elasticache-replication-group/index.js';
export { DataAwsIamPolicyDocument } from '@cdktf/provider-aws/lib/data-aws-iam-policy-document/index.js';
export { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition/index.js';
export { DataAwsRoute53Zone } from '@cdktf/provider-aws/lib/data-aws-route53-zone/index.js';
export { IamRole } from '@cdktf/provider-aws/lib/iam-role/index.js';
export { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy/index.js';
export { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function/index.js';
export { LambdaFunctionEventInvokeConfig } from '@cdktf/provider-aws/lib/lambda-function-event-invoke-config/index.js';
export { LambdaInvocation } from '@cdktf/provider-aws/lib/lambda-invocation/index.js';
export { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission/index.js';
export { Route53Zone } from '@cdktf/provider-aws/lib/route53-zone/index.js';
export { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic/index.js';
export { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy/index.js';
export { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription/index.js';
export { SqsQueue } from '@cdktf/provider-aws/lib/sqs-queue/index.js';
export { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';

// The generator's tools below come with cdktf-cli (a devDependency here), not with the cdktf a CDKTF
// app installs: loaded on first use, so the constructs load without them (the npm package).

/** HCL to Terraform JSON (hcl2json, wasm), shipped by CDKTF: for tests of the generated files. */
export async function parseHcl(filename: string, contents: string): Promise<Record<string, unknown>> {
  return (await import('@cdktf/hcl2json')).parse(filename, contents);
}

/** hclwrite.Format (the formatter behind `terraform fmt`), compiled to WebAssembly, shipped by CDKTF. */
export async function formatHcl(text: string): Promise<string> {
  return (await import('@cdktf/hcl-tools')).format(text);
}
