// What each operation of docs/lifecycle.md does to the names: the emulator plays it step by step
// (catalogue timing) against the reconciler zip, in default and fixed (RECORD_COUNT=2) mode, and
// this prints, per operation, the names moved, the Route 53 writes, and the seconds during which
// some name was missing or named a node that did not serve (testkit/world/operations.ts).
//
//   npm run bench:lifecycle                       # the committed lambda/dist/reconciler.zip
//   npm run bench:lifecycle -- --zip /tmp/main.zip --json /tmp/main.json   # another build, e.g. main's
import fs from 'node:fs';
import { deployOnFreshGroup, playOperation, type OperationOutcome } from '../testkit/world/operations.js';
import { COMMITTED_ZIP, startWorld } from '../testkit/world/world.js';

/** The rows of docs/lifecycle.md's table (what each operation does to the names): each operation of the catalogue as documented (alternatives are tested, not tabled). */
export const TABLE_OPERATIONS: ReadonlyArray<{ label: string; operation: string; target?: string }> = [
  { label: 'Daily automatic backup (from a replica)', operation: 'backup-automatic' },
  { label: 'Manual backup of a replica', operation: 'backup-manual' },
  { label: 'Online scaling up', operation: 'scale-up' },
  { label: 'Online scaling down', operation: 'scale-down' },
  { label: 'Replica added', operation: 'replica-added' },
  { label: 'Replica removed', operation: 'replica-removed' },
  { label: 'Engine minor upgrade', operation: 'engine-minor-upgrade' },
  { label: 'Engine major upgrade', operation: 'engine-major-upgrade' },
  { label: 'Service update', operation: 'service-update' },
  { label: 'Security-group change', operation: 'security-group-change' },
  { label: 'Parameter-group change, no reboot', operation: 'parameter-change' },
  { label: 'Parameter-group change + reboot of each replica', operation: 'parameter-change-reboot' },
  { label: 'Replica reboot', operation: 'node-reboot' },
  { label: 'Scheduled replacement of a replica', operation: 'node-replacement' },
  { label: 'Scheduled replacement of the primary', operation: 'node-replacement-primary' },
  { label: 'Primary failure, Multi-AZ failover', operation: 'primary-failure' },
  { label: 'TestFailover', operation: 'test-failover' },
  { label: 'ModifyReplicationGroup PrimaryClusterId', operation: 'set-primary' },
  { label: 'Loss of the primary’s AZ', operation: 'az-loss' },
  { label: 'Global Datastore promotion', operation: 'global-secondary-promotion' },
];

const MODES = [
  { mode: 'default', env: {} as Record<string, string> },
  { mode: 'fixed', env: { RECORD_COUNT: '2' } as Record<string, string> },
];

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const seconds = (s: number): string => (s === 0 ? '0' : s < 10 ? s.toFixed(1) : String(Math.round(s)));

async function main(): Promise<void> {
  const zipPath = arg('--zip') ?? COMMITTED_ZIP;
  const base = await startWorld({ lambdaMode: 'warm' });
  const world = { ...base, zip: fs.readFileSync(zipPath) };
  const results: Record<string, Record<string, OperationOutcome>> = {};
  let serial = 0;
  try {
    for (const { operation, target } of TABLE_OPERATIONS) {
      for (const { mode, env } of MODES) {
        const { dep, primaryEndpoint } = await deployOnFreshGroup(world, `bench${++serial}`, env);
        const outcome = await playOperation(world, dep, operation, primaryEndpoint, { schedule: true, ...(target ? { target } : {}) });
        (results[operation] ??= {})[mode] = outcome;
      }
    }
  } finally {
    await base.stop();
  }
  console.log(`zip: ${zipPath}\n`);
  console.log('| operation | names changed: moved, added, removed (default / fixed) | Route 53 writes (default / fixed) | seconds some name missing or on a non-serving node (default / fixed) |');
  console.log('|---|---|---|---|');
  for (const { label, operation } of TABLE_OPERATIONS) {
    const r = results[operation]!;
    const d = r.default!;
    const f = r.fixed!;
    console.log(`| ${label} | ${d.changes} / ${f.changes} | ${d.writes} / ${f.writes} | ${seconds(d.badSeconds)} / ${seconds(f.badSeconds)} |`);
  }
  const out = arg('--json');
  if (out) {
    const flat = Object.fromEntries(
      Object.entries(results).map(([op, modes]) => [op, Object.fromEntries(Object.entries(modes).map(([m, o]) => [m, { changes: o.changes, writes: o.writes, badSeconds: o.badSeconds }]))]),
    );
    fs.writeFileSync(out, JSON.stringify(flat, null, 2));
  }
}

await main();
