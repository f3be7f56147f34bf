// Benchmark scenarios, independent of what serves the AWS APIs: the in-process fake here, an
// emulator later. A scenario converges the zone for `before`, then changes the group to
// `after` and invokes the handler once with `event`; the counts are those of that one run.
import { groupOf, type GroupSpec } from '../testkit/fakes/fake-group.js';
import type { CallCounters } from './fake-aws-server.js';

export type ScenarioName = 'inSync' | 'failover' | 'addReplica' | 'removeReplica';

export interface Scenario {
  readonly name: ScenarioName;
  readonly before: GroupSpec;
  readonly after: GroupSpec;
  readonly event: unknown;
}

export interface ScenarioResult extends CallCounters {
  /** CNAME names whose target changed, appeared or vanished in the zone (markers not counted). */
  readonly recordsChanged: number;
  readonly outcome: string;
}

/** What a scenario needs from the world it runs in. */
export interface ScenarioWorld {
  reset(spec: GroupSpec): Promise<void> | void;
  setGroup(spec: GroupSpec): Promise<void> | void;
  resetCounters(): Promise<void> | void;
  counters(): Promise<CallCounters> | CallCounters;
  /** Record name → CNAME target of the zone. */
  cnames(): Promise<Record<string, string>> | Record<string, string>;
  invoke(event: unknown): Promise<{ outcome?: string }>;
}

const sns = (event: string, subject: string) => ({
  Records: [{ EventSource: 'aws:sns', Sns: { Type: 'Notification', Message: JSON.stringify({ [event]: subject }) } }],
});

/** One primary and two replicas (g-001 primary; read1 → g-002, read2 → g-003 once converged). */
const base = groupOf(3);

export const SCENARIOS: readonly Scenario[] = [
  { name: 'inSync', before: base, after: base, event: { source: 'aws.events', 'detail-type': 'Scheduled Event', detail: {} } },
  { name: 'failover', before: base, after: { ...base, primary: 'g-002' }, event: sns('ElastiCache:FailoverComplete', 'g-002') },
  { name: 'addReplica', before: base, after: groupOf(4), event: sns('ElastiCache:ReplicationGroupIncreaseReplicaCountFinished', 'g') },
  {
    name: 'removeReplica',
    before: groupOf(4),
    after: { ...groupOf(4), members: groupOf(4).members.filter((m) => m.clusterId !== 'g-003') },
    event: sns('ElastiCache:DeleteCacheClusterComplete', 'g-003'),
  },
];

export async function runScenario(world: ScenarioWorld, scenario: Scenario): Promise<ScenarioResult> {
  await world.reset(scenario.before);
  await world.invoke({ trigger: 'terraform', config: 'bench', tf: { action: 'create', prev_input: null } });
  const before = await world.cnames();
  await world.resetCounters();
  await world.setGroup(scenario.after);
  const result = await world.invoke(scenario.event);
  const counters = await world.counters();
  const after = await world.cnames();
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  const recordsChanged = [...names].filter((name) => before[name] !== after[name]).length;
  return { ...counters, recordsChanged, outcome: result.outcome ?? 'unknown' };
}
