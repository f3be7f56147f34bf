// Fidelity of the local AWS emulator where the real Terraform AWS provider depends on it (apply,
// failover and destroy of the examples): each case asserts AWS's behaviour through the wire protocol.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  CreateCacheSubnetGroupCommand,
  CreateReplicationGroupCommand,
  DeleteCacheSubnetGroupCommand,
  DeleteReplicationGroupCommand,
  DescribeCacheSubnetGroupsCommand,
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
  ModifyCacheSubnetGroupCommand,
  TestFailoverCommand,
  type ReplicationGroup,
} from '@aws-sdk/client-elasticache';
import {
  CreateHostedZoneCommand,
  DeleteHostedZoneCommand,
  GetHostedZoneCommand,
  ListHostedZonesCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZip, createFunction, createRole, invoke, putFunctionConcurrency, type InvokeOutput } from '../../testkit/emulator/aws-raw.js';
import { redisRole, startEmulator, type Emulator } from '../../testkit/emulator/emulator.js';

let emu: Emulator;
let ec: ElastiCacheClient;
let r53: Route53Client;
let roleArn: string;

beforeAll(async () => {
  emu = await startEmulator({ region: 'eu-west-1' });
  const conf = { endpoint: emu.endpoint, region: emu.region, credentials: emu.credentials, maxAttempts: 1 };
  ec = new ElastiCacheClient(conf);
  r53 = new Route53Client(conf);
  roleArn = await createRole(emu, 'fidelity');
});

afterAll(async () => {
  ec?.destroy();
  r53?.destroy();
  await emu?.stop();
});

async function errorName(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (error) {
    return (error as { name?: string }).name ?? String(error);
  }
  return 'no error';
}

async function describeRg(id: string): Promise<ReplicationGroup> {
  return (await ec.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id }))).ReplicationGroups![0]!;
}

function endpoints(g: ReplicationGroup): { primary: string; reader: string; port: number; members: string[] } {
  const ng = g.NodeGroups![0]!;
  return {
    primary: ng.PrimaryEndpoint!.Address!,
    reader: ng.ReaderEndpoint!.Address!,
    port: ng.PrimaryEndpoint!.Port!,
    members: ng.NodeGroupMembers!.map((m) => m.ReadEndpoint!.Address!),
  };
}

describe('ElastiCache cache subnet groups', () => {
  it('DeleteCacheSubnetGroup: CacheSubnetGroupInUse while a replication group uses it, deleted once the group is gone', async () => {
    // Prepare
    await ec.send(new CreateCacheSubnetGroupCommand({ CacheSubnetGroupName: 'sng-used', CacheSubnetGroupDescription: 'used', SubnetIds: ['subnet-0a', 'subnet-0b'] }));
    await ec.send(
      new CreateReplicationGroupCommand({ ReplicationGroupId: 'sng-user', ReplicationGroupDescription: 'uses sng-used', CacheSubnetGroupName: 'sng-used', NumCacheClusters: 1 }),
    );
    // Act 1
    const inUse = await errorName(ec.send(new DeleteCacheSubnetGroupCommand({ CacheSubnetGroupName: 'sng-used' })));
    // Assess 1
    expect(inUse).toBe('CacheSubnetGroupInUse');
    expect((await ec.send(new DescribeCacheSubnetGroupsCommand({ CacheSubnetGroupName: 'sng-used' }))).CacheSubnetGroups).toHaveLength(1);
    // Act 2
    await ec.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: 'sng-user' }));
    await ec.send(new DeleteCacheSubnetGroupCommand({ CacheSubnetGroupName: 'sng-used' }));
    // Assess 2
    expect(await errorName(ec.send(new DescribeCacheSubnetGroupsCommand({ CacheSubnetGroupName: 'sng-used' })))).toBe('CacheSubnetGroupNotFoundFault');
    expect(await errorName(ec.send(new DeleteCacheSubnetGroupCommand({ CacheSubnetGroupName: 'sng-used' })))).toBe('CacheSubnetGroupNotFoundFault');
  });

  it('ModifyCacheSubnetGroup: changes the description and the subnets', async () => {
    // Prepare
    await ec.send(new CreateCacheSubnetGroupCommand({ CacheSubnetGroupName: 'sng-mod', CacheSubnetGroupDescription: 'before', SubnetIds: ['subnet-0a'] }));
    // Act
    const out = await ec.send(
      new ModifyCacheSubnetGroupCommand({ CacheSubnetGroupName: 'sng-mod', CacheSubnetGroupDescription: 'after', SubnetIds: ['subnet-0c', 'subnet-0d'] }),
    );
    // Assess
    expect(out.CacheSubnetGroup!.CacheSubnetGroupDescription).toBe('after');
    const stored = (await ec.send(new DescribeCacheSubnetGroupsCommand({ CacheSubnetGroupName: 'sng-mod' }))).CacheSubnetGroups![0]!;
    expect(stored.CacheSubnetGroupDescription).toBe('after');
    expect(stored.Subnets!.map((s) => s.SubnetIdentifier).sort()).toEqual(['subnet-0c', 'subnet-0d']);
    expect(await errorName(ec.send(new ModifyCacheSubnetGroupCommand({ CacheSubnetGroupName: 'sng-none', CacheSubnetGroupDescription: 'x' })))).toBe(
      'CacheSubnetGroupNotFoundFault',
    );
  });
});

