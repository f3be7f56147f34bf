// Reading the hosted zone back through ListResourceRecordSets and checking it against the live
// topology: every expectation is computed from what ElastiCache and Redis report, never typed in.
import { ChangeResourceRecordSetsCommand, type Change } from '@aws-sdk/client-route-53';
import { expect } from 'vitest';
import { redisRole } from '../emulator/emulator.js';
import { ownedNames, ownedView, type OwnedView } from './records.js';
import type { ZoneRecord } from '../zone-records.js';
import { type Deployment, type GroupView, type MemberView, type World } from './world.js';

/** slot number → cluster id of the member its CNAME names, 'primary-endpoint', or 'unknown:<value>'. */
export function slotOwners(view: OwnedView, group: GroupView): Map<number, string> {
  const byAddress = new Map(group.members.map((m) => [m.address, m.clusterId]));
  const out = new Map<number, string>();
  // The primary endpoint first (the fallback's value; with Redis the group's own stable address, not a member's).
  for (const [n, target] of view.slots) out.set(n, target === group.primaryEndpoint ? 'primary-endpoint' : (byAddress.get(target) ?? `unknown:${target}`));
  return out;
}

/** Every owned name holds exactly one CNAME and its marker, both with the configured TTL. */
export function expectMarkersMatch(dep: Deployment, records: readonly ZoneRecord[]): void {
  const view = ownedView(dep, records);
  const ttl = Number(dep.env.RECORD_TTL ?? '10');
  for (const n of view.slots.keys()) {
    const name = dep.slotName(n);
    const at = records.filter((r) => r.name === name);
    expect(at.map((r) => r.type), `${name} holds one CNAME (its marker exists)`).toEqual(['CNAME']);
    expect(at[0]!.values, `${name} has one value`).toHaveLength(1);
    expect(at[0]!.ttl, `TTL of ${name}`).toBe(ttl);
    const marker = records.filter((r) => r.name === `_owner.${name}`);
    expect(marker.map((r) => r.type), `_owner.${name}`).toEqual(['TXT']);
    expect(marker[0]!.ttl, `marker TTL of ${name}`).toBe(ttl);
  }
}

/**
 * The invariants of default mode (RECORD_COUNT=0), against the live topology: the slot names are
 * in one-to-one correspondence with the available replicas, no name names the primary.
 * Returns slot → cluster id.
 */
export function expectDefaultMode(dep: Deployment, records: readonly ZoneRecord[], group: GroupView): Map<number, string> {
  const view = ownedView(dep, records);
  const owners = slotOwners(view, group);
  const targets = [...owners.values()];
  expect(targets, 'no name on the primary').not.toContain(group.primary.clusterId);
  expect(targets, 'no name on the primary endpoint').not.toContain('primary-endpoint');
  expect([...targets].sort(), 'one name per available replica').toEqual(group.availableReplicas.map((m) => m.clusterId));
  expectMarkersMatch(dep, records);
  return owners;
}

/**
 * The invariants of fixed mode (RECORD_COUNT=N): exactly names 1..N, on available replicas,
 * per-replica counts differ by at most one; with no available replica and fallback, all on the
 * primary endpoint. Returns slot → cluster id (or 'primary-endpoint').
 */
export function expectFixedMode(dep: Deployment, records: readonly ZoneRecord[], group: GroupView, count: number): Map<number, string> {
  const view = ownedView(dep, records);
  const owners = slotOwners(view, group);
  expect([...owners.keys()].sort((a, b) => a - b), `exactly names 1..${count}`).toEqual(Array.from({ length: count }, (_, i) => i + 1));
  if (group.availableReplicas.length === 0) {
    for (const [n, owner] of owners) expect(owner, `${dep.slotName(n)} falls back to the primary endpoint`).toBe('primary-endpoint');
  } else {
    const load = new Map(group.availableReplicas.map((m) => [m.clusterId, 0]));
    for (const [n, owner] of owners) {
      expect(load.has(owner), `${dep.slotName(n)} → ${owner} is an available replica`).toBe(true);
      load.set(owner, load.get(owner)! + 1);
    }
    const loads = [...load.values()];
    expect(Math.max(...loads) - Math.min(...loads), `balanced: ${JSON.stringify(Object.fromEntries(load))}`).toBeLessThanOrEqual(1);
  }
  expectMarkersMatch(dep, records);
  return owners;
}

/** ROLE of the redis-server behind every name: 'slave' for a replica name, 'master' for a fallback. */
export async function expectRolesBehindNames(world: World, dep: Deployment, records: readonly ZoneRecord[], group: GroupView): Promise<void> {
  if (!world.emu.redisAvailable) return;
  const view = ownedView(dep, records);
  for (const [n, target] of view.slots) {
    const role = await redisRole(target, group.primary.port);
    const expected = target === group.primaryEndpoint ? 'master' : 'slave';
    expect(role, `ROLE behind ${dep.slotName(n)} (${target})`).toBe(expected);
  }
}

/** Records of the zone that are not this deployment's (not an owned name nor its marker). */
export function notOwnedBy(dep: Deployment, records: readonly ZoneRecord[]): ZoneRecord[] {
  const owned = ownedNames(dep, records);
  return records.filter((r) => !owned.has(r.name));
}

/** Records that are this deployment's (owned names and their markers). */
export function ownedBy(dep: Deployment, records: readonly ZoneRecord[]): ZoneRecord[] {
  const owned = ownedNames(dep, records);
  return records.filter((r) => owned.has(r.name));
}

export const cname = (name: string, value: string, ttl = 300): Change => ({
  Action: 'CREATE',
  ResourceRecordSet: { Name: name, Type: 'CNAME', TTL: ttl, ResourceRecords: [{ Value: value }] },
});

export const record = (name: string, type: string, values: string[], ttl = 300): Change => ({
  Action: 'CREATE',
  ResourceRecordSet: { Name: name, Type: type as never, TTL: ttl, ResourceRecords: values.map((Value) => ({ Value })) },
});

export async function changeZone(world: World, zoneId: string, changes: Change[]): Promise<void> {
  await world.r53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: changes } }));
}

/** Members' ids (for messages). */
export const ids = (members: readonly MemberView[]): string[] => members.map((m) => m.clusterId);
