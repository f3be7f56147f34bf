// A loopback HTTP server that answers each request with the next scripted response and records
// the requests. The reconciler's clients reach it as they reach AWS or the emulator: through the
// environment Lambda sets (region, credentials, AWS_ENDPOINT_URL), so the real middleware stack
// (signing, retries, credentials) and the real HTTP handler run.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { onTestFinished, vi } from 'vitest';
import { createClients, type ClientOptions, type Clients } from '../../lambda/src/clients.js';

export interface RecordedRequest {
  readonly method: string;
  /** Without the query string. */
  readonly path: string;
  readonly query: string;
  /** Lowercase names, as Node delivers them. */
  readonly headers: Readonly<Record<string, string>>;
}

export interface ScriptedResponse {
  readonly status: number;
  readonly body: string;
}

export interface ScriptedServer {
  /** `http://127.0.0.1:<port>`: the value of AWS_ENDPOINT_URL. */
  readonly endpoint: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

export const ROUTE53_NS = 'https://route53.amazonaws.com/doc/2013-04-01/';

export const route53Error = (code: string) =>
  `<?xml version="1.0"?><ErrorResponse xmlns="${ROUTE53_NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${code}</Message></Error><RequestId>r</RequestId></ErrorResponse>`;

export async function scriptedServer(script: ScriptedResponse[]): Promise<ScriptedServer> {
  const requests: RecordedRequest[] = [];
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () => {
      const [path, query = ''] = (request.url ?? '').split('?', 2);
      const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
      requests.push({ method: request.method ?? '', path: path!, query, headers });
      const next = script.shift() ?? { status: 500, body: route53Error('ScriptExhausted') };
      response.writeHead(next.status, { 'content-type': 'text/xml', 'x-amzn-requestid': 'r' }).end(next.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** The reconciler's clients (createClients, as index.ts calls it) and the server they reach. */
export interface ScriptedClients {
  readonly server: ScriptedServer;
  readonly clients: Clients;
}

/**
 * Starts a scripted server and creates the reconciler's clients with the environment Lambda sets
 * for the function's own role, pointed at the server (AWS_PROFILE and AWS_SESSION_TOKEN unset, so
 * nothing else on the machine takes part). Call it inside a test: both are undone when it ends.
 */
export async function clientsAgainst(
  script: ScriptedResponse[],
  credentials: { readonly accessKeyId: string; readonly secretAccessKey: string },
  options: ClientOptions = {},
): Promise<ScriptedClients> {
  const server = await scriptedServer(script);
  const environment = {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: credentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: credentials.secretAccessKey,
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    AWS_ENDPOINT_URL: server.endpoint,
  };
  for (const [name, value] of Object.entries(environment)) vi.stubEnv(name, value);
  const clients = createClients(options);
  onTestFinished(async () => {
    clients.elasticache.destroy();
    clients.route53.destroy();
    vi.unstubAllEnvs();
    await server.close();
  });
  return { server, clients };
}
