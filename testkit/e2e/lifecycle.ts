// The life of one example, as a user lives it, against the emulator: init, apply (the names exist
// when apply returns, each on a replica), a clean second plan, TestFailover (exactly the names on
// the promoted node move, through the notification the example wired and the code apply uploaded),
// a clean plan again, a replica added and removed, a configuration change applied again, destroy
// (nothing of the example left). One describe per example; the steps share one emulator and run in
// order, and a step after a failed one fails at once saying so.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import {
  DecreaseReplicaCountCommand,
  DescribeReplicationGroupsCommand,
  ElastiCacheClient,
  IncreaseReplicaCountCommand,
  TestFailoverCommand,
} from '@aws-sdk/client-elasticache';
import { Route53Client } from '@aws-sdk/client-route-53';
import { invoke, publish, restGet as rest } from '../emulator/aws-raw.js';
import { redisRole, startEmulator, type Emulator, type NodeTls } from '../emulator/emulator.js';
import { leftovers } from './leftovers.js';
import { emulatorOverride, ROOT, writeInto, type Stage } from './stage.js';
import { steps } from './steps.js';
import { deprecationWarnings, Workdir } from './terraform.js';
import type { Binary } from './toolchain.js';
import { listZone } from '../zone-records.js';
import { ownedNames, resolveNames, targets, type Resolved } from './zone.js';

export const REGION = 'eu-west-1';

export interface ExampleSpec {
  /** Shown in test names: complete, existing-zone, cdktf. */
  readonly example: string;
  /** The example's `name`: replication group ID and prefix of every other name. */
  readonly name: string;
  /** Writes the configuration to apply into a scratch directory. */
  stage(): Stage | Promise<Stage>;
  /** The module's record_count (0: one name per available replica). */
  readonly recordCount: number;
  /** Writes a configuration change into the stage: the module's record_ttl becomes `ttl`. */
  changeTtl(stage: Stage, ttl: number): void | Promise<void>;
  /** Records of someone else in the zone, "name TYPE": untouched from apply to destroy of the module. */
  readonly foreignRecords?: readonly string[];
  /** Destroy this address first (`-target`), so the module's own clean-up is seen before the rest goes. */
  readonly moduleAddress?: string;
  /** The example sets primary_record_name and reader_record_name and outputs client_endpoints. */
  readonly aliases?: boolean;
  /** Only apply, the clean plan after it and destroy: one apply (the same app in a second framework). */
  readonly applyOnly?: boolean;
  /** Also play a daily backup and an online scaling (docs/lifecycle.md) on the applied example. */
  readonly routineOperations?: boolean;
  /**
   * Another configuration that must plan no changes on what this one applied (the same app
   * synthesized by the other framework): written into the stage after the clean plan, planned,
   * and this one written back (restore).
   */
  readonly equivalent?: { readonly label: string; write(dir: string): void | Promise<void>; restore(dir: string): void | Promise<void> };
}

const COMMITTED_ZIP_SHA256 = createHash('sha256').update(fs.readFileSync(path.join(ROOT, 'lambda/dist/reconciler.zip'))).digest('base64');
const NEW_TTL = 17;
/** What EventBridge sends on the module's drift-correction schedule. */
const SCHEDULED_EVENT = { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} };
/** How long the notification's run holds the slot: longer than apply takes from updating the
 *  function to invoking it (the update's own wait, a few seconds). */
const SLOW_RUN_SECONDS = 15;

/** A member that a name points at (the notification's subject). */
const replicaOf = (names: readonly Resolved[]): string => names.find((n) => n.clusterId)!.clusterId!;


/** After a life: the timings, and a destroy when something is left in the state. */
export async function finishWorkdir(wd: Workdir | undefined, what: string): Promise<void> {
  if (!wd) return;
  await wd.stop(); // a step that timed out may have left its command running
  console.log(`timings, ${what}, ${wd.binary.label}:\n${wd.timings.map((t) => `  ${t.command.padEnd(34)} ${t.seconds.toFixed(1)} s`).join('\n')}`);
  if ((await wd.stateList()).length > 0) await wd.destroy([], 'destroy (clean-up after a failure)').catch((e: Error) => console.error(e.message));
}

