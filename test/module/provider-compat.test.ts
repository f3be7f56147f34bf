// The AWS provider range the module claims (5.83 through 6.x), the 6.x half: no attribute the generated
// HCL and the examples read or set, no type and no provider argument they use, is on the 6.x
// upgrade guide's removed or deprecated lists or among the later 6.x deprecations
// (testkit/module/aws-provider-6.ts; only 5.100.0 is on this machine, no 6.x schema).
// The 5.x half: test/e2e/provider-schema.test.ts (the mirror's provider schema) and the plans of
// every example against the emulator (testkit/e2e/lifecycle.ts: no deprecation warning).
import { beforeAll, describe, expect, it } from 'vitest';
import { parseHcl } from '../../generator/cdktf.js';
import { attributeUses, declaredTypes, engineValues, providerArguments } from '../../testkit/module/attribute-uses.js';
import {
  ATTRIBUTE_CHANGES,
  DEPRECATED_TYPES,
  LOWERCASE_ENGINE_TYPES,
  PROVIDER_ARGUMENT_CHANGES,
  REMOVED_TYPES,
} from '../../testkit/module/aws-provider-6.js';
import { CDKTF_EXAMPLE, userConfigurations } from '../../testkit/module/configurations.js';

let configurations = new Map<string, Record<string, unknown>>();
beforeAll(async () => {
  configurations = await userConfigurations();
}, 120_000);

/** The uses named by the 6.x lists, as readable lines. */
function sixXFindings(json: Record<string, unknown>, where: string): string[] {
  const found: string[] = [];
  for (const use of attributeUses(json)) {
    for (const c of ATTRIBUTE_CHANGES) {
      if (c.kind === use.kind && c.type === use.type && c.attribute === use.attribute) {
        found.push(`${where}: ${use.how}s ${use.kind === 'data' ? 'data.' : ''}${use.type}.${use.attribute}, ${c.change} in ${c.source}`);
      }
    }
  }
  for (const { kind, type } of declaredTypes(json)) {
    if (REMOVED_TYPES.includes(type)) found.push(`${where}: ${kind} ${type}, removed in 6.0.0`);
    if (DEPRECATED_TYPES.includes(type)) found.push(`${where}: ${kind} ${type}, deprecated in 6.0.0`);
  }
  for (const arg of providerArguments(json)) if (PROVIDER_ARGUMENT_CHANGES.includes(arg)) found.push(`${where}: provider argument ${arg}, removed or deprecated in 6.0.0`);
  for (const engine of engineValues(json, LOWERCASE_ENGINE_TYPES)) if (engine !== engine.toLowerCase()) found.push(`${where}: engine "${engine}" (uppercase deprecated in 6.0.0)`);
  return found;
}

describe('AWS provider 6.x: the upgrade guide and the later deprecations', () => {
  it('covers the root module, every submodule, the wrappers and every example', () => {
    const names = [...configurations.keys()];
    for (const expected of ['.', 'modules/reconciler', 'modules/notification-topic', 'examples/complete', 'examples/cross-account', 'examples/existing-zone', CDKTF_EXAMPLE]) {
      expect(names).toContain(expected);
    }
    // The reading side is seen: the reconciler's policy reads the log group's ARN.
    expect(attributeUses(configurations.get('modules/reconciler')!)).toContainEqual({ kind: 'resource', type: 'aws_cloudwatch_log_group', attribute: 'arn', how: 'read' });
  });

  it('no configuration reads or sets an attribute, or uses a type or provider argument, that 6.x removes or deprecates', () => {
    const findings = [...configurations].flatMap(([where, json]) => sixXFindings(json, where));
    expect(findings).toEqual([]);
  });

  it('the check finds what the lists name (data.aws_region id and name, aws_eip vpc, an uppercase engine)', async () => {
    const json = (await parseHcl(
      'probe.tf',
      `data "aws_region" "current" {}
resource "aws_eip" "x" { vpc = true }
resource "aws_elasticache_replication_group" "g" { engine = "Redis" }
output "r" { value = "\${data.aws_region.current.id}-\${data.aws_region.current.name}" }
`,
    )) as Record<string, unknown>;
    expect(sixXFindings(json, 'probe').sort()).toEqual([
      'probe: sets aws_eip.vpc, removed in 6.0.0, Version 6 Upgrade Guide',
      'probe: reads data.aws_region.id, deprecated in 6.47.0, CHANGELOG (hashicorp/terraform-provider-aws#48036)',
      'probe: reads data.aws_region.name, deprecated in 6.0.0, Version 6 Upgrade Guide',
      'probe: engine "Redis" (uppercase deprecated in 6.0.0)',
    ].sort());
  });
});
