// ElastiCache adapter: read one replication group's members into a plain Topology (model.ts).
// One DescribeReplicationGroups by id (never a listing of all groups), then one
// DescribeCacheClusters per member, in parallel, for the live status of each node; the serving
// policy (serving.ts) turns the group's, the cluster's and the node's statuses into a verdict.
import {
  DescribeCacheClustersCommand,
  DescribeReplicationGroupsCommand,
  type CacheCluster,
  type ElastiCacheClient,
  type NodeGroupMember,
  type ReplicationGroup,
} from '@aws-sdk/client-elasticache';
import { TopologyError } from './errors.js';
import type { Member, MemberRole, Topology } from './model.js';
import { normalizeName } from './names.js';
import { decide } from './serving.js';

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
      toMember(clusterId, listed.find((m) => m.CacheClusterId === clusterId), clusters[index], group.Status),
    );
    const primaryAddress = nodeGroup?.PrimaryEndpoint?.Address;
    const readerAddress = nodeGroup?.ReaderEndpoint?.Address;
    return {
      groupId,
      ...(group.Status !== undefined ? { groupStatus: group.Status } : {}),
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

  /** Undefined when the cluster vanished between the two reads (being deleted): it does not serve. */
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

function toMember(
  clusterId: string,
  listed: NodeGroupMember | undefined,
  cluster: CacheCluster | undefined,
  groupStatus: string | undefined,
): Member {
  const role: MemberRole =
    listed?.CurrentRole === 'primary' ? 'primary' : listed?.CurrentRole === 'replica' ? 'replica' : 'unknown';
  const address = listed?.ReadEndpoint?.Address;
  const az = listed?.PreferredAvailabilityZone ?? cluster?.PreferredAvailabilityZone;
  const clusterStatus = cluster?.CacheClusterStatus;
  const nodeStatuses = (cluster?.CacheNodes ?? []).flatMap((node) => (node.CacheNodeStatus === undefined ? [] : [node.CacheNodeStatus]));
  return {
    clusterId,
    role,
    ...(address ? { readEndpoint: normalizeName(address) } : {}),
    ...(az ? { az: az.toLowerCase() } : {}),
    ...(clusterStatus !== undefined ? { clusterStatus } : {}),
    nodeStatuses,
    serving: decide({ clusterStatus, nodeStatuses, groupStatus, clusterFound: cluster !== undefined }),
  };
}

export function errorName(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'name' in error ? String(error.name) : undefined;
}
