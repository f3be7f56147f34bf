// Terraform expressions written as HCL text, with CDKTF tokens and plain JavaScript values spliced in.
//
//   hcl`coalesce(${props.namePrefix}, "${props.replicationGroupId}-replica-dns")`
//
// Each interpolated value becomes HCL: a token becomes its reference (`var.name_prefix`,
// `aws_iam_role.this[0].arn`), a JavaScript string a quoted HCL string, a number or boolean its
// literal, an array a tuple, an object an object constructor, undefined and null `null`. A value
// placed inside an HCL quoted string of the template (`"${...}-replica-dns"` above) is interpolated
// there (`"${var.replication_group_id}-replica-dns"`), or spliced in as text when it is a literal.
// Write a literal `${` of HCL as `\${`. The result is a CDKTF token: it resolves to `${...}` at the
// top of an attribute and to the bare expression when nested in another expression, so generated
// HCL never contains interpolation-only strings.
// Quoting and lexing (where a quoted string starts and ends, `$${`, a literal `$` before an
// interpolation) follow generator/hcl-text.ts.
import { Token, Tokenization, type IResolvable, type IResolveContext } from './cdktf.js';
import { HclLexer, concatTemplate, escapeQuoted, interpolation, objectKey, quote, unquote } from './hcl-text.js';

class HclExpression implements IResolvable {
  public readonly creationStack: string[] = [];

  constructor(
    private readonly strings: readonly string[],
    private readonly values: readonly unknown[],
  ) {}

  public resolve(context: IResolveContext): string {
    const outer = context.suppressBraces;
    context.suppressBraces = true;
    const lexer = new HclLexer();
    let text = '';
    this.strings.forEach((piece, i) => {
      text = lexer.inString ? concatTemplate(text, piece) : text + piece;
      lexer.feed(piece);
      if (i >= this.values.length) return;
      const value = this.values[i];
      if (lexer.inString) {
        // Inside an HCL quoted string: a literal is spliced in as text, anything else interpolated.
        text = concatTemplate(text, typeof value === 'string' && !Token.isUnresolved(value) ? escapeQuoted(value) : interpolation(toHcl(context, value)));
      } else {
        const nested = toHcl(context, value);
        text += parenthesize(nested, text, this.strings[i + 1] ?? '') ? `(${nested})` : nested;
      }
    });
    context.suppressBraces = outer;
    if (outer) return text;
    // A whole quoted template is written as the template itself (`"/aws/lambda/${local.name}"`
    // becomes `/aws/lambda/${local.name}` in Terraform JSON), any other expression as `${...}`.
    return unquote(text) ?? interpolation(text);
  }

  public toString(): string {
    return Token.asString(this);
  }
}

