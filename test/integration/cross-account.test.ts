// DNS in another account, in the emulator with two accounts: the group, its topic and the
// reconciler in account A (the emulator's default account), the hosted zone and the zone role in
// account B. moto takes the account from the credentials: the test reaches B with credentials of
// an assumed role there (moto does not check who may assume it); the function runs with a session
// of its execution role (lambda_local.py), whose AssumeRole the emulator checks against the zone
// role's trust policy and the execution role's sts:AssumeRole permission (sts_trust.py). moto does
// not enforce the Route 53 or ElastiCache permissions of either role.
import { TestFailoverCommand } from '@aws-sdk/client-elasticache';
import { CreateHostedZoneCommand, GetHostedZoneCommand, ListHostedZonesCommand, Route53Client, type VPCRegion } from '@aws-sdk/client-route-53';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assumeRole, createRole, deleteRolePolicy, invoke, putRolePolicy, putRolePolicyDocument, updateAssumeRolePolicy, type Target } from '../../testkit/emulator/aws-raw.js';
import { recordPolicyDocument } from '../../testkit/world/record-policy.js';
import { createGroup, describeGroup, deployReconciler, newTopic, observe, SCHEDULE, startWorld, TERRAFORM_CREATE, type Deployment, type World } from '../../testkit/world/world.js';
import { expectDefaultMode } from '../../testkit/world/zone.js';
import { listZone } from '../../testkit/zone-records.js';
import { snapshot } from '../../testkit/world/records.js';

const ACCOUNT_A = '123456789012';
const ACCOUNT_B = '222222222222';
const ZONE = 'shared.example.internal';
const GROUP = 'xacct';
const RECONCILER_ROLE = 'xacct-replica-dns';
const ZONE_ROLE = 'xacct-replica-dns-zone';
const ASSUME_POLICY = 'assume-zone-role';

let world: World;
/** World-shaped access to account B (listZone reads through `r53`). */
let inB: World;
let targetB: Target;
let zoneId: string;
let decoyZoneId: string;
let reconcilerRoleArn: string;
let zoneRoleArn: string;
let dep: Deployment;

beforeAll(async () => {
  world = await startWorld();
  const credentialsB = await assumeRole(world.target, `arn:aws:iam::${ACCOUNT_B}:role/test-admin`, 'test');
  targetB = { endpoint: world.emu.endpoint, region: world.emu.region, credentials: credentialsB };
  const r53B = new Route53Client({ endpoint: world.emu.endpoint, region: world.emu.region, credentials: credentialsB, maxAttempts: 1 });
  inB = { ...world, r53: r53B };

  const privateZone = (client: Route53Client, name: string) =>
    client.send(
      new CreateHostedZoneCommand({
        Name: name,
        CallerReference: `${name}-${Date.now()}-${Math.random()}`,
        VPC: { VPCId: 'vpc-0123456789abcdef0', VPCRegion: world.emu.region as VPCRegion },
      }),
    );
  zoneId = (await privateZone(r53B, ZONE)).HostedZone!.Id!.replace('/hostedzone/', '');
  // A zone of the same name in A: the reconciler must never write there.
  decoyZoneId = (await privateZone(world.r53, ZONE)).HostedZone!.Id!.replace('/hostedzone/', '');

  reconcilerRoleArn = await createRole(world.target, RECONCILER_ROLE);
  zoneRoleArn = await createRole(targetB, ZONE_ROLE, { AWS: reconcilerRoleArn });
  await putRolePolicy(world.target, RECONCILER_ROLE, ASSUME_POLICY, ['sts:AssumeRole'], [zoneRoleArn]);

  const topicArn = await newTopic(world, 'xacct-events');
  await createGroup(world, GROUP, { members: 3, topicArn });
  dep = await deployReconciler(world, {
    functionName: 'xacct-replica-dns',
    groupId: GROUP,
    zoneId,
    zoneName: ZONE,
    template: `read{n}.${ZONE}`,
    ownerId: 'xacct',
    topicArn,
    roleArn: reconcilerRoleArn,
    env: { ZONE_ROLE_ARN: zoneRoleArn },
  });
  // The zone role holds the Route 53 statements (modules/zone-account-role), which the emulator enforces.
  await putRolePolicyDocument(targetB, ZONE_ROLE, 'records', recordPolicyDocument(dep.env)!);
});

afterAll(async () => {
  inB?.r53.destroy();
  await world?.stop();
});

/**
 * With IAM broken by `breakIt`: a failover's notification run and a run by hand both fail with
 * ZoneRoleError and write nothing; the zone is as it was. Then `repair`, and the next run catches
 * up with the failover it missed.
 */
