// The benchmark scenarios (bench/scenarios.ts) against the local AWS emulator (testkit/emulator/),
// through the COMMITTED reconciler zip deployed there as a Lambda function:
//
//  - per scenario, the requests the emulator actually received during the one reconcile run
//    (by service and operation; the Invoke call itself left out), from its request counter;
//  - the reconcile wall time: median over N runs of the synchronous Invoke round trip, and of the
//    handler's own durationMs, with the emulator's *warm* Lambda mode (one runner process kept
//    between invocations, as a warm Lambda sandbox) so Node.js start-up is not in the number;
//  - the time from TestFailover returning to the records being correct, the function driven by the
//    group's real FailoverComplete notification through SNS, polling ListResourceRecordSets.
//
// The scenario world maps a GroupSpec onto real control-plane calls (CreateReplicationGroup,
// IncreaseReplicaCount, DecreaseReplicaCount, ModifyReplicationGroup PrimaryClusterId, the
// node-status route) on a group without a notification topic, so the only run is the scenario's
// own Invoke. Members get the emulator's AZs (no AZ names are configured here).
import { createHash } from 'node:crypto';
import {
  CreateReplicationGroupCommand,
  DecreaseReplicaCountCommand,
  DeleteReplicationGroupCommand,
  IncreaseReplicaCountCommand,
  ModifyReplicationGroupCommand,
  TestFailoverCommand,
} from '@aws-sdk/client-elasticache';
import { ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand, type Change } from '@aws-sdk/client-route-53';
import type { RequestCounts } from '../testkit/emulator/emulator.js';
import type { GroupSpec } from '../testkit/fakes/fake-group.js';
import {
  createGroup,
  createPrivateZone,
  deployReconciler,
  describeGroup,
  newTopic,
  startWorld,
  TERRAFORM_CREATE,
  type Deployment,
  type RunSummary,
  type World,
} from '../testkit/world/world.js';
import { listZone } from '../testkit/zone-records.js';
import { median, round } from './cold-init.js';
import { runScenario, SCENARIOS, type ScenarioName, type ScenarioResult, type ScenarioWorld } from './scenarios.js';
import { normalizeName } from '../lambda/src/names.js';

const ZONE_NAME = 'cache.example.internal';

export interface EmulatorBenchOptions {
  /** Timed runs per scenario (≥ 20). */
  readonly runs: number;
  /** Measured failovers for the time to correct records. */
  readonly failovers: number;
  /** Poll interval of ListResourceRecordSets while waiting for correct records. */
  readonly pollMs: number;
}

export interface Stats {
  readonly medianMs: number;
  readonly p90Ms: number;
  readonly minMs: number;
  readonly maxMs: number;
  readonly samplesMs: number[];
}

export interface EmulatorScenarioResult extends ScenarioResult {
  /** Requests the emulator received during the run, by service and operation (Invoke excluded). */
  readonly requests: RequestCounts;
  /** Timed runs whose requests differed from the first run's (0 expected). */
  readonly runsWithOtherRequests: number;
  /** Synchronous Invoke round trip (client → emulator → warm runner → handler → back). */
  readonly reconcileMs: Stats;
  /** The handler's own durationMs (its summary): the reconcile proper. */
  readonly handlerMs: Stats;
}

export interface EmulatorReport {
  readonly lambdaMode: 'warm';
  readonly redis: boolean;
  readonly zip: { readonly path: string; readonly sha256: string; readonly bytes: number };
  readonly timedRuns: number;
  readonly scenarios: Record<ScenarioName, EmulatorScenarioResult>;
  readonly failoverToCorrect: {
    readonly failovers: number;
    readonly pollIntervalMs: number;
    /** Polls of ListResourceRecordSets until correct (median). */
    readonly pollsMedian: number;
    /** TestFailover returned → records correct (observed through ListResourceRecordSets). */
    readonly ms: Stats;
    /** The notification-driven runs' durations as the emulator measured them. */
    readonly runMs: Stats;
  };
  readonly targets: Record<string, boolean>;
  readonly wallSeconds: number;
}

