// The emulator's IAM evaluation (testkit/emulator/replica_dns_emulator/iam_policy.py): unit cases
// of the pure evaluator through its stdin/stdout entry point, then the hook on a real role
// session: a batch with one name outside the role's policy is refused whole, with AccessDenied.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChangeResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { assumeRole, createRole, putRolePolicyDocument } from '../../testkit/emulator/aws-raw.js';
import { ensureInstalled } from '../../testkit/emulator/emulator.js';
import { createPrivateZone, startWorld, type World } from '../../testkit/world/world.js';
import { listZone } from '../../testkit/zone-records.js';

const EMULATOR_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../testkit/emulator');
const NAMES = 'route53:ChangeResourceRecordSetsNormalizedRecordNames';
const TYPES = 'route53:ChangeResourceRecordSetsRecordTypes';
const ACTIONS = 'route53:ChangeResourceRecordSetsActions';
const ZONE_ARN = 'arn:aws:route53:::hostedzone/ZTEST';

type Case = { documents?: unknown[]; action?: string; resource?: string; context?: Record<string, string[]>; changes?: unknown[] };
type Result = { effect?: string; statement?: string | null; error?: string; context?: Record<string, string[]> };

function evaluate(cases: Case[]): Result[] {
  const out = execFileSync(ensureInstalled(), ['-m', 'replica_dns_emulator.iam_policy'], { cwd: EMULATOR_DIR, input: JSON.stringify({ cases }) });
  return JSON.parse(out.toString()) as Result[];
}

/** The module's statement shape (modules/reconciler/record-policy.ts), for `names`. */
function scoped(names: string[], like = false): Record<string, unknown> {
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Sid: 'WriteOwnedRecords',
        Effect: 'Allow',
        Action: 'route53:ChangeResourceRecordSets',
        Resource: ZONE_ARN,
        // As the module renders it: names under StringLike only with the AZ pattern.
        Condition: {
          ...(like ? { 'ForAllValues:StringLike': { [NAMES]: names } } : {}),
          'ForAllValues:StringEquals': { ...(like ? {} : { [NAMES]: names }), [TYPES]: ['CNAME', 'TXT'], [ACTIONS]: ['CREATE', 'DELETE'] },
          Null: { [NAMES]: 'false', [TYPES]: 'false', [ACTIONS]: 'false' },
        },
      },
    ],
  };
}
const request = (names: string[], types = names.map(() => 'CNAME'), actions = names.map(() => 'CREATE')) => ({
  [NAMES]: names,
  [TYPES]: types,
  [ACTIONS]: actions,
});
const on = (documents: unknown[], context: Record<string, string[]>, resource = ZONE_ARN): Case => ({ documents, action: 'route53:ChangeResourceRecordSets', resource, context });

