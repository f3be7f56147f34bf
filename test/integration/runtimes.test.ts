// The committed reconciler zip on the other Lambda runtime the module allows: deployed with
// `lambda_runtime = "nodejs24.x"` it runs on Node.js 24 in the emulator (the pinned binary of
// testkit/emulator/lambda-runtimes.txt) and reconciles a failover exactly as on nodejs22.x, the
// default the other files cover (lifecycle.test.ts asserts once that those run on Node.js 22).
import { TestFailoverCommand } from '@aws-sdk/client-elasticache';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lambdaRuntimePins, lambdaRuntimesSupportedHere } from '../../testkit/emulator/emulator.js';
import { expectLeanRuns, lowestFree, movedSlots } from '../../testkit/world/checks.js';
import {
  createGroup,
  createPrivateZone,
  deployReconciler,
  describeGroup,
  newTopic,
  observe,
  startWorld,
  TERRAFORM_CREATE,
  type Deployment,
  type Observed,
  type World,
} from '../../testkit/world/world.js';
import { expectDefaultMode, expectRolesBehindNames } from '../../testkit/world/zone.js';
import { listZone } from '../../testkit/zone-records.js';

const RUNTIME = 'nodejs24.x';
const ZONE = 'cache.example.internal';
const GROUP = 'node24';

let world: World;
let zoneId: string;
let dep: Deployment;

/** Every run of the window ran on the runtime's pinned Node.js 24 (where the binary can be installed). */
function expectRanOnNode24(observed: Observed<unknown>): void {
  const pinned = lambdaRuntimePins().find((p) => p.runtime === RUNTIME)!.version;
  expect(pinned.startsWith('24.')).toBe(true);
  for (const run of observed.runs) {
    expect(run.runtime).toBe(RUNTIME);
    // The pinned binaries are linux-x64 builds; elsewhere the emulator falls back to the host's node.
    if (lambdaRuntimesSupportedHere) expect({ node: run.nodeVersion, source: run.nodeSource }).toEqual({ node: `v${pinned}`, source: 'runtime' });
  }
}

beforeAll(async () => {
  world = await startWorld();
  zoneId = await createPrivateZone(world, ZONE);
  const topicArn = await newTopic(world, 'node24-elasticache-events');
  await createGroup(world, GROUP, { members: 3, topicArn });
  dep = await deployReconciler(world, {
    runtime: RUNTIME,
    functionName: 'node24-replica-dns',
    groupId: GROUP,
    zoneId,
    zoneName: ZONE,
    template: `read{n}.${ZONE}`,
    ownerId: 'node24',
    topicArn,
  });
});

afterAll(async () => {
  await world?.stop();
});

describe(`the committed zip on ${RUNTIME}`, () => {
  it('the Terraform create invoke runs on Node.js 24 and writes a name per replica', async () => {
    // Prepare
    const group = await describeGroup(world, GROUP);
    // Act
    const observed = await observe(world, () => dep.invoke(TERRAFORM_CREATE));
    // Assess
    expect(observed.value).toMatchObject({ trigger: 'terraform', action: 'create', outcome: 'applied', groupId: GROUP, conflicts: [] });
    const records = await listZone(world, zoneId);
    const slots = expectDefaultMode(dep, records, group);
    await expectRolesBehindNames(world, dep, records, group);
    expect([...slots.keys()].sort()).toEqual(lowestFree([], group.availableReplicas.length));
    expectLeanRuns(observed);
    expectRanOnNode24(observed);
    expect(await world.emu.lambdaLogs(dep.spec.functionName)).toContain(`INIT_START Runtime Version: ${RUNTIME}\tNode.js: v24.`);
  });

  it('failover: exactly one name moves, to the old primary; none names the new primary', async () => {
    // Prepare
    const beforeGroup = await describeGroup(world, GROUP);
    const before = expectDefaultMode(dep, await listZone(world, zoneId), beforeGroup);
    // Act
    const observed = await observe(world, () => world.ec.send(new TestFailoverCommand({ ReplicationGroupId: GROUP, NodeGroupId: '0001' })));
    // Assess
    const group = await describeGroup(world, GROUP);
    const records = await listZone(world, zoneId);
    const after = expectDefaultMode(dep, records, group);
    await expectRolesBehindNames(world, dep, records, group);
    const promoted = group.primary.clusterId;
    const oldPrimary = beforeGroup.primary.clusterId;
    expect(promoted).not.toBe(oldPrimary);
    const moved = movedSlots(before, after);
    expect(moved, 'exactly one name moves').toHaveLength(1);
    expect(before.get(moved[0]!), 'the moved name was the promoted replica’s').toBe(promoted);
    expect(after.get(moved[0]!), 'and now names the old primary').toBe(oldPrimary);
    expect([...after.values()]).not.toContain(promoted);
    expectLeanRuns(observed);
    expect(observed.runs.map((r) => [r.source, r.summary?.event])).toEqual([['sns', 'ElastiCache:FailoverComplete']]);
    expect(observed.writes).toBe(1);
    expect(observed.runs[0]!.summary!.recordsChanged).toBe(1);
    expectRanOnNode24(observed);
  });
});
