// The emulator's transit-encrypted groups (docs/tls.md): TLS-only nodes with a certificate from the
// emulator's CA for the group's AWS-style endpoint names, AUTH with the group's token (checked as
// AWS documents it, rotated as ModifyReplicationGroup says), replication over TLS across a failover.
// Clients here connect to the loopback address the host name stands for and verify the certificate
// against the host name (`servername`), as a client that resolved the name does.
import fs from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { CreateReplicationGroupCommand, DeleteReplicationGroupCommand, ElastiCacheClient, ModifyReplicationGroupCommand, TestFailoverCommand, type ReplicationGroup } from '@aws-sdk/client-elasticache';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisRole, startEmulator, type Emulator } from '../../testkit/emulator/emulator.js';

const TOKEN = 'Sample-token-0123456789';
const NEXT_TOKEN = 'Next-token-0123456789';

let emu: Emulator;
let ec: ElastiCacheClient;
let ca: string;
let hosts: Map<string, string>;
let group: ReplicationGroup;

beforeAll(async () => {
  emu = await startEmulator({ nodeHostnames: true });
  if (!emu.redisAvailable) throw new Error('redis-server is not installed: TLS nodes need it (bash testkit/emulator/install.sh installs redis-server as root)');
  ec = new ElastiCacheClient({ endpoint: emu.endpoint, region: emu.region, credentials: emu.credentials });
  ca = fs.readFileSync(emu.tlsCaFile, 'utf8');
  group = (await ec.send(new CreateReplicationGroupCommand({
    ReplicationGroupId: 'tls-group',
    ReplicationGroupDescription: 'TLS and AUTH',
    NumCacheClusters: 3,
    AutomaticFailoverEnabled: true,
    TransitEncryptionEnabled: true,
    AuthToken: TOKEN,
  }))).ReplicationGroup!;
  hosts = new Map((await emu.hosts()).map((h) => [h.name, h.address]));
}, 120_000);

afterAll(async () => {
  ec?.destroy();
  await emu?.stop();
});

/** The TLS handshake with `servername` against the address `host` stands for: the error code, or 'ok'. */
function handshake(host: string, servername: string): Promise<string> {
  return new Promise((resolve) => {
    const sock = tls.connect({ host: hosts.get(host)!, port: 6379, ca, servername }, () => (sock.end(), resolve('ok')));
    sock.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
  });
}

/** Sends raw RESP on a plain socket: what the node answers, or how the connection ended. */
function plain(address: string): Promise<string> {
  return new Promise((resolve) => {
    const sock = net.connect({ host: address, port: 6379 }, () => sock.write('*1\r\n$4\r\nPING\r\n'));
    sock.setTimeout(2_000, () => (sock.destroy(), resolve('timeout')));
    sock.once('data', (d) => (sock.destroy(), resolve(d.toString())));
    sock.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    sock.once('close', () => resolve('closed'));
  });
}

const endpoints = () => [
  group.NodeGroups![0]!.PrimaryEndpoint!.Address!,
  group.NodeGroups![0]!.ReaderEndpoint!.Address!,
  ...group.NodeGroups![0]!.NodeGroupMembers!.map((m) => m.ReadEndpoint!.Address!),
];

