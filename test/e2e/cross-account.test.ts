// examples/cross-account: one apply with two provider configurations against the emulator with two
// accounts. Account A (the emulator's default) holds the group, its topic and the reconciler;
// account B (the `aws.zone` provider, which assumes a role there: moto serves a role's account to
// its sessions) holds the zone and the zone role. The function runs with a session of its
// execution role, and the emulator checks its AssumeRole against the zone role's trust policy and
// the execution role's sts:AssumeRole permission (testkit/emulator/replica_dns_emulator/sts_trust.py).
import fs from 'node:fs';
import path from 'node:path';
import { DescribeReplicationGroupsCommand, ElastiCacheClient, TestFailoverCommand } from '@aws-sdk/client-elasticache';
import { ListHostedZonesCommand, Route53Client } from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { assumeRole } from '../../testkit/emulator/aws-raw.js';
import { startEmulator, type Emulator } from '../../testkit/emulator/emulator.js';
import { finishWorkdir, REGION } from '../../testkit/e2e/lifecycle.js';
import { steps } from '../../testkit/e2e/steps.js';
import { binariesFor } from '../../testkit/e2e/matrix.js';
import { emulatorOverride, stageExample, writeInto, type Stage } from '../../testkit/e2e/stage.js';
import { deprecationWarnings, Workdir } from '../../testkit/e2e/terraform.js';
import { ownedNames, resolveNames, targets, type Resolved } from '../../testkit/e2e/zone.js';

const NAME = 'replica-dns-xacct';
const ACCOUNT_A = '123456789012';
const ACCOUNT_B = '222222222222';
/** What the `aws.zone` provider assumes in the emulator (standing in for the profile of account B). */
const PROVIDER_ROLE_B = `arn:aws:iam::${ACCOUNT_B}:role/terraform`;

