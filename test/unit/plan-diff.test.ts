// The plan comparison of scripts/compare-plans.ts: alike plans give no difference; each kind of
// change (a value, an unknown, an action, a resource, a declared address) is named with its path.
import { describe, expect, it } from 'vitest';
import { comparePlans, configuredAddresses, jsonDifferences, type PlanJson } from '../../testkit/e2e/plan-diff.js';

function plan(overrides: { name?: string; actions?: string[]; unknown?: boolean; extra?: boolean; declared?: string[] } = {}): PlanJson {
  const after = { name: overrides.name ?? 'orders-replica-dns', tags: { a: '1' }, environment: [{ variables: { DRY_RUN: 'false' } }] };
  const changes = [
    { address: 'module.replica_dns.aws_iam_role.this[0]', change: { actions: overrides.actions ?? ['create'], after, after_unknown: { arn: true, id: overrides.unknown ?? true } } },
    ...(overrides.extra ? [{ address: 'module.replica_dns.aws_sqs_queue.failures[0]', change: { actions: ['create'], after: {}, after_unknown: {} } }] : []),
  ];
  return {
    resource_changes: changes,
    planned_values: { root_module: { child_modules: [{ address: 'module.replica_dns', resources: changes.map((c) => ({ address: c.address, values: c.change.after })) }] } },
    configuration: {
      root_module: {
        resources: [{ address: 'aws_vpc.this' }],
        module_calls: { replica_dns: { module: { resources: (overrides.declared ?? ['aws_iam_role.this']).map((address) => ({ address })) } } },
      },
    },
  };
}

describe('comparePlans', () => {
  it('finds no difference between alike plans and counts what it compared', () => {
    expect(comparePlans(plan(), plan())).toEqual({ resources: 1, configured: 2, differences: [] });
  });

  it('names a changed planned value with its path, in the change and in planned_values', () => {
    const { differences } = comparePlans(plan(), plan({ name: 'other' }));
    expect(differences).toContain('module.replica_dns.aws_iam_role.this[0] after.name: "orders-replica-dns" before, "other" after');
    expect(differences).toContain('planned_values.root_module.child_modules[0].resources[0].values.name: "orders-replica-dns" before, "other" after');
  });

  it('names a value that became known, and a changed action', () => {
    expect(comparePlans(plan(), plan({ unknown: false })).differences).toEqual(['module.replica_dns.aws_iam_role.this[0] after_unknown.id: true before, false after']);
    expect(comparePlans(plan(), plan({ actions: ['delete', 'create'] })).differences).toEqual(['module.replica_dns.aws_iam_role.this[0]: actions create before, delete,create after']);
  });

  it('names a resource planned on one side only, and a declared address on one side only', () => {
    const { differences } = comparePlans(plan({ extra: true, declared: ['aws_iam_role.this', 'aws_sqs_queue.failures'] }), plan());
    expect(differences).toContain('module.replica_dns.aws_sqs_queue.failures[0]: planned before only');
    expect(differences).toContain('configuration: module.replica_dns.aws_sqs_queue.failures declared before only');
  });
});

describe('configuredAddresses', () => {
  it('prefixes the resources of module calls with their module path', () => {
    expect(configuredAddresses(plan())).toEqual(['aws_vpc.this', 'module.replica_dns.aws_iam_role.this']);
  });
});

describe('jsonDifferences', () => {
  it('compares lists item by item and objects key by key, and reports a length change once', () => {
    expect(jsonDifferences({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] })).toEqual(['.a[1].b: 2 before, 3 after']);
    expect(jsonDifferences([1], [1, 2])).toEqual(['.: 1 items before, 2 after']);
    expect(jsonDifferences({ a: 1 }, { a: 1, b: null })).toEqual(['.b: undefined before, null after']);
  });
});
