// The naive baseline: a handler importing the same two SDK clients from their package entry
// points, bundled by esbuild with only --bundle --minify (plus --platform=node, without which
// esbuild targets browsers and the result cannot run as a Node.js Lambda).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { zipDeterministic } from '../lambda/build.js';

const NAIVE_HANDLER = `
import { ElastiCacheClient, DescribeReplicationGroupsCommand, DescribeCacheClustersCommand } from '@aws-sdk/client-elasticache';
import { Route53Client, ListResourceRecordSetsCommand, ChangeResourceRecordSetsCommand } from '@aws-sdk/client-route-53';
const elasticache = new ElastiCacheClient({});
const route53 = new Route53Client({});
export const handler = async () => {
  const group = await elasticache.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: process.env.REPLICATION_GROUP_ID }));
  const members = group.ReplicationGroups?.[0]?.NodeGroups?.[0]?.NodeGroupMembers ?? [];
  await Promise.all(members.map((m) => elasticache.send(new DescribeCacheClustersCommand({ CacheClusterId: m.CacheClusterId }))));
  await route53.send(new ListResourceRecordSetsCommand({ HostedZoneId: process.env.HOSTED_ZONE_ID }));
  const replicas = members.filter((m) => m.CurrentRole === 'replica');
  await route53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: process.env.HOSTED_ZONE_ID, ChangeBatch: { Changes: replicas.map((m, i) => ({
    Action: 'UPSERT', ResourceRecordSet: { Name: 'read' + (i + 1) + '.' + process.env.HOSTED_ZONE_NAME, Type: 'CNAME', TTL: 10, ResourceRecords: [{ Value: m.ReadEndpoint.Address }] } })) } }));
};
`;

export const BASELINE_ESBUILD_ARGS = '--bundle --minify --platform=node';

export interface BaselineArtifact {
  readonly file: string;
  readonly zipBytes: number;
  readonly unzippedBytes: number;
}

export async function buildBaseline(dir: string, nodeModules: string): Promise<BaselineArtifact> {
  const source = join(dir, 'naive-handler.mjs');
  writeFileSync(source, NAIVE_HANDLER);
  const file = join(dir, 'index.js');
  await esbuild.build({
    entryPoints: [source],
    bundle: true,
    minify: true,
    platform: 'node',
    outfile: file,
    nodePaths: [nodeModules],
    logLevel: 'error',
  });
  const code = readFileSync(file);
  const zip = await zipDeterministic(code, 'index.js');
  writeFileSync(join(dir, 'baseline.zip'), zip);
  return { file, zipBytes: zip.length, unzippedBytes: code.length };
}
