import { defineConfig } from 'vitest/config';

// One project per verification tier (see ../shared/design.md), so each tier can run on its own.
// The integration tier starts an emulator per file: run it with --no-file-parallelism (scripts/test.sh does).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { test: { name: 'module', include: ['test/module/**/*.test.ts'], testTimeout: 120_000 } },
      {
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
        test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], testTimeout: 600_000, hookTimeout: 600_000 },
      },
    ],
  },
});
