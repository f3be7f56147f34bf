// The HCL renderer and the expression helper, on their own; and how it lays a module out in files.
import { describe, expect, it } from 'vitest';
import { IamRole, SqsQueue, TerraformLocal, TerraformStack, TerraformVariable, Testing } from '../../generator/cdktf.js';
import { hcl, hclNumber } from '../../generator/expr.js';
import { MAIN_FILE, placeIn, renderModule, section } from '../../generator/hcl.js';
import { quote, renderString, renderValue, splitTemplate } from '../../generator/hcl-text.js';
import { markModuleSynth, stableId } from '../../generator/spec.js';

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

describe('renderModule: a file per section', () => {
  /** A stack with a resource before any section, two sections in iam.tf and alarms.tf, and locals between. */
  async function render(options: { singleFile?: boolean; fileOfSecond?: string } = {}): Promise<Record<string, string>> {
    const stack = new TerraformStack(Testing.app(), 's');
    markModuleSynth(stack);
    const local = (name: string, value: string) => stableId(stack, new TerraformLocal(stack, name, value), name);
    stableId(stack, new SqsQueue(stack, 'queue', { name: 'q' }), 'core');
    local('base', 'x');
    section(stableId(stack, new IamRole(stack, 'role', { assumeRolePolicy: '{}' }), 'this'), 'IAM role', 'iam.tf');
    local('role_local', 'y');
    // A later construct's locals, read by the core resources: back to main.tf, under no banner.
    placeIn(local('core_local', 'z'), MAIN_FILE);
    section(stableId(stack, new SqsQueue(stack, 'other', { name: 'o' }), 'other'), 'Other', options.fileOfSecond ?? 'alarms.tf');
    const rendered = await renderModule(stack, { variables: [], terraformVersion: '1.5.7', awsProviderConstraint: '>= 5.83', singleFile: options.singleFile });
    return { ...rendered.files };
  }

  it('puts elements before the first section in main.tf and each section in its file, fixed files last', async () => {
    const files = await render();
    expect(Object.keys(files)).toEqual(['main.tf', 'iam.tf', 'alarms.tf', 'variables.tf', 'outputs.tf', 'versions.tf']);
    expect(files['main.tf']).toMatch(/^resource "aws_sqs_queue" "core"/m);
    expect(files['iam.tf']).toMatch(/^# IAM role\n#{80}\n\nresource "aws_iam_role" "this"/m);
    expect(files['iam.tf']).toMatch(/^locals \{\n {2}role_local = "y"\n\}/m);
    expect(files['alarms.tf']).toMatch(/^resource "aws_sqs_queue" "other"/m);
    for (const [name, text] of Object.entries(files)) expect(text.match(/^(resource|data) /gm)?.length ?? 0, name).toBe(name.match(/^(main|iam|alarms)\.tf$/) ? 1 : 0);
  });

  it('keeps the locals of one file in one block, a blank line between the constructs\' groups', async () => {
    const main = (await render())['main.tf'];
    expect(main).toMatch(/^locals \{\n {2}base = "x"\n\n {2}core_local = "z"\n\}/m);
    expect(main).not.toMatch(/^# Other/m);
  });

  it('writes everything to main.tf for a single-file module, banners included', async () => {
    const files = await render({ singleFile: true });
    expect(Object.keys(files)).toEqual(['main.tf', 'variables.tf', 'outputs.tf', 'versions.tf']);
    expect(files['main.tf']).toMatch(/# IAM role[\s\S]*role_local[\s\S]*# Other[\s\S]*"other"/);
  });

  it('refuses a section file that is not a plain <name>.tf or is one of the fixed files', async () => {
    await expect(render({ fileOfSecond: 'variables.tf' })).rejects.toThrow(/section file variables.tf: must be main.tf or a <name>.tf of its own/);
    await expect(render({ fileOfSecond: '../x.tf' })).rejects.toThrow(/section file \.\.\/x\.tf/);
  });
});
