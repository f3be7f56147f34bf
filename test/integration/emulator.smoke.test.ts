// Smoke tests of the local AWS emulator itself (testkit/emulator/): the ElastiCache control plane
// moto lacks, real Redis behind the members, notifications delivered through SNS to a Lambda run
// by the local runner on its runtime's Node.js, and Route 53's all-or-nothing change batches.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  DecreaseReplicaCountCommand,
  DeleteReplicationGroupCommand,
  DescribeCacheClustersCommand,
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
  IncreaseReplicaCountCommand,
  CreateReplicationGroupCommand,
  ModifyReplicationGroupCommand,
  TestFailoverCommand,
  type ReplicationGroup,
} from '@aws-sdk/client-elasticache';
import {
  ChangeResourceRecordSetsCommand,
  CreateHostedZoneCommand,
  GetHostedZoneCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
  type Change,
} from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip, createFunction, createRole, createTopic, invoke, publish, subscribe } from '../../testkit/emulator/aws-raw.js';
import { lambdaRuntimePins, lambdaRuntimesSupportedHere, redisRole, startEmulator, type Emulator } from '../../testkit/emulator/emulator.js';

let emu: Emulator;
let ec: ElastiCacheClient;
let r53: Route53Client;
let topicArn: string;
const recordDir = fs.mkdtempSync(path.join(os.tmpdir(), 'emulator-smoke-'));
const recordFile = path.join(recordDir, 'events.jsonl');

// A tiny Lambda that appends every event it gets to a file and returns a summary.
const RECORDER = `
import { appendFileSync } from 'node:fs';
export const handler = async (event, context) => {
  appendFileSync(process.env.RECORD_FILE, JSON.stringify(event) + '\\n');
  console.log('recorded', context.awsRequestId);
  return { records: event.Records?.length ?? 0, endpoint: process.env.AWS_ENDPOINT_URL, region: process.env.AWS_REGION };
};
`;

// A tiny Lambda that answers with the Node.js it runs on.
const NODE_VERSION = `export const handler = async () => ({ node: process.version, executionEnv: process.env.AWS_EXECUTION_ENV });`;

function recorded(): any[] {
  if (!fs.existsSync(recordFile)) return [];
  return fs.readFileSync(recordFile, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
}

async function group(id: string): Promise<ReplicationGroup> {
  const out = await ec.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }));
  return out.ReplicationGroups![0]!;
}

/** CurrentRole from the API agrees with ROLE of each node's redis-server. */
async function expectRolesAgree(id: string): Promise<void> {
  const rg = await group(id);
  const members = rg.NodeGroups![0]!.NodeGroupMembers!;
  expect(members.filter((m) => m.CurrentRole === 'primary')).toHaveLength(1);
  if (!emu.redisAvailable) return;
  for (const m of members) {
    const role = await redisRole(m.ReadEndpoint!.Address!, m.ReadEndpoint!.Port!);
    expect(role, m.CacheClusterId).toBe(m.CurrentRole === 'primary' ? 'master' : 'slave');
  }
}

beforeAll(async () => {
  emu = await startEmulator();
  const conf = { endpoint: emu.endpoint, region: emu.region, credentials: emu.credentials };
  ec = new ElastiCacheClient(conf);
  r53 = new Route53Client(conf);
  topicArn = await createTopic(emu, 'elasticache-events');
  const role = await createRole(emu, 'recorder-role');
  const fnArn = await createFunction(emu, {
    name: 'recorder',
    zip: await buildZip({ 'index.mjs': RECORDER }),
    roleArn: role,
    environment: { RECORD_FILE: recordFile },
  });
  await subscribe(emu, topicArn, 'lambda', fnArn);
});

afterAll(async () => {
  await emu?.stop();
  fs.rmSync(recordDir, { recursive: true, force: true });
});

