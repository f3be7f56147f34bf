// The lexical rules of HCL strings and templates, in one place: quoting literal text, splitting a
// template into literal text, interpolations and directives, and writing values as HCL. The
// renderer (hcl.ts), the hcl`` templates (expr.ts), the variable specs (spec.ts) and the scripts
// that write HCL all go through here, so `${`, `%{`, quotes and backslashes are escaped one way.
//
// The rules, from the HCL native syntax specification (hashicorp/hcl hclsyntax/spec.md, "Template
// Expressions" and "Templates") and its scanner (hclsyntax/scan_tokens.rl, ParseStringLiteralToken):
// - a template is literal text, interpolations `${ expr }` and directives `%{ if … }`, each closed
//   by the `}` that balances it; `~` after the `{` or before the `}` is a strip marker;
// - `$${` and `%%{` are the literal text `${` and `%{`; a `$` or `%` before anything else is itself.
//   So a run of n `$` before `{` reads as n-1 `$` and `{` (n >= 2), and no run of literal `$`
//   can stand right before an interpolation: it has to be interpolated (`${"$"}`);
// - a quoted template `"…"` also has the escapes \n \r \t \" \\ \uNNNN \UNNNNNNNN and no literal
//   newline; block labels are quoted the same way (with no template sequences);
// - inside an interpolation or directive is an expression: quoted templates nest there (with
//   their own escapes and interpolations), and so do the `{ }` of object constructors;
// - a Terraform JSON string is the same template without the backslash escapes (JSON has its
//   own), and so is an object key in Terraform JSON (hashicorp/hcl json/structure.go).
// Comments inside expressions are not recognised (nothing here writes any), and heredocs inside
// expressions are refused.

// ---------------------------------------------------------------------------------------------
// Quoting literal text.

