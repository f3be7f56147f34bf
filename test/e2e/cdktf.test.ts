// examples/cdktf: the CDKTF app synthesized (as `cdktf synth` does) and the stack applied.
import fs from 'node:fs';
import path from 'node:path';
import { synthesize, type ReplicaDnsStackProps } from '../../examples/cdktf/main.js';
import { describeLifecycle } from '../../testkit/e2e/lifecycle.js';
import { binariesFor } from '../../testkit/e2e/matrix.js';
import { stageDir, type Stage } from '../../testkit/e2e/stage.js';

const STACK = 'replica-dns';

/** Synthesizes the app and puts the stack (cdk.tf.json, assets) where Terraform runs. */
function synthInto(stage: Stage, props: ReplicaDnsStackProps): void {
  const outdir = fs.mkdtempSync(path.join(stage.root, '..', `${path.basename(stage.root)}-synth-`));
  try {
    synthesize(outdir, props);
    fs.cpSync(path.join(outdir, 'stacks', STACK), stage.dir, { recursive: true });
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

for (const binary of binariesFor('cdktf')) {
  describeLifecycle(
    {
      example: 'cdktf',
      name: 'replica-dns-cdktf',
      recordCount: 2,
      stage: () => {
        const stage = stageDir('cdktf');
        synthInto(stage, {});
        return stage;
      },
      // A CDKTF user changes a prop and synthesizes again.
      changeTtl: (stage, ttl) => synthInto(stage, { recordTtl: ttl }),
    },
    binary,
  );
}
