// An in-process fake of the two AWS APIs the reconciler calls, over real HTTP on loopback,
// so the *bundled* handler (its own copy of the SDK, its serializers, retry and endpoint
// resolution through AWS_ENDPOINT_URL) runs unchanged. ElastiCache speaks the Query protocol
// (POST / with a form body), Route 53 the REST-XML protocol (/2013-04-01/...). State lives in
// the same fakes as the unit tests (testkit/fakes).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Change } from '@aws-sdk/client-route-53';
import { FakeGroup, type GroupSpec } from '../testkit/fakes/fake-group.js';
import { FakeZone } from '../testkit/fakes/fake-zone.js';

const EC_NS = 'http://elasticache.amazonaws.com/doc/2015-02-02/';
const R53_NS = 'https://route53.amazonaws.com/doc/2013-04-01/';

export interface CallCounters {
  readonly elasticacheCalls: number;
  readonly route53Reads: number;
  readonly route53Writes: number;
}

export type Operation = 'DescribeReplicationGroups' | 'DescribeCacheClusters' | 'ListResourceRecordSets' | 'ChangeResourceRecordSets';

export interface FakeAws {
  readonly endpoint: string;
  /** HTTP requests received per operation, faults included. */
  readonly requests: Record<string, number>;
  /** Answer the next `count` requests of `operation` with an AWS error (e.g. Throttling). */
  injectFault(operation: Operation, code: string, count?: number): void;
  group: FakeGroup;
  zone: FakeZone;
  /** Fresh zone and group state (counters start at zero). */
  reset(spec: GroupSpec | undefined): void;
  counters(): CallCounters;
  resetCounters(): void;
  close(): Promise<void>;
}

