// The lexical rules of HCL strings and templates (generator/hcl-text.ts), against the HCL native
// syntax specification: `$${` and `%%{` are the literal `${` and `%{`, a quoted string has the
// escapes \n \r \t \" \\ \uNNNN \UNNNNNNNN, interpolations nest quoted strings and braces.
// test/module/hcl-text.terraform.test.ts checks the same rules with Terraform itself.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  HclLexer,
  concatTemplate,
  escapeQuoted,
  escapeTemplate,
  hclLiteral,
  quote,
  quoteTemplate,
  renderString,
  renderValue,
  splitTemplate,
  unquote,
  type Segment,
} from '../../generator/hcl-text.js';

const D = '$'; // `${D}{` is the text `${` in a JavaScript template literal

/** The value of template literal text, by the spec's rule (reference implementation for the tests). */
function literalValue(text: string): string {
  return text.replace(/([$%])\1\{/g, (_, c: string) => `${c}{`);
}

/** A template's value, with `vars` for its interpolations and quoted strings (`${"$"}`) as themselves. */
function evaluate(template: string, vars: Record<string, string> = {}): string {
  return splitTemplate(template)
    .map((s: Segment) => {
      if (s.kind === 'literal') return literalValue(s.text);
      if (s.kind === 'expr' && s.text in vars) return vars[s.text];
      if (s.kind === 'expr' && /^"[^"\\]*"$/.test(s.text)) return s.text.slice(1, -1);
      throw new Error(`cannot evaluate ${s.kind} ${s.text}`);
    })
    .join('');
}

/** Strings made of the characters that matter to the rules. */
const tricky = fc.string({ unit: fc.constantFrom('$', '%', '{', '}', '"', '\\', '\n', '\r', '\t', '~', 'a', ' ', 'é', '🎉', '\u0001', '\u2028') });

describe('quoting literal text', () => {
  it('escapes backslashes, quotes, newlines, tabs and template openers', () => {
    expect(quote('${x} %{y} \\ "')).toBe('"$${x} %%{y} \\\\ \\""');
    expect(quote('a\nb\r\tc')).toBe('"a\\nb\\r\\tc"');
    expect(escapeTemplate('${a} %{b} \\ "')).toBe('$${a} %%{b} \\ "');
  });

  it('adds one $ or % to a run before {, so escaped escapes stay literal', () => {
    expect(quote('$${x}')).toBe('"$$${x}"');
    expect(quote('%%{x}')).toBe('"%%%{x}"');
    expect(literalValue('$$${x}')).toBe('$${x}');
  });

  it('leaves a $ or % before anything but { alone', () => {
    expect(quote('US$ 5% $x %y $ %')).toBe('"US$ 5% $x %y $ %"');
  });

  it('writes other control characters as \\u escapes and the rest of unicode as is', () => {
    expect(quote('\u0000\u0001\u001f\u007f')).toBe('"\\u0000\\u0001\\u001f\\u007f"');
    expect(quote('é 🎉 \u2028 e\u0301')).toBe('"é 🎉 \u2028 e\u0301"');
  });

  it('round trips: quoted, the template unquoted, its value evaluated, is the text', () => {
    fc.assert(
      fc.property(tricky, (s) => {
        expect(unquote(quote(s))).toBe(escapeTemplate(s));
        expect(splitTemplate(escapeTemplate(s)).every((seg) => seg.kind === 'literal')).toBe(true);
        expect(evaluate(escapeTemplate(s))).toBe(s);
        expect(renderString(escapeTemplate(s))).toBe(quote(s));
        expect(hclLiteral(s)).toBe(quote(s));
      }),
    );
  });
});

describe('joining template text', () => {
  it('interpolates a run of literal $ before an interpolation, which would read as $${', () => {
    expect(concatTemplate('US$', `${D}{var.v}`)).toBe(`US${D}{"$"}${D}{var.v}`);
    expect(concatTemplate('a$$', `${D}{x}`)).toBe(`a${D}{"$$"}${D}{x}`);
    expect(concatTemplate('a%', '%{ if x }')).toBe(`a${D}{"%"}%{ if x }`);
    expect(concatTemplate('a%', `${D}{x}`)).toBe(`a%${D}{x}`);
    expect(concatTemplate('a$', '%{ if x }')).toBe('a$%{ if x }');
  });

  it('doubles a literal $ or % before a literal {', () => {
    expect(concatTemplate('a$', '{b}')).toBe('a$${b}');
    expect(concatTemplate('a%', '{b}')).toBe('a%%{b}');
    expect(concatTemplate('a$', escapeTemplate('${b}'))).toBe('a$$${b}');
  });

  it('keeps the meaning of each part', () => {
    fc.assert(
      fc.property(tricky, tricky, (a, b) => {
        expect(evaluate(concatTemplate(escapeTemplate(a), escapeTemplate(b)))).toBe(a + b);
        expect(evaluate(concatTemplate(escapeTemplate(a), `${D}{x}`), { x: '<x>' })).toBe(`${a}<x>`);
        expect(evaluate(concatTemplate(concatTemplate(escapeTemplate(a), `${D}{x}`), escapeTemplate(b)), { x: '<x>' })).toBe(`${a}<x>${b}`);
      }),
    );
  });
});

describe('splitting templates', () => {
  it('finds the end of interpolations past nested braces and quoted strings', () => {
    expect(splitTemplate(`a${D}{merge({ x = "}" }, { y = "${D}{z}" })}b`)).toEqual([
      { kind: 'literal', text: 'a' },
      { kind: 'expr', text: `merge({ x = "}" }, { y = "${D}{z}" })` },
      { kind: 'literal', text: 'b' },
    ]);
    expect(splitTemplate(`${D}{f("${D}{"}"}")}`)).toEqual([{ kind: 'expr', text: `f("${D}{"}"}")` }]);
  });

  it('skips escaped quotes and escaped openers inside the quoted strings of an interpolation', () => {
    expect(splitTemplate(`x${D}{"a\\"}"}y`)).toEqual([
      { kind: 'literal', text: 'x' },
      { kind: 'expr', text: '"a\\"}"' },
      { kind: 'literal', text: 'y' },
    ]);
    expect(splitTemplate(`${D}{"$${D}{" == "%%{"}`)).toEqual([{ kind: 'expr', text: `"$${D}{" == "%%{"` }]);
  });

  it('keeps $${ and %%{ as literal text, as written', () => {
    expect(splitTemplate(`$${D}{a}%%{b}$$${D}{c}${D}{d}`)).toEqual([
      { kind: 'literal', text: `$${D}{a}%%{b}$$${D}{c}` },
      { kind: 'expr', text: 'd' },
    ]);
    expect(splitTemplate('a"b\\n')).toEqual([{ kind: 'literal', text: 'a"b\\n' }]);
  });

  it('returns directives and strip markers as written', () => {
    expect(splitTemplate(`%{ if a ~}x${D}{~ b }%{ endif }`)).toEqual([
      { kind: 'directive', text: ' if a ~' },
      { kind: 'literal', text: 'x' },
      { kind: 'expr', text: '~ b ' },
      { kind: 'directive', text: ' endif ' },
    ]);
  });

  it('refuses unterminated sequences and heredocs', () => {
    expect(() => splitTemplate(`a${D}{b`)).toThrow(/unterminated/);
    expect(() => splitTemplate(`${D}{"}`)).toThrow(/unterminated/);
    expect(() => splitTemplate(`${D}{<<EOT\nx\nEOT\n}`)).toThrow(/heredoc/);
  });
});

describe('templates as HCL', () => {
  it('writes a lone interpolation as its expression, strip markers dropped', () => {
    expect(renderString(`${D}{var.name}`)).toBe('var.name');
    expect(renderString(`${D}{~ var.name ~}`)).toBe('var.name');
    expect(renderString(`${D}{var.a ? "x" : "${D}{var.b}-y"}`)).toBe(`var.a ? "x" : "${D}{var.b}-y"`);
  });

  it('quotes the literal text of anything else and keeps its sequences as written', () => {
    expect(renderString(`say "hi"\n\\${D}{x}`)).toBe(`"say \\"hi\\"\\n\\\\${D}{x}"`);
    expect(renderString('literal $${not} %%{either}')).toBe('"literal $${not} %%{either}"');
    expect(quoteTemplate(`%{ for v in x }${D}{v}%{ endfor }`)).toBe(`"%{ for v in x }${D}{v}%{ endfor }"`);
    expect(renderString(`${D}{"a\\n"}`)).toBe('"a\\n"');
  });
});

describe('unquoting', () => {
  it('gives the template of an expression that is one quoted string', () => {
    expect(unquote(`"a\\n${D}{x}\\"b\\\\"`)).toBe(`a\n${D}{x}"b\\`);
    expect(unquote(`"${D}{a ? "x" : "y"}-z"`)).toBe(`${D}{a ? "x" : "y"}-z`);
    expect(unquote(`"${D}{f("${D}{"}"}")}"`)).toBe(`${D}{f("${D}{"}"}")}`);
    expect(unquote('"$${x} %%{y}"')).toBe('$${x} %%{y}');
    expect(unquote('"\\u00e9\\U0001F389"')).toBe('é🎉');
  });

  it('gives undefined for anything else', () => {
    expect(unquote('x')).toBeUndefined();
    expect(unquote('"a" + "b"')).toBeUndefined();
    expect(unquote('"open')).toBeUndefined();
    expect(unquote('"bad \\q"')).toBeUndefined();
    expect(unquote('"\\u12"')).toBeUndefined();
  });
});

describe('the lexer', () => {
  it('tracks quoted strings across pieces, interpolations inside them, and escapes that straddle pieces', () => {
    const lexer = new HclLexer();
    lexer.feed('upper("a-');
    expect(lexer.inString).toBe(true);
    lexer.feed(`${D}{`);
    expect([lexer.inString, lexer.depth]).toEqual([false, 2]);
    lexer.feed('x}-\\');
    expect(lexer.inString).toBe(true);
    lexer.feed('"still');
    expect(lexer.inString).toBe(true);
    lexer.feed('")');
    expect([lexer.inString, lexer.depth]).toEqual([false, 0]);
  });
});

describe('values', () => {
  it('writes JavaScript values as literals: strings quoted, keys quoted unless identifiers', () => {
    expect(hclLiteral({ a: `x${D}{y}`, 'b.c': [1, true, null], for: 'z', n: -1.5 })).toBe(`{\na = "x$${D}{y}"\n"b.c" = [1, true, null]\n"for" = "z"\nn = -1.5\n}`);
    expect(hclLiteral([{ a: 1 }])).toBe('[\n{\na = 1\n},\n]');
    expect(() => hclLiteral(Number.NaN)).toThrow();
  });

  it('writes Terraform JSON values with their strings and keys as templates', () => {
    expect(renderValue({ [`k${D}{x}`]: `${D}{y}`, 'a.b': 'z' })).toBe(`{\n"k${D}{x}" = y\n"a.b" = "z"\n}`);
    expect(renderValue(['CNAME', 'TXT'])).toBe('["CNAME", "TXT"]');
  });

  it('escapes literal text for the inside of a quoted string', () => {
    expect(escapeQuoted(`"${D}{x}"\n`)).toBe(`\\"$${D}{x}\\"\\n`);
  });
});