describe('Route 53 hosted zone IDs', () => {
  it('CreateHostedZone issues AWS-shaped IDs (Z + 20 uppercase letters/digits) that the zone calls accept', async () => {
    // Prepare / Act: enough zones that a random ID would not start with Z by chance
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const out = await r53.send(new CreateHostedZoneCommand({ Name: `ids${i}.example.internal`, CallerReference: `ids-${i}-${Date.now()}` }));
      ids.push(out.HostedZone!.Id!);
    }
    // Assess: the module's own validation (^(/hostedzone/)?Z[A-Z0-9]{1,32}$) and AWS's length
    for (const id of ids) {
      expect(id).toMatch(/^\/hostedzone\/Z[A-Z0-9]{20}$/);
      const bare = id.replace('/hostedzone/', '');
      expect((await r53.send(new GetHostedZoneCommand({ Id: bare }))).HostedZone!.Id).toBe(id);
      const records = await r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: bare }));
      expect(records.ResourceRecordSets!.map((r) => r.Type).sort()).toEqual(['NS', 'SOA']);
    }
    expect(new Set(ids).size).toBe(ids.length);
    const listed = (await r53.send(new ListHostedZonesCommand({}))).HostedZones!.map((z) => z.Id);
    expect(listed).toEqual(expect.arrayContaining(ids));
    for (const id of ids) await r53.send(new DeleteHostedZoneCommand({ Id: id.replace('/hostedzone/', '') }));
  });
});

describe('replication group endpoints', () => {
  it('the primary and reader endpoints keep their addresses across a failover, each its own, and follow the primary', async (ctx) => {
    if (!emu.redisAvailable) ctx.skip();
    // Prepare
    await ec.send(
      new CreateReplicationGroupCommand({
        ReplicationGroupId: 'stable',
        ReplicationGroupDescription: 'stable endpoints',
        Engine: 'valkey',
        NumCacheClusters: 3,
        AutomaticFailoverEnabled: true,
      }),
    );
    const before = endpoints(await describeRg('stable'));
    const primaryBefore = await redisRole(before.primary, before.port);
    const readerBefore = await redisRole(before.reader, before.port);
    // Act
    await ec.send(new TestFailoverCommand({ ReplicationGroupId: 'stable', NodeGroupId: '0001' }));
    // Assess
    const after = endpoints(await describeRg('stable'));
    expect(after.primary, 'primary endpoint address unchanged').toBe(before.primary);
    expect(after.reader, 'reader endpoint address unchanged').toBe(before.reader);
    expect(after.members.sort(), 'member addresses unchanged').toEqual(before.members.sort());
    expect(after.members, 'the endpoints are not any node').not.toContain(after.primary);
    expect(after.members).not.toContain(after.reader);
    expect(after.primary).not.toBe(after.reader);
    expect(primaryBefore).toBe('master');
    expect(await redisRole(after.primary, after.port), 'ROLE through the primary endpoint after the failover').toBe('master');
    expect(readerBefore).toBe('slave');
    for (let i = 0; i < 4; i++) expect(await redisRole(after.reader, after.port), 'ROLE through the reader endpoint').toBe('slave');
    // Act 2: the endpoints go with the group
    await ec.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: 'stable' }));
    // Assess 2
    await expect(redisRole(after.primary, after.port, 1000)).rejects.toThrow();
  });

  it('without Redis: AWS-style plain-text endpoint names (<group>.<id>.ng.0001…, <group>-ro.…) that a failover does not change', async () => {
    // Prepare
    const plain = await startEmulator({ region: 'eu-west-1', redis: false });
    const client = new ElastiCacheClient({ endpoint: plain.endpoint, region: plain.region, credentials: plain.credentials, maxAttempts: 1 });
    try {
      await client.send(
        new CreateReplicationGroupCommand({ ReplicationGroupId: 'names', ReplicationGroupDescription: 'names', NumCacheClusters: 2, AutomaticFailoverEnabled: true }),
      );
      const read = async () => endpoints((await client.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'names' }))).ReplicationGroups![0]!);
      const before = await read();
      // Act
      await client.send(new TestFailoverCommand({ ReplicationGroupId: 'names', NodeGroupId: '0001' }));
      // Assess
      const after = await read();
      expect(before.primary).toMatch(/^names\.[a-z0-9]{6}\.ng\.0001\.euw1\.cache\.amazonaws\.com$/);
      expect(before.reader).toMatch(/^names-ro\.[a-z0-9]{6}\.ng\.0001\.euw1\.cache\.amazonaws\.com$/);
      expect(after.primary).toBe(before.primary);
      expect(after.reader).toBe(before.reader);
    } finally {
      client.destroy();
      await plain.stop();
    }
  });
});

