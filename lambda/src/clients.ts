// SDK clients, created once per execution environment. Bare clients plus only the commands
// used keep the bundle small. Endpoints come from the SDK's own configuration, including
// AWS_ENDPOINT_URL (the emulator sets it).
import { ElastiCacheClient, type ElastiCacheClientConfig } from '@aws-sdk/client-elasticache';
import { Route53Client, type Route53ClientConfig } from '@aws-sdk/client-route-53';

/**
 * Throttling and PriorRequestNotComplete (Route 53's quota is per account, shared with
 * everything in it) are retried by the SDK's standard strategy with jittered backoff.
 */
export const SDK_MAX_ATTEMPTS = 5;

type SharedConfig = Pick<Route53ClientConfig & ElastiCacheClientConfig, 'requestHandler' | 'maxAttempts' | 'region' | 'credentials'>;

export interface Clients {
  readonly elasticache: ElastiCacheClient;
  readonly route53: Route53Client;
}

export function createClients(overrides: SharedConfig = {}): Clients {
  const config = {
    maxAttempts: SDK_MAX_ATTEMPTS,
    retryMode: 'standard',
    // Bound each HTTP attempt so a stuck connection is retried well within the function timeout.
    requestHandler: { connectionTimeout: 3_000, requestTimeout: 10_000 },
    ...overrides,
  };
  return { elasticache: new ElastiCacheClient(config), route53: new Route53Client(config) };
}