/** Literal text as template text: `${` and `%{` doubled, so nothing is interpolated. */
export function escapeTemplate(text: string): string {
  return text.replace(/\$\{/g, () => '$${').replace(/%\{/g, () => '%%{');
}

/** Literal text as the inside of an HCL quoted string. */
export function escapeQuoted(text: string): string {
  return escapeBackslashes(escapeTemplate(text));
}

/** Literal text as an HCL quoted string that evaluates to exactly that text. */
export function quote(text: string): string {
  return `"${escapeQuoted(text)}"`;
}

const BACKSLASH_ESCAPES: Readonly<Record<string, string>> = { '\\': '\\\\', '"': '\\"', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** The backslash escapes of a quoted string (template sequences untouched); other control characters as \uNNNN. */
function escapeBackslashes(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\\"\u0000-\u001f\u007f]/g, (c) => BACKSLASH_ESCAPES[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Template text of an interpolation of an HCL expression. */
export function interpolation(expression: string): string {
  return '${' + expression + '}';
}

/**
 * Template text `before` followed by template text `after` (escaped literal text, an
 * interpolation or a directive), where literal `$` or `%` at the end of `before` would otherwise
 * combine with the start of `after`: `$` + `{x}` would open an interpolation, and `$` + `${x}`
 * would read as the escape `$${`.
 */
export function concatTemplate(before: string, after: string): string {
  const opener = after.startsWith('${') ? '$' : after.startsWith('%{') ? '%' : undefined;
  if (opener) {
    const run = (opener === '$' ? /\$+$/ : /%+$/).exec(before)?.[0];
    if (run) return before.slice(0, -run.length) + interpolation(`"${run}"`) + after;
  } else if (after.startsWith('{')) {
    const last = before.at(-1);
    if (last === '$' || last === '%') return before + last + after;
  }
  return before + after;
}

// ---------------------------------------------------------------------------------------------
// Lexing.

type Frame = 'expression' | 'template' | 'quoted' | 'interpolation' | 'brace';

/**
 * Where a position in HCL text is: in an expression, or in the literal text of a template. Fed
 * text piece by piece, or stepped token by token.
 */
export class HclLexer {
  private readonly frames: Frame[];
  /** Characters of a token begun in the last `feed` that spill over into the next. */
  private carry = 0;

  /** `expression`: HCL expression text; `template`: a bare template (a Terraform JSON string). */
  constructor(start: 'expression' | 'template' = 'expression') {
    this.frames = [start];
  }

  /** In the literal text of a quoted string (not in one of its interpolations). */
  public get inString(): boolean {
    return this.frames.at(-1) === 'quoted';
  }

  /** Nesting below the start: 0 at the top level of the expression or template. */
  public get depth(): number {
    return this.frames.length - 1;
  }

  public feed(text: string): void {
    let i = this.carry;
    while (i < text.length) i = this.step(text, i);
    this.carry = i - text.length;
  }

  /** Consumes the token at `text[i]`; returns the index after it. */
  public step(text: string, i: number): number {
    const frame = this.frames.at(-1);
    if (frame === 'quoted' || frame === 'template') {
      if (frame === 'quoted' && text[i] === '\\') return i + 2;
      if (frame === 'quoted' && text[i] === '"') {
        this.frames.pop();
        return i + 1;
      }
      if (text.startsWith('$${', i) || text.startsWith('%%{', i)) return i + 3;
      if (text.startsWith('${', i) || text.startsWith('%{', i)) {
        this.frames.push('interpolation');
        return i + 2;
      }
      return i + 1;
    }
    const c = text[i];
    if (c === '"') this.frames.push('quoted');
    else if (c === '{') this.frames.push('brace');
    else if (c === '}' && this.frames.length > 1) this.frames.pop();
    else if (c === '<' && /^<<-?[A-Za-z_]/.test(text.slice(i, i + 4))) throw new Error(`heredocs inside expressions are not supported: ${text}`);
    return i + 1;
  }
}

/** A part of a template: literal text as written (escapes kept), or what is inside `${…}` or `%{…}`. */
export type Segment = { kind: 'literal'; text: string } | { kind: 'expr'; text: string } | { kind: 'directive'; text: string };

/**
 * The segments of the template that starts at `text[start]`, where `lexer` is at the template's
 * level; and where it ends: its closing quote, or the end of the text.
 */
function scan(text: string, start: number, lexer: HclLexer): { segments: Segment[]; end: number } {
  const level = lexer.depth;
  const segments: Segment[] = [];
  let literalStart = start;
  let open = -1;
  let i = start;
  while (i < text.length) {
    const before = lexer.depth;
    const next = lexer.step(text, i);
    if (lexer.depth < level) break;
    if (before === level && lexer.depth > level) {
      if (i > literalStart) segments.push({ kind: 'literal', text: text.slice(literalStart, i) });
      open = i;
    } else if (before > level && lexer.depth === level) {
      segments.push({ kind: text[open] === '$' ? 'expr' : 'directive', text: text.slice(open + 2, i) });
      literalStart = next;
    }
    i = next;
  }
  if (lexer.depth > level) throw new Error(`unterminated ${text.slice(open, open + 2)} in ${JSON.stringify(text)}`);
  const end = Math.min(i, text.length);
  if (end > literalStart) segments.push({ kind: 'literal', text: text.slice(literalStart, end) });
  return { segments, end };
}

/** Splits a template (a Terraform JSON string) into literal text, interpolations and directives. */
export function splitTemplate(template: string): Segment[] {
  return scan(template, 0, new HclLexer('template')).segments;
}

const UNESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' };

/** The literal text of a quoted string's literal part, escapes decoded (template escapes kept); undefined if one is invalid. */
function unescapeQuoted(raw: string): string | undefined {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const selector = raw[i + 1] ?? '';
    const digits = selector === 'u' ? 4 : selector === 'U' ? 8 : 0;
    if (digits) {
      const hex = raw.slice(i + 2, i + 2 + digits);
      if (!new RegExp(`^[0-9A-Fa-f]{${digits}}$`).test(hex) || parseInt(hex, 16) > 0x10ffff) return undefined;
      out += String.fromCodePoint(parseInt(hex, 16));
      i += 1 + digits;
    } else if (selector in UNESCAPES) {
      out += UNESCAPES[selector];
      i += 1;
    } else return undefined;
  }
  return out;
}

/**
 * The Terraform JSON template of an HCL expression that is exactly one quoted string, or
 * undefined: escapes decoded in the literal text, interpolations and directives kept as written.
 */
export function unquote(expression: string): string | undefined {
  if (!expression.startsWith('"')) return undefined;
  const lexer = new HclLexer();
  const { segments, end } = scan(expression, lexer.step(expression, 0), lexer);
  if (end !== expression.length - 1) return undefined; // unterminated, or followed by more
  let out = '';
  for (const s of segments) {
    if (s.kind === 'literal') {
      const text = unescapeQuoted(s.text);
      if (text === undefined) return undefined;
      out += text;
    } else out += (s.kind === 'expr' ? '${' : '%{') + s.text + '}';
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Strings and values.

/** A template (a Terraform JSON string) as an HCL quoted string. */
export function quoteTemplate(template: string): string {
  const text = splitTemplate(template).map((s) => (s.kind === 'literal' ? escapeBackslashes(s.text) : (s.kind === 'expr' ? '${' : '%{') + s.text + '}'));
  return `"${text.join('')}"`;
}

/** A template as HCL: the bare expression when it is one interpolation (strip markers dropped), else a quoted string. */
export function renderString(template: string): string {
  const segments = splitTemplate(template);
  const only = segments[0];
  if (segments.length === 1 && only?.kind === 'expr') return only.text.replace(/^~/, '').replace(/~$/, '').trim();
  return quoteTemplate(template);
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** An object key: bare when it is an identifier, else quoted by `quoteKey` (`for` would start a for expression). */
export function objectKey(key: string, quoteKey: (key: string) => string = quote): string {
  return IDENTIFIER.test(key) && key !== 'for' ? key : quoteKey(key);
}

function isScalar(v: unknown): boolean {
  return v === null || ['string', 'number', 'boolean'].includes(typeof v);
}

interface Strings {
  readonly value: (s: string) => string;
  readonly key: (s: string) => string;
}
const TEMPLATES: Strings = { value: renderString, key: quoteTemplate };
const LITERALS: Strings = { value: quote, key: quote };

/** A value as HCL, its strings and keys written by `str`; short scalar lists inline, anything else one item a line. */
function renderWith(v: unknown, str: Strings): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') return str.value(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`${v} is not an HCL number`);
    return String(v);
  }
  if (typeof v === 'boolean') return String(v);
  if (Array.isArray(v)) {
    if (v.length === 0) return '[]';
    const items = v.map((x) => renderWith(x, str));
    const inline = `[${items.join(', ')}]`;
    if (v.every(isScalar) && !inline.includes('\n') && inline.length <= 70) return inline;
    return `[\n${items.map((i) => `${i},`).join('\n')}\n]`;
  }
  if (typeof v === 'object') {
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, x]) => `${objectKey(k, str.key)} = ${renderWith(x, str)}`).join('\n')}\n}`;
  }
  throw new Error(`cannot render ${typeof v}`);
}

/** A Terraform JSON value as HCL: its strings (and keys) are templates. */
export function renderValue(v: unknown): string {
  return renderWith(v, TEMPLATES);
}

/** A JavaScript value as an HCL literal (a default, a tfvars value): its strings are literal text. */
export function hclLiteral(v: unknown): string {
  return renderWith(v, LITERALS);
}
