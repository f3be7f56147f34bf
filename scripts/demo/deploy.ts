// The deploy step of the demo behind one seam, `Deployer`: apply the example (its network, its
// replication group and each instance of the module) and destroy it again.
//
// Today there is one implementation, `emulatorDeployer`: it makes, through the emulator's AWS
// APIs, what `terraform apply examples/complete` would make, in Terraform's dependency order, with
// every value the module decides computed by the module's own HCL (example.ts). `terraform apply`
// itself needs the hashicorp/aws provider, which this machine cannot fetch (scripts/toolchain).
// Once it can, a `tofuDeployer` replaces it: copy examples/complete, add the extra module blocks
// (demoModules in main.ts) as a .tf file, point the provider's endpoints at the emulator, run
// `tofu apply` and read the outputs into a `Stack`; `destroy` is `tofu destroy`. Nothing else in
// the demo changes.
import { CreateCacheSubnetGroupCommand, CreateReplicationGroupCommand, DeleteReplicationGroupCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { CreateHostedZoneCommand, DeleteHostedZoneCommand, Route53Client, type VPCRegion } from '@aws-sdk/client-route-53';
import { readFileSync } from 'node:fs';
import { createFunction, createRole, createTopic, invoke, queryCall, subscribe, type Target } from '../../test/emulator/aws-raw.js';
import { listZone, type ZoneRecord } from './observe.js';
import { COMMITTED_ZIP, ModuleLocals, type ExamplePlan, type ModuleInstance, type ModuleValues } from './example.js';

/** One deployed instance of the module. */
export interface Deployed {
  readonly block: string;
  readonly values: ModuleValues;
  readonly zoneId: string;
  readonly topicArn: string;
  readonly functionArn: string;
  readonly subscriptionArn: string;
  /** What the reconciler returned to Terraform's create invocation. */
  readonly createSummary: RunSummary;
}

export interface Stack {
  readonly region: string;
  readonly groupId: string;
  readonly vpcId: string;
  readonly subnetGroup: string;
  readonly subnetIds: readonly string[];
  readonly instances: readonly Deployed[];
}

export interface Deployer {
  /** One line for the output: how this deployer deploys. */
  readonly how: string;
  apply(progress: (line: string) => void): Promise<Stack>;
  /** Removes everything apply made (the module's delete invocation removes the records first). */
  destroy(stack: Stack, progress: (line: string) => void): Promise<Destroyed[]>;
  /** Releases clients (nothing runs afterwards). */
  close(): void;
}

export interface Destroyed {
  readonly block: string;
  readonly zoneName: string;
  /** What the module's delete invocation returned. */
  readonly summary: RunSummary;
  /** The zone's records just before the zone itself was deleted. */
  readonly recordsLeft: readonly ZoneRecord[];
}

/** The reconciler's JSON summary (lambda/src/handler.ts RunSummary, the fields shown here). */
export interface RunSummary {
  readonly trigger: string;
  readonly event?: string;
  readonly action?: string;
  readonly outcome: string;
  readonly changes: number;
  readonly plan: readonly string[];
  readonly conflicts: ReadonlyArray<{ name: string; reason: string }>;
  readonly records: Readonly<Record<string, string>>;
  readonly durationMs: number;
}

const EC2_VERSION = '2016-11-15';
const SNS_VERSION = '2010-03-31';

function xml(text: string, tag: string): string {
  const m = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(text);
  if (!m) throw new Error(`no <${tag}> in ${text.slice(0, 500)}`);
  return m[1]!;
}

async function lambdaRest(t: Target, method: string, route: string, body?: unknown): Promise<string> {
  const date = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  const res = await fetch(`${t.endpoint}${route}`, {
    method,
    headers: {
      authorization: `AWS4-HMAC-SHA256 Credential=${t.credentials.accessKeyId}/${date}/${t.region}/lambda/aws4_request, SignedHeaders=host, Signature=0`,
      'content-type': 'application/json',
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`Lambda ${method} ${route}: HTTP ${res.status} ${text}`);
  return text;
}

/** aws_lambda_invocation with lifecycle_scope CRUD and terraform_key "tf": the input plus `tf`. */
export function terraformPayload(input: string, action: 'create' | 'update' | 'delete', prevInput: string | null = null): unknown {
  return { ...JSON.parse(input), tf: { action, prev_input: prevInput === null ? null : JSON.parse(prevInput) } };
}

export async function invokeSummary(t: Target, functionName: string, payload: unknown): Promise<RunSummary> {
  const out = await invoke(t, functionName, payload);
  if (out.statusCode !== 200 || out.functionError) {
    throw new Error(`${functionName} failed (HTTP ${out.statusCode} ${out.functionError ?? ''}): ${out.payload}\n${out.logResult ?? ''}`);
  }
  return JSON.parse(out.payload) as RunSummary;
}

export interface EmulatorDeployerOptions {
  readonly target: Target;
  readonly plan: ExamplePlan;
  /** Scratch directory for the module's Terraform evaluation. */
  readonly workDir: string;
}

export function emulatorDeployer({ target, plan, workDir }: EmulatorDeployerOptions): Deployer {
  const conf = { endpoint: target.endpoint, region: target.region, credentials: { accessKeyId: target.credentials.accessKeyId, secretAccessKey: 'emulator' }, maxAttempts: 2 };
  const ec = new ElastiCacheClient(conf);
  const r53 = new Route53Client(conf);
  const zip = readFileSync(COMMITTED_ZIP);
  let locals: ModuleLocals | undefined;

  async function deployInstance(instance: ModuleInstance, vpcId: string, topicArn: string, say: (line: string) => void): Promise<Omit<Deployed, 'createSummary'> & { invoke: () => Promise<RunSummary> }> {
    // aws_route53_zone.this (private, in the example's VPC)
    const zoneName = String(instance.inputs.zone_name);
    const zone = await r53.send(
      new CreateHostedZoneCommand({
        Name: zoneName,
        CallerReference: `${instance.block}-${Date.now()}`,
        HostedZoneConfig: { Comment: 'Read replica names of ElastiCache replication groups', PrivateZone: true },
        VPC: { VPCId: vpcId, VPCRegion: plan.region as VPCRegion },
      }),
    );
    const zoneId = zone.HostedZone!.Id!.replace('/hostedzone/', '');
    // The module's locals for these inputs and this zone, evaluated by Terraform.
    locals ??= new ModuleLocals(workDir);
    const values = locals.values(instance, zoneId);
    say(`module.${instance.block}: zone ${values.zoneName} (${zoneId}); reconciler environment from the module's locals: RECORD_COUNT=${values.environment.RECORD_COUNT}, OWNER_ID=${values.environment.OWNER_ID}`);
    // aws_iam_role.this (+ its policy: route53:ChangeResourceRecordSets only for the names below; the emulator does not enforce IAM)
    const roleArn = await createRole(target, values.functionName);
    say(`module.${instance.block}: IAM may change ${values.writableRecordNames.length} record names (slots 1..16${values.azRecordNameTemplate ? ', read-*' : ''} and their _owner. markers)`);
    // aws_lambda_function.this: the committed zip, the module's runtime, timeout and environment
    const functionArn = await createFunction(target, {
      name: values.functionName,
      zip,
      roleArn,
      runtime: values.runtime,
      handler: 'index.handler',
      environment: { ...values.environment },
      timeout: values.timeout,
    });
    return {
      block: instance.block,
      values,
      zoneId,
      topicArn,
      functionArn,
      subscriptionArn: '',
      // aws_lambda_invocation.this (create): records exist when apply returns
      invoke: () => {
        const payload = terraformPayload(values.invocationInput, 'create');
        say(`module.${instance.block}: create invocation, as aws_lambda_invocation sends it: ${JSON.stringify(payload)}`);
        return invokeSummary(target, values.functionName, payload);
      },
    };
  }

  return {
    how: 'deploying as the module would (terraform apply needs the AWS provider, which this machine cannot fetch)',

    async apply(say) {
      // Network: aws_vpc.this, aws_subnet.private[*] in the region's first AZs, subnet group.
      // (data.aws_availability_zones names them; <region>a, b, … here, since moto's
      // DescribeAvailabilityZones takes a second or two and answers the same.)
      const azs = 'abcdef'.slice(0, plan.subnetCount).split('').map((c) => `${plan.region}${c}`);
      const vpcId = xml(await queryCall(target, 'ec2', { Action: 'CreateVpc', CidrBlock: plan.vpcCidr, Version: EC2_VERSION }), 'vpcId');
      const subnetIds: string[] = [];
      const [a, b] = plan.vpcCidr.split('.');
      for (const [i, az] of azs.entries()) {
        // cidrsubnet(10.42.0.0/16, 8, i)
        const cidr = `${a}.${b}.${i}.0/24`;
        subnetIds.push(xml(await queryCall(target, 'ec2', { Action: 'CreateSubnet', VpcId: vpcId, CidrBlock: cidr, AvailabilityZone: az, Version: EC2_VERSION }), 'subnetId'));
      }
      await ec.send(new CreateCacheSubnetGroupCommand({ CacheSubnetGroupName: plan.name, CacheSubnetGroupDescription: 'Managed by Terraform', SubnetIds: subnetIds }));
      say(`network: ${vpcId}, subnets in ${azs.join(', ')}, cache subnet group ${plan.name}`);

      // module.replica_dns: aws_sns_topic.this (the group's notification topic); the other instances use it (create_topic = false).
      const main = plan.modules[0]!;
      const topicName = `${main.inputs.name_prefix ?? `${main.inputs.replication_group_id}-replica-dns`}-events`;
      const topicArn = await createTopic(target, topicName);
      say(`module.${main.block}: SNS topic ${topicName}`);

      // aws_elasticache_replication_group.this, notification_topic_arn = module.replica_dns.topic_arn
      const g = plan.group;
      await ec.send(
        new CreateReplicationGroupCommand({
          ReplicationGroupId: g.id,
          ReplicationGroupDescription: g.description,
          Engine: g.engine,
          EngineVersion: g.engineVersion,
          CacheNodeType: g.nodeType,
          Port: g.port,
          NumCacheClusters: g.numCacheClusters,
          AutomaticFailoverEnabled: g.automaticFailover,
          MultiAZEnabled: g.multiAz,
          CacheSubnetGroupName: plan.name,
          AtRestEncryptionEnabled: g.atRestEncryption,
          TransitEncryptionEnabled: g.transitEncryption,
          NotificationTopicArn: topicArn,
        }),
      );
      say(`replication group ${g.id}: ${g.engine} ${g.engineVersion}, ${g.numCacheClusters} nodes, automatic failover ${g.automaticFailover ? 'on' : 'off'}, notifications to ${topicName}`);

      // Each module instance: zone, role, function (after the group: reconciler_depends_on), the
      // create invocation, then the SNS subscription (it depends on the invocation).
      const instances: Deployed[] = [];
      for (const instance of plan.modules) {
        const d = await deployInstance(instance, vpcId, topicArn, say);
        const createSummary = await d.invoke();
        if (createSummary.outcome !== 'applied' && createSummary.outcome !== 'in-sync') {
          throw new Error(`module.${instance.block}: the create invocation returned ${JSON.stringify(createSummary)}`);
        }
        say(`module.${instance.block}: function ${d.values.functionName} (${d.values.runtime}, committed zip) returned: ${createSummary.outcome}, ${createSummary.changes} changes in ${createSummary.durationMs} ms`);
        // aws_sns_topic_subscription.this (protocol lambda) + aws_lambda_permission.sns
        const subscriptionArn = await subscribe(target, topicArn, 'lambda', d.functionArn);
        say(`module.${instance.block}: subscribed to ${topicName}`);
        const { invoke: _unused, ...rest } = d;
        instances.push({ ...rest, subscriptionArn, createSummary });
      }
      return { region: plan.region, groupId: g.id, vpcId, subnetGroup: plan.name, subnetIds, instances };
    },

    async destroy(stack, say) {
      // Reverse dependency order, as terraform destroy: subscription, the delete invocation (removes
      // the records), function, then the group (the function depended on it), topic and zones.
      const removed: Array<Omit<Destroyed, 'recordsLeft'>> = [];
      for (const d of [...stack.instances].reverse()) {
        await queryCall(target, 'sns', { Action: 'Unsubscribe', SubscriptionArn: d.subscriptionArn, Version: SNS_VERSION });
        const summary = await invokeSummary(target, d.values.functionName, terraformPayload(d.values.invocationInput, 'delete', d.values.invocationInput));
        if (summary.outcome !== 'destroyed') throw new Error(`module.${d.block}: the delete invocation returned ${JSON.stringify(summary)}`);
        removed.unshift({ block: d.block, zoneName: d.values.zoneName, summary });
        await lambdaRest(target, 'DELETE', `/2015-03-31/functions/${encodeURIComponent(d.values.functionName)}`);
        say(`module.${d.block}: unsubscribed; delete invocation: ${summary.outcome}, ${summary.changes} changes in ${summary.durationMs} ms; function deleted`);
      }
      await ec.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: stack.groupId }));
      say(`replication group ${stack.groupId} deleted`);
      // The subnet group stays: moto has no DeleteCacheSubnetGroup (it goes with the emulator).
      for (const id of stack.subnetIds) await queryCall(target, 'ec2', { Action: 'DeleteSubnet', SubnetId: id, Version: EC2_VERSION });
      await queryCall(target, 'ec2', { Action: 'DeleteVpc', VpcId: stack.vpcId, Version: EC2_VERSION });
      const topicArn = stack.instances[0]?.topicArn;
      if (topicArn) await queryCall(target, 'sns', { Action: 'DeleteTopic', TopicArn: topicArn, Version: SNS_VERSION });
      // aws_route53_zone.this has force_destroy = false: on AWS, deleting a zone that still holds
      // records fails (HostedZoneNotEmpty). The records are read first, so the demo can show them.
      const out: Destroyed[] = [];
      for (const [i, d] of stack.instances.entries()) {
        const recordsLeft = await listZone(r53, d.zoneId);
        await r53.send(new DeleteHostedZoneCommand({ Id: d.zoneId }));
        out.push({ ...removed[i]!, recordsLeft });
      }
      say(`subnets, VPC, SNS topic and ${stack.instances.length} zones deleted`);
      return out;
    },

    close() {
      ec.destroy();
      r53.destroy();
    },
  };
}
