// The entry module reads its configuration at import (cold start).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { validEnv } from '../../testkit/fakes/fixtures.js';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
  vi.restoreAllMocks();
});

function stubEnv(env: Record<string, string | undefined>) {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
}

describe('index (cold start)', () => {
  it('exports a handler when the environment is valid', async () => {
    stubEnv({ ...validEnv(), AWS_REGION: 'us-east-1' });
    const module = await import('../../lambda/src/index.js');
    expect(typeof module.handler).toBe('function');
  });

  it('fails the import with one ConfigError line naming the variable', async () => {
    // Prepare
    stubEnv({ ...validEnv(), RECORD_TTL: 'ten', AWS_REGION: 'us-east-1' });
    const written: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    // Act
    const failure = await import('../../lambda/src/index.js').catch((error: unknown) => error);
    // Assess
    expect(failure).toMatchObject({ name: 'ConfigError', variable: 'RECORD_TTL' });
    expect(written).toHaveLength(1);
    expect(JSON.parse(written[0]!)).toMatchObject({ level: 'ERROR', outcome: 'init-failed', error: { name: 'ConfigError' } });
  });
});
