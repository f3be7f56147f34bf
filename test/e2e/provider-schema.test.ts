// The AWS provider range the module claims (5.83 through 6.x), the 5.x half: every attribute the
// generated HCL and the examples read or set exists in the schema of the provider the toolchain's
// mirror holds (5.100.0 on these machines), read with `terraform providers schema -json`, and none
// is deprecated there. The 6.x half is test/module/provider-compat.test.ts; the plans of every
// example are checked for deprecation warnings in testkit/e2e/lifecycle.ts. In this tier because it
// needs the toolchain (scripts/test.sh provides it before the end-to-end stage); no emulator.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deprecationWarnings } from '../../testkit/e2e/terraform.js';
import { toolchainBinaries, type Binary } from '../../testkit/e2e/toolchain.js';
import { attributeUses, type AttributeUse } from '../../testkit/module/attribute-uses.js';
import { userConfigurations } from '../../testkit/module/configurations.js';
interface BlockSchema {
  attributes?: Record<string, { deprecated?: boolean }>;
  block_types?: Record<string, { block: BlockSchema }>;
  deprecated?: boolean;
}
interface ProviderSchema {
  resource_schemas: Record<string, { block: BlockSchema }>;
  data_source_schemas: Record<string, { block: BlockSchema }>;
}

describe('the AWS provider of the mirror (the one the tiers run)', () => {
  let uses: Array<AttributeUse & { where: string }> = [];
  let binary: Binary;
  let schema: ProviderSchema;
  let providerVersion = '';
  let probeDir = '';

  beforeAll(async () => {
    uses = [...(await userConfigurations())].flatMap(([where, json]) => attributeUses(json).map((use) => ({ ...use, where })));
    binary = toolchainBinaries().find((b) => b.family === 'terraform') ?? toolchainBinaries()[0]!;
    probeDir = mkdtempSync(join(tmpdir(), 'provider-schema-'));
    writeFileSync(join(probeDir, 'main.tf'), 'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws" }\n  }\n}\n');
    const env = { ...process.env, TF_CLI_CONFIG_FILE: binary.cliConfig, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
    execFileSync(binary.path, ['init', '-input=false', '-no-color'], { cwd: probeDir, env, stdio: 'pipe' });
    const version = JSON.parse(execFileSync(binary.path, ['version', '-json'], { cwd: probeDir, env }).toString()) as { provider_selections: Record<string, string> };
    providerVersion = Object.entries(version.provider_selections).find(([k]) => k.endsWith('hashicorp/aws'))?.[1] ?? '';
    const all = JSON.parse(execFileSync(binary.path, ['providers', 'schema', '-json'], { cwd: probeDir, env, maxBuffer: 256 * 1024 * 1024 }).toString()) as {
      provider_schemas: Record<string, ProviderSchema>;
    };
    schema = Object.entries(all.provider_schemas).find(([k]) => k.endsWith('hashicorp/aws'))![1];
    console.log(`provider-schema: hashicorp/aws ${providerVersion} (${binary.label})`);
  }, 300_000);
  afterAll(() => probeDir && rmSync(probeDir, { recursive: true, force: true }));

  /** Uses the schema does not know, or marks deprecated. */
  function schemaFindings(uses: ReadonlyArray<AttributeUse & { where: string }>): string[] {
    const found: string[] = [];
    for (const use of uses) {
      const block = (use.kind === 'data' ? schema.data_source_schemas : schema.resource_schemas)[use.type]?.block;
      const name = `${use.where}: ${use.kind === 'data' ? 'data.' : ''}${use.type}.${use.attribute}`;
      if (!block) found.push(`${name}: no such ${use.kind === 'data' ? 'data source' : 'resource'} in ${providerVersion}`);
      else if (block.deprecated) found.push(`${name}: the type is deprecated in ${providerVersion}`);
      else if (use.attribute === 'id') continue; // every type has it (SDKv2 and framework alike)
      else if (block.attributes?.[use.attribute]?.deprecated) found.push(`${name}: deprecated in ${providerVersion}`);
      else if (!block.attributes?.[use.attribute] && !block.block_types?.[use.attribute]) found.push(`${name}: not in the ${providerVersion} schema`);
    }
    return found;
  }

  it('is a 5.x release at or above the floor of versions.tf', () => {
    expect(providerVersion).toMatch(/^5\.\d+\.\d+$/);
    expect(Number(providerVersion.split('.')[1])).toBeGreaterThanOrEqual(83);
  });

  it('knows every attribute the configurations read or set, and deprecates none of them', () => {
    expect(uses.length).toBeGreaterThan(50);
    expect(schemaFindings(uses)).toEqual([]);
  });

  it('the check and real Terraform both see a deprecated attribute of this provider (aws_iam_role.managed_policy_arns)', () => {
    expect(schema.resource_schemas.aws_iam_role?.block.attributes?.managed_policy_arns?.deprecated, 'the probe needs an attribute this provider deprecates').toBe(true);
    writeFileSync(
      join(probeDir, 'main.tf'),
      'resource "aws_iam_role" "r" {\n  name               = "r"\n  assume_role_policy = "{}"\n}\n\noutput "arns" {\n  value = aws_iam_role.r.managed_policy_arns\n}\n',
    );
    expect(schemaFindings([{ kind: 'resource', type: 'aws_iam_role', attribute: 'managed_policy_arns', how: 'read', where: 'probe' }])).toEqual([
      `probe: aws_iam_role.managed_policy_arns: deprecated in ${providerVersion}`,
    ]);
    const env = { ...process.env, TF_CLI_CONFIG_FILE: binary.cliConfig, CHECKPOINT_DISABLE: '1' };
    const out = execFileSync(binary.path, ['validate', '-no-color'], { cwd: probeDir, env }).toString();
    expect(deprecationWarnings(out).join('\n')).toMatch(/Deprecated attribute[\s\S]*managed_policy_arns/);
  });
});
