// The IAM policy the module renders against the names the reconciler may write. Both sides come
// from their own code: the policy's name condition is read from the generated module (parsed by
// hcl2json) and evaluated by Terraform itself for each configuration; the reconciler's names come
// from its own config parser and NameScheme, fed the environment the same module computes. Every
// name the reconciler can produce must be allowed, and the policy must allow nothing else: each
// exact name is one the reconciler recognizes, and a wildcard only stands for the AZ template.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_SLOTS } from '../../lambda/src/contracts.js';
import { loadSettings } from '../../lambda/src/config.js';
import type { NameScheme } from '../../lambda/src/names.js';
import { parsedModule, terraformBinary } from '../../testkit/module/helpers.js';
import { reconcilerLocalsEvaluator, type Evaluator } from '../../testkit/module/module-locals.js';

const NAME_KEY = 'route53:ChangeResourceRecordSetsNormalizedRecordNames';
// Availability Zone names of several partitions and shapes, for the AZ names.
const AZS = ['us-east-1a', 'eu-west-3c', 'ap-southeast-4b', 'us-gov-west-1a', 'cn-north-1a', 'use1-az4'];

interface NameCondition {
  /** HCL expressions (without `${ }`) of the condition's `test` and `values`. */
  readonly test: string;
  readonly values: string;
}

