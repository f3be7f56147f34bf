// Text written once elsewhere, kept in the README between its markers (generator/synth.ts).
import { describe, expect, it } from 'vitest';
import { injectBlocks } from '../../generator/synth.js';

describe('injectBlocks', () => {
  it('replaces what stands between a block\'s markers, and leaves a README without them as it is', () => {
    const readme = 'intro\n<!-- BEGIN_IAM_PERMISSIONS -->\nold table\n<!-- END_IAM_PERMISSIONS -->\nafter\n';
    expect(injectBlocks(readme, { IAM_PERMISSIONS: '| new |' })).toBe('intro\n<!-- BEGIN_IAM_PERMISSIONS -->\n| new |\n<!-- END_IAM_PERMISSIONS -->\nafter\n');
    expect(injectBlocks('no markers\n', { IAM_PERMISSIONS: '| new |' })).toBe('no markers\n');
  });
});
