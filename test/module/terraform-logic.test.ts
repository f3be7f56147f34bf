// The generated HCL evaluated by Terraform itself (OpenTofu from the toolchain, else terraform),
// without any provider: the variable validations of the root module, case by case, and the
// reconciler's locals (names, IAM condition values, environment) from its generated main.tf.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcilerLocalsEvaluator, runTerraform, type Evaluator } from '../support/module-locals.js';
import { REPO_ROOT, terraformBinary } from './helpers.js';

let bin = '';
let scratch = '';

function run(dir: string, args: string[]): { ok: boolean; output: string } {
  return runTerraform(bin, dir, args);
}

beforeAll(() => {
  bin = terraformBinary();
  scratch = mkdtempSync(join(tmpdir(), 'replica-dns-tf-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('root module variable validations', () => {
  let dir = '';
  beforeAll(() => {
    dir = join(scratch, 'variables');
    mkdirSync(dir);
    cpSync(join(REPO_ROOT, 'variables.tf'), join(dir, 'variables.tf'));
    writeFileSync(join(dir, 'test.tf'), '');
    expect(run(dir, ['init', '-input=false', '-no-color']).ok).toBe(true);
  });

  /** Plans the variables alone with `-var` values (HCL syntax in a tfvars file). */
  function plan(vars: Record<string, string>): { ok: boolean; output: string } {
    const tfvars = Object.entries({ replication_group_id: '"orders"', ...vars })
      .map(([k, v]) => `${k} = ${v}`)
      .join('\n');
    writeFileSync(join(dir, 'case.tfvars'), tfvars + '\n');
    return run(dir, ['plan', '-input=false', '-no-color', '-var-file=case.tfvars']);
  }

  const valid: Array<Record<string, string>> = [
    {},
    { record_name_template: '"read{n}.cache.example.internal"' },
    { record_name_template: '"Read-{n}.Cache.Example.Internal."' },
    { az_record_name_template: '"read-{az}.cache.example.internal"' },
    { record_ttl: '0' },
    { record_count: '16' },
    { fallback_to_primary: 'false' },
    { reconcile_schedule: '"rate(1 minute)"' },
    { reconcile_schedule: '"rate(10 minutes)"' },
    { reconcile_schedule: '"cron(0/10 * * * ? *)"' },
    { reconcile_schedule: 'null' },
    { lambda_runtime: '"nodejs24.x"', lambda_architecture: '"x86_64"' },
    { create_zone: 'false', zone_id: '"/hostedzone/Z0123456789ABCDEFGHIJ"' },
    { zone_name: '"cache.example.internal."', vpc_ids: '["vpc-0123456789abcdef0", "vpc-12345678"]' },
    { create_topic: 'false', topic_arn: '"arn:aws:sns:eu-west-1:123456789012:cache-events"' },
    { cloudwatch_logs_retention_in_days: '0', cloudwatch_logs_kms_key_arn: '"arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"' },
    { alarm_actions: '["arn:aws:sns:eu-west-1:123456789012:alerts"]' },
    { name_prefix: '"orders_dns-1"', owner_id: '"team.orders-1"' },
    { role_permissions_boundary: '"arn:aws:iam::123456789012:policy/boundary"' },
    { replication_group_id: '"a234567890123456789012345678901234567890"' },
  ];
  for (const vars of valid) {
    it(`accepts ${JSON.stringify(vars)}`, () => {
      const result = plan(vars);
      expect(result.ok, result.output).toBe(true);
    });
  }

  const invalid: Array<[Record<string, string>, string]> = [
    [{ replication_group_id: '"Orders"' }, 'replication_group_id must'],
    [{ replication_group_id: '"orders-"' }, 'replication_group_id must'],
    [{ replication_group_id: '"or--ders"' }, 'replication_group_id must'],
    [{ replication_group_id: '"a2345678901234567890123456789012345678901"' }, 'replication_group_id must'],
    [{ record_name_template: '"read.cache.example.internal"' }, 'record_name_template must'],
    [{ record_name_template: '"read{n}{n}.cache.example.internal"' }, 'record_name_template must'],
    [{ record_name_template: '"read{n}..cache.example.internal"' }, 'record_name_template must'],
    [{ record_name_template: '"read {n}.cache.example.internal"' }, 'record_name_template must'],
    [{ az_record_name_template: '"read-{n}.cache.example.internal"' }, 'az_record_name_template must'],
    [{ record_ttl: '1.5' }, 'record_ttl must'],
    [{ record_ttl: '86401' }, 'record_ttl must'],
    [{ record_count: '17' }, 'record_count must'],
    [{ record_count: '-1' }, 'record_count must'],
    [{ reconcile_schedule: '"rate(1 minutes)"' }, 'reconcile_schedule must'],
    [{ reconcile_schedule: '"rate(5 minute)"' }, 'reconcile_schedule must'],
    [{ reconcile_schedule: '"cron(0/10 * * * ?)"' }, 'reconcile_schedule must'],
    [{ reconcile_schedule: '"every 5 minutes"' }, 'reconcile_schedule must'],
    [{ lambda_runtime: '"nodejs20.x"' }, 'lambda_runtime must'],
    [{ lambda_architecture: '"arm"' }, 'lambda_architecture must'],
    [{ lambda_memory_size: '64' }, 'lambda_memory_size must'],
    [{ lambda_timeout: '901' }, 'lambda_timeout must'],
    [{ lambda_maximum_event_age_in_seconds: '30' }, 'lambda_maximum_event_age_in_seconds must'],
    [{ zone_id: '"z123"' }, 'zone_id must'],
    [{ zone_name: '"cache..internal"' }, 'zone_name must'],
    [{ vpc_ids: '["vpc-xyz"]' }, 'vpc_ids must'],
    [{ topic_arn: '"arn:aws:sqs:eu-west-1:123456789012:cache-events"' }, 'topic_arn must'],
    [{ topic_name: '"events.fifo"' }, 'topic_name must'],
    [{ cloudwatch_logs_retention_in_days: '2' }, 'cloudwatch_logs_retention_in_days must'],
    [{ cloudwatch_logs_kms_key_arn: '"alias/logs"' }, 'cloudwatch_logs_kms_key_arn must'],
    [{ alarm_actions: '["alerts"]' }, 'alarm_actions must'],
    [{ name_prefix: '"a-name-prefix-that-is-far-too-long-for-the-names-it-becomes"' }, 'name_prefix must'],
    [{ owner_id: '"team orders"' }, 'owner_id must'],
    [{ role_permissions_boundary: '"boundary"' }, 'role_permissions_boundary must'],
  ];
  for (const [vars, message] of invalid) {
    it(`rejects ${JSON.stringify(vars)} with a message that says how to fix it`, () => {
      const result = plan(vars);
      expect(result.ok).toBe(false);
      expect(result.output.replace(/\s+│?\s*/g, ' ')).toContain(message);
    });
  }
});

describe('reconciler locals (generated modules/reconciler/main.tf)', () => {
  let locals: Evaluator;
  beforeAll(() => {
    // The module's variables and its locals block, evaluated with outputs for every local; a dummy
    // zip where the module expects the bundle (two levels up) so filebase64sha256 has a file.
    locals = reconcilerLocalsEvaluator({ bin, workDir: join(scratch, 'locals') });
  });

  function evaluate(vars: Record<string, string>): Record<string, any> {
    return locals.evaluate(vars);
  }

  const base = { replication_group_id: '"orders"', zone_id: '"/hostedzone/Z0123ABC"', zone_name: '"Cache.Example.Internal."' };

  const slots = Array.from({ length: 16 }, (_, i) => i + 1);

  it('defaults: read{n} names in the zone, five possible names, all 16 slots writable, contract environment', () => {
    const l = evaluate(base);
    expect(l.name).toBe('orders-replica-dns');
    expect(l.zone_id).toBe('Z0123ABC');
    expect(l.zone_name).toBe('cache.example.internal');
    expect(l.record_name_template).toBe('read{n}.cache.example.internal');
    expect(l.record_names).toEqual([1, 2, 3, 4, 5].map((n) => `read${n}.cache.example.internal`));
    expect(l.writable_record_names).toEqual(slots.flatMap((n) => [`read${n}.cache.example.internal`, `_owner.read${n}.cache.example.internal`]));
    expect(l.environment).toEqual({
      REPLICATION_GROUP_ID: 'orders',
      HOSTED_ZONE_ID: 'Z0123ABC',
      HOSTED_ZONE_NAME: 'cache.example.internal',
      RECORD_NAME_TEMPLATE: 'read{n}.cache.example.internal',
      RECORD_TTL: '10',
      RECORD_COUNT: '0',
      OWNER_ID: 'orders-replica-dns',
      DRY_RUN: 'false',
    });
    expect(l.package_filename).toBe('./../../lambda/dist/reconciler.zip');
  });

  it('fixed slots beyond five, AZ names as a StringLike pattern, normalized (lowercase, no trailing dot)', () => {
    const l = evaluate({
      ...base,
      record_name_template: '"Replica{n}.CACHE.example.internal."',
      az_record_name_template: '"Read-{az}.cache.example.internal"',
      record_count: '7',
      fallback_to_primary: 'false',
      owner_id: '"team-a"',
      name_prefix: '"orders-dns"',
      dry_run: 'true',
      record_ttl: '30',
    });
    expect(l.record_names).toEqual([1, 2, 3, 4, 5, 6, 7].map((n) => `replica${n}.cache.example.internal`));
    expect(l.writable_record_names).toEqual([
      ...slots.flatMap((n) => [`replica${n}.cache.example.internal`, `_owner.replica${n}.cache.example.internal`]),
      'read-*.cache.example.internal',
      '_owner.read-*.cache.example.internal',
    ]);
    expect(l.environment).toMatchObject({
      RECORD_NAME_TEMPLATE: 'replica{n}.cache.example.internal',
      AZ_RECORD_NAME_TEMPLATE: 'read-{az}.cache.example.internal',
      RECORD_COUNT: '7',
      RECORD_TTL: '30',
      FALLBACK_TO_PRIMARY: 'false',
      OWNER_ID: 'team-a',
      DRY_RUN: 'true',
    });
    expect(l.name).toBe('orders-dns');
  });

  it('record_count 3 keeps three names but may still write all 16 slots (to delete names above a lowered count)', () => {
    const l = evaluate({ ...base, record_count: '3' });
    expect(l.record_names).toHaveLength(3);
    expect(l.writable_record_names).toHaveLength(32);
  });
});
