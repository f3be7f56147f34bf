// Serving policy (PURE): does a member's node serve reads right now, and why? Decided from the
// documented meaning of each ElastiCache status, not from "status is exactly `available`":
// routine operations on a serving node (a backup, online scaling, a service or security-group
// update) keep it serving, so its names stay where they are; a node being created, rebooted,
// replaced or deleted, or one ElastiCache cannot start, serves nothing and loses its names at once.
//
// Sources (facts, not wording):
// - "Viewing ElastiCache node status", ElastiCache user guide:
//   https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Nodes.viewing.html
//   (available, creating, deleting, modifying, updating, rebooting cluster nodes,
//   incompatible_parameters, incompatible_network, restore_failed, snapshotting; "the node is
//   inaccessible while it is being created"; modifying = a customer request, updating = a service
//   update patch or a VPC security-group update, snapshotting = a backup being taken).
// - API reference, CacheCluster.CacheClusterStatus: available, creating, deleted, deleting,
//   incompatible-network, modifying, rebooting cluster nodes, restore-failed, snapshotting;
//   CacheNode.CacheNodeStatus: available, creating, rebooting, deleting;
//   ReplicationGroup.Status: creating, available, modifying, deleting, create-failed, snapshotting.
//   https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CacheCluster.html
//   https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_CacheNode.html
//   https://docs.aws.amazon.com/AmazonElastiCache/latest/APIReference/API_ReplicationGroup.html
// - "Online vertical scaling by modifying node type": the cluster keeps serving requests while
//   it scales: https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/redis-cluster-vertical-scaling.html
//
// Where the docs are silent (written down in README "Which replicas hold names"):
// - The user guide spells some statuses with underscores and the reboot one as "rebooting cache
//   cluster nodes"; the API reference uses hyphens and "rebooting cluster nodes". Both are accepted.
// - The user guide's table (titled node status) and the API's two lists differ; a status from
//   either list means the same at the cluster and at the node level.
// - `modifying`/`updating`/`snapshotting` of the cluster say nothing about the node's own
//   restart: a node that is itself rebooted, relaunched or replaced during one ("Replacing nodes",
//   https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/CacheNodes.NodeReplacement.html, gives
//   no status) is assumed to report CacheNodeStatus `rebooting` (the API's only "down" value
//   besides creating/deleting), and that decides. Were it shown only as `modifying`/`updating`
//   with the node `available`, its names would stay on it until it is back.
// - Unknown status, decided conservatively (see `decide`): an unknown node status → does not
//   serve (the node itself says something we cannot read: keeping a name on a possibly dead node
//   fails every client of it, moving it costs a reconnect); an unknown cluster status while every
//   node reports a serving status → serves (the node's own word is the closer evidence, and
//   moving or deleting names on every unknown cluster-level operation is the very outage this
//   policy exists to prevent); an unknown group status → ignored (it describes the group, not
//   this node). Every unknown status is flagged (`known: false`) and logged by the run.

export interface MemberStatuses {
  /** CacheCluster.CacheClusterStatus; undefined when the status is absent from the answer. */
  readonly clusterStatus?: string;
  /** CacheNode.CacheNodeStatus of each node of the cluster (one for cluster mode disabled; none while creating). */
  readonly nodeStatuses: readonly string[];
  /** ReplicationGroup.Status of the member's group. */
  readonly groupStatus?: string;
  /** False when DescribeCacheClusters no longer finds the cluster (deleted between the two reads). */
  readonly clusterFound?: boolean;
}

export interface ServingVerdict {
  /** The node serves reads: it may hold a replica name. */
  readonly serves: boolean;
  /** Why, in one short phrase (logged). */
  readonly reason: string;
  /** False when a status the policy does not know was met (the decision is then the conservative default). */
  readonly known: boolean;
}

interface Meaning {
  readonly serves: boolean;
  readonly why: string;
}

