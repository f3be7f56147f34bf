import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The end-to-end files, longest first (as measured in `npm test`, 3 workers: reconfigure 247 s …
 * cross-account 148 s). A fresh clone has no vitest cache, so the default order (larger files
 * first) started the longest file last and ran it alone: 789 s for the tier instead of about 550.
 */
const E2E_LONGEST_FIRST = ['reconfigure', 'package', 'complete', 'cdktf', 'dns-client', 'existing-zone', 'package-cdktn', 'cross-account'];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      if (f.project.name !== 'e2e') return 0;
      const i = E2E_LONGEST_FIRST.indexOf(path.basename(f.moduleId, '.test.ts'));
      return i < 0 ? E2E_LONGEST_FIRST.length : i;
    };
    // Array sort is stable: the other tiers keep vitest's own order.
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}

// One project per verification tier (CONTRIBUTING.md, Where things live), so each tier can run on its own.
// The integration tier starts an emulator per file: run it with --no-file-parallelism (scripts/test.sh does).
export default defineConfig({
  // The package's own name, as examples/cdktf imports it, is its source here (as in tsconfig.json's
  // paths); test/e2e/package.test.ts installs the built package instead. Every project extends this.
  resolve: { alias: { 'elasticache-replica-dns': fileURLToPath(new URL('./modules/index.ts', import.meta.url)) } },
  test: {
    sequence: { sequencer: LongestFirst },
    projects: [
      // Unit tests assert behaviour, not speed: CI runs them while the toolchain compiles on both cores,
      // where a file-scanning test (layout) once took 5.8 s, past vitest's default 5 s.
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 30_000 } },
      { extends: true, test: { name: 'module', include: ['test/module/**/*.test.ts'], testTimeout: 120_000 } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
        },
      },
      {
        // Real Terraform/OpenTofu applies of the examples against the emulator (scripts/test.sh
        // provides the toolchain); each file starts its own emulator.
        extends: true,
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 600_000, hookTimeout: 600_000 },
      },
    ],
  },
});