export function stats(samples: readonly number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    medianMs: round(median(sorted)),
    p90Ms: round(sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.9) - 1)]!),
    minMs: round(sorted[0]!),
    maxMs: round(sorted.at(-1)!),
    samplesMs: samples.map(round),
  };
}

/** A ScenarioWorld on the emulator; the counters cover exactly the last Invoke's run. */
class EmulatorScenarioWorld implements ScenarioWorld {
  lastRequests: RequestCounts = { total: 0, byService: {} };
  lastInvokeMs = 0;
  lastSummary: RunSummary | undefined;

  constructor(
    private readonly world: World,
    private readonly dep: Deployment,
    private readonly zoneId: string,
  ) {}

  private get ec() {
    return this.world.ec;
  }

  async reset(spec: GroupSpec): Promise<void> {
    if (spec.members.some((m) => m.hasEndpoint === false)) throw new Error('members without an endpoint cannot be emulated');
    await this.ec.send(new DeleteReplicationGroupCommand({ ReplicationGroupId: spec.groupId })).catch((error: { name?: string }) => {
      if (error.name !== 'ReplicationGroupNotFoundFault') throw error;
    });
    await this.wipeZone();
    await this.ec.send(
      new CreateReplicationGroupCommand({
        ReplicationGroupId: spec.groupId,
        ReplicationGroupDescription: 'benchmark',
        Engine: 'valkey',
        CacheNodeType: 'cache.t4g.micro',
        NumCacheClusters: spec.members.length,
        AutomaticFailoverEnabled: spec.members.length > 1,
      }),
    );
    const created = await describeGroup(this.world, spec.groupId);
    const want = spec.members.map((m) => m.clusterId).sort();
    if (JSON.stringify(created.members.map((m) => m.clusterId)) !== JSON.stringify(want)) {
      throw new Error(`emulator members ${created.members.map((m) => m.clusterId)} do not match the spec ${want}`);
    }
    await this.setGroup(spec);
  }

  async setGroup(spec: GroupSpec): Promise<void> {
    const id = spec.groupId;
    let now = await describeGroup(this.world, id);
    const wanted = new Set(spec.members.map((m) => m.clusterId));
    const toAdd = spec.members.filter((m) => !now.members.some((c) => c.clusterId === m.clusterId)).map((m) => m.clusterId);
    const toRemove = now.members.filter((c) => !wanted.has(c.clusterId)).map((c) => c.clusterId);
    if (toRemove.length > 0) {
      await this.ec.send(new DecreaseReplicaCountCommand({ ReplicationGroupId: id, ReplicasToRemove: toRemove, ApplyImmediately: true }));
    }
    if (toAdd.length > 0) {
      const replicas = now.members.filter((m) => m.role === 'replica' && !toRemove.includes(m.clusterId)).length;
      await this.ec.send(new IncreaseReplicaCountCommand({ ReplicationGroupId: id, NewReplicaCount: replicas + toAdd.length, ApplyImmediately: true }));
    }
    now = await describeGroup(this.world, id);
    if (JSON.stringify(now.members.map((m) => m.clusterId)) !== JSON.stringify([...wanted].sort())) {
      throw new Error(`emulator members ${now.members.map((m) => m.clusterId)} do not match the spec ${[...wanted].sort()}`);
    }
    if (now.primary.clusterId !== spec.primary) {
      await this.ec.send(new ModifyReplicationGroupCommand({ ReplicationGroupId: id, PrimaryClusterId: spec.primary, ApplyImmediately: true }));
    }
    for (const m of spec.members) {
      const status = m.status ?? 'available';
      const current = now.members.find((c) => c.clusterId === m.clusterId)!;
      if ((status === 'available') !== current.available) await this.world.emu.setNodeStatus(m.clusterId, status, { notify: false, failover: false });
    }
  }

