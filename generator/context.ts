// Account and partition, read once per stack (`data "aws_caller_identity" "current"` etc.), and the
// region, read from an ARN.
import { Construct, DataAwsCallerIdentity, DataAwsPartition, TerraformStack } from './cdktf.js';
import { hcl } from './expr.js';
import { stableId } from './spec.js';

function singleton<T extends Construct>(scope: Construct, id: string, create: (stack: TerraformStack, id: string) => T): T {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(id);
  if (existing) return existing as T;
  return stableId(scope, create(stack, id) as T & { overrideLogicalId(id: string): void }, 'current');
}

/** The two data sources, each created on first use. */
const SOURCES = {
  partition: (scope: Construct) => singleton(scope, 'replica-dns-partition', (s, id) => new DataAwsPartition(s, id, {})),
  accountId: (scope: Construct) => singleton(scope, 'replica-dns-caller-identity', (s, id) => new DataAwsCallerIdentity(s, id, {})),
};

export class AwsContext {
  public static of(scope: Construct): AwsContext {
    return new AwsContext(scope);
  }

  /**
   * Declares these data sources now, in this order, so that a module's main.tf opens with them;
   * otherwise each is declared where it is first read.
   */
  public static declare(scope: Construct, ...values: ReadonlyArray<keyof typeof SOURCES>): void {
    for (const value of values) SOURCES[value](scope);
  }

  private constructor(private readonly scope: Construct) {}

  /** `data.aws_caller_identity.current.account_id` */
  public get accountId(): string {
    return SOURCES.accountId(this.scope).accountId;
  }

  /** `data.aws_partition.current.partition` */
  public get partition(): string {
    return SOURCES.partition(this.scope).partition;
  }

  /**
   * The region of a resource, from its ARN (`arn:partition:service:region:account-id:resource`,
   * "Identify AWS resources with Amazon Resource Names (ARNs)", IAM User Guide,
   * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html). Not from
   * `data "aws_region"`: its `name` is deprecated since AWS provider 6.0 and its `id` since 6.47
   * (hashicorp/terraform-provider-aws#48036), and `region`, the replacement, does not exist in 5.x;
   * an ARN's format belongs to AWS, not to a provider release.
   */
  public static regionOf(arn: string): string {
    return hcl`split(":", ${arn})[3]`;
  }
}
