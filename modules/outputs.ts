// Output definitions shared by the root module and modules/reconciler (one definition, one
// wording), grouped in the sections of outputs.tf, as modules/variables.ts does for the inputs.
import { specSection, type OutputSpec } from '../generator/spec.js';
import { MAX_REPLICAS } from '../lambda/src/contracts.js';

/** The names the reconciler keeps. */
export const names = specSection('Replica names', {
  recordNames: {
    name: 'record_names',
    description: `Names of the replica records. With \`record_count\` > 0 exactly these exist. With 0 these are the possible names (slots 1 … ${MAX_REPLICAS}), of which one per available replica exists, not necessarily the first ones (names are sticky).`,
  } satisfies OutputSpec,
  azRecordNameTemplate: { name: 'az_record_name_template', description: 'Template of the per-AZ names (`{az}` = Availability Zone name), normalized; null when not used.' } satisfies OutputSpec,
  primaryRecordName: { name: 'primary_record_name', description: 'The name kept on the group\'s primary endpoint, normalized; null when not used.' } satisfies OutputSpec,
  readerRecordName: { name: 'reader_record_name', description: 'The name kept on the group\'s reader endpoint, normalized; null when not used.' } satisfies OutputSpec,
  ownerId: { name: 'owner_id', description: 'Identity in the ownership markers (`_owner.<record>` TXT) of the records this deployment manages.' } satisfies OutputSpec,
});

/** The reconciler's resources. */
export const reconciler = specSection('Reconciler', {
  functionName: { name: 'function_name', description: 'Name of the reconciler Lambda function.' } satisfies OutputSpec,
  functionArn: { name: 'function_arn', description: 'ARN of the reconciler Lambda function.' } satisfies OutputSpec,
  roleArn: { name: 'role_arn', description: 'ARN of the reconciler\'s IAM role.' } satisfies OutputSpec,
  roleName: { name: 'role_name', description: 'Name of the reconciler\'s IAM role.' } satisfies OutputSpec,
  logGroupName: { name: 'log_group_name', description: 'Name of the reconciler\'s CloudWatch log group.' } satisfies OutputSpec,
  failureQueueArn: { name: 'failure_queue_arn', description: 'ARN of the SQS queue that receives events the reconciler failed to process.' } satisfies OutputSpec,
  failureQueueUrl: { name: 'failure_queue_url', description: 'URL of the SQS queue that receives events the reconciler failed to process.' } satisfies OutputSpec,
  scheduleRuleArn: { name: 'schedule_rule_arn', description: 'ARN of the EventBridge rule that runs the drift correction (null without a schedule).' } satisfies OutputSpec,
});
