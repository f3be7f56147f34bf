// Credentials for the Route 53 client when the zone lives in another account (ZONE_ROLE_ARN):
// the SDK's own STS AssumeRole provider. The Route 53 client memoizes what it returns and asks
// again shortly before the session expires, so the role is assumed once per execution
// environment and hour, not per call. ElastiCache keeps the function's own role.
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { ZoneRoleError } from './errors.js';

/** AssumeRole accepts 2-64 characters of [\w+=,.@-] as the session name. */
const SESSION_NAME_UNSAFE = /[^\w+=,.@-]/g;
const SESSION_NAME_MAX = 64;
const DEFAULT_SESSION_NAME = 'elasticache-replica-dns';

type CredentialProvider = ReturnType<typeof fromTemporaryCredentials>;

export interface ZoneRoleOptions {
  readonly roleArn: string;
  /** STS client settings: retries and timeouts. */
  readonly clientConfig?: NonNullable<Parameters<typeof fromTemporaryCredentials>[0]['clientConfig']>;
}

/** The session name that identifies this function in the zone account (AWS_LAMBDA_FUNCTION_NAME). */
export function sessionNameFor(functionName: string | undefined): string {
  const cleaned = (functionName ?? '').replace(SESSION_NAME_UNSAFE, '-').slice(0, SESSION_NAME_MAX);
  return cleaned.length >= 2 ? cleaned : DEFAULT_SESSION_NAME;
}

export function zoneRoleCredentials(options: ZoneRoleOptions): CredentialProvider {
  const assume = fromTemporaryCredentials({
    params: { RoleArn: options.roleArn, RoleSessionName: sessionNameFor(process.env.AWS_LAMBDA_FUNCTION_NAME) },
    ...(options.clientConfig ? { clientConfig: options.clientConfig } : {}),
  });
  return async (properties) => {
    try {
      return await assume(properties);
    } catch (error) {
      throw new ZoneRoleError(options.roleArn, { cause: error });
    }
  };
}
