// variables.tf and outputs.tf list their blocks under terraform-aws-modules banners, one per
// section of the specs (modules/variables.ts, modules/outputs.ts), each section once.
import { describe, expect, it } from 'vitest';
import { MODULES } from '../../modules/catalog.js';
import { committed } from '../../testkit/module/helpers.js';

const RULE = '#'.repeat(80);

/** The file as [banner title, block names] in order; blocks before any banner under undefined. */
function sections(text: string, kind: 'variable' | 'output'): Array<[string | undefined, string[]]> {
  const out: Array<[string | undefined, string[]]> = [];
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line === RULE && lines[i + 2] === RULE && lines[i + 1]?.startsWith('# ')) out.push([lines[i + 1]!.slice(2), []]);
    const block = new RegExp(`^${kind} "([^"]+)" \\{`).exec(line);
    if (block) {
      if (!out.length) out.push([undefined, []]);
      out[out.length - 1]![1].push(block[1]!);
    }
  });
  return out;
}

for (const m of MODULES) {
  describe(m.dir === '.' ? 'root module' : m.dir, () => {
    for (const [file, kind, specs] of [['variables.tf', 'variable', m.variables], ['outputs.tf', 'output', m.outputs]] as const) {
      it(`${file}: every block under the banner of its spec's section, each section once`, () => {
        const found = sections(committed(m.dir, file), kind);
        const titles = found.map(([title]) => title);
        expect(titles).not.toContain(undefined);
        expect(new Set(titles).size).toBe(titles.length);
        // The section a spec is listed under: its own, else that of the spec before it.
        let current: string | undefined;
        const expected = new Map(specs.map((s) => [s.name, (current = s.section ?? current)]));
        for (const [title, names] of found) for (const name of names) expect(`${name}: ${title}`).toBe(`${name}: ${expected.get(name)}`);
        expect(found.flatMap(([, names]) => names).sort()).toEqual(specs.map((s) => s.name).sort());
      });
    }
  });
}
