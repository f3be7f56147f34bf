// examples/complete: new zone, new topic, two fixed names, per-AZ names and the primary/reader aliases,
// daily backups on; a daily backup and an online scaling played on the applied example.
import { describeLifecycle } from '../../testkit/e2e/lifecycle.js';
import { binariesFor } from '../../testkit/e2e/matrix.js';
import { stageExample, writeInto } from '../../testkit/e2e/stage.js';

for (const binary of binariesFor('complete')) {
  describeLifecycle(
    {
      example: 'complete',
      name: 'replica-dns-complete',
      recordCount: 2,
      aliases: true,
      routineOperations: true,
      stage: () => stageExample('complete'),
      // A user edits the module block; an override file is the same change without rewriting main.tf.
      changeTtl: (stage, ttl) => writeInto(stage, 'record_ttl_override.tf', `module "replica_dns" {\n  record_ttl = ${ttl}\n}\n`),
    },
    binary,
  );
}
