// Account, partition and region, read once per stack (`data "aws_caller_identity" "current"` etc.).
import { Construct, DataAwsCallerIdentity, DataAwsPartition, DataAwsRegion, TerraformStack } from './cdktf.js';
import { hcl } from './expr.js';
import { stableId } from './spec.js';

function singleton<T extends Construct>(scope: Construct, id: string, create: (stack: TerraformStack, id: string) => T): T {
  const stack = TerraformStack.of(scope);
  const existing = stack.node.tryFindChild(id);
  if (existing) return existing as T;
  return stableId(scope, create(stack, id) as T & { overrideLogicalId(id: string): void }, 'current');
}

/** The three data sources, each created on first use. */
const SOURCES = {
  partition: (scope: Construct) => singleton(scope, 'replica-dns-partition', (s, id) => new DataAwsPartition(s, id, {})),
  accountId: (scope: Construct) => singleton(scope, 'replica-dns-caller-identity', (s, id) => new DataAwsCallerIdentity(s, id, {})),
  region: (scope: Construct) => singleton(scope, 'replica-dns-region', (s, id) => new DataAwsRegion(s, id, {})),
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
   * `data.aws_region.current.id`: the region name in both AWS provider 5.x and 6.x (`name` is
   * deprecated in 6.x, `region` does not exist in 5.x).
   */
  public get region(): string {
    return hcl`${SOURCES.region(this.scope).fqn}.id`;
  }
}
