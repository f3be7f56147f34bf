// A CDKTF app that uses the ElastiCacheReplicaDns construct directly (the prebuilt AWS provider
// bindings; no `cdktf get`). `npx cdktf synth` (or `npx tsx main.ts`) writes cdktf.out/.
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { App, LocalBackend, TerraformOutput, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones/index.js';
import { ElasticacheReplicationGroup } from '@cdktf/provider-aws/lib/elasticache-replication-group/index.js';
import { ElasticacheSubnetGroup } from '@cdktf/provider-aws/lib/elasticache-subnet-group/index.js';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider/index.js';
import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group/index.js';
import { Subnet } from '@cdktf/provider-aws/lib/subnet/index.js';
import { Vpc } from '@cdktf/provider-aws/lib/vpc/index.js';
import { AWS_PROVIDER_VERSION_CONSTRAINT, ElastiCacheReplicaDns } from 'elasticache-replica-dns';

export interface ReplicaDnsStackProps {
  readonly region?: string;
  /** Replication group ID and prefix of the other names. */
  readonly name?: string;
  /** TTL of the replica records (the construct's default when unset). */
  readonly recordTtl?: number;
}

export class ReplicaDnsStack extends TerraformStack {
  public readonly replicaDns: ElastiCacheReplicaDns;

  constructor(scope: Construct, id: string, props: ReplicaDnsStackProps = {}) {
    super(scope, id);
    const region = props.region ?? 'eu-west-1';
    const name = props.name ?? 'replica-dns-cdktf';
    const zoneName = `cache.${name}.internal`;
    const tags = { Example: name };

    // State next to the synthesized stack (cdk.tf.json), where terraform runs; cdktf's default is
    // an absolute path in the directory synth ran from.
    new LocalBackend(this, { path: 'terraform.tfstate' });
    new AwsProvider(this, 'aws', { region });
    // The prebuilt bindings pin the provider release they were generated from (6.25.0); the construct
    // works with the module's range, so the stack asks for that range instead.
    this.addOverride('terraform.required_providers.aws.version', AWS_PROVIDER_VERSION_CONSTRAINT);

    const zones = new DataAwsAvailabilityZones(this, 'zones', { state: 'available' });
    const vpc = new Vpc(this, 'vpc', { cidrBlock: '10.44.0.0/16', enableDnsSupport: true, enableDnsHostnames: true, tags });
    const subnets = [0, 1].map(
      (i) =>
        new Subnet(this, `private-${i + 1}`, {
          vpcId: vpc.id,
          cidrBlock: `10.44.${i}.0/24`,
          availabilityZone: `\${${zones.fqn}.names[${i}]}`,
          tags,
        }),
    );
    const securityGroup = new SecurityGroup(this, 'cache', {
      name: `${name}-cache`,
      description: 'Valkey clients inside the VPC',
      vpcId: vpc.id,
      ingress: [{ description: 'Valkey from the VPC', fromPort: 6379, toPort: 6379, protocol: 'tcp', cidrBlocks: [vpc.cidrBlock] }],
      tags,
    });
    const subnetGroup = new ElasticacheSubnetGroup(this, 'subnet-group', { name, subnetIds: subnets.map((s) => s.id), tags });
    const group = new ElasticacheReplicationGroup(this, 'group', {
      replicationGroupId: name,
      description: 'Example for the ElastiCache replica DNS construct',
      engine: 'valkey',
      engineVersion: '8.0',
      nodeType: 'cache.t4g.micro',
      numCacheClusters: 3,
      automaticFailoverEnabled: true,
      multiAzEnabled: true,
      subnetGroupName: subnetGroup.name,
      securityGroupIds: [securityGroup.id],
      atRestEncryptionEnabled: 'true',
      transitEncryptionEnabled: true,
      applyImmediately: true,
      // Daily backups, as production groups run them (taken from a replica, which keeps its names).
      snapshotRetentionLimit: 7,
      snapshotWindow: '03:00-04:00',
      tags,
    });

    // The group's ID as a value (not group.replicationGroupId) and its ARN only as an ordering
    // dependency: the group needs the construct's topic, so the construct must not need the group.
    this.replicaDns = new ElastiCacheReplicaDns(this, 'replica-dns', {
      replicationGroupId: name,
      zoneName,
      vpcIds: [vpc.id],
      recordCount: 2,
      recordTtl: props.recordTtl,
      azRecordNameTemplate: `read-{az}.${zoneName}`,
      reconcilerDependsOn: [group.arn],
      tags,
    });
    group.notificationTopicArn = this.replicaDns.outputs.topic_arn as string;

    for (const output of ['record_names', 'zone_id', 'topic_arn', 'function_name']) {
      new TerraformOutput(this, output, { value: this.replicaDns.outputs[output] });
    }
  }
}

/** Synthesizes the example app (into `outdir`, default `cdktf.out` or the CLI's choice). */
export function synthesize(outdir?: string, props: ReplicaDnsStackProps = {}): App {
  const app = new App(outdir ? { outdir } : {});
  new ReplicaDnsStack(app, 'replica-dns', props);
  app.synth();
  return app;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  synthesize();
}
