// A cluster-mode-disabled replication group as ElastiCache describes it, built from a short
// spec; the answers of DescribeReplicationGroups / DescribeCacheClusters. Shared by unit tests
// and the benchmark.
import {
  CacheClusterNotFoundFault,
  ReplicationGroupNotFoundFault,
  type DescribeCacheClustersCommandInput,
  type DescribeCacheClustersCommandOutput,
  type DescribeReplicationGroupsCommandInput,
  type DescribeReplicationGroupsCommandOutput,
} from '@aws-sdk/client-elasticache';

export interface MemberSpec {
  readonly clusterId: string;
  readonly az: string;
  /** CacheClusterStatus; default `available`. */
  readonly status?: string;
  /** CacheNodeStatus of its one node; default `available`. */
  readonly nodeStatus?: string;
  /** false: still being created, no read endpoint yet. */
  readonly hasEndpoint?: boolean;
}

export interface GroupSpec {
  readonly groupId: string;
  /** Cluster id of the primary; the other members are replicas. */
  readonly primary: string;
  readonly members: readonly MemberSpec[];
  readonly clusterEnabled?: boolean;
  /** ReplicationGroup.Status; default `available`. */
  readonly status?: string;
}

export function endpointOf(clusterId: string): string {
  return `${clusterId}.abc123.0001.use1.cache.amazonaws.com`;
}

export function primaryEndpointOf(groupId: string): string {
  return `${groupId}.abc123.ng.0001.use1.cache.amazonaws.com`;
}

export function readerEndpointOf(groupId: string): string {
  return `${groupId}-ro.abc123.ng.0001.use1.cache.amazonaws.com`;
}

/** A group `g` with members g-001 (primary) .. g-00N spread over three AZs. */
export function groupOf(count: number, groupId = 'g'): GroupSpec {
  const azs = ['us-east-1a', 'us-east-1b', 'us-east-1c'];
  const members = Array.from({ length: count }, (_, i) => ({
    clusterId: `${groupId}-${String(i + 1).padStart(3, '0')}`,
    az: azs[i % azs.length]!,
  }));
  return { groupId, primary: members[0]!.clusterId, members };
}

export class FakeGroup {
  describeGroupCalls = 0;
  describeClusterCalls = 0;

  constructor(public spec: GroupSpec | undefined) {}

  get calls(): number {
    return this.describeGroupCalls + this.describeClusterCalls;
  }

  describeReplicationGroups(input: DescribeReplicationGroupsCommandInput): DescribeReplicationGroupsCommandOutput {
    this.describeGroupCalls++;
    const spec = this.spec;
    if (!spec || input.ReplicationGroupId !== spec.groupId) {
      throw new ReplicationGroupNotFoundFault({ message: `ReplicationGroup ${input.ReplicationGroupId} not found.`, $metadata: {} });
    }
    return {
      $metadata: {},
      ReplicationGroups: [
        {
          ReplicationGroupId: spec.groupId,
          Status: spec.status ?? 'available',
          ClusterEnabled: spec.clusterEnabled ?? false,
          MemberClusters: spec.members.map((m) => m.clusterId),
          NodeGroups: [
            {
              NodeGroupId: '0001',
              Status: 'available',
              PrimaryEndpoint: { Address: primaryEndpointOf(spec.groupId), Port: 6379 },
              ReaderEndpoint: { Address: readerEndpointOf(spec.groupId), Port: 6379 },
              NodeGroupMembers: spec.members.map((m) => ({
                CacheClusterId: m.clusterId,
                CacheNodeId: '0001',
                PreferredAvailabilityZone: m.az,
                CurrentRole: m.clusterId === spec.primary ? 'primary' : 'replica',
                ...(m.hasEndpoint === false ? {} : { ReadEndpoint: { Address: endpointOf(m.clusterId), Port: 6379 } }),
              })),
            },
          ],
        },
      ],
    };
  }

  describeCacheClusters(input: DescribeCacheClustersCommandInput): DescribeCacheClustersCommandOutput {
    this.describeClusterCalls++;
    const member = this.spec?.members.find((m) => m.clusterId === input.CacheClusterId);
    if (!member) throw new CacheClusterNotFoundFault({ message: `CacheCluster ${input.CacheClusterId} not found.`, $metadata: {} });
    return {
      $metadata: {},
      CacheClusters: [
        {
          CacheClusterId: member.clusterId,
          CacheClusterStatus: member.status ?? 'available',
          PreferredAvailabilityZone: member.az,
          ReplicationGroupId: this.spec!.groupId,
          CacheNodes: [{ CacheNodeId: '0001', CacheNodeStatus: member.nodeStatus ?? 'available' }],
        },
      ],
    };
  }
}
