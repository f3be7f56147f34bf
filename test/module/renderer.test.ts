// The HCL renderer and the expression helper, on their own.
import { describe, expect, it } from 'vitest';
import { IamRole, TerraformStack, TerraformVariable, Testing } from '../../generator/cdktf.js';
import { hcl, hclNumber } from '../../generator/expr.js';
import { quote, renderString, renderValue, splitTemplate } from '../../generator/hcl-text.js';

describe('renderString', () => {
  it('turns an interpolation-only string into the bare expression', () => {
    expect(renderString('${var.name}')).toBe('var.name');
    expect(renderString('${var.a ? "x" : "${var.b}-y"}')).toBe('var.a ? "x" : "${var.b}-y"');
  });

  it('keeps templates with literal text as quoted strings', () => {
    expect(renderString('/aws/lambda/${local.name}')).toBe('"/aws/lambda/${local.name}"');
    expect(renderString('say "hi"\n')).toBe('"say \\"hi\\"\\n"');
    expect(renderString('literal $${not} %%{either}')).toBe('"literal $${not} %%{either}"');
  });

  it('finds the end of interpolations with nested braces and strings', () => {
    expect(splitTemplate('a${merge({ x = "}" }, { y = "${z}" })}b')).toEqual([
      { kind: 'literal', text: 'a' },
      { kind: 'expr', text: 'merge({ x = "}" }, { y = "${z}" })' },
      { kind: 'literal', text: 'b' },
    ]);
  });

  it('renders short scalar lists inline and the rest one item a line', () => {
    expect(renderValue(['CNAME', 'TXT'])).toBe('["CNAME", "TXT"]');
    expect(renderValue([{ a: 1 }])).toBe('[\n{\na = 1\n},\n]');
    expect(renderValue({ 'a.b': '${x}' })).toBe('{\n"a.b" = x\n}');
  });
});

describe('hcl expressions', () => {
  function resolved(build: (stack: TerraformStack) => string): unknown {
    const stack = new TerraformStack(Testing.app(), 's');
    const value = build(stack);
    new IamRole(stack, 'r', { assumeRolePolicy: value });
    return (JSON.parse(Testing.synth(stack)).resource.aws_iam_role.r as { assume_role_policy: unknown }).assume_role_policy;
  }

  it('splices tokens as references and literals as HCL values', () => {
    expect(
      resolved((s) => {
        const v = new TerraformVariable(s, 'v', { type: 'string' });
        return hcl`coalesce(${v.stringValue}, ${'x"y'}, ${null}, ${[1, true]})`;
      }),
    ).toBe('${coalesce(var.v, "x\\"y", null, [1, true])}');
  });

  it('interpolates values placed inside a quoted string of the template', () => {
    expect(
      resolved((s) => {
        const v = new TerraformVariable(s, 'v', { type: 'string' });
        return hcl`upper("${v.stringValue}-${'lit'}-\${path.module}")`;
      }),
    ).toBe('${upper("${var.v}-lit-${path.module}")}');
  });

  it('writes a whole quoted template as the template itself', () => {
    expect(resolved((s) => hcl`"a-${new TerraformVariable(s, 'v', { type: 'string' }).stringValue}"`)).toBe('a-${var.v}');
  });

  it('parenthesizes spliced expressions where precedence would change their meaning', () => {
    expect(
      resolved((s) => {
        const a = new TerraformVariable(s, 'a', { type: 'bool' }).booleanValue;
        const b = new TerraformVariable(s, 'b', { type: 'bool' }).booleanValue;
        const either = hcl`${a} || ${b}`;
        return hcl`${a} && ${either} ? ${hclNumber`1 + 1`} : coalesce(${either}, !${either})`;
      }),
    ).toBe('${var.a && (var.a || var.b) ? 1 + 1 : coalesce(var.a || var.b, !(var.a || var.b))}');
  });

  it('quotes literals safely', () => {
    expect(quote('${x} %{y} \\ "')).toBe('"$${x} %%{y} \\\\ \\""');
  });
});
