// The generated validation cases (generator/tftest.ts): one run per value a validation rejects,
// planned against the module's variables copy, and nothing generated for a spec that cannot be tested.
import { describe, expect, it } from 'vitest';
import type { VariableSpec } from '../../generator/spec.js';
import { renderValidationTests } from '../../generator/tftest.js';

const TTL: VariableSpec = {
  name: 'record_ttl',
  description: 'TTL.',
  type: 'number',
  default: 10,
  validations: [{ condition: 'var.record_ttl >= 0', message: 'record_ttl must be at least 0.', rejects: { negative: '-1', text: { value: '"ten"', why: 'Not a number.' } } }],
};
const GROUP: VariableSpec = { name: 'group', description: 'Group.', type: 'string', example: '"orders"' };
const OPTIONS = { moduleDir: 'modules/reconciler', variablesDir: 'tests/fixtures/reconciler-variables', acceptedIn: 'tests/modules/reconciler/inputs.tftest.hcl', generatedFrom: '# Generated.' };

describe('renderValidationTests', () => {
  it('writes a run per rejected value, expecting exactly that variable to fail, against the copy', async () => {
    const text = await renderValidationTests([GROUP, TTL], OPTIONS);
    expect(text.match(/^run "/gm)).toHaveLength(2);
    expect(text).toContain('run "record_ttl_negative" {');
    expect(text).toMatch(/# Not a number\.\nrun "record_ttl_text" \{/);
    expect(text).toMatch(/variables \{\n\s+record_ttl = "ten"\n\s+\}\n\n\s+expect_failures = \[var\.record_ttl\]/);
    expect(text.match(/source = "\.\.\/\.\.\/tests\/fixtures\/reconciler-variables"/g)).toHaveLength(2);
    // The required input's example, once, at file level.
    expect(text).toMatch(/^variables \{\n\s+group = "orders"\n\}/m);
  });

  it('refuses a required input without an example, and a validation that rejects nothing', async () => {
    await expect(renderValidationTests([{ ...GROUP, example: undefined }], OPTIONS)).rejects.toThrow(/group needs an example/);
    const untested: VariableSpec = { ...TTL, validations: [{ condition: 'true', message: 'm', rejects: {} }] };
    await expect(renderValidationTests([untested], OPTIONS)).rejects.toThrow(/rejects no value/);
  });

  it('refuses a value on more than one line (the Terraform 1.5.7 case runner reads one-line values)', async () => {
    const multiline: VariableSpec = { ...TTL, validations: [{ condition: 'true', message: 'm', rejects: { two: '[\n1]' } }] };
    await expect(renderValidationTests([multiline], OPTIONS)).rejects.toThrow(/one line/);
  });
});
