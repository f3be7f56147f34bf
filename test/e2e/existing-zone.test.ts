// examples/existing-zone: a zone and a topic made in the same configuration (unknown IDs at plan),
// default mode (one name per replica), a record of someone else in the zone.
import { describeLifecycle } from '../../testkit/e2e/lifecycle.js';
import { binariesFor } from '../../testkit/e2e/matrix.js';
import { stageExample, writeInto } from '../../testkit/e2e/stage.js';

for (const binary of binariesFor('existing-zone')) {
  describeLifecycle(
    {
      example: 'existing-zone',
      name: 'replica-dns-existing',
      recordCount: 0,
      stage: () => stageExample('existing-zone'),
      changeTtl: (stage, ttl) => writeInto(stage, 'record_ttl_override.tf', `module "replica_dns" {\n  record_ttl = ${ttl}\n}\n`),
      foreignRecords: ['db.example.internal CNAME'],
      moduleAddress: 'module.replica_dns',
    },
    binary,
  );
}
