// The Terraform binaries the end-to-end tier runs, as scripts/toolchain/install.sh exports them:
//   ERDNS_TF_BINARIES="terraform@1.5.7=/…/terraform-1.5.7 tofu@1.12.6=/…/tofu terraform@1.11.4=/usr/local/bin/terraform"
//   ERDNS_TERRAFORM_RC, ERDNS_TOFU_RC   CLI configs (provider mirror, disable_checkpoint) per binary family
import fs from 'node:fs';

export interface Binary {
  /** terraform | tofu */
  readonly family: 'terraform' | 'tofu';
  readonly version: string;
  readonly path: string;
  /** The CLI config this binary reads (TF_CLI_CONFIG_FILE). */
  readonly cliConfig: string;
  /** e.g. "terraform 1.5.7" */
  readonly label: string;
}

const HOW = 'run the tier through `npm test`, or eval "$(bash scripts/toolchain/install.sh)" first';

/** Every binary of the toolchain; throws, naming what is missing and how to provide it. */
export function toolchainBinaries(env: NodeJS.ProcessEnv = process.env): Binary[] {
  const list = env.ERDNS_TF_BINARIES?.trim();
  if (!list) throw new Error(`ERDNS_TF_BINARIES is not set: ${HOW}`);
  const rc = { terraform: env.ERDNS_TERRAFORM_RC, tofu: env.ERDNS_TOFU_RC };
  return list.split(/\s+/).map((entry) => {
    const m = /^(terraform|tofu)@([0-9][^=]*)=(.+)$/.exec(entry);
    if (!m) throw new Error(`ERDNS_TF_BINARIES entry "${entry}" is not name@version=path: ${HOW}`);
    const [, name, version, file] = m as unknown as [string, Binary['family'], string, string];
    const family = name;
    const cliConfig = rc[family];
    if (!cliConfig || !fs.existsSync(cliConfig)) {
      throw new Error(`the CLI config for ${family} (ERDNS_${family === 'tofu' ? 'TOFU' : 'TERRAFORM'}_RC) is missing: ${HOW}`);
    }
    if (!fs.existsSync(file)) throw new Error(`${family} ${version} is not at ${file}: ${HOW}`);
    return { family, version, path: file, cliConfig, label: `${family} ${version}` };
  });
}

/**
 * Which binary applies which example: every example with one binary and every binary with at least
 * one example (when there are as many examples). Order of preference: a Terraform newer than the
 * floor, OpenTofu, the floor Terraform; the examples come most important first.
 */
export function assignBinaries<T extends string>(examples: readonly T[], binaries: readonly Binary[]): Map<T, Binary> {
  const rank = (b: Binary): number => (b.family === 'tofu' ? 1 : b.version === oldestTerraform(binaries) ? 0 : 2);
  const byPreference = [...binaries].sort((a, b) => rank(b) - rank(a));
  return new Map(examples.map((example, i) => [example, byPreference[i % byPreference.length]!]));
}

function oldestTerraform(binaries: readonly Binary[]): string | undefined {
  const versions = binaries.filter((b) => b.family === 'terraform').map((b) => b.version);
  return versions.sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))[0];
}
