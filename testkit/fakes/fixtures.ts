// Test fixtures: a valid environment, a topology builder, and a handler wired to
// aws-sdk-client-mock over the in-memory fakes.
import {
  DescribeCacheClustersCommand,
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
} from '@aws-sdk/client-elasticache';
import { ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { createClients } from '../../lambda/src/clients.js';
import { ConfigError } from '../../lambda/src/errors.js';
import { loadSettings, type Config } from '../../lambda/src/config.js';
import { createHandler, type Handler } from '../../lambda/src/handler.js';
import { Route53ZoneStore } from '../../lambda/src/route53.js';
import type { Member, Topology } from '../../lambda/src/model.js';
import { decide } from '../../lambda/src/serving.js';
import { ElastiCacheTopologyReader } from '../../lambda/src/topology.js';
import { endpointOf, FakeGroup, primaryEndpointOf, type GroupSpec } from './fake-group.js';
import { FakeZone } from './fake-zone.js';

export const ZONE_NAME = 'cache.example.internal';

export function validEnv(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    REPLICATION_GROUP_ID: 'g',
    HOSTED_ZONE_ID: 'Z0FAKE',
    HOSTED_ZONE_NAME: ZONE_NAME,
    RECORD_NAME_TEMPLATE: `read{n}.${ZONE_NAME}`,
    OWNER_ID: 'test-owner',
    ...overrides,
  };
}

/** The ConfigError loadSettings throws for `env` (fails the test when it throws none). */
export function configError(env: Record<string, string | undefined>): ConfigError {
  try {
    loadSettings(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

export type MemberInput = Partial<Omit<Member, 'serving'>> & { readonly clusterId: string };

/**
 * Plain topology for pure tests: the first id is the primary unless `role` says otherwise; statuses
 * default to `available`, and each member's verdict is the serving policy's on its statuses.
 */
export function topologyOf(
  members: readonly MemberInput[],
  options: { groupId?: string; primaryEndpoint?: string | null; groupStatus?: string } = {},
): Topology {
  const groupId = options.groupId ?? 'g';
  const groupStatus = options.groupStatus ?? 'available';
  return {
    groupId,
    groupStatus,
    ...(options.primaryEndpoint === null ? {} : { primaryEndpoint: options.primaryEndpoint ?? primaryEndpointOf(groupId) }),
    members: members.map((m, i) => {
      const member = { role: i === 0 ? ('primary' as const) : ('replica' as const), readEndpoint: endpointOf(m.clusterId), clusterStatus: 'available', nodeStatuses: ['available'], ...m };
      return { ...member, serving: decide({ clusterStatus: member.clusterStatus, nodeStatuses: member.nodeStatuses, groupStatus }) };
    }),
  };
}

export interface MockedWorld {
  readonly group: FakeGroup;
  readonly zone: FakeZone;
  readonly config: Config;
  readonly handler: Handler;
  readonly lines: string[];
  readonly elasticacheMock: ReturnType<typeof mockClient>;
  readonly route53Mock: ReturnType<typeof mockClient>;
  /** Parsed log lines (run lines and EMF lines). */
  logged(): Array<Record<string, unknown>>;
}

export function mockedWorld(spec: GroupSpec | undefined, env: Record<string, string | undefined> = {}): MockedWorld {
  const group = new FakeGroup(spec);
  const zone = new FakeZone('Z0FAKE', ZONE_NAME);
  const elasticacheMock = mockClient(ElastiCacheClient);
  elasticacheMock.on(DescribeReplicationGroupsCommand).callsFake((input) => group.describeReplicationGroups(input));
  elasticacheMock.on(DescribeCacheClustersCommand).callsFake((input) => group.describeCacheClusters(input));
  const route53Mock = mockClient(Route53Client);
  route53Mock.on(ListResourceRecordSetsCommand).callsFake((input) => zone.list(input));
  route53Mock.on(ChangeResourceRecordSetsCommand).callsFake((input) => {
    zone.change(input.ChangeBatch.Changes);
    return { ChangeInfo: { Id: '/change/C1', Status: 'PENDING', SubmittedAt: new Date(0) } };
  });
  const { config, scheme } = loadSettings(validEnv(env));
  // aws-sdk-client-mock answers every send: no region, credentials or endpoint is read.
  const clients = createClients();
  const lines: string[] = [];
  const handler = createHandler({
    config,
    scheme,
    topology: new ElastiCacheTopologyReader(clients.elasticache),
    zone: new Route53ZoneStore(clients.route53, config.hostedZoneId, scheme),
    write: (line) => lines.push(line),
  });
  return {
    group,
    zone,
    config,
    handler,
    lines,
    elasticacheMock,
    route53Mock,
    logged: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

/** An SNS delivery of one ElastiCache notification. */
export function snsEvent(eventName: string, subject: unknown): unknown {
  return {
    Records: [
      {
        EventSource: 'aws:sns',
        EventVersion: '1.0',
        Sns: { Type: 'Notification', Message: JSON.stringify({ [eventName]: subject }), TopicArn: 'arn:aws:sns:us-east-1:123456789012:cache' },
      },
    ],
  };
}

export const scheduledEvent = { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} };

export function terraformEvent(action: 'create' | 'update' | 'delete'): unknown {
  return { trigger: 'terraform', config: 'abc', tf: { action, prev_input: null } };
}