export function describeLifecycle(spec: ExampleSpec, binary: Binary): void {
  describe(`examples/${spec.example} applied with ${binary.label}`, () => {
    let emu: Emulator;
    let ec: ElastiCacheClient;
    let r53: Route53Client;
    let stage: Stage;
    let wd: Workdir;
    let zoneId = '';
    let functionName = '';
    let topicArn = '';
    let slotNames: string[] = [];
    /** Alias name → the group endpoint it must point at (spec.aliases). */
    let aliases = new Map<string, { address: string; port: number; role: string; secure: NodeTls | undefined }>();

    const step = steps();

    const replicas = async (): Promise<string[]> => {
      const group = (await ec.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: spec.name }))).ReplicationGroups![0]!;
      return (group.NodeGroups![0]!.NodeGroupMembers ?? []).filter((m) => m.CurrentRole === 'replica').map((m) => m.CacheClusterId!);
    };
    // The replica names only: the aliases point at group endpoints, not at members (aliasRecords).
    const resolved = async (): Promise<Resolved[]> =>
      resolveNames(emu, new Map([...(await ownedNames(r53, zoneId))].filter(([name]) => !aliases.has(name))));
    /** Each alias's CNAME and marker as listed, after checking they point at their endpoint, which answers with its ROLE. */
    const aliasRecords = async (label: string): Promise<string[]> => {
      const records = await listZone(r53, zoneId);
      const owned = await ownedNames(r53, zoneId);
      const seen: string[] = [];
      for (const [name, endpoint] of aliases) {
        expect(owned.get(name)?.value, `${label}: ${name} with its ownership marker`).toBe(endpoint.address);
        expect(await redisRole(endpoint.address, endpoint.port, 3000, endpoint.secure), `${label}: ROLE behind ${name}`).toBe(endpoint.role);
        for (const r of records.filter((x) => x.name === name || x.name === `_owner.${name}`)) seen.push(`${r.name} ${r.type} ${r.ttl} ${r.values.join(',')}`);
      }
      return seen.sort();
    };

    /** Every name on an available replica (API and ROLE agree); the slot names as the mode promises. */
    const expectNamesOnReplicas = async (label: string): Promise<Resolved[]> => {
      const names = await resolved();
      const replicaIds = await replicas();
      for (const n of names) {
        expect(n.clusterId, `${label}: ${n.name} → ${n.value} is no member's endpoint`).toBeDefined();
        expect(n.currentRole, `${label}: ${n.name} → ${n.clusterId}`).toBe('replica');
        expect(n.redisRole, `${label}: ROLE behind ${n.name}`).toBe('slave');
      }
      const slots = names.filter((n) => slotNames.includes(n.name));
      if (spec.recordCount > 0) {
        expect(slots.map((n) => n.name).sort(), `${label}: exactly record_count names`).toEqual([...slotNames].sort());
        const perReplica = replicaIds.map((id) => slots.filter((n) => n.clusterId === id).length);
        expect(Math.max(...perReplica) - Math.min(...perReplica), `${label}: names per replica ${perReplica}`).toBeLessThanOrEqual(1);
      } else {
        expect(slots.length, `${label}: one name per replica`).toBe(replicaIds.length);
        expect(new Set(slots.map((n) => n.clusterId)).size, `${label}: each replica named once`).toBe(replicaIds.length);
      }
      return names;
    };

    /** Once the group reports modifying, one scheduled run; its outcome and the group's status after it. */
    const scheduleWhileModifying = async (): Promise<{ outcome: string; statusAfter: string | undefined }> => {
      const status = async () => (await ec.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: spec.name }))).ReplicationGroups![0]!.Status;
      for (let i = 0; i < 600 && (await status()) !== 'modifying'; i++) await new Promise((r) => setTimeout(r, 50));
      const out = await invoke(emu, functionName, SCHEDULED_EVENT);
      return { outcome: (JSON.parse(out.payload) as { outcome: string }).outcome, statusAfter: await status() };
    };

    beforeAll(async () => {
      emu = await startEmulator({ region: REGION });
      const conf = { endpoint: emu.endpoint, region: emu.region, credentials: emu.credentials };
      ec = new ElastiCacheClient(conf);
      r53 = new Route53Client(conf);
      stage = await spec.stage();
      writeInto(stage, 'emulator_override.tf', emulatorOverride(emu.endpoint, emu.region));
      // Any service the override does not name still goes to the emulator; no metadata service.
      const logs = process.env.ERDNS_E2E_LOGS;
      if (logs) fs.mkdirSync(logs, { recursive: true });
      const logFile = logs ? path.join(logs, `${spec.example}-${binary.family}-${binary.version}.log`) : undefined;
      wd = new Workdir(binary, stage.dir, { AWS_ENDPOINT_URL: emu.endpoint, AWS_EC2_METADATA_DISABLED: 'true', TF_VAR_region: REGION }, logFile);
    }, 300_000);

    afterAll(async () => {
      await finishWorkdir(wd, `examples/${spec.example}`);
      ec?.destroy();
      r53?.destroy();
      stage?.remove();
      await emu?.stop();
    }, 600_000);

    step('init', async () => {
      await wd.init();
    });

    step('apply: the names exist when apply returns, each on a replica; no deprecation warning', async () => {
      const applied = await wd.apply();
      // The plan inside apply, with the AWS provider of the mirror: the module and the example read
      // and set nothing the provider deprecates (test/module/provider-compat.test.ts for 6.x).
      expect(deprecationWarnings(`${applied.stdout}\n${applied.stderr}`), 'deprecation warnings of apply').toEqual([]);
      const outputs = await wd.outputs();
      zoneId = String(outputs.zone_id);
      topicArn = String(outputs.topic_arn);
      functionName = String(outputs.function_name);
      // record_count names, or in default mode every possible one (of which one per replica exists).
      slotNames = outputs.record_names as string[];
      expect(zoneId).toMatch(/^Z[A-Z0-9]+$/);
      if (spec.aliases) {
        const described = (await ec.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: spec.name }))).ReplicationGroups![0]!;
        const group = described.NodeGroups![0]!;
        // A transit-encrypted group's endpoints speak TLS only (docs/tls.md).
        const secure = described.TransitEncryptionEnabled ? { ca: fs.readFileSync(emu.tlsCaFile, 'utf8') } : undefined;
        const client = outputs.client_endpoints as Record<'primary' | 'reader', { host: string; port: number; alias: string }> & { tls: boolean };
        // The module reads TLS from the endpoint format (master.…); the emulator reports addresses here.
        expect(client.tls, 'client_endpoints.tls: the endpoints are loopback addresses, not TLS-format names').toBe(false);
        for (const [kind, endpoint, role] of [
          ['primary', group.PrimaryEndpoint!, 'master'],
          ['reader', group.ReaderEndpoint!, 'slave'],
        ] as const) {
          expect(client[kind], `client_endpoints.${kind}`).toEqual({ host: endpoint.Address, port: endpoint.Port, alias: `${kind}.${zoneName(slotNames)}`, tls_server_name: null });
          aliases.set(client[kind].alias, { address: endpoint.Address!.toLowerCase(), port: endpoint.Port!, role, secure });
        }
        expect((await aliasRecords('after apply')).length, 'a CNAME and a marker per alias').toBe(4);
      }
      await expectNamesOnReplicas('after apply');
    });

    step('plan after apply: no changes', async () => {
      const plan = await wd.plan('plan after apply');
      expect(plan.changes, plan.text).toBe(false);
      expect(deprecationWarnings(plan.text), 'deprecation warnings of plan').toEqual([]);
    });

    if (spec.equivalent) {
      const { label, write, restore } = spec.equivalent;
      step(`${label}: plans no changes on the applied state`, async () => {
        await write(stage.dir);
        try {
          const plan = await wd.plan(`plan of ${label}`);
          expect(plan.changes, plan.text).toBe(false);
        } finally {
          await restore(stage.dir);
        }
      });
    }

    if (!spec.applyOnly) {
      step('TestFailover: exactly the names on the promoted node move, through the wired notification', async () => {
        const before = targets(await resolved());
        const aliasesBefore = await aliasRecords('before failover');
        const since = (await emu.invocations()).length;
        const started = Date.now();
        await ec.send(new TestFailoverCommand({ ReplicationGroupId: spec.name, NodeGroupId: '0001' }));
        const promoted = (await emu.roles()).find((m) => m.replicationGroupId === spec.name && m.currentRole === 'primary')!.cacheClusterId;
        await emu.waitIdle(60_000);
        console.log(`examples/${spec.example}: TestFailover → names correct and runs idle in ${Date.now() - started} ms`);

        const after = await expectNamesOnReplicas('after failover');
        const moved = [...before].filter(([name, target]) => targets(after).get(name) !== target).map(([name]) => name);
        const onPromoted = [...before].filter(([, target]) => target === promoted).map(([name]) => name);
        expect(onPromoted.length, 'some name pointed at the replica that was promoted').toBeGreaterThan(0);
        for (const name of onPromoted) expect(moved, `${name} was on the promoted node`).toContain(name);
        // Slot names elsewhere stay put (per-AZ names may follow their AZ's new replica).
        for (const name of moved.filter((n) => slotNames.includes(n))) expect(onPromoted, `${name} moved`).toContain(name);

        const runs = (await emu.invocations()).slice(since).filter((r) => r.functionName === functionName);
        expect(runs.some((r) => r.source === 'sns'), 'a run delivered by the SNS subscription').toBe(true);
        expect(runs.filter((r) => r.error), 'failed runs').toEqual([]);
        // The group's endpoints do not change in a failover: the aliases are not written.
        expect(await aliasRecords('after failover'), 'alias records').toEqual(aliasesBefore);
        // Plan lines are "ACTION TYPE NAME VALUE ttl=…" (the run summary the function returned).
        const written = runs.flatMap((r) => ((JSON.parse(r.result) as { plan: string[] }).plan).map((line) => line.split(' ')[2]!));
        const aliasWrites = written.filter((name) => aliases.has(name.replace(/^_owner\./, '')));
        expect(aliasWrites, 'changes to alias names').toEqual([]);
        expect(await codeSha256(emu, functionName), 'the code apply uploaded is the committed zip').toBe(COMMITTED_ZIP_SHA256);
      });

      step('plan after the failover: no changes', async () => {
        const plan = await wd.plan('plan after failover');
        expect(plan.changes, plan.text).toBe(false);
      });

      if (spec.routineOperations) {
        step('daily backup and online scaling, as docs/lifecycle.md has them: after every step no name moves and every name is on a serving replica', async () => {
          for (const operation of ['backup-automatic', 'scale-up']) {
            const before = targets(await resolved());
            const since = (await emu.invocations()).length;
            const run = await emu.startOperation({ replicationGroupId: spec.name, operation, stepwise: true });
            for (let i = 0; i < run.steps; i++) {
              const played = await emu.operationStep(run.runId);
              // The schedule's run during the step (no notification announces a backup or a scaling).
              await invoke(emu, functionName, SCHEDULED_EVENT);
              await emu.waitIdle(60_000);
              const label = `${operation}, row ${played.row} (${played.members.map((m) => `${m.clusterId} ${m.cacheClusterStatus}`).join(', ')})`;
              await expectNamesOnReplicas(label);
              expect(targets(await resolved()), `${label}: names moved`).toEqual(before);
            }
            const runs = (await emu.invocations()).slice(since).filter((r) => r.functionName === functionName);
            expect(runs.filter((r) => r.error), `${operation}: failed runs`).toEqual([]);
            expect(runs.some((r) => r.source === 'sns'), `${operation}: its completion event reached the reconciler`).toBe(true);
            const outcomes = runs.map((r) => (JSON.parse(r.result) as { outcome: string }).outcome);
            expect(outcomes.filter((o) => o !== 'in-sync'), `${operation}: runs that wrote`).toEqual([]);
          }
          const plan = await wd.plan('plan after a backup and a scaling');
          expect(plan.changes, plan.text).toBe(false);
        });

        step('online scaling applied by Terraform (a new node_type): the group scales online, no name moves, no write', async () => {
          const before = targets(await resolved());
          const since = (await emu.invocations()).length;
          await emu.resetNotifications();
          // A user edits node_type in main.tf; an override file is the same change.
          writeInto(stage, 'node_type_override.tf', 'resource "aws_elasticache_replication_group" "this" {\n  node_type = "cache.t4g.small"\n}\n');
          // The schedule fires while the group scales (no notification announces a scaling): its run
          // must see the group modifying and leave every name where it is.
          let scheduled: Promise<{ outcome: string; statusAfter: string | undefined }> | undefined;
          await wd.apply('apply of a new node_type (online scaling)', (line) => {
            if (!scheduled && /aws_elasticache_replication_group\.this: Modifying/.test(line)) scheduled = scheduleWhileModifying();
          });
          expect(scheduled, 'apply modified the replication group').toBeDefined();
          const during = await scheduled!;
          expect(during, 'the scheduled run during the scaling').toEqual({ outcome: 'in-sync', statusAfter: 'modifying' });
          await emu.waitIdle(60_000);
          const events = (await emu.notifications()).filter((n) => n.replicationGroupId === spec.name).map((n) => n.event);
          expect(events, 'the scaling completed, as ElastiCache announces it').toContain('ElastiCache:ReplicationGroupScalingComplete');
          await expectNamesOnReplicas('after the online scaling');
          expect(targets(await resolved()), 'names moved').toEqual(before);
          const runs = (await emu.invocations()).slice(since).filter((r) => r.functionName === functionName);
          expect(runs.filter((r) => r.error), 'failed runs').toEqual([]);
          expect(runs.map((r) => (JSON.parse(r.result) as { outcome: string }).outcome).filter((o) => o !== 'in-sync'), 'runs that wrote').toEqual([]);
        });
      }

      step('IncreaseReplicaCount and DecreaseReplicaCount: the names follow', async () => {
        const count = (await replicas()).length;
        await ec.send(new IncreaseReplicaCountCommand({ ReplicationGroupId: spec.name, NewReplicaCount: count + 1, ApplyImmediately: true }));
        await emu.waitIdle(60_000);
        expect((await replicas()).length).toBe(count + 1);
        await expectNamesOnReplicas('after a replica was added');
        await ec.send(new DecreaseReplicaCountCommand({ ReplicationGroupId: spec.name, NewReplicaCount: count, ApplyImmediately: true }));
        await emu.waitIdle(60_000);
        expect((await replicas()).length).toBe(count);
        await expectNamesOnReplicas('after a replica was removed');
      });

      step(`configuration change (record_ttl = ${NEW_TTL}) applied again reaches the records, though a notification's run holds the one slot`, async () => {
        const before = await resolved();
        expect(before.every((n) => n.ttl !== NEW_TTL)).toBe(true);
        await spec.changeTtl(stage, NEW_TTL);
        // A notification arrives while apply updates the function, and its run is slow: while it holds
        // the function's one slot (reserved concurrency 1), Lambda answers apply's invoke with 429.
        await emu.slowLambda(functionName, SLOW_RUN_SECONDS);
        const throttledBefore = (await emu.lambdaThrottles())[functionName] ?? 0;
        const notification = JSON.stringify({ 'ElastiCache:CacheNodeReplaceComplete': replicaOf(before) });
        let published: Promise<unknown> | undefined;
        await wd.apply('apply of the changed configuration', (line) => {
          if (!published && /aws_lambda_function\.[^:]+: Modifying\.\.\./.test(line)) {
            published = publish(emu, topicArn, notification, 'ElastiCache Notification Message');
          }
        });
        expect(published, 'apply updated the function').toBeDefined();
        await published;
        expect((await emu.lambdaThrottles())[functionName] ?? 0, "apply's invoke met the busy slot (429) and retried").toBeGreaterThan(throttledBefore);
        await emu.waitIdle(60_000);
        const records = await listZone(r53, zoneId);
        const ours = await resolved();
        expect(ours.map((n) => n.name)).toEqual(before.map((n) => n.name));
        for (const n of ours) {
          expect(n.ttl, `${n.name}`).toBe(NEW_TTL);
          expect(records.find((r) => r.name === `_owner.${n.name}`)?.ttl, `_owner.${n.name}`).toBe(NEW_TTL);
        }
        for (const r of records.filter((x) => aliases.has(x.name.replace(/^_owner\./, '')))) expect(r.ttl, r.name).toBe(NEW_TTL);
        const plan = await wd.plan('plan after the change');
        expect(plan.changes, plan.text).toBe(false);
      });
    }

    step('destroy: nothing of the example is left, and no record of ours', async () => {
      const foreignBefore = await foreign(r53, zoneId, spec.foreignRecords ?? []);
      if (spec.moduleAddress) {
        await wd.destroy([`-target=${spec.moduleAddress}`], `destroy -target=${spec.moduleAddress}`);
        const records = await listZone(r53, zoneId);
        expect(records.filter((r) => r.name.startsWith('_owner.')), 'ownership markers left').toEqual([]);
        expect(await ownedNames(r53, zoneId)).toEqual(new Map());
        expect(await foreign(r53, zoneId, spec.foreignRecords ?? []), 'records of others').toEqual(foreignBefore);
      }
      await wd.destroy();
      expect(await wd.stateList()).toEqual([]);
      expect(await leftovers(emu, { ec, r53 }, [spec.name, zoneId])).toEqual({});
    });
  });
}

/** The zone name behind the replica names (everything after the first label). */
function zoneName(recordNames: readonly string[]): string {
  return recordNames[0]!.split('.').slice(1).join('.');
}

/** The foreign records named "name TYPE", as they are now. */
async function foreign(r53: Route53Client, zoneId: string, keys: readonly string[]): Promise<string[]> {
  const records = await listZone(r53, zoneId);
  return keys.map((key) => {
    const r = records.find((x) => `${x.name} ${x.type}` === key);
    return r ? `${key} ${r.ttl} ${r.values.join(',')}` : `${key} missing`;
  });
}

/** CodeSha256 of the deployed function (Lambda GetFunction). */
async function codeSha256(emu: Emulator, name: string): Promise<string> {
  const out = (await rest(emu, 'lambda', `/2015-03-31/functions/${encodeURIComponent(name)}`)) as { Configuration: { CodeSha256: string } };
  return out.Configuration.CodeSha256;
}
