// Credential source of the shipped bundle. build.ts aliases @aws-sdk/credential-provider-node
// (the SDK's full chain: SSO, INI files, STS, IMDS... about a third of the bundle) to this
// module. Lambda always hands the execution role's credentials to the function in the
// environment, and the emulator does the same, so the environment is all the bundle reads.
// Unbundled code (tests, tsx) keeps the SDK's full default chain.
import { CredentialsError } from './errors.js';

interface EnvironmentCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export function fromLambdaEnvironment(
  env: Readonly<Record<string, string | undefined>> = process.env,
): () => Promise<EnvironmentCredentials> {
  return async () => {
    const accessKeyId = env.AWS_ACCESS_KEY_ID;
    const secretAccessKey = env.AWS_SECRET_ACCESS_KEY;
    if (!accessKeyId || !secretAccessKey) {
      throw new CredentialsError(
        'no AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY): ' +
          'this bundle reads only the credentials Lambda provides there',
      );
    }
    const expiration = env.AWS_CREDENTIAL_EXPIRATION ? new Date(env.AWS_CREDENTIAL_EXPIRATION) : undefined;
    return {
      accessKeyId,
      secretAccessKey,
      ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
      ...(expiration && !Number.isNaN(expiration.getTime()) ? { expiration } : {}),
    };
  };
}

/** Same signature as @aws-sdk/credential-provider-node's defaultProvider. */
export const defaultProvider = (_init?: unknown) => fromLambdaEnvironment();
