// The values the reconciler, the constructs that configure it and render its IAM policy, and the
// tests must agree on (docs/contracts.md). Each is defined here once: the constructs import this
// file, so raising a limit here raises it in the Lambda, in the variable validations and in the
// IAM policy together. Nothing here may import anything: the constructs and the bundle share it.

/** Highest slot number any deployment may own, whatever RECORD_COUNT is; the IAM policy allows 1..MAX_SLOTS. */
export const MAX_SLOTS = 16;

/** Cluster mode disabled: a replication group has at most 5 replicas, so the default mode names slots 1..5. */
export const MAX_REPLICAS = 5;

/** The label in front of a record name that holds its ownership marker: `_owner.<record name>`. */
export const MARKER_LABEL = '_owner';

/** The `heritage=` field of every marker this project writes (as external-dns writes `heritage=external-dns`). */
export const MARKER_HERITAGE = 'elasticache-replica-dns';

/** The marker's TXT value, quoted as Route 53 stores TXT strings. */
export function markerValue(ownerId: string, groupId: string): string {
  return `"heritage=${MARKER_HERITAGE},owner=${ownerId},group=${groupId}"`;
}

/** Longest DNS name (RFC 1035, without the trailing dot). */
export const MAX_NAME_LENGTH = 253;

/** Longest record name the reconciler writes: its marker name must fit in MAX_NAME_LENGTH too. */
export const MAX_RECORD_NAME_LENGTH = MAX_NAME_LENGTH - `${MARKER_LABEL}.`.length;

/**
 * Identifier forms, as regular expressions that mean the same in JavaScript and in Terraform's
 * `regex()` (RE2): no backslashes, no look-around.
 */
export const PATTERNS = {
  /**
   * A Route 53 hosted zone ID, with or without `/hostedzone/`: the module's `zone_id` and the
   * reconciler's HOSTED_ZONE_ID. At most 32 characters ("HostedZone", Id: "Maximum length of 32",
   * https://docs.aws.amazon.com/Route53/latest/APIReference/API_HostedZone.html). The leading `Z`
   * is not written down as a rule; every ID in AWS's examples has it (Z1R8UBAEXAMPLE,
   * Z1D633PJN98FT9: "Use GetHostedZone with a CLI",
   * https://docs.aws.amazon.com/code-library/latest/ug/route-53_example_route-53_GetHostedZone_section.html),
   * and the emulator issues `Z…` IDs (testkit/emulator/replica_dns_emulator/route53_zone_ids.py).
   */
  zoneId: '^(/hostedzone/)?Z[A-Z0-9]{1,31}$',
  /** `owner_id` / OWNER_ID: the identity written into every marker. */
  ownerId: '^[A-Za-z0-9._-]{1,64}$',
  /** `replication_group_id`, as the module validates it (length ≤ 40 checked beside it). */
  replicationGroupId: '^[a-z]([a-z0-9]|-[a-z0-9])*$',
  /** REPLICATION_GROUP_ID, as the reconciler checks it at cold start (length included). */
  reconcilerReplicationGroupId: '^[a-z][a-z0-9-]{0,39}$',
} as const;

/** Longest replication group ID ElastiCache accepts. */
export const MAX_REPLICATION_GROUP_ID_LENGTH = 40;

/** The CloudWatch namespace and dimension of the reconciler's metrics (EMF), which the module's alarms watch. */
export const METRIC_NAMESPACE = 'ElastiCacheReplicaDns';
export const METRIC_DIMENSION = 'ReplicationGroupId';

/** The metrics every run emits; the module alarms on `Conflicts` (and on the function's own `Errors`). */
export const METRIC_NAMES = ['ChangesApplied', 'DriftFound', 'Conflicts', 'Errors', 'DurationMs'] as const;
export type MetricName = (typeof METRIC_NAMES)[number];
