// Submodule `modules/notification-topic`: the SNS topic a replication group sends its ElastiCache
// notifications to, with the topic policy that lets ElastiCache publish. No server-side
// encryption: ElastiCache notifications cannot be delivered to an encrypted topic.
import { Construct, DataAwsIamPolicyDocument, SnsTopic, SnsTopicPolicy } from '../../generator/cdktf.js';
import { AwsContext } from '../../generator/context.js';
import { countIf, hcl } from '../../generator/expr.js';
import { make, section, skipCheck } from '../../generator/hcl.js';
import { declareOutputs, declareVariables, stableId, propPreconditions, setPreconditions, varProps, withDefaults, type OutputSpec, type VariableSpec, reuse, specSection, specsOf } from '../../generator/spec.js';
import { common, topic } from '../variables.js';

export interface NotificationTopicProps {
  /** Whether to create the topic (variable `create`). */
  readonly create?: boolean;
  /** Name of the topic. */
  readonly name: string;
  readonly tags?: Record<string, string>;
}

export const NOTIFICATION_TOPIC_VARIABLES: readonly VariableSpec[] = [
  reuse(common.create, { description: 'Whether to create the topic (false: create nothing).' }),
  reuse(topic.topicName, { name: 'name', required: true, description: 'Name of the SNS topic.', example: '"orders-replica-dns-events"' }),
  common.tags,
];

export const ENCRYPTION_NOTE =
  'ElastiCache notifications cannot be delivered to an SNS topic with server-side encryption, so the topic is not encrypted; notifications carry only event names and cluster IDs.';

export class NotificationTopic extends Construct {
  public readonly topic: SnsTopic;
  /** `aws_sns_topic.this[0].arn`, null when not created. */
  public readonly topicArn: string;
  public readonly topicName: string;

  constructor(scope: Construct, id: string, props: NotificationTopicProps) {
    super(scope, id);
    const p = withDefaults(props, NOTIFICATION_TOPIC_VARIABLES);
    const aws = AwsContext.of(this);

    this.topic = stableId(this, make(SnsTopic, this, 'topic', { count: countIf(p.create), name: p.name, tags: p.tags }), 'this');
    section(this.topic, 'ElastiCache notification topic', 'topic.tf');
    skipCheck(this.topic, 'CKV_AWS_26', ENCRYPTION_NOTE);
    const topicArn = hcl`${this.topic.fqn}[0].arn`;

    const document = stableId(
      this,
      make(DataAwsIamPolicyDocument, this, 'policy-document', {
        count: countIf(p.create),
        statement: [
          {
            sid: 'ElastiCacheNotifications',
            actions: ['sns:Publish'],
            resources: [topicArn],
            principals: [{ type: 'Service', identifiers: ['elasticache.amazonaws.com'] }],
            // AWS:SourceOwner, not aws:SourceAccount: ElastiCache marks a topic whose policy uses the
            // latter inactive ("SNS topic access policy requirement", Managing ElastiCache Amazon SNS
            // notifications, https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/ECEvents.SNS.html).
            condition: [{ test: 'StringEquals', variable: 'AWS:SourceOwner', values: [aws.accountId] }],
          },
        ],
      }),
      'topic',
    );
    stableId(
      this,
      make(SnsTopicPolicy, this, 'policy', {
        count: countIf(p.create),
        arn: topicArn,
        policy: hcl`${document.fqn}[0].json`,
      }),
      'this',
    );
    setPreconditions(this.topic, propPreconditions(this, NOTIFICATION_TOPIC_VARIABLES, props));

    this.topicArn = hcl`try(${this.topic.fqn}[0].arn, null)`;
    this.topicName = hcl`try(${this.topic.fqn}[0].name, null)`;
  }
}

export const NOTIFICATION_TOPIC_OUTPUTS: readonly OutputSpec[] = specsOf(
  specSection('Notification topic', {
    topicArn: { name: 'topic_arn', description: 'ARN of the SNS topic: set it as the replication group\'s `notification_topic_arn` (null when not created).' },
    topicName: { name: 'topic_name', description: 'Name of the SNS topic (null when not created).' },
  }),
);
/** The `modules/notification-topic` Terraform module. */
export function notificationTopicModule(scope: Construct): void {
  AwsContext.declare(scope, 'accountId');
  const vars = declareVariables(scope, NOTIFICATION_TOPIC_VARIABLES);
  const t = new NotificationTopic(scope, 'notification-topic', varProps(vars, NOTIFICATION_TOPIC_VARIABLES) as unknown as NotificationTopicProps);
  const values: Record<string, string> = { topic_arn: t.topicArn, topic_name: t.topicName };
  declareOutputs(scope, NOTIFICATION_TOPIC_OUTPUTS, values);
}