function toHcl(context: IResolveContext, value: unknown): string {
  if (value === undefined || value === null) return 'null';
  const token = reverseToken(value);
  if (token) {
    const outer = context.suppressBraces;
    context.suppressBraces = true;
    const resolved: unknown = context.resolve(token);
    context.suppressBraces = outer;
    if (typeof resolved === 'string') return resolved;
    if (resolved === token) throw new Error('a token resolved to itself');
    return toHcl(context, resolved);
  }
  if (typeof value === 'string') {
    if (!Token.isUnresolved(value)) return quote(value);
    // A string mixing literal text and tokens: an HCL template with the tokens interpolated.
    const fragments = (Tokenization.reverseString(value) as unknown as { fragments: Fragment[] }).fragments;
    let out = '';
    for (const f of fragments) {
      if (f.type === 'literal') out = concatTemplate(out, escapeQuoted(String(f.lit)));
      else if (f.type === 'token') out = concatTemplate(out, interpolation(toHcl(context, f.token)));
      else throw new Error(`unsupported fragment in an HCL expression: ${f.type}`);
    }
    return `"${out}"`;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[${value.map((v) => toHcl(context, v)).join(', ')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, v]) => `${objectKey(k)} = ${toHcl(context, v)}`).join('\n')}\n}`;
  }
  throw new Error(`cannot express ${typeof value} in HCL`);
}

/** The token a value stands for as a whole (a resolvable, or a string, number or list token). */
function reverseToken(value: unknown): IResolvable | undefined {
  if (Tokenization.isResolvable(value)) return value as IResolvable;
  if (typeof value === 'string' && Token.isUnresolved(value)) {
    const fragments = Tokenization.reverseString(value);
    if (fragments.length === 1) return fragments.firstToken;
    return undefined;
  }
  if (typeof value === 'number') return Tokenization.reverseNumber(value);
  if (Array.isArray(value)) return Tokenization.reverseList(value);
  return undefined;
}

/**
 * Whether an expression spliced between `before` and `after` needs parentheses to keep its meaning:
 * when it has a top-level `||` or conditional (the loosest operators) or follows a `!`, unless it is
 * a whole function argument, list element or the whole template.
 */
function parenthesize(expr: string, before: string, after: string): boolean {
  const ops = topLevelOperators(expr);
  if (ops.size === 0) return false;
  const b = before.trimEnd();
  const a = after.trimStart();
  if (b.endsWith('!')) return true;
  const delimitedBefore = b === '' || /[(,[{=]$/.test(b) || /\n$/.test(before);
  const delimitedAfter = a === '' || /^[),\]}]/.test(a) || /^\n/.test(after);
  if (delimitedBefore && delimitedAfter) return false;
  return ops.has('||') || ops.has('?');
}

function topLevelOperators(expr: string): Set<string> {
  const found = new Set<string>();
  const lexer = new HclLexer();
  let nesting = 0; // ( and [; the lexer follows strings and braces
  for (let i = 0; i < expr.length; i = lexer.step(expr, i)) {
    if (lexer.depth > 0) continue;
    const c = expr[i] as string;
    if ('(['.includes(c)) nesting += 1;
    else if (')]'.includes(c)) nesting -= 1;
    else if (nesting === 0) {
      for (const op of [' || ', ' && ', ' ? ', ' == ', ' != ', ' > ', ' < ', ' >= ', ' <= ', ' + ', ' - ', ' * ', ' / ']) {
        if (expr.startsWith(op, i)) found.add(op.trim());
      }
    }
  }
  return found;
}

interface Fragment {
  type: 'literal' | 'token' | 'intrinsic' | 'escape';
  lit?: unknown;
  token?: IResolvable;
}

/** An HCL expression as a string token. */
export function hcl(strings: TemplateStringsArray, ...values: unknown[]): string {
  return Token.asString(new HclExpression([...strings], values));
}

/** An HCL expression as a number token (for `count`, `memory_size`, ...). */
export function hclNumber(strings: TemplateStringsArray, ...values: unknown[]): number {
  return Token.asNumber(new HclExpression([...strings], values));
}

/** An HCL expression as a list token. */
export function hclList(strings: TemplateStringsArray, ...values: unknown[]): string[] {
  return Token.asList(new HclExpression([...strings], values));
}

/** An HCL expression as a boolean (for boolean props that take a condition). */
export function hclBool(strings: TemplateStringsArray, ...values: unknown[]): boolean {
  return Token.asAny(new HclExpression([...strings], values)) as unknown as boolean;
}

/** An HCL expression of any type (booleans, maps, objects). */
export function hclAny(strings: TemplateStringsArray, ...values: unknown[]): IResolvable {
  return Token.asAny(new HclExpression([...strings], values)) as IResolvable;
}

/** `cond ? 1 : 0`, the terraform-aws-modules way to make a resource optional. */
export function countIf(condition: unknown): number {
  return hclNumber`${condition} ? 1 : 0`;
}

/** HCL text used as is (an attribute name after a reference, an operator). */
export function raw(text: string): IResolvable {
  return { creationStack: [], resolve: () => text, toString: () => text };
}

/**
 * An expression of something made later in the same constructor (an attribute of a resource a later
 * section creates): `produce` runs at synth, when that resource exists.
 */
export function later(produce: () => string): IResolvable {
  return { creationStack: [], resolve: () => produce(), toString: () => '<later>' };
}