describe('iam_policy.evaluate (pure)', () => {
  it('ForAllValues: every name must be allowed; one outside refuses the whole request', () => {
    const policy = scoped(['read1.z.internal', '_owner.read1.z.internal']);
    const [both, oneOutside, allOutside] = evaluate([
      on([policy], request(['read1.z.internal', '_owner.read1.z.internal'], ['CNAME', 'TXT'])),
      on([policy], request(['read1.z.internal', 'db.z.internal'])),
      on([policy], request(['db.z.internal'])),
    ]);
    expect(both).toEqual({ effect: 'allow', statement: 'WriteOwnedRecords' });
    expect(oneOutside!.effect).toBe('implicit-deny');
    expect(allOutside!.effect).toBe('implicit-deny');
  });

  it('types and actions: UPSERT or an A record is outside the policy', () => {
    const policy = scoped(['read1.z.internal']);
    const [upsert, typeA, ok] = evaluate([
      on([policy], request(['read1.z.internal'], ['CNAME'], ['UPSERT'])),
      on([policy], request(['read1.z.internal'], ['A'], ['CREATE'])),
      on([policy], request(['read1.z.internal'], ['CNAME'], ['DELETE'])),
    ]);
    expect([upsert!.effect, typeA!.effect, ok!.effect]).toEqual(['implicit-deny', 'implicit-deny', 'allow']);
  });

  it('the Null guard: ForAllValues alone is true for a missing key, the guard makes it false', () => {
    const unguarded = { Statement: [{ Effect: 'Allow', Action: 'route53:*', Resource: '*', Condition: { 'ForAllValues:StringEquals': { [NAMES]: ['a.z'] } } }] };
    const [missingUnguarded, missingGuarded, emptyGuarded] = evaluate([
      on([unguarded], {}),
      on([scoped(['a.z'])], {}),
      on([scoped(['a.z'])], { [NAMES]: [], [TYPES]: [], [ACTIONS]: [] }),
    ]);
    expect(missingUnguarded!.effect).toBe('allow');
    expect(missingGuarded!.effect).toBe('implicit-deny');
    expect(emptyGuarded!.effect).toBe('implicit-deny');
  });

  it('StringLike wildcards (the AZ pattern) are case-sensitive; StringEquals is exact', () => {
    const like = scoped(['read-*.z.internal'], true);
    const [az, marker, upper, equalsStar] = evaluate([
      on([like], request(['read-eu-west-1a.z.internal'])),
      on([like], request(['_owner.read-eu-west-1a.z.internal'])),
      on([like], request(['READ-x.z.internal'])),
      on([scoped(['read-*.z.internal'])], request(['read-a.z.internal'])),
    ]);
    expect([az!.effect, marker!.effect, upper!.effect, equalsStar!.effect]).toEqual(['allow', 'implicit-deny', 'implicit-deny', 'implicit-deny']);
  });

  it('an explicit Deny wins over an Allow; two policies together allow the union (the transition)', () => {
    const deny = { Statement: [{ Sid: 'NoDb', Effect: 'Deny', Action: 'route53:Change*', Resource: '*', Condition: { 'ForAnyValue:StringEquals': { [NAMES]: ['db.z.internal'] } } }] };
    const [denied, union, unionPlusOther] = evaluate([
      on([scoped(['db.z.internal']), deny], request(['db.z.internal'])),
      on([scoped(['old1.z.internal']), scoped(['new1.z.internal'])], request(['old1.z.internal'], ['CNAME'], ['DELETE'])),
      on([scoped(['old1.z.internal']), scoped(['new1.z.internal'])], request(['old1.z.internal', 'new1.z.internal'], ['CNAME', 'CNAME'], ['DELETE', 'CREATE'])),
    ]);
    expect(denied).toEqual({ effect: 'explicit-deny', statement: 'NoDb' });
    expect(union!.effect).toBe('allow');
    // IAM evaluates each statement against the whole request: no single statement allows both names.
    expect(unionPlusOther!.effect).toBe('implicit-deny');
  });

  it('resource, action and negated operators; an unknown operator fails loudly', () => {
    const statement = (extra: Record<string, unknown>) => ({ Statement: [{ Effect: 'Allow', Action: 'route53:ChangeResourceRecordSets', Resource: ZONE_ARN, ...extra }] });
    const [otherZone, notEquals, notEqualsMissing, ifExists, unknown] = evaluate([
      on([statement({})], request(['a.z']), 'arn:aws:route53:::hostedzone/ZOTHER'),
      on([statement({ Condition: { StringNotEquals: { [TYPES]: 'A' } } })], request(['a.z'])),
      on([statement({ Condition: { StringNotEquals: { 'aws:SourceVpc': 'vpc-1' } } })], request(['a.z'])),
      on([statement({ Condition: { StringEqualsIfExists: { 'aws:SourceVpc': 'vpc-1' } } })], request(['a.z'])),
      on([statement({ Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } } })], request(['a.z'])),
    ]);
    expect([otherZone!.effect, notEquals!.effect, notEqualsMissing!.effect, ifExists!.effect]).toEqual(['implicit-deny', 'allow', 'allow', 'allow']);
    expect(unknown!.error).toMatch(/NumericLessThan is not modelled/);
  });

  it('the request context of a change batch: names normalized (lowercase, no trailing dot, octal escapes)', () => {
    const [result] = evaluate([
      {
        changes: [
          { Action: 'CREATE', ResourceRecordSet: { Name: 'Read1.Z.Internal.', Type: 'CNAME' } },
          { Action: 'DELETE', ResourceRecordSet: { Name: 'a*b.z.internal', Type: 'TXT' } },
        ],
      },
    ]);
    expect(result!.context).toEqual({ [NAMES]: ['read1.z.internal', 'a\\052b.z.internal'], [TYPES]: ['CNAME', 'TXT'], [ACTIONS]: ['CREATE', 'DELETE'] });
  });
});

describe('ChangeResourceRecordSets by a role session obeys the role policy', () => {
  let world: World;
  let zoneId: string;
  let r53: Route53Client;

  beforeAll(async () => {
    world = await startWorld();
    zoneId = await createPrivateZone(world, 'iam.example.internal');
    await createRole(world.target, 'scoped-writer', { AWS: 'arn:aws:iam::123456789012:root' });
    const policy = JSON.stringify(scoped(['read1.iam.example.internal', '_owner.read1.iam.example.internal'])).replace(ZONE_ARN, `arn:aws:route53:::hostedzone/${zoneId}`);
    await putRolePolicyDocument(world.target, 'scoped-writer', 'records', policy);
    const credentials = await assumeRole(world.target, 'arn:aws:iam::123456789012:role/scoped-writer', 'test');
    r53 = new Route53Client({ endpoint: world.emu.endpoint, region: world.emu.region, credentials, maxAttempts: 1 });
  });
  afterAll(async () => {
    r53?.destroy();
    await world?.stop();
  });

  const cname = (name: string, value: string) => ({ Action: 'CREATE' as const, ResourceRecordSet: { Name: name, Type: 'CNAME' as const, TTL: 10, ResourceRecords: [{ Value: value }] } });

  it('a batch with one name outside the policy: AccessDenied (403), nothing written', async () => {
    const before = await listZone(world.r53, zoneId);
    const error = await r53
      .send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: [cname('read1.iam.example.internal', 'a.example'), cname('db.iam.example.internal', 'b.example')] } }))
      .then(() => undefined, (e: Error & { $metadata?: { httpStatusCode?: number } }) => e);
    expect(error?.name).toBe('AccessDenied');
    expect(error?.$metadata?.httpStatusCode).toBe(403);
    expect(error?.message).toMatch(/assumed-role\/scoped-writer\/test is not authorized to perform: route53:ChangeResourceRecordSets on resource: arn:aws:route53:::hostedzone\/Z/);
    expect(await listZone(world.r53, zoneId)).toEqual(before);
  });

  it('the same batch without that name is written', async () => {
    await r53.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zoneId, ChangeBatch: { Changes: [cname('read1.iam.example.internal', 'a.example')] } }));
    expect((await listZone(world.r53, zoneId)).map((r) => r.name)).toContain('read1.iam.example.internal');
  });
});
