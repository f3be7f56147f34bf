// The world an integration test (or the emulator benchmark) runs in: one emulator, SDK clients,
// and helpers to deploy the COMMITTED reconciler zip as a Lambda function wired to a group's
// notification topic, exactly as the Terraform module wires it (SNS subscription, protocol lambda).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CreateReplicationGroupCommand,
  DescribeCacheClustersCommand,
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
} from '@aws-sdk/client-elasticache';
import { CreateHostedZoneCommand, Route53Client, type VPCRegion } from '@aws-sdk/client-route-53';
import { createFunction, createRole, createTopic, invoke, putRolePolicyDocument, subscribe, type Target } from '../emulator/aws-raw.js';
import { recordPolicyDocument } from './record-policy.js';
import { startEmulator, type Emulator, type EmulatorOptions, type RequestCounts } from '../emulator/emulator.js';
import { normalizeName } from '../../lambda/src/names.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The committed artifact consumers deploy (docs/contracts.md). */
export const COMMITTED_ZIP = path.join(ROOT, 'lambda', 'dist', 'reconciler.zip');

export interface World {
  readonly emu: Emulator;
  readonly ec: ElastiCacheClient;
  readonly r53: Route53Client;
  readonly target: Target;
  readonly roleArn: string;
  readonly zip: Buffer;
  stop(): Promise<void>;
}

export async function startWorld(options: EmulatorOptions = {}): Promise<World> {
  const emu = await startEmulator(options);
  try {
    const conf = { endpoint: emu.endpoint, region: emu.region, credentials: emu.credentials, maxAttempts: 1 };
    const ec = new ElastiCacheClient(conf);
    const r53 = new Route53Client(conf);
    const roleArn = await createRole(emu, 'replica-dns-reconciler');
    return {
      emu,
      ec,
      r53,
      target: emu,
      roleArn,
      zip: fs.readFileSync(COMMITTED_ZIP),
      stop: async () => {
        ec.destroy();
        r53.destroy();
        await emu.stop();
      },
    };
  } catch (error) {
    await emu.stop();
    throw error;
  }
}

/** A private hosted zone (the module's default); returns the bare zone id. */
export async function createPrivateZone(world: World, name: string): Promise<string> {
  const out = await world.r53.send(
    new CreateHostedZoneCommand({ Name: name, CallerReference: `${name}-${Date.now()}`, VPC: { VPCId: 'vpc-0123456789abcdef0', VPCRegion: world.emu.region as VPCRegion } }),
  );
  return out.HostedZone!.Id!.replace('/hostedzone/', '');
}

export async function createGroup(
  world: World,
  id: string,
  options: { members: number; topicArn?: string; automaticFailover?: boolean; transitEncryption?: boolean; authToken?: string },
): Promise<void> {
  const failover = options.automaticFailover ?? options.members > 1;
  await world.ec.send(
    new CreateReplicationGroupCommand({
      ReplicationGroupId: id,
      ReplicationGroupDescription: `integration test group ${id}`,
      Engine: 'valkey',
      CacheNodeType: 'cache.t4g.micro',
      NumCacheClusters: options.members,
      AutomaticFailoverEnabled: failover,
      MultiAZEnabled: failover,
      ...(options.topicArn ? { NotificationTopicArn: options.topicArn } : {}),
      ...(options.transitEncryption ? { TransitEncryptionEnabled: true } : {}),
      ...(options.authToken ? { AuthToken: options.authToken } : {}),
    }),
  );
}

export interface MemberView {
  readonly clusterId: string;
  readonly role: 'primary' | 'replica';
  /** Read endpoint address, lowercase without a trailing dot (what a CNAME value names). */
  readonly address: string;
  readonly port: number;
  /** CacheClusterStatus (and node status) available. */
  readonly available: boolean;
  readonly az: string | undefined;
}

export interface GroupView {
  readonly id: string;
  readonly primary: MemberView;
  readonly primaryEndpoint: string;
  readonly members: readonly MemberView[];
  /** Available replicas, by cluster id. */
  readonly availableReplicas: readonly MemberView[];
}