  /** Every record but the apex SOA/NS, in one batch. */
  private async wipeZone(): Promise<void> {
    const records = await listZone(this.world, this.zoneId);
    const apex = normalizeName(ZONE_NAME);
    const changes: Change[] = records
      .filter((r) => !(r.name === apex && (r.type === 'SOA' || r.type === 'NS')))
      .map((r) => ({
        Action: 'DELETE',
        ResourceRecordSet: { Name: r.name, Type: r.type as never, TTL: r.ttl, ResourceRecords: r.values.map((Value) => ({ Value })) },
      }));
    if (changes.length > 0) {
      await this.world.r53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: this.zoneId, ChangeBatch: { Changes: changes } }));
    }
  }

  async resetCounters(): Promise<void> {
    this.lastRequests = { total: 0, byService: {} };
  }

  counters() {
    const op = (service: string, operation: string) => this.lastRequests.byService[service]?.[operation] ?? 0;
    const ec = this.lastRequests.byService.elasticache ?? {};
    return {
      elasticacheCalls: Object.values(ec).reduce((a, b) => a + b, 0),
      route53Reads: op('route53', 'ListResourceRecordSets'),
      route53Writes: op('route53', 'ChangeResourceRecordSets'),
    };
  }

  async cnames(): Promise<Record<string, string>> {
    const records = await listZone(this.world, this.zoneId);
    return Object.fromEntries(records.filter((r) => r.type === 'CNAME').map((r) => [r.name, normalizeName(r.values[0]!)]));
  }

  async invoke(event: unknown): Promise<{ outcome?: string }> {
    await this.world.emu.resetRequests();
    const t0 = performance.now();
    const summary = await this.dep.invoke(event);
    this.lastInvokeMs = performance.now() - t0;
    const counts = await this.world.emu.requests();
    // The Invoke call is ours, not the reconciler's.
    const byService = Object.fromEntries(Object.entries(counts.byService).filter(([service]) => service !== 'lambda'));
    const total = Object.values(byService).reduce((sum, ops) => sum + Object.values(ops).reduce((a, b) => a + b, 0), 0);
    this.lastRequests = { total, byService };
    this.lastSummary = summary;
    return summary;
  }
}

/** Failovers driven by the real notification: TestFailover returned → zone correct. */
async function measureFailoverToCorrect(world: World, options: EmulatorBenchOptions): Promise<EmulatorReport['failoverToCorrect']> {
  const zone = 'failover.example.internal';
  const zoneId = await createPrivateZone(world, zone);
  const topicArn = await newTopic(world, 'bench-failover-events');
  await createGroup(world, 'fo', { members: 3, topicArn });
  const dep = await deployReconciler(world, {
    functionName: 'bench-failover-replica-dns',
    groupId: 'fo',
    zoneId,
    zoneName: zone,
    template: `read{n}.${zone}`,
    ownerId: 'bench-failover',
    topicArn,
  });
  await dep.invoke(TERRAFORM_CREATE);
  const slotNames = new Set(Array.from({ length: 16 }, (_, i) => dep.slotName(i + 1)));

  const samples: number[] = [];
  const polls: number[] = [];
  const runMs: number[] = [];
  for (let i = 0; i <= options.failovers; i++) {
    await world.emu.waitIdle(60_000);
    await world.emu.resetInvocations();
    const out = await world.ec.send(new TestFailoverCommand({ ReplicationGroupId: 'fo', NodeGroupId: '0001' }));
    const t0 = performance.now();
    // The answer describes the group after the failover: the replicas the names must name now.
    const members = out.ReplicationGroup!.NodeGroups![0]!.NodeGroupMembers!;
    const want = members.filter((m) => m.CurrentRole === 'replica').map((m) => normalizeName(m.ReadEndpoint!.Address!)).sort();
    let n = 0;
    for (;;) {
      n++;
      const page = await world.r53.send(new ListResourceRecordSetsCommand({ HostedZoneId: zoneId }));
      const have = (page.ResourceRecordSets ?? [])
        .filter((r) => r.Type === 'CNAME' && slotNames.has(normalizeName(r.Name!)))
        .map((r) => normalizeName(r.ResourceRecords![0]!.Value!))
        .sort();
      if (JSON.stringify(have) === JSON.stringify(want)) break;
      if (performance.now() - t0 > 60_000) throw new Error(`records not correct 60 s after failover ${i}: ${have} vs ${want}`);
      await new Promise((resolve) => setTimeout(resolve, options.pollMs));
    }
    const elapsed = performance.now() - t0;
    await world.emu.waitIdle(60_000);
    const runs = (await world.emu.invocations()).filter((r) => r.functionName === 'bench-failover-replica-dns');
    if (i === 0) continue; // warm-up: the first run starts the warm runner process
    samples.push(elapsed);
    polls.push(n);
    runMs.push(...runs.map((r) => r.durationMs));
  }
  return { failovers: options.failovers, pollIntervalMs: options.pollMs, pollsMedian: median(polls), ms: stats(samples), runMs: stats(runMs) };
}

