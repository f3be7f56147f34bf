// After `destroy`: what is left in the emulator whose name carries the example's name. Every
// resource the examples create has that name in its name, ID or Name tag; the emulator's own
// defaults (default VPC, AWS managed policies) do not.
import { DescribeCacheSubnetGroupsCommand, DescribeReplicationGroupsCommand, type ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { ListHostedZonesCommand, type Route53Client } from '@aws-sdk/client-route-53';
import type { Emulator } from '../emulator/emulator.js';
import { jsonCall as json, queryCall as query, restGet as rest } from '../emulator/aws-raw.js';

type Lister = (emu: Emulator) => Promise<string[]>;

const tags = (xml: string, tag: string): string[] => [...xml.matchAll(new RegExp(`<${tag}>([^<]*)</${tag}>`, 'g'))].map((m) => m[1]!);

const LISTERS: Record<string, Lister> = {
  'lambda functions': async (emu) => {
    const out = (await rest(emu, 'lambda', '/2015-03-31/functions/')) as { Functions: { FunctionName: string }[] };
    return out.Functions.map((f) => f.FunctionName);
  },
  'IAM roles': async (emu) => tags(await query(emu, 'iam', { Action: 'ListRoles', Version: '2010-05-08' }), 'RoleName'),
  'SNS topics': async (emu) => tags(await query(emu, 'sns', { Action: 'ListTopics', Version: '2010-03-31' }), 'TopicArn'),
  'SQS queues': async (emu) => tags(await query(emu, 'sqs', { Action: 'ListQueues', Version: '2012-11-05' }), 'QueueUrl'),
  'CloudWatch alarms': async (emu) => tags(await query(emu, 'monitoring', { Action: 'DescribeAlarms', Version: '2010-08-01' }), 'AlarmName'),
  'EventBridge rules': async (emu) => ((await json(emu, 'events', 'AWSEvents.ListRules')).Rules as { Name: string }[]).map((r) => r.Name),
  'log groups': async (emu) => ((await json(emu, 'logs', 'Logs_20140328.DescribeLogGroups')).logGroups as { logGroupName: string }[]).map((g) => g.logGroupName),
  'VPCs (Name tag)': async (emu) => tags(await query(emu, 'ec2', { Action: 'DescribeVpcs', Version: '2016-11-15' }), 'value'),
};

/** Names of resources still there that contain one of `names`, by kind (empty when all is gone). */
export async function leftovers(emu: Emulator, clients: { ec: ElastiCacheClient; r53: Route53Client }, names: readonly string[]): Promise<Record<string, string[]>> {
  const found: Record<string, string[]> = {};
  const lists: Record<string, Promise<string[]>> = {
    ...Object.fromEntries(Object.entries(LISTERS).map(([kind, list]) => [kind, list(emu)])),
    'replication groups': clients.ec.send(new DescribeReplicationGroupsCommand({})).then((o) => (o.ReplicationGroups ?? []).map((g) => g.ReplicationGroupId!)),
    'cache subnet groups': clients.ec.send(new DescribeCacheSubnetGroupsCommand({})).then((o) => (o.CacheSubnetGroups ?? []).map((g) => g.CacheSubnetGroupName!)),
    'hosted zones': clients.r53.send(new ListHostedZonesCommand({})).then((o) => (o.HostedZones ?? []).map((z) => z.Name!)),
  };
  for (const [kind, list] of Object.entries(lists)) {
    const left = (await list).filter((n) => names.some((name) => n.includes(name)));
    if (left.length > 0) found[kind] = left;
  }
  return found;
}