/** Every condition on the record-name key in a parsed HCL file, wherever it is nested. */
function nameConditions(node: unknown, out: NameCondition[] = []): NameCondition[] {
  if (Array.isArray(node)) node.forEach((n) => nameConditions(n, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (o.variable === NAME_KEY) out.push({ test: expression(o.test), values: expression(o.values) });
    else Object.values(o).forEach((v) => nameConditions(v, out));
  }
  return out;
}

function expression(value: unknown): string {
  const text = String(value);
  const m = /^\$\{([\s\S]*)\}$/.exec(text);
  return m ? m[1]! : JSON.stringify(value);
}

/** IAM's ForAllValues:StringLike for one name: `*` any run of characters, `?` any one. */
function stringLike(pattern: string, name: string): boolean {
  const re = pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${re}$`).test(name);
}

function allows(test: string, values: readonly string[], name: string): boolean {
  if (test === 'ForAllValues:StringEquals') return values.includes(name);
  if (test === 'ForAllValues:StringLike') return values.some((v) => stringLike(v, name));
  throw new Error(`unexpected condition test ${test}`);
}

/** Every name the reconciler can write for this scheme, with its marker. */
function reconcilerNames(scheme: NameScheme): string[] {
  const records = [
    ...Array.from({ length: scheme.maxSlot }, (_, i) => scheme.slotName(i + 1)),
    ...AZS.map((az) => scheme.azName(az)).filter((n): n is string => n !== undefined),
    ...scheme.aliases.values(),
  ];
  return records.flatMap((name) => [name, scheme.markerName(name)]);
}

let scratch = '';
let locals: Evaluator;
let condition: NameCondition;
/** The HCL of the Route 53 policy's name (aws_iam_role_policy.records), as iam.tf renders it. */
let policyName = '';

beforeAll(async () => {
  // The condition both modules render: the same expressions, in every statement that writes.
  const conditions = [
    ...nameConditions(await parsedModule('modules/reconciler')),
    ...nameConditions(await parsedModule('modules/zone-account-role')),
  ];
  const forAll = conditions.filter((c) => !c.test.includes('Null'));
  expect(forAll.length).toBeGreaterThanOrEqual(2);
  expect(new Set(forAll.map((c) => JSON.stringify(c))).size).toBe(1);
  condition = forAll[0]!;
  const main = (await parsedModule('modules/reconciler')) as { resource: { aws_iam_role_policy: { records: Array<{ name: string }> } } };
  policyName = JSON.stringify(main.resource.aws_iam_role_policy.records[0]!.name);
  scratch = mkdtempSync(join(tmpdir(), 'replica-dns-iam-names-'));
  locals = reconcilerLocalsEvaluator({
    bin: terraformBinary(),
    workDir: join(scratch, 'locals'),
    extraOutputs: { policy_name_test: condition.test, policy_names: condition.values, records_policy_name: policyName },
  });
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const base = { replication_group_id: '"orders"', zone_id: '"/hostedzone/Z0123ABC"', zone_name: '"Cache.Example.Internal."' };

const cases: Record<string, Record<string, string>> = {
  defaults: base,
  'record_count 3, custom template': { ...base, record_name_template: '"Replica{n}.CACHE.example.internal."', record_count: '3' },
  'AZ names (StringLike)': { ...base, az_record_name_template: '"Read-{az}.cache.example.internal"', record_count: '7' },
  'primary and reader aliases with AZ names': {
    ...base,
    az_record_name_template: '"{az}.az.cache.example.internal"',
    primary_record_name: '"Primary.cache.example.internal."',
    reader_record_name: '"reader.cache.example.internal"',
  },
  'aliases without AZ names': { ...base, primary_record_name: '"rw.cache.example.internal"', reader_record_name: '"ro.cache.example.internal"' },
};

describe('the IAM policy allows exactly the names the reconciler may write', () => {
  for (const [label, vars] of Object.entries(cases)) {
    it(label, () => {
      // Prepare: the module's locals and policy condition for these inputs; the reconciler's
      // configuration from the environment the module gives it.
      const l = locals.evaluate(vars);
      const test = l.policy_name_test as string;
      const values = l.policy_names as string[];
      const { scheme } = loadSettings(l.environment as Record<string, string>);

      // Act: what the reconciler can produce, and what lies just outside it.
      const producible = reconcilerNames(scheme);
      const beyond = [scheme.slotName(0), scheme.slotName(MAX_SLOTS + 1)].flatMap((name) => [name, scheme.markerName(name)]);

      // Assess: every producible name is allowed; nothing beyond the slot range is.
      expect(producible.filter((name) => !allows(test, values, name))).toEqual([]);
      expect(beyond.filter((name) => allows(test, values, name))).toEqual([]);
      expect(beyond.filter((name) => scheme.isRecordName(name) || scheme.recordNameOfMarker(name) !== undefined)).toEqual([]);
      // Each exact entry is a name (or a marker of a name) the reconciler recognizes.
      const exact = values.filter((v) => !v.includes('*'));
      expect(exact.filter((v) => !scheme.isRecordName(v) && scheme.recordNameOfMarker(v) === undefined)).toEqual([]);
      // A wildcard appears only with AZ names, and each stands for the AZ template: every AZ
      // substituted into it gives an AZ name of the reconciler or its marker.
      const wildcards = values.filter((v) => v.includes('*'));
      expect(wildcards.length > 0).toBe(scheme.hasAzNames);
      expect(test).toBe(scheme.hasAzNames ? 'ForAllValues:StringLike' : 'ForAllValues:StringEquals');
      for (const w of wildcards) {
        for (const az of AZS.filter((a) => scheme.azName(a) !== undefined)) {
          const name = w.replace('*', az);
          const record = scheme.recordNameOfMarker(name) ?? name;
          expect(scheme.azOf(record), `${w} with ${az}`).toBe(az);
        }
      }
    });
  }
});

// The transition: the Route 53 policy is replaced create-before-destroy exactly when what it
// allows changes (the zone or the names), so during an apply that renames, the role holds the old
// and the new names, and afterwards only the new ones (test/e2e/reconfigure.test.ts lists the
// role's policies after each apply). A change that keeps the names keeps the policy.
describe('the Route 53 policy is a new one exactly when the names it allows change', () => {
  const variants: Record<string, Record<string, string>> = {
    'record_ttl and record_count (same names)': { ...base, record_ttl: '30', record_count: '4' },
    'record_name_template': { ...base, record_name_template: '"replica{n}.cache.example.internal"' },
    'az_record_name_template on': { ...base, az_record_name_template: '"read-{az}.cache.example.internal"' },
    'reader_record_name on': { ...base, reader_record_name: '"reader.cache.example.internal"' },
    'zone_id': { ...base, zone_id: '"Z0999XYZ"' },
    'owner_id (not in the policy)': { ...base, owner_id: '"someone"' },
  };
  it.each(Object.entries(variants))('%s', (_label, vars) => {
    const before = locals.evaluate(base);
    const after = locals.evaluate(vars);
    const sameNames = JSON.stringify([before.zone_id, before.policy_names]) === JSON.stringify([after.zone_id, after.policy_names]);
    expect(after.records_policy_name === before.records_policy_name).toBe(sameNames);
    expect(String(after.records_policy_name)).toMatch(/^orders-replica-dns-records-[0-9a-f]{16}$/);
  });
});