describe('emulator: ElastiCache control plane', () => {
  it('creates a group with 3 members visible to both describe calls', async () => {
    await ec.send(
      new CreateReplicationGroupCommand({
        ReplicationGroupId: 'smoke',
        ReplicationGroupDescription: 'smoke test',
        Engine: 'valkey',
        CacheNodeType: 'cache.t4g.micro',
        NumCacheClusters: 3,
        AutomaticFailoverEnabled: true,
        MultiAZEnabled: true,
        NotificationTopicArn: topicArn,
      }),
    );
    const rg = await group('smoke');
    expect(rg.Status).toBe('available');
    expect(rg.MemberClusters).toEqual(['smoke-001', 'smoke-002', 'smoke-003']);
    const ng = rg.NodeGroups![0]!;
    expect(ng.PrimaryEndpoint?.Address).toBeTruthy();
    expect(ng.ReaderEndpoint?.Address).toBeTruthy();
    expect(ng.NodeGroupMembers!.map((m) => m.CurrentRole)).toEqual(['primary', 'replica', 'replica']);
    expect(new Set(ng.NodeGroupMembers!.map((m) => m.PreferredAvailabilityZone)).size).toBe(3);
    for (const m of ng.NodeGroupMembers!) {
      expect(m.ReadEndpoint?.Address).toBeTruthy();
      if (!emu.redisAvailable) expect(m.ReadEndpoint!.Address).toMatch(/\.use1\.cache\.amazonaws\.com$/);
    }

    const clusters = await ec.send(new DescribeCacheClustersCommand({ ShowCacheNodeInfo: true }));
    const members = clusters.CacheClusters!.filter((c) => c.ReplicationGroupId === 'smoke');
    expect(members.map((c) => c.CacheClusterStatus)).toEqual(['available', 'available', 'available']);
    expect(members[0]!.CacheNodes![0]!.Endpoint?.Address).toBe(ng.NodeGroupMembers![0]!.ReadEndpoint!.Address);
    await expectRolesAgree('smoke');
  });

  it('TestFailover promotes a replica, notifies, and Redis follows', async () => {
    const before = (await group('smoke')).NodeGroups![0]!.NodeGroupMembers!.find((m) => m.CurrentRole === 'primary')!;
    await ec.send(new TestFailoverCommand({ ReplicationGroupId: 'smoke', NodeGroupId: '0001' }));
    const after = (await group('smoke')).NodeGroups![0]!.NodeGroupMembers!.find((m) => m.CurrentRole === 'primary')!;
    expect(after.CacheClusterId).not.toBe(before.CacheClusterId);
    await expectRolesAgree('smoke');
    const notes = await emu.notifications();
    expect(notes.map((n) => n.message)).toContain(JSON.stringify({ 'ElastiCache:FailoverComplete': after.CacheClusterId }));
  });

  it('ModifyReplicationGroup with PrimaryClusterId fails over to that member', async () => {
    await ec.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'smoke', PrimaryClusterId: 'smoke-003', ApplyImmediately: true }));
    const primary = (await group('smoke')).NodeGroups![0]!.NodeGroupMembers!.find((m) => m.CurrentRole === 'primary')!;
    expect(primary.CacheClusterId).toBe('smoke-003');
    await expectRolesAgree('smoke');
  });

  it('increases and decreases the replica count', async () => {
    await ec.send(new IncreaseReplicaCountCommand({ ReplicationGroupId: 'smoke', NewReplicaCount: 4, ApplyImmediately: true }));
    let rg = await group('smoke');
    expect(rg.MemberClusters).toHaveLength(5);
    await expectRolesAgree('smoke');

    await ec.send(new DecreaseReplicaCountCommand({ ReplicationGroupId: 'smoke', NewReplicaCount: 1, ApplyImmediately: true }));
    rg = await group('smoke');
    expect(rg.MemberClusters).toHaveLength(2);
    expect(rg.NodeGroups![0]!.NodeGroupMembers!.some((m) => m.CacheClusterId === 'smoke-003' && m.CurrentRole === 'primary')).toBe(true);
    await expectRolesAgree('smoke');
    const events = (await emu.notifications()).map((n) => n.event);
    expect(events).toContain('ElastiCache:ReplicationGroupIncreaseReplicaCountFinished');
    expect(events).toContain('ElastiCache:DeleteCacheClusterComplete');
  });

  it('node replacement: a member goes away and comes back', async () => {
    const replica = (await group('smoke')).NodeGroups![0]!.NodeGroupMembers!.find((m) => m.CurrentRole === 'replica')!;
    await emu.setNodeStatus(replica.CacheClusterId!, 'modifying');
    let c = await ec.send(new DescribeCacheClustersCommand({ CacheClusterId: replica.CacheClusterId }));
    expect(c.CacheClusters![0]!.CacheClusterStatus).toBe('modifying');
    await emu.setNodeStatus(replica.CacheClusterId!, 'available');
    c = await ec.send(new DescribeCacheClustersCommand({ CacheClusterId: replica.CacheClusterId }));
    expect(c.CacheClusters![0]!.CacheClusterStatus).toBe('available');
    await expectRolesAgree('smoke');
    const notes = await emu.notifications();
    expect(notes.map((n) => n.message)).toContain(JSON.stringify({ 'ElastiCache:CacheNodeReplaceComplete': replica.CacheClusterId }));
  });

  it('rejects TestFailover on an unknown group with the real error code', async () => {
    await expect(ec.send(new TestFailoverCommand({ ReplicationGroupId: 'nope', NodeGroupId: '0001' }))).rejects.toMatchObject({
      name: 'ReplicationGroupNotFoundFault',
    });
  });
});

