// An SDK HTTP handler that answers each request with the next scripted response and records the
// requests, so the real middleware stack (signing, retries, credentials) runs without a network.
import { Readable } from 'node:stream';

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly query: unknown;
  readonly headers: Readonly<Record<string, string>>;
}

export const ROUTE53_NS = 'https://route53.amazonaws.com/doc/2013-04-01/';

export const route53Error = (code: string) =>
  `<?xml version="1.0"?><ErrorResponse xmlns="${ROUTE53_NS}"><Error><Type>Sender</Type><Code>${code}</Code><Message>${code}</Message></Error><RequestId>r</RequestId></ErrorResponse>`;

export function scriptedHandler(script: Array<{ status: number; body: string }>) {
  const requests: RecordedRequest[] = [];
  return {
    requests,
    handle: async (request: RecordedRequest) => {
      requests.push({ method: request.method, path: request.path, query: request.query, headers: { ...request.headers } });
      const next = script.shift() ?? { status: 500, body: route53Error('ScriptExhausted') };
      return {
        response: {
          statusCode: next.status,
          reason: '',
          headers: { 'content-type': 'text/xml', 'x-amzn-requestid': 'r' },
          body: Readable.from([Buffer.from(next.body)]),
        },
      };
    },
    updateHttpClientConfig: () => undefined,
    httpHandlerConfigs: () => ({}),
  };
}
