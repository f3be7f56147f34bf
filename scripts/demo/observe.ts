// What the demo shows and checks: the group as the ElastiCache API describes it, the zone as
// ListResourceRecordSets returns it, each name resolved through the zone to a node (a CNAME value is
// a node's address, which names exactly one node), and whether the zone is what the module
// promises for the topology.
import { DescribeCacheClustersCommand, DescribeReplicationGroupsCommand, type ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { MARKER_LABEL, markerValue } from '../../lambda/src/contracts.js';
import type { ZoneRecord } from '../../testkit/zone-records.js';
import { normalizeName } from '../../lambda/src/names.js';

/** What the applied module deployed, as the demo reads it back: Terraform's outputs and the
 *  reconciler's environment as the Lambda API returns it (the configuration the module computed). */
export interface ModuleValues {
  readonly zoneId: string;
  readonly zoneName: string;
  readonly functionName: string;
  readonly azRecordNameTemplate: string | null;
  /** RECORD_NAME_TEMPLATE, RECORD_COUNT, OWNER_ID, REPLICATION_GROUP_ID, … */
  readonly environment: Readonly<Record<string, string>>;
}

export interface Member {
  readonly id: string;
  readonly az: string;
  readonly address: string;
  readonly port: number;
  /** CurrentRole from DescribeReplicationGroups. */
  readonly role: 'primary' | 'replica';
  readonly available: boolean;
}


export async function readGroup(ec: ElastiCacheClient, groupId: string): Promise<Member[]> {
  const out = await ec.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: groupId }));
  const members: Member[] = [];
  for (const m of out.ReplicationGroups?.[0]?.NodeGroups?.[0]?.NodeGroupMembers ?? []) {
    const c = (await ec.send(new DescribeCacheClustersCommand({ CacheClusterId: m.CacheClusterId, ShowCacheNodeInfo: true }))).CacheClusters?.[0];
    members.push({
      id: m.CacheClusterId!,
      az: m.PreferredAvailabilityZone ?? '?',
      address: normalizeName(m.ReadEndpoint!.Address!),
      port: m.ReadEndpoint!.Port!,
      role: m.CurrentRole === 'primary' ? 'primary' : 'replica',
      available: c?.CacheClusterStatus === 'available' && (c.CacheNodes ?? []).every((n) => (n.CacheNodeStatus ?? 'available') === 'available'),
    });
  }
  return members.sort((a, b) => a.id.localeCompare(b.id));
}

function pattern(template: string, placeholder: string, capture: string): RegExp {
  const [before, after] = template.split(placeholder) as [string, string];
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^${esc(before)}(${capture})${esc(after)}$`);
}

export interface NameView {
  readonly name: string;
  /** `slot` n or `az` name. */
  readonly kind: 'slot' | 'az';
  readonly key: string;
  /** CNAME value (a node address). */
  readonly value: string;
  /** The member with that address, if any. */
  readonly member: Member | undefined;
  readonly owned: boolean;
}

/** The reconciler's names in the zone (CNAMEs matching the module's templates), in slot then AZ order. */
export function namesOf(values: ModuleValues, records: readonly ZoneRecord[], members: readonly Member[]): NameView[] {
  const slot = pattern(values.environment.RECORD_NAME_TEMPLATE!, '{n}', '\\d+');
  const az = values.azRecordNameTemplate ? pattern(values.azRecordNameTemplate, '{az}', '[a-z0-9-]+') : null;
  const marker = markerValue(values.environment.OWNER_ID!, values.environment.REPLICATION_GROUP_ID!);
  const out: NameView[] = [];
  for (const r of records) {
    if (r.type !== 'CNAME') continue;
    const s = slot.exec(r.name);
    const a = az?.exec(r.name);
    if (!s && !a) continue;
    const value = normalizeName(r.values[0] ?? '');
    out.push({
      name: r.name,
      kind: s ? 'slot' : 'az',
      key: (s ?? a)![1]!,
      value,
      member: members.find((m) => m.address === value),
      owned: records.some((t) => t.type === 'TXT' && t.name === `${MARKER_LABEL}.${r.name}` && t.values.includes(marker)),
    });
  }
  return out.sort((x, y) => (x.kind !== y.kind ? (x.kind === 'slot' ? -1 : 1) : x.kind === 'slot' ? Number(x.key) - Number(y.key) : x.key.localeCompare(y.key)));
}

/** What is wrong with the zone for this topology (empty: what the module promises). */
export function problems(values: ModuleValues, records: readonly ZoneRecord[], members: readonly Member[]): string[] {
  const out: string[] = [];
  const names = namesOf(values, records, members);
  const replicas = members.filter((m) => m.role === 'replica' && m.available);
  const count = Number(values.environment.RECORD_COUNT ?? '0');
  for (const n of names) {
    if (!n.owned) out.push(`${n.name} has no ownership marker of ${values.environment.OWNER_ID}`);
    if (!n.member) out.push(`${n.name} points at ${n.value}, which is no member of the group`);
    else if (replicas.length > 0 && !replicas.includes(n.member)) out.push(`${n.name} points at ${n.member.id}, the ${n.member.role}, not at a replica`);
  }
  const slots = names.filter((n) => n.kind === 'slot');
  if (count > 0) {
    const want = Array.from({ length: count }, (_, i) => String(i + 1));
    const have = slots.map((n) => n.key);
    if (want.join() !== have.join()) out.push(`slot names ${have.join(',') || 'none'}, expected ${want.join(',')}`);
    const per = replicas.map((r) => slots.filter((n) => n.member === r).length);
    if (per.length > 0 && Math.max(...per) - Math.min(...per) > 1) out.push(`slot names are not balanced over the replicas (${per.join('/')})`);
  } else {
    if (slots.length !== replicas.length) out.push(`${slots.length} slot names for ${replicas.length} available replicas`);
    if (new Set(slots.map((n) => n.member?.id)).size !== slots.length) out.push('two slot names point at the same replica');
  }
  if (values.azRecordNameTemplate) {
    const azs = [...new Set(members.map((m) => m.az))].sort();
    const have = names.filter((n) => n.kind === 'az');
    if (have.map((n) => n.key).join() !== azs.join()) out.push(`AZ names for ${have.map((n) => n.key).join(',') || 'none'}, expected ${azs.join(',')}`);
    for (const n of have) {
      const local = replicas.filter((r) => r.az === n.key);
      if (local.length > 0 && !local.includes(n.member!)) out.push(`${n.name} points at ${n.member?.id ?? n.value}, not at a replica in ${n.key}`);
    }
  }
  return out;
}