/** The group as the ElastiCache API describes it now (the ground truth every assertion uses). */
export async function describeGroup(world: World, id: string): Promise<GroupView> {
  const out = await world.ec.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }));
  const group = out.ReplicationGroups![0]!;
  const nodeGroup = group.NodeGroups![0]!;
  const members: MemberView[] = [];
  for (const m of nodeGroup.NodeGroupMembers ?? []) {
    const c = await world.ec.send(new DescribeCacheClustersCommand({ CacheClusterId: m.CacheClusterId, ShowCacheNodeInfo: true }));
    const cluster = c.CacheClusters![0]!;
    const available =
      cluster.CacheClusterStatus === 'available' && (cluster.CacheNodes ?? []).every((n) => (n.CacheNodeStatus ?? 'available') === 'available');
    members.push({
      clusterId: m.CacheClusterId!,
      role: m.CurrentRole === 'primary' ? 'primary' : 'replica',
      address: normalizeName(m.ReadEndpoint!.Address!),
      port: m.ReadEndpoint!.Port!,
      available,
      az: m.PreferredAvailabilityZone,
    });
  }
  members.sort((a, b) => (a.clusterId < b.clusterId ? -1 : 1));
  const primaries = members.filter((m) => m.role === 'primary');
  if (primaries.length !== 1) throw new Error(`group ${id} has ${primaries.length} primaries`);
  return {
    id,
    primary: primaries[0]!,
    primaryEndpoint: normalizeName(nodeGroup.PrimaryEndpoint!.Address!),
    members,
    availableReplicas: members.filter((m) => m.role === 'replica' && m.available),
  };
}

export interface DeploymentSpec {
  readonly functionName: string;
  readonly groupId: string;
  readonly zoneId: string;
  readonly zoneName: string;
  /** Slot template, `{n}` once, e.g. `read{n}.cache.example.internal`. */
  readonly template: string;
  readonly ownerId: string;
  /** Extra / overriding environment (RECORD_COUNT, FALLBACK_TO_PRIMARY, DRY_RUN, RECORD_TTL, …). */
  readonly env?: Record<string, string>;
  /** Subscribe the function to this topic (protocol lambda), as the module does. */
  readonly topicArn?: string;
  /** Lambda runtime (the module's `lambda_runtime`); default nodejs22.x. */
  readonly runtime?: string;
  /**
   * Execution role, used as given. Default: a role of the function's own (`<function>-role`) holding
   * the module's Route 53 policy for its environment (record-policy.ts), kept in step by updateEnv.
   */
  readonly roleArn?: string;
}

export interface Deployment {
  readonly spec: DeploymentSpec;
  readonly functionArn: string;
  env: Record<string, string>;
  /** Synchronous Invoke; returns the parsed summary, throws on a function error. */
  invoke(payload: unknown): Promise<RunSummary>;
  /** UpdateFunctionConfiguration with the merged environment (a following run is a cold start). */
  updateEnv(patch: Record<string, string | undefined>): Promise<void>;
  /** Slot record name n (normalized). */
  slotName(n: number): string;
  /** The exact TXT value of this deployment's ownership marker. */
  readonly markerValue: string;
}

/** The handler's JSON summary (lambda/src/handler.ts RunSummary). */
export interface RunSummary {
  trigger: string;
  event?: string;
  action?: string;
  outcome: string;
  groupId: string;
  dryRun: boolean;
  changes: number;
  recordsChanged: number;
  plan: string[];
  conflicts: Array<{ name: string; reason: string }>;
  records: Record<string, string>;
  attempts: number;
  durationMs: number;
  reason?: string;
}

export const TERRAFORM_CREATE = { trigger: 'terraform', config: 'integration', tf: { action: 'create', prev_input: null } };
export const TERRAFORM_UPDATE = { trigger: 'terraform', config: 'integration', tf: { action: 'update', prev_input: {} } };
export const TERRAFORM_DELETE = { trigger: 'terraform', config: 'integration', tf: { action: 'delete', prev_input: {} } };
export const SCHEDULE = { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} };

function baseEnv(spec: DeploymentSpec): Record<string, string> {
  return {
    REPLICATION_GROUP_ID: spec.groupId,
    HOSTED_ZONE_ID: spec.zoneId,
    HOSTED_ZONE_NAME: spec.zoneName,
    RECORD_NAME_TEMPLATE: spec.template,
    OWNER_ID: spec.ownerId,
    ...spec.env,
  };
}

