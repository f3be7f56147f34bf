// Lambda entry point (handler `index.handler`). Configuration is read once at cold start:
// a misconfigured function fails its init with one line naming the variable. SDK clients
// are created once and reused by every invocation of this execution environment.
import { createClients } from './clients.js';
import { loadSettings } from './config.js';
import { describeError, logRun, writeStdout } from './log.js';
import { createHandler, type Handler } from './handler.js';
import { Route53ZoneStore } from './route53.js';
import { ElastiCacheTopologyReader } from './topology.js';

function init(): Handler {
  try {
    const { config, scheme } = loadSettings(process.env);
    const clients = createClients({ zoneRoleArn: config.zoneRoleArn });
    return createHandler({
      config,
      scheme,
      topology: new ElastiCacheTopologyReader(clients.elasticache),
      zone: new Route53ZoneStore(clients.route53, config.hostedZoneId, scheme),
      // Another configuration's zone (convergence): its own zone role, if any, else these clients.
      zoneFor: (other) =>
        new Route53ZoneStore(
          other.config.zoneRoleArn === config.zoneRoleArn ? clients.route53 : createClients({ zoneRoleArn: other.config.zoneRoleArn }).route53,
          other.config.hostedZoneId,
          other.scheme,
        ),
      traceHeader: () => process.env._X_AMZN_TRACE_ID,
    });
  } catch (error) {
    const invocation = { coldStart: true, functionName: process.env.AWS_LAMBDA_FUNCTION_NAME, memoryLimitInMB: process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE };
    logRun(writeStdout, 'ERROR', new Date().toISOString(), invocation, { outcome: 'init-failed', error: describeError(error) });
    throw error;
  }
}

export const handler: Handler = init();