for (const binary of binariesFor('cross-account')) {
  describe(`examples/cross-account applied with ${binary.label}`, () => {
    let emu: Emulator;
    let ec: ElastiCacheClient;
    let r53A: Route53Client;
    let r53B: Route53Client;
    let stage: Stage;
    let wd: Workdir;
    let zoneId = '';
    let functionName = '';
    const step = steps();

    const replicaIds = async (): Promise<string[]> => {
      const group = (await ec.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: NAME }))).ReplicationGroups![0]!;
      return (group.NodeGroups![0]!.NodeGroupMembers ?? []).filter((m) => m.CurrentRole === 'replica').map((m) => m.CacheClusterId!);
    };
    /** The names in B's zone: one per replica, each on a replica (API and ROLE agree). */
    const expectNamesOnReplicas = async (label: string): Promise<Resolved[]> => {
      const names = await resolveNames(emu, await ownedNames(r53B, zoneId));
      const replicas = await replicaIds();
      for (const n of names) {
        expect(n.currentRole, `${label}: ${n.name} → ${n.value}`).toBe('replica');
        if (emu.redisAvailable) expect(n.redisRole, `${label}: ROLE behind ${n.name}`).toBe('slave');
      }
      expect(new Set(names.map((n) => n.clusterId)).size, `${label}: each replica named once`).toBe(replicas.length);
      expect(names.length, `${label}: one name per replica`).toBe(replicas.length);
      return names;
    };
    const zonesIn = async (client: Route53Client): Promise<string[]> =>
      ((await client.send(new ListHostedZonesCommand({}))).HostedZones ?? []).map((z) => z.Id!.replace('/hostedzone/', ''));

    beforeAll(async () => {
      emu = await startEmulator({ region: REGION });
      const conf = { endpoint: emu.endpoint, region: emu.region, credentials: emu.credentials };
      ec = new ElastiCacheClient(conf);
      r53A = new Route53Client(conf);
      const credentialsB = await assumeRole({ endpoint: emu.endpoint, region: emu.region, credentials: emu.credentials }, `arn:aws:iam::${ACCOUNT_B}:role/test`, 'e2e');
      r53B = new Route53Client({ ...conf, credentials: credentialsB });
      stage = stageExample('cross-account');
      writeInto(
        stage,
        'emulator_override.tf',
        `${emulatorOverride(emu.endpoint, emu.region)}\n${emulatorOverride(emu.endpoint, emu.region, { alias: 'zone', assumeRoleArn: PROVIDER_ROLE_B })}`,
      );
      const logs = process.env.ERDNS_E2E_LOGS;
      if (logs) fs.mkdirSync(logs, { recursive: true });
      const logFile = logs ? path.join(logs, `cross-account-${binary.family}-${binary.version}.log`) : undefined;
      wd = new Workdir(binary, stage.dir, { AWS_ENDPOINT_URL: emu.endpoint, AWS_EC2_METADATA_DISABLED: 'true', TF_VAR_region: REGION }, logFile);
    }, 300_000);

    afterAll(async () => {
      await finishWorkdir(wd, 'examples/cross-account');
      ec?.destroy();
      r53A?.destroy();
      r53B?.destroy();
      stage?.remove();
      await emu?.stop();
    }, 600_000);

    step('init', async () => {
      await wd.init();
    });

    step('one apply, two accounts: the names exist in B\'s zone when apply returns; A has no zone; no deprecation warning', async () => {
      const applied = await wd.apply();
      expect(deprecationWarnings(`${applied.stdout}\n${applied.stderr}`), 'deprecation warnings of apply').toEqual([]);
      const outputs = await wd.outputs();
      zoneId = String(outputs.zone_id);
      functionName = String(outputs.function_name);
      expect(outputs.reconciler_role_arn).toBe(`arn:aws:iam::${ACCOUNT_A}:role/${NAME}-replica-dns`);
      expect(outputs.zone_role_arn).toBe(`arn:aws:iam::${ACCOUNT_B}:role/${NAME}-replica-dns-zone`);
      expect(String(outputs.topic_arn)).toMatch(new RegExp(`^arn:aws:sns:${REGION}:${ACCOUNT_A}:`));
      expect(await zonesIn(r53B)).toEqual([zoneId]);
      expect(await zonesIn(r53A), 'account A holds no zone').toEqual([]);
      await expectNamesOnReplicas('after apply');
    });

    step('plan after apply: no changes', async () => {
      const plan = await wd.plan('plan after apply');
      expect(plan.changes, plan.text).toBe(false);
      expect(deprecationWarnings(plan.text), 'deprecation warnings of plan').toEqual([]);
    });

    step('TestFailover in A: the names on the promoted node move in B\'s zone, through the notification', async () => {
      const before = targets(await resolveNames(emu, await ownedNames(r53B, zoneId)));
      const since = (await emu.invocations()).length;
      await ec.send(new TestFailoverCommand({ ReplicationGroupId: NAME, NodeGroupId: '0001' }));
      const promoted = (await emu.roles()).find((m) => m.replicationGroupId === NAME && m.currentRole === 'primary')!.cacheClusterId;
      await emu.waitIdle(60_000);
      const after = targets(await expectNamesOnReplicas('after failover'));
      const onPromoted = [...before].filter(([, target]) => target === promoted).map(([name]) => name);
      expect(onPromoted.length, 'a name pointed at the replica that was promoted').toBeGreaterThan(0);
      for (const name of onPromoted) expect(after.get(name), `${name} moved off the promoted node`).not.toBe(before.get(name));
      const runs = (await emu.invocations()).slice(since).filter((r) => r.functionName === functionName);
      expect(runs.some((r) => r.source === 'sns'), 'a run delivered by the SNS subscription').toBe(true);
      expect(runs.filter((r) => r.error), 'failed runs').toEqual([]);
    });

    step('destroy: the records go with the module (the zone could not be deleted otherwise), nothing left', async () => {
      await wd.destroy();
      expect(await wd.stateList()).toEqual([]);
      expect(await zonesIn(r53B)).toEqual([]);
      expect(await zonesIn(r53A)).toEqual([]);
      expect((await ec.send(new DescribeReplicationGroupsCommand({}))).ReplicationGroups ?? []).toEqual([]);
    });
  });
}