describe('emulator: notifications reach a Lambda through SNS', () => {
  it('delivers the ElastiCache message in the standard SNS envelope', async () => {
    await emu.waitIdle();
    const events = recorded();
    expect(events.length).toBeGreaterThan(0);
    const failover = events.find((e) => e.Records[0].Sns.Message.includes('ElastiCache:FailoverComplete'));
    expect(failover).toBeDefined();
    const rec = failover.Records[0];
    expect(rec.EventSource).toBe('aws:sns');
    expect(rec.Sns.TopicArn).toBe(topicArn);
    expect(rec.Sns.MessageId).toBeTruthy();
    expect(rec.Sns.Timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(Object.keys(JSON.parse(rec.Sns.Message))).toEqual(['ElastiCache:FailoverComplete']);
  });

  it('Publish returns before the function has run; waitIdle waits for it', async () => {
    const before = recorded().length;
    await publish(emu, topicArn, JSON.stringify({ 'ElastiCache:CacheNodeReplaceComplete': 'x-001' }), 'subject');
    await emu.waitIdle();
    expect(recorded().length).toBe(before + 1);
  });

  it('Invoke runs the zip synchronously with the function environment', async () => {
    const out = await invoke(emu, 'recorder', { hello: 'world' });
    expect(out.statusCode).toBe(200);
    expect(out.functionError).toBeUndefined();
    expect(JSON.parse(out.payload)).toEqual({ records: 0, endpoint: emu.endpoint, region: emu.region });
    expect(out.logResult).toContain('recorded');
  });

  it('counts the requests it receives by service and operation', async () => {
    await emu.resetRequests();
    await ec.send(new DescribeReplicationGroupsCommand({}));
    await r53.send(new CreateHostedZoneCommand({ Name: 'count.example.internal', CallerReference: 'count' }));
    const counts = await emu.requests();
    expect(counts.byService.elasticache).toEqual({ DescribeReplicationGroups: 1 });
    expect(counts.byService.route53).toEqual({ CreateHostedZone: 1 });
    expect(counts.total).toBe(2);
  });
});

describe('emulator: each Lambda function runs on its runtime’s Node.js', () => {
  const pinned = new Map(lambdaRuntimePins().map((p) => [p.runtime, p.version]));

  it('pins exactly the runtimes the module allows', () => {
    expect([...pinned.keys()].sort()).toEqual(['nodejs22.x', 'nodejs24.x']);
    expect(Object.keys(emu.lambdaRuntimes).sort()).toEqual(['nodejs22.x', 'nodejs24.x']);
  });

  // The pinned binaries are linux-x64 builds: elsewhere the emulator falls back to the host's node.
  it.skipIf(!lambdaRuntimesSupportedHere).each([
    ['nodejs22.x', 22],
    ['nodejs24.x', 24],
  ] as const)('a %s function runs on Node.js %i', async (runtime, major) => {
    const name = `node-version-${runtime.replace('.', '-')}`;
    await createFunction(emu, { name, zip: await buildZip({ 'index.mjs': NODE_VERSION }), roleArn: await createRole(emu, `${name}-role`), runtime });
    await emu.resetInvocations();
    const out = await invoke(emu, name, {});
    expect(out.statusCode).toBe(200);
    expect(out.functionError).toBeUndefined();
    const answer = JSON.parse(out.payload) as { node: string; executionEnv: string };
    expect(answer.node).toBe(`v${pinned.get(runtime)}`);
    expect(answer.node.startsWith(`v${major}.`)).toBe(true);
    expect(answer.executionEnv).toBe(`AWS_Lambda_${runtime}`);
    expect(emu.lambdaRuntimes[runtime]).toMatchObject({ node: answer.node, source: 'runtime' });
    // The run's record and the function's log say which Node.js ran it.
    const [record] = await emu.invocations();
    expect(record).toMatchObject({ functionName: name, runtime, nodeVersion: answer.node, nodeSource: 'runtime', error: false });
    expect(await emu.lambdaLogs(name)).toContain(`INIT_START Runtime Version: ${runtime}\tNode.js: ${answer.node} (pinned runtime binary)`);
  });

  it('refuses a Node.js runtime it has no binary for, as Lambda does (InvalidRuntimeException, 502)', async () => {
    await createFunction(emu, { name: 'old-runtime', zip: await buildZip({ 'index.mjs': NODE_VERSION }), roleArn: await createRole(emu, 'old-runtime-role'), runtime: 'nodejs18.x' });
    const out = await invoke(emu, 'old-runtime', {});
    expect(out.statusCode).toBe(502);
    expect(JSON.parse(out.payload)).toMatchObject({ __type: 'InvalidRuntimeException' });
    expect(JSON.parse(out.payload).message).toMatch(/^The runtime or runtime version for the function is not supported/);
  });
});

describe('emulator: Route 53 change batches are atomic and validated', () => {
  const name = 'read1.cache.example.internal.';
  const cname = (action: Change['Action'], n: string, value: string, ttl = 10): Change => ({
    Action: action,
    ResourceRecordSet: { Name: n, Type: 'CNAME', TTL: ttl, ResourceRecords: [{ Value: value }] },
  });
  let zoneId: string;

  async function names(): Promise<string[]> {
    const out = await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));
    return out.ResourceRecordSets!.filter((r) => r.Type === 'CNAME').map((r) => `${r.Name}=${r.ResourceRecords![0]!.Value}`);
  }

  beforeAll(async () => {
    const z = await r53.send(
      new CreateHostedZoneCommand({
        Name: 'cache.example.internal',
        CallerReference: 'smoke',
        VPC: { VPCId: 'vpc-12345678', VPCRegion: 'us-east-1' },
      }),
    );
    zoneId = z.HostedZone!.Id!;
    const got = await r53.send(new GetHostedZoneCommand({ Id: zoneId }));
    expect(got.HostedZone?.Config?.PrivateZone).toBe(true);
    await r53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: [cname('CREATE', name, 'a.example')] } }));
  });

  it('rejects a batch whose second change fails, applying nothing', async () => {
    const batch = [cname('CREATE', 'read2.cache.example.internal.', 'b.example'), cname('CREATE', name, 'c.example')];
    await expect(r53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: batch } }))).rejects.toMatchObject({
      name: 'InvalidChangeBatch',
    });
    expect(await names()).toEqual([`${name}=a.example`]);
  });

  it('rejects a DELETE whose TTL or value differs from the current record', async () => {
    for (const change of [cname('DELETE', name, 'a.example', 60), cname('DELETE', name, 'other.example')]) {
      await expect(r53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: [change] } }))).rejects.toMatchObject({
        name: 'InvalidChangeBatch',
      });
    }
    expect(await names()).toEqual([`${name}=a.example`]);
  });

  it('rejects a TXT record next to a CNAME of the same name', async () => {
    const txt: Change = { Action: 'CREATE', ResourceRecordSet: { Name: name, Type: 'TXT', TTL: 10, ResourceRecords: [{ Value: '"x"' }] } };
    await expect(r53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: [txt] } }))).rejects.toMatchObject({
      name: 'InvalidChangeBatch',
    });
  });

  it('applies an exact DELETE plus CREATE in one batch', async () => {
    const batch = [cname('DELETE', name, 'a.example'), cname('CREATE', name, 'z.example'), cname('CREATE', 'read2.cache.example.internal', 'b.example')];
    await r53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: batch } }));
    expect((await names()).sort()).toEqual([`${name}=z.example`, 'read2.cache.example.internal.=b.example']);
  });
});

describe('emulator: deletion', () => {
  it('removes a deleted group and its nodes', async () => {
    const rg = await group('smoke');
    const endpoints = rg.NodeGroups![0]!.NodeGroupMembers!.map((m) => m.ReadEndpoint!);
    const out = await ec.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: 'smoke' }));
    expect(out.ReplicationGroup?.Status).toBe('deleting');
    await expect(ec.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'smoke' }))).rejects.toMatchObject({
      name: 'ReplicationGroupNotFoundFault',
    });
    const clusters = await ec.send(new DescribeCacheClustersCommand({}));
    expect(clusters.CacheClusters ?? []).toEqual([]);
    if (emu.redisAvailable) {
      for (const e of endpoints) await expect(redisRole(e.Address!, e.Port!, 1000)).rejects.toThrow();
    }
  });
});
