// Lambda entry point (handler `index.handler`). Configuration is read once at cold start:
// a misconfigured function fails its init with one line naming the variable. SDK clients
// are created once and reused by every invocation of this execution environment.
import { createClients } from './clients.js';
import { loadConfig } from './config.js';
import { describeError, logRun, writeStdout } from './log.js';
import { createHandler, nameSchemeFor, type Handler } from './handler.js';
import { Route53ZoneStore } from './route53.js';
import { ElastiCacheTopologyReader } from './topology.js';

function init(): Handler {
  try {
    const config = loadConfig(process.env);
    const clients = createClients({}, { zoneRoleArn: config.zoneRoleArn });
    return createHandler({
      config,
      topology: new ElastiCacheTopologyReader(clients.elasticache),
      zone: new Route53ZoneStore(clients.route53, config.hostedZoneId, nameSchemeFor(config)),
    });
  } catch (error) {
    logRun(writeStdout, 'error', { timestamp: new Date().toISOString(), cold_start: true, outcome: 'init-failed', error: describeError(error) });
    throw error;
  }
}

export const handler: Handler = init();
