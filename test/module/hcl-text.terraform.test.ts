// The quoting rules of generator/hcl-text.ts checked by Terraform itself (OpenTofu from the
// toolchain, else terraform): awkward strings written as HCL quoted strings, HCL literals, variable
// defaults, Terraform JSON templates, and through the hcl`` templates, each read back with
// `output -json`.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TerraformOutput, TerraformStack, TerraformVariable, Testing } from '../../generator/cdktf.js';
import { hcl } from '../../generator/expr.js';
import { concatTemplate, escapeQuoted, escapeTemplate, hclLiteral, interpolation, quote, renderValue } from '../../generator/hcl-text.js';
import { outputsEvaluator, terraformBinary } from '../../testkit/module/module-locals.js';

const D = '$'; // `${D}{` is the text `${` in a JavaScript template literal

const STRINGS = [
  '',
  'plain',
  `${D}{x}`,
  '%{ if true }y%{ endif }',
  `$${D}{x}`,
  '%%{x}',
  `$$${D}{x}`,
  '$',
  '$$',
  'US$',
  '100%',
  '$ {',
  '{}',
  '}{',
  '~',
  'a\\b',
  `\\${D}{x}`,
  'say "hi"',
  'line1\nline2\r\n\ttab',
  'é 🎉 \u2028',
  '\u0001\u001f\u007f',
];

let scratch = '';
let outputs: Record<string, unknown> = {};

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'replica-dns-hcl-text-'));
  const V = 'V';
  const tf: string[] = [`variable "v" {\n  type    = string\n  default = ${quote(V)}\n}\n`];
  const json: Record<string, { value: unknown }> = {};
  STRINGS.forEach((s, i) => {
    tf.push(`output "quoted_${i}" {\n  value = ${quote(s)}\n}\n`);
    tf.push(`output "literal_${i}" {\n  value = ${hclLiteral({ key: s, [s || 'empty']: [s] })}\n}\n`);
    tf.push(`variable "default_${i}" {\n  type    = string\n  default = ${hclLiteral(s)}\n}\noutput "default_${i}" {\n  value = var.default_${i}\n}\n`);
    tf.push(`output "before_${i}" {\n  value = "${concatTemplate(escapeQuoted(s), interpolation('var.v'))}"\n}\n`);
    json[`json_${i}`] = { value: escapeTemplate(s) };
    json[`json_before_${i}`] = { value: concatTemplate(escapeTemplate(s), interpolation('var.v')) };
  });

  // Through the hcl`` templates and the renderer, as the generated modules are written (the
  // stack's var.v is the variable above).
  const stack = new TerraformStack(Testing.app(), 'strings');
  const v = new TerraformVariable(stack, 'v', { type: 'string' });
  STRINGS.forEach((s, i) => {
    new TerraformOutput(stack, `spliced_${i}`, { value: hcl`"${s}${v.stringValue}${s}"` });
    new TerraformOutput(stack, `call_${i}`, { value: hcl`join("", [${s}, ${v.stringValue}])` });
    new TerraformOutput(stack, `mixed_${i}`, { value: hcl`upper(${`${s}${v.stringValue}`})` });
  });
  const synthesized = JSON.parse(Testing.synth(stack)) as { output: Record<string, { value: unknown }> };
  for (const [name, o] of Object.entries(synthesized.output)) tf.push(`output "${name}" {\n  value = ${renderValue(o.value)}\n}\n`);

  writeFileSync(join(scratch, 'main.tf'), tf.join('\n'));
  writeFileSync(join(scratch, 'main.tf.json'), JSON.stringify({ output: json }, null, 2));
  outputs = outputsEvaluator(terraformBinary(), scratch).evaluate();
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('HCL strings as Terraform reads them', () => {
  it.each(STRINGS.map((s, i) => [JSON.stringify(s), s, i] as const))('%s', (_, s, i) => {
    expect(outputs[`quoted_${i}`]).toBe(s);
    expect(outputs[`literal_${i}`]).toEqual({ key: s, [s || 'empty']: [s] });
    expect(outputs[`default_${i}`]).toBe(s);
    expect(outputs[`before_${i}`]).toBe(`${s}V`);
    expect(outputs[`json_${i}`]).toBe(s);
    expect(outputs[`json_before_${i}`]).toBe(`${s}V`);
    expect(outputs[`spliced_${i}`]).toBe(`${s}V${s}`);
    expect(outputs[`call_${i}`]).toBe(`${s}V`);
    expect(outputs[`mixed_${i}`]).toBe(`${s}V`.toUpperCase());
  });
});