/** Cache cluster and cache node statuses (normalized), with their documented meaning. */
export const NODE_STATUS_MEANINGS: Readonly<Record<string, Meaning>> = {
  available: { serves: true, why: 'healthy and available' },
  creating: { serves: false, why: 'being created; inaccessible until available' },
  deleting: { serves: false, why: 'being deleted' },
  deleted: { serves: false, why: 'deleted' },
  modifying: { serves: true, why: 'being modified at a customer request (e.g. online scaling); keeps serving' },
  updating: { serves: true, why: 'service update or security-group update under way; keeps serving' },
  snapshotting: { serves: true, why: 'a backup is being taken; keeps serving reads' },
  rebooting: { serves: false, why: 'node rebooting' },
  'rebooting cluster nodes': { serves: false, why: 'nodes being rebooted' },
  'incompatible-parameters': { serves: false, why: 'ElastiCache cannot start the node (parameter group)' },
  'incompatible-network': { serves: false, why: 'ElastiCache cannot start the node (no IP address or subnet)' },
  'restore-failed': { serves: false, why: 'node failed (restore or replacement failed)' },
};

/** Replication group statuses: only those that end every member override the member's own statuses. */
export const GROUP_STATUS_MEANINGS: Readonly<Record<string, Meaning & { readonly decides: boolean }>> = {
  available: { serves: true, decides: false, why: 'group available' },
  creating: { serves: true, decides: false, why: 'group being created; each member tells its own state' },
  modifying: { serves: true, decides: false, why: 'group being modified; each member tells its own state' },
  snapshotting: { serves: true, decides: false, why: 'group backup under way; each member tells its own state' },
  deleting: { serves: false, decides: true, why: 'the group is being deleted' },
  'create-failed': { serves: false, decides: true, why: 'the group failed to create' },
};

/** Lower case, `_` as `-`, single spaces; the user guide's "rebooting cache cluster nodes" as the API's spelling. */
export function normalizeStatus(status: string): string {
  const plain = status.trim().toLowerCase().replace(/_/g, '-').replace(/\s+/g, ' ');
  return plain === 'rebooting cache cluster nodes' ? 'rebooting cluster nodes' : plain;
}

/** The policy: whether the member's node serves reads, and why. */
export function decide(statuses: MemberStatuses): ServingVerdict {
  const group = statuses.groupStatus === undefined ? undefined : normalizeStatus(statuses.groupStatus);
  const groupMeaning = group === undefined ? undefined : GROUP_STATUS_MEANINGS[group];
  // An unknown group status never decides; the note travels with the member's own verdict.
  const unknownGroup = group !== undefined && groupMeaning === undefined;
  const verdict = decideMember(statuses, groupMeaning?.decides ? `group ${group}: ${groupMeaning.why}` : undefined);
  if (!unknownGroup) return verdict;
  return { ...verdict, known: false, reason: `${verdict.reason}; unknown group status '${statuses.groupStatus}' ignored` };
}

function decideMember(statuses: MemberStatuses, groupVeto: string | undefined): ServingVerdict {
  const { clusterStatus, nodeStatuses } = statuses;
  if (statuses.clusterFound === false) return { serves: false, known: true, reason: 'cache cluster not found (being deleted)' };
  const cluster = clusterStatus === undefined ? undefined : normalizeStatus(clusterStatus);
  const clusterMeaning = cluster === undefined ? undefined : NODE_STATUS_MEANINGS[cluster];
  const nodes = nodeStatuses.map((raw) => ({ raw, meaning: NODE_STATUS_MEANINGS[normalizeStatus(raw)] }));
  const unknownNode = nodes.find((n) => n.meaning === undefined);
  const known = clusterMeaning !== undefined && unknownNode === undefined;
  if (groupVeto !== undefined) return { serves: false, known, reason: groupVeto };
  if (clusterMeaning && !clusterMeaning.serves) return { serves: false, known, reason: `cluster ${cluster}: ${clusterMeaning.why}` };
  const downNode = nodes.find((n) => n.meaning && !n.meaning.serves);
  if (downNode) return { serves: false, known, reason: `node ${normalizeStatus(downNode.raw)}: ${downNode.meaning!.why}` };
  if (unknownNode) {
    return { serves: false, known: false, reason: `unknown node status '${unknownNode.raw}': treated as not serving` };
  }
  if (clusterMeaning === undefined) {
    const shown = clusterStatus === undefined ? 'no cluster status' : `unknown cluster status '${clusterStatus}'`;
    return nodes.length > 0
      ? { serves: true, known: false, reason: `${shown}, node ${nodes.map((n) => normalizeStatus(n.raw)).join(', ')}: treated as serving` }
      : { serves: false, known: false, reason: `${shown} and no node status: treated as not serving` };
  }
  return { serves: true, known: true, reason: cluster === 'available' ? 'available' : `cluster ${cluster}: ${clusterMeaning.why}` };
}
