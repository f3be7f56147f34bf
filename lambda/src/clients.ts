// SDK clients, created once per execution environment. Bare clients plus only the commands
// used keep the bundle small. Endpoints come from the SDK's own configuration, including
// AWS_ENDPOINT_URL (the emulator sets it).
import { ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { Route53Client } from '@aws-sdk/client-route-53';
import { zoneRoleCredentials } from './zone-role.js';

/**
 * Throttling and PriorRequestNotComplete (Route 53's quota is per account, shared with
 * everything in it) are retried by the SDK's standard strategy with jittered backoff.
 */
export const SDK_MAX_ATTEMPTS = 5;

export interface Clients {
  readonly elasticache: ElastiCacheClient;
  readonly route53: Route53Client;
}

export interface ClientOptions {
  /** Route 53 calls use this role (in the zone's account) through STS AssumeRole. */
  readonly zoneRoleArn?: string | undefined;
}

/** Region, credentials and endpoint come from the environment Lambda (or the emulator) sets. */
export function createClients(options: ClientOptions = {}): Clients {
  const config = {
    maxAttempts: SDK_MAX_ATTEMPTS,
    retryMode: 'standard',
    // Bound each HTTP attempt so a stuck connection is retried well within the function timeout.
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 10_000 },
  };
  const { zoneRoleArn } = options;
  // STS is called with the function's own credentials and the same retries and timeouts.
  const route53Config = zoneRoleArn ? { ...config, credentials: zoneRoleCredentials({ roleArn: zoneRoleArn, clientConfig: config }) } : config;
  return { elasticache: new ElastiCacheClient(config), route53: new Route53Client(route53Config) };
}
