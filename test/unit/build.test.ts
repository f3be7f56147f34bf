import { describe, expect, it } from 'vitest';
import { base64Sha256, readSingleEntry, zipDeterministic } from '../../lambda/build.js';

describe('deterministic zip', () => {
  it('gives the same bytes for the same content, whenever it runs', async () => {
    // Prepare
    const code = Buffer.from('export const handler = async () => ({});\n'.repeat(50));
    // Act
    const first = await zipDeterministic(code);
    await new Promise((resolve) => setTimeout(resolve, 1100)); // a DOS timestamp has 2 s resolution
    const second = await zipDeterministic(code);
    // Assess
    expect(base64Sha256(second)).toBe(base64Sha256(first));
    expect(readSingleEntry(first)).toEqual({ name: 'index.mjs', data: code });
  });

  it('stores a fixed 1980-01-01 timestamp and rw-r--r-- mode', async () => {
    const zip = await zipDeterministic(Buffer.from('x'));
    expect(zip.readUInt16LE(10)).toBe(0); // DOS time 00:00:00
    expect(zip.readUInt16LE(12)).toBe((0 << 9) | (1 << 5) | 1); // DOS date 1980-01-01
    const central = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    expect(zip.readUInt32LE(central + 38) >>> 16).toBe(0o100644);
  });

  it('differs when the content differs', async () => {
    const a = await zipDeterministic(Buffer.from('a'));
    const b = await zipDeterministic(Buffer.from('b'));
    expect(base64Sha256(a)).not.toBe(base64Sha256(b));
  });
});
