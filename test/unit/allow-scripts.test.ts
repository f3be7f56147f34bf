// Every dependency with an install script has a decision in allowScripts (npm 11.16+; npm 12 blocks
// the undecided ones, and CI installs with --strict-allow-scripts, scripts/lib.sh npm_ci), for the
// development install (package.json) and the demo's slim install (scripts/demo/deps), and no
// decision names a package that no longer has one. CONTRIBUTING.md says why each is allowed or not.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as Record<string, unknown>;

/** Names of the locked packages npm flags with an install script (preinstall, install, postinstall). */
function withInstallScripts(lockFile: string): string[] {
  const lock = readJson(lockFile) as { packages: Record<string, { hasInstallScript?: boolean }> };
  const names = Object.entries(lock.packages)
    .filter(([key, entry]) => key !== '' && entry.hasInstallScript)
    .map(([key]) => key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length));
  return [...new Set(names)].sort();
}

/** allowScripts keys without a version (`pkg`, `pkg@1.2.3`, `@scope/pkg@1.2.3` → the name). */
function decided(manifest: string): Map<string, boolean> {
  const allow = (readJson(manifest).allowScripts ?? {}) as Record<string, boolean>;
  return new Map(Object.entries(allow).map(([key, value]) => [key.replace(/(?<=.)@[^@]*$/, ''), value]));
}

describe.each([
  ['package.json', 'package-lock.json'],
  ['scripts/demo/deps/package.json', 'scripts/demo/deps/package-lock.json'],
])('allowScripts of %s', (manifest, lockFile) => {
  it('decides on every locked package with an install script, and on nothing else', () => {
    const scripted = withInstallScripts(lockFile);
    expect(scripted.length, `${lockFile} has packages with install scripts`).toBeGreaterThan(0);
    expect([...decided(manifest).keys()].sort()).toEqual(scripted);
  });
});

describe('the decisions', () => {
  it('allow no install script: the build needs none (esbuild runs from its platform package, cdktf synth needs no terminal)', () => {
    for (const manifest of ['package.json', 'scripts/demo/deps/package.json']) {
      expect([...decided(manifest)].filter(([, allowed]) => allowed), manifest).toEqual([]);
    }
  });
});