export async function runEmulatorBench(options: EmulatorBenchOptions): Promise<EmulatorReport> {
  if (!Number.isInteger(options.runs) || options.runs < 20) throw new Error('emulator runs must be an integer ≥ 20');
  const started = performance.now();
  const world = await startWorld({ lambdaMode: 'warm' });
  try {
    const zoneId = await createPrivateZone(world, ZONE_NAME);
    const dep = await deployReconciler(world, {
      functionName: 'bench-replica-dns',
      groupId: 'g',
      zoneId,
      zoneName: ZONE_NAME,
      template: `read{n}.${ZONE_NAME}`,
      ownerId: 'bench',
    });
    const scenarioWorld = new EmulatorScenarioWorld(world, dep, zoneId);
    // Warm-up: start the warm runner (its first run is a cold start).
    await scenarioWorld.reset(SCENARIOS[0]!.before);
    await dep.invoke(TERRAFORM_CREATE);

    const scenarios = {} as Record<ScenarioName, EmulatorScenarioResult>;
    for (const scenario of SCENARIOS) {
      const wall: number[] = [];
      const handler: number[] = [];
      let first: { result: ScenarioResult; requests: RequestCounts } | undefined;
      let varied = 0;
      for (let i = 0; i < options.runs; i++) {
        const result = await runScenario(scenarioWorld, scenario);
        wall.push(scenarioWorld.lastInvokeMs);
        handler.push(scenarioWorld.lastSummary!.durationMs);
        first ??= { result, requests: scenarioWorld.lastRequests };
        // Same world, same scenario: every run should send the same requests (retries would show here).
        if (JSON.stringify(scenarioWorld.lastRequests) !== JSON.stringify(first.requests)) varied++;
      }
      scenarios[scenario.name] = {
        ...first!.result,
        requests: first!.requests,
        runsWithOtherRequests: varied,
        reconcileMs: stats(wall),
        handlerMs: stats(handler),
      };
    }

    const failoverToCorrect = await measureFailoverToCorrect(world, options);
    const changed = ['failover', 'addReplica', 'removeReplica'] as const;
    const all = Object.values(scenarios);
    const zip = world.zip;
    return {
      lambdaMode: 'warm',
      redis: world.emu.redisAvailable,
      zip: { path: 'lambda/dist/reconciler.zip', sha256: createHash('sha256').update(zip).digest('base64'), bytes: zip.length },
      timedRuns: options.runs,
      scenarios,
      failoverToCorrect,
      targets: {
        inSyncWritesZero: scenarios.inSync.route53Writes === 0,
        oneWriteOtherwise: changed.every((name) => scenarios[name].route53Writes === 1),
        oneReadEach: all.every((s) => s.route53Reads === 1),
        oneDescribeReplicationGroupsEach: all.every((s) => s.requests.byService.elasticache?.DescribeReplicationGroups === 1),
        failoverChangesOneRecord: scenarios.failover.recordsChanged === 1,
        sameRequestsEveryRun: all.every((s) => s.runsWithOtherRequests === 0),
      },
      wallSeconds: round((performance.now() - started) / 1000),
    };
  } finally {
    await world.stop();
  }
}