export async function startFakeAws(zoneId: string, zoneName: string, spec?: GroupSpec): Promise<FakeAws> {
  const state: State = { group: new FakeGroup(spec), zone: new FakeZone(zoneId, zoneName), faults: [], requests: {} };
  const server = createServer((request, response) => {
    handle(state, request, response).catch((error: unknown) => {
      const name = error instanceof Error ? error.name : 'InternalFailure';
      const message = error instanceof Error ? error.message : String(error);
      const isR53 = (request.url ?? '').startsWith('/2013-04-01/');
      send(response, name === 'InternalFailure' ? 500 : 400, errorXml(isR53 ? R53_NS : EC_NS, name, message));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests: state.requests,
    injectFault(operation, code, count = 1) {
      for (let i = 0; i < count; i++) state.faults.push({ operation, code });
    },
    get group() {
      return state.group;
    },
    set group(group) {
      state.group = group;
    },
    get zone() {
      return state.zone;
    },
    set zone(zone) {
      state.zone = zone;
    },
    reset(next) {
      state.group = new FakeGroup(next);
      state.zone = new FakeZone(zoneId, zoneName);
      state.faults.length = 0;
      for (const key of Object.keys(state.requests)) delete state.requests[key];
    },
    counters: () => ({
      elasticacheCalls: state.group.calls,
      route53Reads: state.zone.reads,
      route53Writes: state.zone.writes,
    }),
    resetCounters() {
      state.group.describeGroupCalls = 0;
      state.group.describeClusterCalls = 0;
      state.zone.reads = 0;
      state.zone.writes = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

interface State {
  group: FakeGroup;
  zone: FakeZone;
  faults: Array<{ operation: Operation; code: string }>;
  requests: Record<string, number>;
}

function operationOf(method: string | undefined, path: string, body: string): string {
  if (path.startsWith('/2013-04-01/')) return method === 'GET' ? 'ListResourceRecordSets' : 'ChangeResourceRecordSets';
  return new URLSearchParams(body).get('Action') ?? 'Unknown';
}

async function handle(state: State, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const body = await readBody(request);
  const url = new URL(request.url ?? '/', 'http://fake');
  const operation = operationOf(request.method, url.pathname, body);
  state.requests[operation] = (state.requests[operation] ?? 0) + 1;
  const fault = state.faults.findIndex((f) => f.operation === operation);
  if (fault >= 0) {
    const { code } = state.faults.splice(fault, 1)[0]!;
    throw Object.assign(new Error(`injected ${code}`), { name: code });
  }
  const rrset = /^\/2013-04-01\/hostedzone\/([^/]+)\/rrset\/?$/.exec(url.pathname);
  if (rrset && request.method === 'GET') {
    const page = state.zone.list({
      HostedZoneId: rrset[1],
      ...(url.searchParams.get('name') ? { StartRecordName: url.searchParams.get('name')! } : {}),
      ...(url.searchParams.get('type') ? { StartRecordType: url.searchParams.get('type') as never } : {}),
      ...(url.searchParams.get('maxitems') ? { MaxItems: Number(url.searchParams.get('maxitems')) } : {}),
    });
    const sets = (page.ResourceRecordSets ?? [])
      .map((s) => `<ResourceRecordSet><Name>${x(s.Name!)}</Name><Type>${s.Type}</Type><TTL>${s.TTL}</TTL><ResourceRecords>${(s.ResourceRecords ?? []).map((r) => `<ResourceRecord><Value>${x(r.Value!)}</Value></ResourceRecord>`).join('')}</ResourceRecords></ResourceRecordSet>`)
      .join('');
    const next = page.NextRecordName ? `<NextRecordName>${x(page.NextRecordName)}</NextRecordName><NextRecordType>${page.NextRecordType}</NextRecordType>` : '';
    return send(response, 200, `<?xml version="1.0" encoding="UTF-8"?><ListResourceRecordSetsResponse xmlns="${R53_NS}"><ResourceRecordSets>${sets}</ResourceRecordSets><IsTruncated>${page.IsTruncated}</IsTruncated>${next}<MaxItems>${page.MaxItems}</MaxItems></ListResourceRecordSetsResponse>`);
  }
  if (rrset && request.method === 'POST') {
    state.zone.change(parseChanges(body));
    return send(response, 200, `<?xml version="1.0" encoding="UTF-8"?><ChangeResourceRecordSetsResponse xmlns="${R53_NS}"><ChangeInfo><Id>/change/C${state.zone.writes}</Id><Status>PENDING</Status><SubmittedAt>2020-01-01T00:00:00Z</SubmittedAt></ChangeInfo></ChangeResourceRecordSetsResponse>`);
  }
  if (url.pathname === '/' && request.method === 'POST') {
    const form = new URLSearchParams(body);
    const action = form.get('Action');
    if (action === 'DescribeReplicationGroups') {
      const output = state.group.describeReplicationGroups({ ReplicationGroupId: form.get('ReplicationGroupId') ?? undefined });
      const groups = (output.ReplicationGroups ?? []).map((g) => `<ReplicationGroup>${fields(g, {
        MemberClusters: (ids: string[]) => ids.map((id) => `<ClusterId>${x(id)}</ClusterId>`).join(''),
        NodeGroups: (ngs: object[]) => ngs.map((ng) => `<NodeGroup>${fields(ng, {
          NodeGroupMembers: (ms: object[]) => ms.map((m) => `<NodeGroupMember>${fields(m, {})}</NodeGroupMember>`).join(''),
        })}</NodeGroup>`).join(''),
      })}</ReplicationGroup>`);
      return send(response, 200, queryResponse('DescribeReplicationGroups', `<ReplicationGroups>${groups.join('')}</ReplicationGroups>`));
    }
    if (action === 'DescribeCacheClusters') {
      const output = state.group.describeCacheClusters({ CacheClusterId: form.get('CacheClusterId') ?? undefined, ShowCacheNodeInfo: form.get('ShowCacheNodeInfo') === 'true' });
      const clusters = (output.CacheClusters ?? []).map((c) => `<CacheCluster>${fields(c, {
        CacheNodes: (nodes: object[]) => nodes.map((n) => `<CacheNode>${fields(n, {})}</CacheNode>`).join(''),
      })}</CacheCluster>`);
      return send(response, 200, queryResponse('DescribeCacheClusters', `<CacheClusters>${clusters.join('')}</CacheClusters>`));
    }
    throw Object.assign(new Error(`unsupported ElastiCache action ${action}`), { name: 'InvalidAction' });
  }
  throw Object.assign(new Error(`unsupported ${request.method} ${url.pathname}`), { name: 'UnknownOperation' });
}

/** Serialize a flat-ish SDK output object as Query-protocol XML, with custom list members. */
function fields(value: object, lists: Record<string, (items: never[]) => string>): string {
  return Object.entries(value)
    .filter(([, v]) => v !== undefined)
    .map(([key, v]) => {
      if (lists[key]) return `<${key}>${lists[key]!(v as never[])}</${key}>`;
      if (v instanceof Date) return `<${key}>${v.toISOString()}</${key}>`;
      if (typeof v === 'object' && v !== null) return `<${key}>${fields(v as object, {})}</${key}>`;
      return `<${key}>${x(String(v))}</${key}>`;
    })
    .join('');
}

function queryResponse(action: string, result: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><${action}Response xmlns="${EC_NS}"><${action}Result>${result}</${action}Result><ResponseMetadata><RequestId>fake</RequestId></ResponseMetadata></${action}Response>`;
}

function errorXml(ns: string, code: string, message: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?><ErrorResponse xmlns="${ns}"><Error><Type>Sender</Type><Code>${x(code)}</Code><Message>${x(message)}</Message></Error><RequestId>fake</RequestId></ErrorResponse>`;
}

function parseChanges(xml: string): Change[] {
  return [...xml.matchAll(/<Change>([\s\S]*?)<\/Change>/g)].map(([, change]) => ({
    Action: tag(change!, 'Action') as never,
    ResourceRecordSet: {
      Name: tag(change!, 'Name'),
      Type: tag(change!, 'Type') as never,
      TTL: Number(tag(change!, 'TTL')),
      ResourceRecords: [...change!.matchAll(/<Value>([\s\S]*?)<\/Value>/g)].map(([, v]) => ({ Value: unx(v!) })),
    },
  }));
}

function tag(xml: string, name: string): string {
  return unx(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml)?.[1] ?? '');
}

function x(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function unx(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&amp;/g, '&');
}

function send(response: ServerResponse, status: number, body: string): void {
  response.writeHead(status, { 'content-type': 'text/xml', 'x-amzn-requestid': 'fake', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
