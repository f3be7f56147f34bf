// `npm run compare:plans`: proof that a change of the generated HCL (a refactoring: files split,
// blocks moved, comments) leaves what Terraform does unchanged. Plans every HCL example (examples/*
// with .tf files) twice against the emulator, once with the module as git commit REF has it and once
// with the working tree's, and compares `show -json` of the two plans resource for resource
// (testkit/e2e/plan-diff.ts): actions, planned values and unknowns of every resource change, the
// planned values as a whole, and the resource addresses the configuration declares. Plans only:
// nothing is applied, the emulator stays empty, so both plans see the same world.
//
//   eval "$(bash scripts/toolchain/install.sh)"
//   nice npm run compare:plans -- [--before REF] [--binary terraform|tofu] [--example NAME]...
//
// REF defaults to the merge base of HEAD and main (what a branch changed). The examples are staged
// as the e2e tier stages them (testkit/e2e/stage.ts: the module, the zip, the example, a provider
// override to the emulator). Exit 0 when every plan is alike, 1 naming each difference.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startEmulator, type Emulator } from '../testkit/emulator/emulator.js';
import { comparePlans, type PlanJson } from '../testkit/e2e/plan-diff.js';
import { ROOT, emulatorOverride, putModuleAt, stageExample, writeInto, type Stage } from '../testkit/e2e/stage.js';
import { Workdir } from '../testkit/e2e/terraform.js';
import { toolchainBinaries, type Binary } from '../testkit/e2e/toolchain.js';
import { exampleDirs } from '../generator/synth.js';

/**
 * Provider configurations an example declares besides the default one, overridden like the e2e
 * tier does (test/e2e/cross-account.test.ts: the zone account's provider assumes a role there).
 */
const EXTRA_PROVIDERS: Readonly<Record<string, ReadonlyArray<{ alias: string; assumeRoleArn: string }>>> = {
  'cross-account': [{ alias: 'zone', assumeRoleArn: 'arn:aws:iam::222222222222:role/terraform' }],
};

function option(argv: readonly string[], name: string): string[] {
  return argv.flatMap((arg, i) => (arg === name && argv[i + 1] ? [argv[i + 1]!] : []));
}

function pickBinary(family: string | undefined): Binary {
  const binaries = toolchainBinaries();
  const newest = (list: Binary[]) => [...list].sort((a, b) => b.version.localeCompare(a.version, 'en', { numeric: true }))[0];
  const chosen = newest(binaries.filter((b) => b.family === (family ?? 'terraform')));
  if (!chosen) throw new Error(`no ${family} in ERDNS_TF_BINARIES (${binaries.map((b) => b.label).join(', ')})`);
  return chosen;
}

/** init, plan -out and show -json of one staged example. */
async function planOf(stage: Stage, binary: Binary, emu: Emulator, example: string, label: string): Promise<PlanJson> {
  const overrides = [emulatorOverride(emu.endpoint, emu.region), ...(EXTRA_PROVIDERS[example] ?? []).map((p) => emulatorOverride(emu.endpoint, emu.region, p))];
  writeInto(stage, 'emulator_override.tf', overrides.join('\n'));
  const wd = new Workdir(binary, stage.dir, { AWS_ENDPOINT_URL: emu.endpoint, AWS_EC2_METADATA_DISABLED: 'true', TF_VAR_region: emu.region });
  await wd.init();
  await wd.must(['plan', '-input=false', '-out=compare.tfplan'], `plan ${example} (${label})`);
  return JSON.parse((await wd.must(['show', '-json', 'compare.tfplan'], `show ${example} (${label})`)).stdout) as PlanJson;
}

async function main(argv: string[]): Promise<number> {
  const git = (args: string[]) => execFileSync('git', ['-C', ROOT, ...args], { encoding: 'utf8' }).trim();
  const before = option(argv, '--before')[0] ?? git(['merge-base', 'HEAD', 'main']);
  const binary = pickBinary(option(argv, '--binary')[0]);
  const chosen = option(argv, '--example');
  const examples = exampleDirs(ROOT).map((d) => path.basename(d)).filter((e) => chosen.length === 0 || chosen.includes(e));
  if (examples.length === 0) throw new Error(`no HCL example matches ${chosen.join(', ')}`);
  const dirty = git(['status', '--porcelain', '--', '*.tf', 'lambda/dist']);
  console.log(`before: ${before} (${git(['log', '-1', '--format=%h %s', before]).slice(0, 80)})`);
  console.log(`after:  the working tree (HEAD ${git(['rev-parse', '--short', 'HEAD'])}${dirty ? ', with uncommitted .tf changes' : ''})`);
  console.log(`${binary.label}; ${examples.length} examples: ${examples.join(', ')}`);
  const emu = await startEmulator({ redis: false });
  let resources = 0;
  let configured = 0;
  const differences: string[] = [];
  try {
    for (const example of examples) {
      const started = Date.now();
      const stages = { before: stageExample(example), after: stageExample(example) };
      try {
        putModuleAt(stages.before, before);
        const planBefore = await planOf(stages.before, binary, emu, example, 'before');
        const planAfter = await planOf(stages.after, binary, emu, example, 'after');
        const result = comparePlans(planBefore, planAfter);
        resources += result.resources;
        configured += result.configured;
        differences.push(...result.differences.map((d) => `${example}: ${d}`));
        const seconds = ((Date.now() - started) / 1000).toFixed(0);
        console.log(`  ${example}: ${result.resources} resource changes, ${result.configured} declared resources, ${result.differences.length} differences (${seconds} s)`);
      } finally {
        stages.before.remove();
        stages.after.remove();
      }
    }
  } finally {
    await emu.stop();
  }
  for (const d of differences) console.log(`  differs: ${d}`);
  console.log(`${examples.length} examples, ${resources} resource changes and ${configured} declared resources compared, ${differences.length} differences`);
  return differences.length === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
