import {
  DescribeCacheClustersCommand,
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
} from '@aws-sdk/client-elasticache';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { TopologyError } from '../../lambda/src/errors.js';
import { ElastiCacheTopologyReader } from '../../lambda/src/topology.js';
import { endpointOf, FakeGroup, groupOf, primaryEndpointOf, readerEndpointOf } from '../../testkit/fakes/fake-group.js';

const client = new ElastiCacheClient({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
const mock = mockClient(ElastiCacheClient);

function serve(group: FakeGroup) {
  mock.on(DescribeReplicationGroupsCommand).callsFake((input) => group.describeReplicationGroups(input));
  mock.on(DescribeCacheClustersCommand).callsFake((input) => group.describeCacheClusters(input));
}

afterEach(() => mock.reset());

const AVAILABLE = { clusterStatus: 'available', nodeStatuses: ['available'], serving: { serves: true, known: true, reason: 'available' } };

describe('ElastiCacheTopologyReader', () => {
  it('reads the group by id once and each member once, with node info', async () => {
    // Prepare
    const group = new FakeGroup(groupOf(3, 'orders'));
    serve(group);
    // Act
    const topology = await new ElastiCacheTopologyReader(client).read('orders');
    // Assess
    expect(mock.commandCalls(DescribeReplicationGroupsCommand).map((c) => c.args[0].input)).toEqual([{ ReplicationGroupId: 'orders' }]);
    expect(mock.commandCalls(DescribeCacheClustersCommand).map((c) => c.args[0].input)).toEqual(
      ['orders-001', 'orders-002', 'orders-003'].map((id) => ({ CacheClusterId: id, ShowCacheNodeInfo: true })),
    );
    expect(topology).toEqual({
      groupId: 'orders',
      groupStatus: 'available',
      primaryEndpoint: primaryEndpointOf('orders'),
      readerEndpoint: readerEndpointOf('orders'),
      members: [
        { clusterId: 'orders-001', role: 'primary', readEndpoint: endpointOf('orders-001'), az: 'us-east-1a', ...AVAILABLE },
        { clusterId: 'orders-002', role: 'replica', readEndpoint: endpointOf('orders-002'), az: 'us-east-1b', ...AVAILABLE },
        { clusterId: 'orders-003', role: 'replica', readEndpoint: endpointOf('orders-003'), az: 'us-east-1c', ...AVAILABLE },
      ],
    });
  });

  it('keeps the raw statuses on each member and serves by the policy: a backup or online scaling keeps the node serving', async () => {
    // Prepare: the group is being modified; one member is being created, one scaled, one backed up, one rebooted
    const spec = groupOf(5);
    const [primary, creating, scaling, backingUp, rebooting] = spec.members;
    serve(
      new FakeGroup({
        ...spec,
        status: 'modifying',
        members: [
          primary!,
          { ...creating!, hasEndpoint: false, status: 'creating', nodeStatus: 'creating' },
          { ...scaling!, status: 'modifying' },
          { ...backingUp!, status: 'snapshotting' },
          { ...rebooting!, status: 'rebooting cluster nodes', nodeStatus: 'rebooting' },
        ],
      }),
    );
    // Act
    const topology = await new ElastiCacheTopologyReader(client).read('g');
    // Assess
    expect(topology.groupStatus).toBe('modifying');
    expect(topology.members.map((m) => [m.clusterId, m.readEndpoint ?? null, m.clusterStatus, m.nodeStatuses, m.serving.serves])).toEqual([
      ['g-001', endpointOf('g-001'), 'available', ['available'], true],
      ['g-002', null, 'creating', ['creating'], false],
      ['g-003', endpointOf('g-003'), 'modifying', ['available'], true],
      ['g-004', endpointOf('g-004'), 'snapshotting', ['available'], true],
      ['g-005', endpointOf('g-005'), 'rebooting cluster nodes', ['rebooting'], false],
    ]);
    expect(topology.members.every((m) => m.serving.known)).toBe(true);
  });

  it('no member serves while the group is being deleted', async () => {
    serve(new FakeGroup({ ...groupOf(3), status: 'deleting' }));
    const topology = await new ElastiCacheTopologyReader(client).read('g');
    expect(topology.members.map((m) => m.serving)).toEqual(
      Array.from({ length: 3 }, () => ({ serves: false, known: true, reason: 'group deleting: the group is being deleted' })),
    );
  });

  it('treats a member deleted between the two reads as not serving', async () => {
    const group = new FakeGroup(groupOf(2));
    serve(group);
    mock.on(DescribeCacheClustersCommand, { CacheClusterId: 'g-002' }).callsFake((input) => {
      group.spec = { ...group.spec!, members: group.spec!.members.slice(0, 1) };
      return group.describeCacheClusters(input);
    });
    const topology = await new ElastiCacheTopologyReader(client).read('g');
    const member = topology.members.find((m) => m.clusterId === 'g-002');
    expect(member).toMatchObject({ nodeStatuses: [], serving: { serves: false, known: true, reason: 'cache cluster not found (being deleted)' } });
    expect(member?.clusterStatus).toBeUndefined();
  });

  it('fails with a TopologyError for an unknown group', async () => {
    serve(new FakeGroup(undefined));
    await expect(new ElastiCacheTopologyReader(client).read('nope')).rejects.toThrowError(
      expect.objectContaining({ name: 'TopologyError', message: 'replication group nope not found' }),
    );
  });

  it('fails with a TopologyError for cluster mode enabled', async () => {
    serve(new FakeGroup({ ...groupOf(2), clusterEnabled: true }));
    const error = await new ElastiCacheTopologyReader(client).read('g').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TopologyError);
    expect((error as Error).message).toMatch(/cluster mode enabled/);
  });

  it('lets other ElastiCache errors through unchanged', async () => {
    mock.on(DescribeReplicationGroupsCommand).rejects(Object.assign(new Error('denied'), { name: 'AccessDenied' }));
    await expect(new ElastiCacheTopologyReader(client).read('g')).rejects.toThrow('denied');
  });
});
