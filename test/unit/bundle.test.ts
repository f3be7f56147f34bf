// The shipped artifact itself: build the bundle, import it with a Lambda-like environment
// (credentials in the environment, AWS_ENDPOINT_URL) and run the benchmark scenarios against
// the in-process AWS fake over real HTTP. Catches what source-level tests cannot: minified
// names, the credential-provider substitution, the SDK's wire protocols.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { bundleReconciler } from '../../lambda/build.js';
import { startFakeAws, type FakeAws } from '../../bench/fake-aws-server.js';
import { runScenario, SCENARIOS, type ScenarioWorld } from '../../bench/scenarios.js';
import { groupOf } from '../../testkit/fakes/fake-group.js';

type BundledHandler = (event: unknown) => Promise<Record<string, unknown>>;

let dir: string;
let fake: FakeAws;
let handler: BundledHandler;
const logLines: string[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'reconciler-bundle-test-'));
  const { code } = await bundleReconciler();
  writeFileSync(join(dir, 'index.mjs'), code);
  fake = await startFakeAws('Z0BUNDLE', 'cache.example.internal');
  const env: Record<string, string> = {
    REPLICATION_GROUP_ID: 'g',
    HOSTED_ZONE_ID: '/hostedzone/Z0BUNDLE',
    HOSTED_ZONE_NAME: 'cache.example.internal.',
    RECORD_NAME_TEMPLATE: 'read{n}.cache.example.internal',
    OWNER_ID: 'bundle-test',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDTEST',
    AWS_SECRET_ACCESS_KEY: 'secret',
    AWS_ENDPOINT_URL: fake.endpoint,
  };
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  handler = ((await import(pathToFileURL(join(dir, 'index.mjs')).href)) as { handler: BundledHandler }).handler;
}, 60_000);

afterAll(async () => {
  vi.unstubAllEnvs();
  await fake?.close();
  rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  vi.restoreAllMocks();
});

async function invoke(event: unknown): Promise<Record<string, unknown>> {
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => logLines.push(String(chunk)) > 0);
  try {
    return await handler(event);
  } finally {
    spy.mockRestore();
  }
}

const world: ScenarioWorld = {
  reset: (spec) => fake.reset(spec),
  setGroup: (spec) => {
    fake.group.spec = spec;
  },
  resetCounters: () => fake.resetCounters(),
  counters: () => fake.counters(),
  cnames: () => fake.zone.cnames(),
  invoke: (event) => invoke(event),
};

describe('the bundled handler over HTTP', () => {
  it.each(SCENARIOS.map((s) => [s.name, s] as const))('%s: one read, at most one write, the expected records changed', async (name, scenario) => {
    // Act
    const result = await runScenario(world, scenario);
    // Assess
    const expected = name === 'inSync' ? { route53Writes: 0, recordsChanged: 0, outcome: 'in-sync' } : { route53Writes: 1, recordsChanged: 1, outcome: 'applied' };
    expect(result).toMatchObject({ route53Reads: 1, ...expected });
    expect(result.elasticacheCalls).toBe(1 + scenario.after.members.length);
  });

  it('keeps the error names readable despite minification', async () => {
    fake.reset(undefined);
    await expect(invoke({})).rejects.toMatchObject({ name: 'TopologyError', message: 'replication group g not found' });
  });

  it('rides out Throttling and PriorRequestNotComplete with the SDK retry strategy', async () => {
    // Prepare: zero backoff jitter; the first two list and the first change requests fail
    fake.reset(groupOf(3));
    vi.spyOn(Math, 'random').mockReturnValue(0);
    fake.injectFault('ListResourceRecordSets', 'Throttling', 2);
    fake.injectFault('ChangeResourceRecordSets', 'PriorRequestNotComplete');
    // Act
    const summary = await invoke({});
    // Assess: one logical read and one write, retried below the reconciler
    expect(summary).toMatchObject({ outcome: 'applied', attempts: 1 });
    expect(fake.requests).toMatchObject({ ListResourceRecordSets: 3, ChangeResourceRecordSets: 2 });
    expect(fake.counters()).toMatchObject({ route53Reads: 1, route53Writes: 1 });
    expect(Object.keys(fake.zone.cnames())).toHaveLength(2);
  });

  it('removes its records on destroy', async () => {
    fake.reset(groupOf(3));
    await invoke({});
    expect(Object.keys(fake.zone.cnames())).toHaveLength(2);
    const summary = await invoke({ trigger: 'terraform', tf: { action: 'delete' } });
    expect(summary).toMatchObject({ outcome: 'destroyed', changes: 4 });
    expect(fake.zone.all().map((r) => r.type).sort()).toEqual(['NS', 'SOA']);
  });
});
