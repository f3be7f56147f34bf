// Who may import whom (docs/architecture.md): every relative import of every TypeScript and
// JavaScript source in the repository, checked against the rule of its part. A new import across
// the rule fails here with the file, the import and the rule it breaks.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, resolveRelative } from '../../testkit/source-imports.js';

const ROOT = path.resolve(import.meta.dirname, '../..');

interface Part {
  /** Repository-relative path prefix of the part's files. */
  readonly prefix: string;
  /** Path prefixes the part's files may import (relative imports only; packages are not checked here). */
  readonly mayImport: readonly string[];
  readonly why: string;
}

// Most specific prefix first: a file belongs to the first part whose prefix it starts with.
const PARTS: readonly Part[] = [
  { prefix: 'lambda/src/', mayImport: ['lambda/src/'], why: 'the bundle is self-contained' },
  { prefix: 'lambda/', mayImport: ['lambda/'], why: 'the bundle build sees only the reconciler' },
  { prefix: 'generator/', mayImport: ['generator/'], why: 'the toolkit knows nothing of this module' },
  {
    prefix: 'modules/',
    mayImport: ['modules/', 'generator/', 'lambda/src/contracts.ts'],
    why: 'constructs share with the reconciler only its contracts',
  },
  { prefix: 'examples/cdktf/', mayImport: ['examples/cdktf/'], why: 'the example imports the package by name, as a user does' },
  { prefix: 'testkit/', mayImport: ['testkit/', 'lambda/', 'modules/', 'generator/', 'examples/'], why: 'the kit serves tests, benchmarks and scripts' },
  { prefix: 'test/', mayImport: ['testkit/', 'lambda/', 'modules/', 'generator/', 'examples/', 'bench/', 'scripts/'], why: 'shared helpers live in testkit/, not in another test file' },
  { prefix: 'bench/', mayImport: ['bench/', 'testkit/', 'lambda/', 'modules/', 'generator/'], why: 'nothing imports from test/' },
  { prefix: 'scripts/', mayImport: ['scripts/', 'testkit/', 'lambda/', 'modules/', 'generator/'], why: 'nothing imports from test/' },
];

function sources(): string[] {
  const tracked = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' }).split('\n');
  return tracked.filter((f) => /\.(ts|mts|mjs)$/.test(f) && !f.endsWith('.d.ts') && !f.includes('/cdktf.out/') && !f.startsWith('dist/'));
}

const partOf = (file: string): Part | undefined => PARTS.find((p) => file.startsWith(p.prefix));

describe('layout: who imports whom (docs/architecture.md)', () => {
  const files = sources();

  it('finds the sources of every part', () => {
    for (const part of PARTS) expect(files.some((f) => f.startsWith(part.prefix)), part.prefix).toBe(true);
  });

  it('every relative import follows its part’s rule', () => {
    const broken: string[] = [];
    for (const file of files) {
      const part = partOf(file);
      for (const { specifier } of importsOf(path.join(ROOT, file))) {
        if (!specifier.startsWith('.')) continue;
        const target = path.relative(ROOT, resolveRelative(path.join(ROOT, file), specifier));
        const allowed = part ? part.mayImport.some((p) => target.startsWith(p)) : !target.startsWith('test/');
        if (!allowed) broken.push(`${file} imports ${target}: ${part ? `${part.prefix} may import only ${part.mayImport.join(', ')} (${part.why})` : 'nothing imports from test/'}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('the reconciler’s pure core imports no package and no adapter (design: pure core, thin adapters)', () => {
    const pure = ['model', 'serving', 'desired', 'plan', 'names', 'records', 'registry', 'contracts'].map((f) => `lambda/src/${f}.ts`);
    const adapters = ['topology', 'route53', 'clients', 'credentials', 'zone-role', 'handler', 'index'].map((f) => `lambda/src/${f}.ts`);
    const broken = pure.flatMap((file) =>
      importsOf(path.join(ROOT, file)).flatMap(({ specifier }) => {
        if (!specifier.startsWith('.')) return [`${file} imports the package ${specifier}`];
        const target = path.relative(ROOT, resolveRelative(path.join(ROOT, file), specifier));
        return adapters.includes(target) ? [`${file} imports the adapter ${target}`] : [];
      }),
    );
    expect(broken).toEqual([]);
  });
});
