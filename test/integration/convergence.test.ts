// The committed zip at Terraform's update, with the emulator enforcing the role's Route 53 policy:
// the previous configuration's names are deleted only while the policy of those names is still
// attached (the module's create_before_destroy window); without it the run is refused and the
// zone stays as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { putRolePolicyDocument } from '../../testkit/emulator/aws-raw.js';
import { recordPolicyDocument } from '../../testkit/world/record-policy.js';
import { createGroup, createPrivateZone, deployReconciler, startWorld, type World } from '../../testkit/world/world.js';
import { listZone } from '../../testkit/zone-records.js';

let world: World;
beforeAll(async () => {
  world = await startWorld();
});
afterAll(async () => {
  await world?.stop();
});

/** Terraform's update payload: the applied environment, and the previous one in tf.prev_input. */
const update = (previous: Record<string, string>, env: Record<string, string>) => ({
  trigger: 'terraform',
  config: 'integration',
  environment: env,
  tf: { action: 'update', prev_input: { trigger: 'terraform', config: 'before', environment: previous } },
});

async function deployed(name: string) {
  const zone = `${name}.example.internal`;
  const zoneId = await createPrivateZone(world, zone);
  await createGroup(world, name, { members: 3 });
  const dep = await deployReconciler(world, { functionName: `${name}-replica-dns`, groupId: name, zoneId, zoneName: zone, template: `read{n}.${zone}`, ownerId: name });
  await dep.invoke({ trigger: 'terraform', config: 'integration', environment: dep.env, tf: { action: 'create', prev_input: null } });
  const names = async () => (await listZone(world, zoneId)).filter((r) => r.type === 'CNAME' || r.type === 'TXT').map((r) => r.name).sort();
  return { dep, zone, names };
}

describe('a renamed template at Terraform update, under the role policy', () => {
  it('with both policies attached: the old names and markers are deleted, the new ones written', async () => {
    const { dep, zone, names } = await deployed('conv');
    const before = { ...dep.env };
    // The old policy stays attached while the new one is added (create_before_destroy).
    await putRolePolicyDocument(world.target, 'conv-replica-dns-role', 'records-previous', recordPolicyDocument(before)!);
    await dep.updateEnv({ RECORD_NAME_TEMPLATE: `replica{n}.${zone}` });
    const summary = await dep.invoke(update(before, dep.env));
    expect(summary.outcome).toBe('applied');
    expect(await names()).toEqual([`_owner.replica1.${zone}`, `_owner.replica2.${zone}`, `replica1.${zone}`, `replica2.${zone}`].sort());
  });

  it('with only the new policy: refused (AccessDenied, after the propagation retries), nothing deleted or written', async () => {
    const { dep, zone, names } = await deployed('noold');
    const before = { ...dep.env };
    const zoneBefore = await names();
    await dep.updateEnv({ RECORD_NAME_TEMPLATE: `replica{n}.${zone}` }); // replaces the role's only Route 53 policy
    await expect(dep.invoke(update(before, dep.env))).rejects.toThrow(/AccessDenied/);
    expect(await names()).toEqual(zoneBefore);
  }, 60_000);
});
