// Upgrade from an earlier module version, then configuration changes that rename or drop names,
// each converging in its apply (testkit/e2e/reconfigure.ts).
import { binariesFor } from '../../testkit/e2e/matrix.js';
import { describeReconfigure } from '../../testkit/e2e/reconfigure.js';

for (const binary of binariesFor('reconfigure')) describeReconfigure(binary);