describe('a transit-encrypted group in the emulator', () => {
  it('reports the TLS endpoint shapes: master., replica. and the nodes under <group>.<id>.<region>.cache.amazonaws.com', () => {
    const [primary, reader, ...nodes] = endpoints();
    const domain = primary!.replace(/^master\./, '');
    expect(domain).toMatch(/^tls-group\.[a-z0-9]{6}\.use1\.cache\.amazonaws\.com$/);
    expect(reader).toBe(`replica.${domain}`);
    expect(nodes).toEqual(['tls-group-001', 'tls-group-002', 'tls-group-003'].map((id) => `${id}.${domain}`));
    expect(group.TransitEncryptionEnabled).toBe(true);
    expect(group.AuthTokenEnabled).toBe(true);
  });

  it('verifies against every endpoint host name, fails against any other name (our private-zone name)', async () => {
    for (const host of endpoints()) expect(await handshake(host, host), host).toBe('ok');
    const node = endpoints()[2]!;
    expect(await handshake(node, 'read1.cache.example.internal')).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('refuses plain connections', async () => {
    for (const host of endpoints()) expect(await plain(hosts.get(host)!), host).not.toMatch(/^\+PONG/);
  });

  it('requires the token; the replicas replicate over TLS with it', async () => {
    const node = endpoints()[3]!; // tls-group-002, a replica
    await expect(redisRole(hosts.get(node)!, 6379, 3000, { ca, servername: node })).rejects.toThrow(/NOAUTH/);
    await expect(redisRole(hosts.get(node)!, 6379, 3000, { ca, servername: node, password: 'Wrong-token-0123456789' })).rejects.toThrow(/WRONGPASS/);
    expect(await redisRole(hosts.get(node)!, 6379, 3000, { ca, servername: node, password: TOKEN })).toBe('slave');
    const roles = (await emu.roles()).filter((m) => m.replicationGroupId === 'tls-group');
    expect(roles.map((m) => [m.redisRole, m.linkStatus ?? null, m.tls])).toEqual([['master', null, true], ['slave', 'connected', true], ['slave', 'connected', true]]);
  });

  it('across a failover the primary endpoint reaches the new primary over TLS, and every replica follows it', async () => {
    await ec.send(new TestFailoverCommand({ ReplicationGroupId: 'tls-group', NodeGroupId: '0001' }));
    const primary = endpoints()[0]!;
    expect(await redisRole(hosts.get(primary)!, 6379, 3000, { ca, servername: primary, password: TOKEN })).toBe('master');
    const roles = (await emu.roles()).filter((m) => m.replicationGroupId === 'tls-group');
    expect(roles.filter((m) => m.currentRole === 'replica').map((m) => [m.redisRole, m.linkStatus])).toEqual([['slave', 'connected'], ['slave', 'connected']]);
  });

  it('ModifyReplicationGroup AuthToken: ROTATE accepts both tokens, SET only the new one', async () => {
    const primary = endpoints()[0]!;
    const role = (password: string) => redisRole(hosts.get(primary)!, 6379, 3000, { ca, servername: primary, password });
    await ec.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'tls-group', AuthToken: NEXT_TOKEN, AuthTokenUpdateStrategy: 'ROTATE', ApplyImmediately: true }));
    expect([await role(TOKEN), await role(NEXT_TOKEN)]).toEqual(['master', 'master']);
    await ec.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: 'tls-group', AuthToken: NEXT_TOKEN, AuthTokenUpdateStrategy: 'SET', ApplyImmediately: true }));
    await expect(role(TOKEN)).rejects.toThrow(/WRONGPASS/);
    expect(await role(NEXT_TOKEN)).toBe('master');
  });

  it('refuses what AWS refuses: a token without transit encryption, a token against the documented rules', async () => {
    const create = (id: string, extra: object) => ec.send(new CreateReplicationGroupCommand({ ReplicationGroupId: id, ReplicationGroupDescription: 'refused', NumCacheClusters: 1, ...extra }));
    await expect(create('no-tls', { AuthToken: TOKEN })).rejects.toThrow(/only on replication groups where TransitEncryptionEnabled is true/);
    await expect(create('short', { TransitEncryptionEnabled: true, AuthToken: 'too-short' })).rejects.toThrow(/16 to 128/);
    await expect(create('slash', { TransitEncryptionEnabled: true, AuthToken: 'has/a/slash/0123456789' })).rejects.toThrow(/special characters/);
  });

  it('a group without transit encryption keeps plain nodes', async () => {
    await ec.send(new CreateReplicationGroupCommand({ ReplicationGroupId: 'plain-group', ReplicationGroupDescription: 'plain', NumCacheClusters: 1 }));
    const member = (await emu.roles()).find((m) => m.replicationGroupId === 'plain-group')!;
    expect(member.tls).toBe(false);
    expect(await redisRole(member.address, member.port)).toBe('master');
    await ec.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: 'plain-group' }));
  });
});
