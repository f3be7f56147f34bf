// The words and the policies agree: modules/reconciler/permissions.ts (the one description of the
// reconciler's IAM permissions, which the docs show) names exactly the actions of the policy
// documents the modules synthesize, in each case.
import { describe, expect, it } from 'vitest';
import { RECONCILER_PERMISSIONS, ROUTE53_PERMISSIONS, ZONE_ROLE_PERMISSION, type Permission } from '../../modules/reconciler/permissions.js';
import { synthJson, type TerraformJson } from '../../testkit/module/helpers.js';

const actionsOf = (statements: Array<{ actions: string[] }>): string[] => [...new Set(statements.flatMap((s) => s.actions))].sort();
const described = (rows: readonly Permission[]): string[] => [...new Set(rows.flatMap((r) => r.actions))].sort();

/** The reconciler's statements: its static policy plus the Route 53 policy's dynamic ones, per case. */
function reconcilerActions(json: TerraformJson, withZoneRole: boolean): string[] {
  const documents = json.data?.aws_iam_policy_document ?? {};
  const dynamic = (documents.records?.dynamic?.statement ?? []) as Array<{ for_each: string; content: { actions: string[] } }>;
  expect(dynamic.length).toBeGreaterThan(0);
  // The for_each of a statement is non-empty either in the zone's account or with a zone role.
  const chosen = dynamic.filter((d) => d.for_each.includes('[var.zone_role_arn]') === withZoneRole).map((d) => d.content);
  return actionsOf([...(documents.reconciler?.statement ?? []), ...chosen]);
}

for (const dir of ['.', 'modules/reconciler']) {
  describe(`the reconciler's permissions in ${dir === '.' ? 'the root module' : dir}`, () => {
    const json = synthJson(dir);
    it('the zone in its account: exactly the actions the table describes', () => {
      expect(reconcilerActions(json, false)).toEqual(described(RECONCILER_PERMISSIONS));
    });
    it('the zone in another account: the Route 53 rows give way to sts:AssumeRole', () => {
      const expected = described([...RECONCILER_PERMISSIONS.filter((r) => !ROUTE53_PERMISSIONS.includes(r)), ZONE_ROLE_PERMISSION]);
      expect(reconcilerActions(json, true)).toEqual(expected);
    });
  });
}

describe('modules/zone-account-role', () => {
  it('grants exactly the Route 53 rows', () => {
    const json = synthJson('modules/zone-account-role');
    expect(actionsOf(json.data?.aws_iam_policy_document?.records?.statement ?? [])).toEqual(described(ROUTE53_PERMISSIONS));
  });
});
