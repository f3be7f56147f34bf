// scripts/demo/deps lists what `npm run demo` loads, so that a fresh clone installs 5 packages
// instead of the whole development set. Both must hold: every package the demo's code imports at
// run time is listed there, and at the version the root package.json pins.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf, resolveRelative } from '../../testkit/source-imports.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as Record<string, Record<string, string>>;

/** Bare specifiers imported at run time (type-only imports are erased) by `entry` and the project files it imports. */
function runtimePackages(entry: string): Set<string> {
  const packages = new Set<string>();
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const { specifier: spec, typeOnly } of importsOf(file)) {
      if (typeOnly || spec.startsWith('node:')) continue;
      if (spec.startsWith('.')) visit(resolveRelative(file, spec));
      else packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!);
    }
  };
  visit(entry);
  return packages;
}

describe('the demo dependency set (scripts/demo/deps)', () => {
  const demo = readJson('scripts/demo/deps/package.json').dependencies!;
  const root = readJson('package.json').devDependencies!;

  it('lists every package the demo imports at run time (and tsx, which runs it)', () => {
    const imported = runtimePackages(path.join(ROOT, 'scripts/demo/main.ts'));
    expect(imported.size).toBeGreaterThan(0);
    expect(Object.keys(demo).sort()).toEqual([...imported, 'tsx'].sort());
  });

  it('pins each at the version the root package.json pins', () => {
    for (const [name, version] of Object.entries(demo)) expect({ name, version }).toEqual({ name, version: root[name] });
  });

  it('has a lock file for exactly those packages', () => {
    const lock = readJson('scripts/demo/deps/package-lock.json') as unknown as { packages: Record<string, { version?: string; dependencies?: Record<string, string> }> };
    expect(lock.packages['']!.dependencies).toEqual(demo);
    for (const [name, version] of Object.entries(demo)) expect(lock.packages[`node_modules/${name}`]?.version).toBe(version);
  });
});
