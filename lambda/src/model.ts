// The topology model (PURE): a replication group's members as the planner sees them. The
// ElastiCache adapter (topology.ts) fills it; nothing here imports the SDK.
import type { ServingVerdict } from './serving.js';

export type MemberRole = 'primary' | 'replica' | 'unknown';

export interface Member {
  readonly clusterId: string;
  readonly role: MemberRole;
  /** Node address (lowercase, no trailing dot); absent while the member is being created. */
  readonly readEndpoint?: string;
  readonly az?: string;
  /** CacheClusterStatus as read (absent when the cluster vanished between the two reads). */
  readonly clusterStatus?: string;
  /** CacheNodeStatus of each node, as read. */
  readonly nodeStatuses: readonly string[];
  /** The serving policy's verdict (serving.ts) on those statuses and the group's. */
  readonly serving: ServingVerdict;
}

export interface Topology {
  readonly groupId: string;
  /** ReplicationGroup.Status as read. */
  readonly groupStatus?: string;
  readonly primaryEndpoint?: string;
  /** The group's reader endpoint (rotates over the replicas); absent while the group is being created. */
  readonly readerEndpoint?: string;
  readonly members: readonly Member[];
}

/** A member that may hold a replica name: a replica with an address whose node serves reads. */
export function isServingReplica(member: Member): boolean {
  return member.role === 'replica' && member.readEndpoint !== undefined && member.serving.serves;
}

/** The serving replicas, by cluster id. */
export function servingReplicas(topology: Topology): Member[] {
  return topology.members.filter(isServingReplica).sort((a, b) => compareIds(a.clusterId, b.clusterId));
}

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
