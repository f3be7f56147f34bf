// Which binary applies which example (toolchain.ts). ERDNS_E2E_ALL_BINARIES=1 applies every
// example with every binary instead (slower; for a release check).
import { assignBinaries, toolchainBinaries, type Binary } from './toolchain.js';

export const EXAMPLES = ['complete', 'existing-zone', 'cdktf', 'package', 'cross-account', 'package-cdktn', 'reconfigure'] as const;
export type Example = (typeof EXAMPLES)[number];

export function binariesFor(example: Example): Binary[] {
  const binaries = toolchainBinaries();
  if (process.env.ERDNS_E2E_ALL_BINARIES === '1') return binaries;
  return [assignBinaries(EXAMPLES, binaries).get(example)!];
}
