// The docs hold together: every relative link of the Markdown files a reader follows (README.md,
// CONTRIBUTING.md, CHANGELOG.md, docs/*.md, the modules', examples' and tools' READMEs) points at a
// file that exists and, with a #fragment, at a heading (GitHub's anchor for it) or an <a name> in
// that file; and the README gives a new user the test command CI runs (.ci/run).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (file: string): string => readFileSync(path.join(ROOT, file), 'utf8');

const DOCS = [
  'README.md',
  'CONTRIBUTING.md',
  'CHANGELOG.md',
  ...readdirSync(path.join(ROOT, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`),
  ...['examples', 'modules'].flatMap((dir) => readdirSync(path.join(ROOT, dir)).map((d) => `${dir}/${d}/README.md`)).filter((f) => existsSync(path.join(ROOT, f))),
  'wrappers/README.md',
  'scripts/toolchain/README.md',
  'testkit/emulator/README.md',
];

/** The text outside fenced code blocks and inline code spans (links there are not links). */
function prose(markdown: string): string {
  return markdown.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '').replace(/`[^`\n]*`/g, '``');
}

/** GitHub's anchor for a heading: lowercase, punctuation dropped, each space a hyphen, repeats numbered. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const result = new Set<string>();
  for (const [, heading] of markdown.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '').matchAll(/^#{1,6} (.+)$/gm)) {
    const base = heading!.trim().toLowerCase().replace(/[^\p{L}\p{N}\p{M}_\- ]/gu, '').replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    result.add(n === 0 ? base : `${base}-${n}`);
  }
  for (const [, name] of markdown.matchAll(/<a name="([^"]+)"><\/a>/g)) result.add(name!);
  return result;
}

/** Inline links `[text](target)` and reference definitions `[label]: target`, external ones left out. */
function relativeLinks(markdown: string): string[] {
  const text = prose(markdown);
  const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g), ...text.matchAll(/^\[[^\]]+\]:\s*(\S+)/gm)].map((m) => m[1]!.replace(/\\(.)/g, '$1'));
  return targets.filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t));
}

function brokenLinks(file: string): string[] {
  const broken: string[] = [];
  for (const link of relativeLinks(read(file))) {
    const [target, fragment] = link.split('#', 2) as [string, string | undefined];
    const resolved = target === '' ? file : path.normalize(path.join(path.dirname(file), decodeURI(target)));
    if (!existsSync(path.join(ROOT, resolved))) {
      broken.push(`${link}: no file ${resolved}`);
      continue;
    }
    const isMarkdown = statSync(path.join(ROOT, resolved)).isFile() && resolved.endsWith('.md');
    if (fragment !== undefined && isMarkdown && !anchors(read(resolved)).has(fragment)) broken.push(`${link}: no heading #${fragment} in ${resolved}`);
  }
  return broken;
}

describe('the docs', () => {
  it('finds links and anchors the way GitHub renders them', () => {
    const doc = '# What `apply` creates\n## Using the construct (CDKTF or CDK Terrain)\n## A\n## A\n<a name="input_x"></a>\n```\n# not a heading [x](nowhere.md)\n```\n[a](b.md#c) `[d](e.md)` [f](https://x)\n[g]: ../h.md\n';
    expect([...anchors(doc)]).toEqual(['what-apply-creates', 'using-the-construct-cdktf-or-cdk-terrain', 'a', 'a-1', 'input_x']);
    expect(relativeLinks(doc)).toEqual(['b.md#c', '../h.md']);
  });

  it.each(DOCS)('%s: every relative link reaches an existing file and heading', (file) => {
    expect(brokenLinks(file)).toEqual([]);
  });

  it('README.md gives a new user the test command that CI runs', () => {
    const ciCommand = /^exec (.+)$/m.exec(read('.ci/run'))?.[1];
    expect(ciCommand, '.ci/run ends with `exec <the test command>`').toBeDefined();
    const readmeCommands = [...read('README.md').matchAll(/^```bash\n([\s\S]*?)^```$/gm)].flatMap((m) => m[1]!.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()));
    expect(readmeCommands).toContain(ciCommand);
  });
});