describe('Lambda reserved concurrency', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'fidelity-lambda-'));
  // Writes a start marker, then holds its slot until the release file exists (or 20 s pass).
  const HOLDER = `
import { appendFileSync, existsSync } from 'node:fs';
export const handler = async (event) => {
  appendFileSync(process.env.STARTED_FILE, (event.tag ?? 'run') + '\\n');
  const until = Date.now() + 20000;
  while (event.hold && !existsSync(process.env.RELEASE_FILE) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  return { tag: event.tag ?? 'run' };
};
`;

  async function deployHolder(name: string, reserved?: number): Promise<{ started: () => string[]; release: () => void }> {
    const started = path.join(dir, `${name}.started`);
    const release = path.join(dir, `${name}.release`);
    await createFunction(emu, {
      name,
      zip: await buildZip({ 'index.mjs': HOLDER }),
      roleArn,
      environment: { STARTED_FILE: started, RELEASE_FILE: release },
      timeout: 30,
    });
    if (reserved !== undefined) await putFunctionConcurrency(emu, name, reserved);
    return {
      started: () => (fs.existsSync(started) ? fs.readFileSync(started, 'utf8').trim().split('\n').filter(Boolean) : []),
      release: () => fs.writeFileSync(release, ''),
    };
  }

  async function until(check: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  it('a synchronous Invoke while the one reserved slot is busy is refused with 429 TooManyRequestsException', async () => {
    // Prepare: an asynchronous run holds the only slot
    const fn = await deployHolder('busy', 1);
    await invoke(emu, 'busy', { tag: 'async', hold: true }, 'Event');
    await until(() => fn.started().includes('async'), 'the asynchronous run to start');
    // Act
    const out: InvokeOutput = await invoke(emu, 'busy', { tag: 'sync' }, 'RequestResponse', { maxAttempts: 1 });
    // Assess
    fn.release();
    await emu.waitIdle(30_000);
    expect(out.statusCode).toBe(429);
    expect(out.errorType).toBe('TooManyRequestsException');
    expect(JSON.parse(out.payload)).toEqual({ Reason: 'ReservedFunctionConcurrentInvocationLimitExceeded', Type: 'User', message: 'Rate Exceeded.' });
    expect(fn.started(), 'the refused invocation never ran').toEqual(['async']);
  });

  it('once the slot is free a synchronous Invoke succeeds; a retrying caller gets through a busy run; events queue and all run', async () => {
    // Prepare
    const fn = await deployHolder('freed', 1);
    await invoke(emu, 'freed', { tag: 'async-1', hold: true }, 'Event');
    await until(() => fn.started().includes('async-1'), 'the first asynchronous run to start');
    await invoke(emu, 'freed', { tag: 'async-2' }, 'Event');
    await invoke(emu, 'freed', { tag: 'async-3' }, 'Event');
    // Act: a retrying caller (as the AWS SDK) while the slot is busy, then release it
    const retried = invoke(emu, 'freed', { tag: 'sync-retried' });
    await new Promise((r) => setTimeout(r, 300));
    fn.release();
    const first = await retried;
    await emu.waitIdle(30_000);
    const free = await invoke(emu, 'freed', { tag: 'sync-free' }, 'RequestResponse', { maxAttempts: 1 });
    // Assess
    expect(first.statusCode).toBe(200);
    expect(JSON.parse(first.payload)).toEqual({ tag: 'sync-retried' });
    expect(free.statusCode).toBe(200);
    expect(JSON.parse(free.payload)).toEqual({ tag: 'sync-free' });
    expect([...fn.started()].sort()).toEqual(['async-1', 'async-2', 'async-3', 'sync-free', 'sync-retried']);
    const order = fn.started().filter((t) => t.startsWith('async'));
    expect(order, 'events run in order').toEqual(['async-1', 'async-2', 'async-3']);
  });

  it('without reserved concurrency a synchronous Invoke waits for the running one instead', async () => {
    // Prepare
    const fn = await deployHolder('unreserved');
    await invoke(emu, 'unreserved', { tag: 'async', hold: true }, 'Event');
    await until(() => fn.started().includes('async'), 'the asynchronous run to start');
    // Act
    const pending = invoke(emu, 'unreserved', { tag: 'sync' }, 'RequestResponse', { maxAttempts: 1 });
    setTimeout(fn.release, 300);
    const out = await pending;
    // Assess
    expect(out.statusCode).toBe(200);
    expect(fn.started()).toEqual(['async', 'sync']);
  });
});
