import { describe, expect, it } from 'vitest';
import { defaultProvider, fromLambdaEnvironment } from '../../lambda/src/credentials.js';

describe('fromLambdaEnvironment (the bundle credential source)', () => {
  it('reads the credentials Lambda puts in the environment', async () => {
    const provider = fromLambdaEnvironment({
      AWS_ACCESS_KEY_ID: 'AKIA',
      AWS_SECRET_ACCESS_KEY: 'secret',
      AWS_SESSION_TOKEN: 'token',
      AWS_CREDENTIAL_EXPIRATION: '2030-01-01T00:00:00Z',
    });
    expect(await provider()).toEqual({
      accessKeyId: 'AKIA',
      secretAccessKey: 'secret',
      sessionToken: 'token',
      expiration: new Date('2030-01-01T00:00:00Z'),
    });
  });

  it('fails clearly when the environment holds no credentials', async () => {
    await expect(fromLambdaEnvironment({ AWS_ACCESS_KEY_ID: 'AKIA' })()).rejects.toMatchObject({
      name: 'CredentialsError',
      message: expect.stringMatching(/AWS_SECRET_ACCESS_KEY/),
    });
  });

  it('has the shape of the SDK default provider it replaces in the bundle', () => {
    expect(typeof defaultProvider({ profile: 'ignored' })).toBe('function');
  });
});