/** CreateFunction with the committed zip (spec.runtime or nodejs22.x, index.handler) and, optionally, the SNS subscription. */
export async function deployReconciler(world: World, spec: DeploymentSpec): Promise<Deployment> {
  let env = baseEnv(spec);
  const ownRole = spec.roleArn === undefined ? `${spec.functionName}-role`.slice(0, 64) : undefined;
  const grant = async (variables: Record<string, string>) => {
    const document = ownRole && recordPolicyDocument(variables);
    if (ownRole && document) await putRolePolicyDocument(world.target, ownRole, 'records', document);
  };
  const roleArn = ownRole ? await createRole(world.target, ownRole) : spec.roleArn!;
  await grant(env);
  const functionArn = await createFunction(world.target, {
    name: spec.functionName,
    zip: world.zip,
    roleArn,
    runtime: spec.runtime ?? 'nodejs22.x',
    handler: 'index.handler',
    environment: env,
    timeout: 60,
  });
  if (spec.topicArn) await subscribe(world.target, spec.topicArn, 'lambda', functionArn);
  const deployment: Deployment = {
    spec,
    functionArn,
    get env() {
      return env;
    },
    set env(value) {
      env = value;
    },
    invoke: async (payload) => {
      const out = await invoke(world.target, spec.functionName, payload);
      if (out.statusCode !== 200 || out.functionError) {
        throw new Error(`${spec.functionName} failed (${out.statusCode} ${out.functionError ?? ''}): ${out.payload}\n${out.logResult ?? ''}`);
      }
      return JSON.parse(out.payload) as RunSummary;
    },
    updateEnv: async (patch) => {
      const next = { ...env };
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined) delete next[k];
        else next[k] = v;
      }
      await grant(next);
      await updateFunctionEnvironment(world.target, spec.functionName, next);
      env = next;
    },
    slotName: (n) => normalizeName(spec.template.replace('{n}', String(n))),
    markerValue: `"heritage=elasticache-replica-dns,owner=${spec.ownerId},group=${spec.groupId}"`,
  };
  return deployment;
}

export async function newTopic(world: World, name: string): Promise<string> {
  return createTopic(world.target, name);
}

/** UpdateFunctionConfiguration (REST, Lambda 2015-03-31) — the SDK client for Lambda is not a dependency. */
export async function updateFunctionEnvironment(t: Target, name: string, variables: Record<string, string>): Promise<void> {
  const date = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  const res = await fetch(`${t.endpoint}/2015-03-31/functions/${encodeURIComponent(name)}/configuration`, {
    method: 'PUT',
    headers: {
      authorization: `AWS4-HMAC-SHA256 Credential=${t.credentials.accessKeyId}/${date}/${t.region}/lambda/aws4_request, SignedHeaders=host, Signature=0`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ Environment: { Variables: variables } }),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`UpdateFunctionConfiguration ${name}: HTTP ${res.status} ${text}`);
  const got = (JSON.parse(text) as { Environment?: { Variables?: Record<string, string> } }).Environment?.Variables ?? {};
  for (const [k, v] of Object.entries(variables)) {
    if (got[k] !== v) throw new Error(`UpdateFunctionConfiguration ${name}: ${k} is ${got[k]}, not ${v}`);
  }
}

/** count of one operation in the emulator's request counter. */
export function count(counts: RequestCounts, service: string, operation: string): number {
  return counts.byService[service]?.[operation] ?? 0;
}

/**
 * Run `act`, wait until every Lambda run it caused has finished, and return what happened in
 * that window: the requests the emulator received and the reconciler runs (with their summaries).
 * The test must make no Route 53 call of its own inside `act` for the counts to be the reconciler's.
 */
export async function observe<T>(world: World, act: () => Promise<T>): Promise<Observed<T>> {
  await world.emu.waitIdle(60_000);
  await world.emu.resetRequests();
  await world.emu.resetInvocations();
  const value = await act();
  await world.emu.waitIdle(60_000);
  const requests = await world.emu.requests();
  const runs = (await world.emu.invocations()).map((inv) => {
    let summary: RunSummary | undefined;
    try {
      summary = inv.error ? undefined : (JSON.parse(inv.result) as RunSummary);
    } catch {
      summary = undefined;
    }
    return { ...inv, summary };
  });
  return {
    value,
    requests,
    runs,
    writes: count(requests, 'route53', 'ChangeResourceRecordSets'),
    lists: count(requests, 'route53', 'ListResourceRecordSets'),
  };
}

export interface Observed<T> {
  value: T;
  requests: RequestCounts;
  runs: Array<Awaited<ReturnType<Emulator['invocations']>>[number] & { summary: RunSummary | undefined }>;
  writes: number;
  lists: number;
}
