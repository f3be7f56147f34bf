// The generated HCL evaluated by Terraform itself (OpenTofu from the toolchain, else terraform),
// without any provider: the reconciler's locals (names, IAM condition values, environment) from
// its generated .tf files.
//
// The variable validation cases are not here: the native tests are authoritative for them
// (tests/inputs.tftest.hcl, tests/validation.tftest.hcl, tests/modules/<name>/), run by
// scripts/terraform-checks.sh with `terraform test` and `tofu test` on the full modules (mock
// provider) and the same cases with Terraform 1.5.7 `plan` over each module's variables.tf alone;
// that script also fails when a validation block has no failing case.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcilerLocalsEvaluator, type Evaluator } from '../../testkit/module/module-locals.js';
import { terraformBinary } from '../../testkit/module/helpers.js';

let bin = '';
let scratch = '';

beforeAll(() => {
  bin = terraformBinary();
  scratch = mkdtempSync(join(tmpdir(), 'replica-dns-tf-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('reconciler locals (generated modules/reconciler/*.tf)', () => {
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
