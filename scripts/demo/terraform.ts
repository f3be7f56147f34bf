// Terraform (or OpenTofu) as the demo runs it: the one binary scripts/toolchain/install.sh
// --for-demo chose, driven by the end-to-end tier's Workdir in the staged copy of
// examples/complete. Its output is summarized as it comes (a line per resource with the demo's
// elapsed time, Terraform's own words) and kept whole in a log; a failed command ends the demo
// with the binary's own error (Workdir's TerraformError).
import { toolchainBinaries, type Binary } from '../../testkit/e2e/toolchain.js';
import { Workdir } from '../../testkit/e2e/terraform.js';
import { elapsed, fail, note } from './ui.js';

/** The binary chosen by install.sh --for-demo (ERDNS_TF_BINARIES holds exactly one). */
export function demoBinary(): Binary {
  const binaries = toolchainBinaries();
  if (binaries.length !== 1) fail(`ERDNS_TF_BINARIES names ${binaries.length} binaries; the demo runs one (scripts/demo.sh sets it through install.sh --for-demo)`);
  return binaries[0]!;
}

/** Terraform's lines worth a progress line: a resource done, failed, or still at it. */
const DONE = /^(.+?): (Creation complete|Modifications complete|Destruction complete|Read complete) after (\S+)/;
const STILL = /^(.+?): Still (creating|modifying|destroying|reading)\.\.\. \[(?:(\d+)m)?0*(\d+)s elapsed\]/;
const SUMMARY = /^(Apply complete!|Destroy complete!|No changes\.)/;
const INSTALLED = /^- (Installed|Using previously-installed) /;
const VERB: Record<string, string> = {
  'Creation complete': 'created',
  'Modifications complete': 'updated',
  'Destruction complete': 'destroyed',
  'Read complete': 'read',
};

/** A progress line for the lines worth one: resources done, still-running every 30 s, summaries. */
export function progress(text: string): void {
  const at = `[${elapsed().padStart(6)}]`;
  const done = DONE.exec(text);
  const still = STILL.exec(text);
  if (done) note(`${at} ${VERB[done[2]!]} ${done[1]} (${done[3]})`);
  else if (still && (Number(still[3] ?? 0) * 60 + Number(still[4])) % 30 === 0) note(`${at} still ${still[2]} ${still[1]} (${still[3] ? `${still[3]}m` : ''}${still[4]}s)`);
  else if (SUMMARY.test(text)) note(`${at} ${text.trim()}`);
  else if (INSTALLED.test(text)) note(`${at} init: ${text.slice(2)}`);
}

export class Terraform extends Workdir {
  /** The emulator's endpoint and region: the only AWS the binary talks to (init needs none). */
  useEmulator(endpoint: string, region: string): void {
    this.setEnv({ AWS_ENDPOINT_URL: endpoint, AWS_EC2_METADATA_DISABLED: 'true', TF_VAR_region: region });
  }

  override init(): ReturnType<Workdir['init']> {
    return super.init(progress);
  }

  override apply(label = 'apply'): ReturnType<Workdir['apply']> {
    return super.apply(label, progress);
  }
}
