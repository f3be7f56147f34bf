// ElastiCache adapter: read one replication group's members into a plain Topology.
// One DescribeReplicationGroups by id (never a listing of all groups), then one
// DescribeCacheClusters per member, in parallel, for the live status of each node.
import {
  DescribeCacheClustersCommand,
  DescribeReplicationGroupsCommand,
  type CacheCluster,
  type ElastiCacheClient,
  type NodeGroupMember,
  type ReplicationGroup,
} from '@aws-sdk/client-elasticache';
import { TopologyError } from './errors.js';
import { normalizeName } from './names.js';

export type MemberRole = 'primary' | 'replica' | 'unknown';

export interface Member {
  readonly clusterId: string;
  readonly role: MemberRole;
  /** Node address (lowercase, no trailing dot); absent while the member is being created. */
  readonly readEndpoint?: string;
  readonly az?: string;
  /** The member's cache cluster (and node) report status `available`. */
  readonly available: boolean;
}

export interface Topology {
  readonly groupId: string;
  readonly primaryEndpoint?: string;
  /** The group's reader endpoint (rotates over the replicas); absent while the group is being created. */
  readonly readerEndpoint?: string;
  readonly members: readonly Member[];
}

/** A member that may serve reads under a replica name. */
export function isAvailableReplica(member: Member): boolean {
  return member.role === 'replica' && member.readEndpoint !== undefined && member.available;
}

export function availableReplicas(topology: Topology): Member[] {
  return topology.members.filter(isAvailableReplica).sort((a, b) => compareIds(a.clusterId, b.clusterId));
}

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export interface TopologyReader {
  read(groupId: string): Promise<Topology>;
}

export class ElastiCacheTopologyReader implements TopologyReader {
  constructor(private readonly client: ElastiCacheClient) {}

  async read(groupId: string): Promise<Topology> {
    const group = await this.describeGroup(groupId);
    const nodeGroups = group.NodeGroups ?? [];
    if (group.ClusterEnabled === true || group.ClusterMode === 'enabled' || nodeGroups.length > 1) {
      throw new TopologyError(
        `replication group ${groupId} has cluster mode enabled; replica names need cluster mode disabled`,
      );
    }
    const nodeGroup = nodeGroups[0];
    const listed = nodeGroup?.NodeGroupMembers ?? [];
    // Members still being created can be in MemberClusters before they appear in NodeGroupMembers.
    const clusterIds = [...new Set([...(group.MemberClusters ?? []), ...listed.flatMap((m) => (m.CacheClusterId ? [m.CacheClusterId] : []))])];
    const clusters = await Promise.all(clusterIds.map((id) => this.describeCluster(id)));
    const members = clusterIds.map((clusterId, index) =>
      toMember(clusterId, listed.find((m) => m.CacheClusterId === clusterId), clusters[index]),
    );
    const primaryAddress = nodeGroup?.PrimaryEndpoint?.Address;
    const readerAddress = nodeGroup?.ReaderEndpoint?.Address;
    return {
      groupId,
      ...(primaryAddress ? { primaryEndpoint: normalizeName(primaryAddress) } : {}),
      ...(readerAddress ? { readerEndpoint: normalizeName(readerAddress) } : {}),
      members,
    };
  }

  private async describeGroup(groupId: string): Promise<ReplicationGroup> {
    try {
      const output = await this.client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: groupId }));
      const group = output.ReplicationGroups?.find((g) => g.ReplicationGroupId === groupId);
      if (group) return group;
      throw new TopologyError(`replication group ${groupId} not found`);
    } catch (error) {
      if (error instanceof TopologyError) throw error;
      if (errorName(error) === 'ReplicationGroupNotFoundFault') {
        throw new TopologyError(`replication group ${groupId} not found`, { cause: error });
      }
      throw error;
    }
  }

  /** Undefined when the cluster vanished between the two reads (being deleted): just not available. */
  private async describeCluster(clusterId: string): Promise<CacheCluster | undefined> {
    try {
      const output = await this.client.send(
        new DescribeCacheClustersCommand({ CacheClusterId: clusterId, ShowCacheNodeInfo: true }),
      );
      return output.CacheClusters?.find((c) => c.CacheClusterId === clusterId);
    } catch (error) {
      if (errorName(error) === 'CacheClusterNotFoundFault') return undefined;
      throw error;
    }
  }
}

function toMember(clusterId: string, listed: NodeGroupMember | undefined, cluster: CacheCluster | undefined): Member {
  const role: MemberRole =
    listed?.CurrentRole === 'primary' ? 'primary' : listed?.CurrentRole === 'replica' ? 'replica' : 'unknown';
  const address = listed?.ReadEndpoint?.Address;
  const az = listed?.PreferredAvailabilityZone ?? cluster?.PreferredAvailabilityZone;
  const nodes = cluster?.CacheNodes ?? [];
  const available =
    cluster?.CacheClusterStatus === 'available' &&
    nodes.every((node) => node.CacheNodeStatus === undefined || node.CacheNodeStatus === 'available');
  return {
    clusterId,
    role,
    ...(address ? { readEndpoint: normalizeName(address) } : {}),
    ...(az ? { az: az.toLowerCase() } : {}),
    available,
  };
}

export function errorName(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : undefined;
}