async function expectRefusedRuns(breakIt: () => Promise<void>, repair: () => Promise<void>, logSays: RegExp): Promise<void> {
  const zoneBefore = snapshot(await listZone(inB, zoneId));
  await breakIt();
  try {
    const observed = await observe(world, () => world.ec.send(new TestFailoverCommand({ ReplicationGroupId: GROUP, NodeGroupId: '0001' })));
    expect(observed.writes).toBe(0);
    const out = await invoke(world.target, dep.spec.functionName, TERRAFORM_CREATE);
    expect(out.functionError, `the run should fail: ${out.payload}`).toBeDefined();
    expect(out.payload).toContain('ZoneRoleError');
    const log = out.logResult ?? '';
    expect(log).toContain('"name":"ZoneRoleError"');
    expect(log).toContain('AccessDenied');
    expect(log).toMatch(logSays);
    expect(snapshot(await listZone(inB, zoneId))).toEqual(zoneBefore);
  } finally {
    await repair();
  }
  await dep.invoke(SCHEDULE);
  expectDefaultMode(dep, await listZone(inB, zoneId), await describeGroup(world, GROUP));
}

describe('hosted zone in another account', () => {
  it('the accounts are apart: A cannot see B\'s zone, and the roles live in their accounts', async () => {
    expect(reconcilerRoleArn).toBe(`arn:aws:iam::${ACCOUNT_A}:role/${RECONCILER_ROLE}`);
    expect(zoneRoleArn).toBe(`arn:aws:iam::${ACCOUNT_B}:role/${ZONE_ROLE}`);
    await expect(world.r53.send(new GetHostedZoneCommand({ Id: zoneId }))).rejects.toMatchObject({ name: 'NoSuchHostedZone' });
    const inA = await world.r53.send(new ListHostedZonesCommand({}));
    expect(inA.HostedZones?.map((z) => z.Id?.replace('/hostedzone/', ''))).toEqual([decoyZoneId]);
  });

  it('writes the records into B\'s zone through the zone role, and nothing into A', async () => {
    const summary = await dep.invoke(TERRAFORM_CREATE);
    expect(summary.outcome).toBe('applied');
    const group = await describeGroup(world, GROUP);
    expect(group.availableReplicas).toHaveLength(2);
    expectDefaultMode(dep, await listZone(inB, zoneId), group);
    // A's zone of the same name holds only what Route 53 put there at creation.
    expect((await listZone(world, decoyZoneId)).map((r) => r.type).sort()).toEqual(['NS', 'SOA']);
  });

  it('follows a failover in A into B\'s zone (notification → run → records)', async () => {
    const before = await describeGroup(world, GROUP);
    const observed = await observe(world, () => world.ec.send(new TestFailoverCommand({ ReplicationGroupId: GROUP, NodeGroupId: '0001' })));
    const after = await describeGroup(world, GROUP);
    expect(after.primary.clusterId, 'the failover promoted a replica').not.toBe(before.primary.clusterId);
    expect(observed.runs.map((r) => r.summary?.event)).toEqual(['ElastiCache:FailoverComplete']);
    expect(observed.runs[0]!.summary!.outcome).toBe('applied');
    expect(observed.writes, 'one atomic batch, in B').toBe(1);
    expectDefaultMode(dep, await listZone(inB, zoneId), after);
    expect((await listZone(world, decoyZoneId)).map((r) => r.type).sort()).toEqual(['NS', 'SOA']);
  });

  describe('a refused AssumeRole fails the run with ZoneRoleError and leaves the zone as it was', () => {
    it('when the zone role trusts another principal', async () => {
      await expectRefusedRuns(
        () => updateAssumeRolePolicy(targetB, ZONE_ROLE, { AWS: `arn:aws:iam::${ACCOUNT_A}:role/someone-else` }),
        () => updateAssumeRolePolicy(targetB, ZONE_ROLE, { AWS: reconcilerRoleArn }),
        /cannot assume the zone role arn:aws:iam::222222222222:role\/xacct-replica-dns-zone .*trust policy/,
      );
    });

    it('when the reconciler\'s role lacks sts:AssumeRole on the zone role', async () => {
      await expectRefusedRuns(
        () => deleteRolePolicy(world.target, RECONCILER_ROLE, ASSUME_POLICY),
        () => putRolePolicy(world.target, RECONCILER_ROLE, ASSUME_POLICY, ['sts:AssumeRole'], [zoneRoleArn]),
        /sts:AssumeRole on arn:aws:iam::222222222222:role\/xacct-replica-dns-zone/,
      );
    });
  });
});
