// Throttling is left to the SDK's standard retry strategy: exercise the real middleware stack
// (no aws-sdk-client-mock here) against a loopback server that answers with Route 53 errors first.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SDK_MAX_ATTEMPTS } from '../../lambda/src/clients.js';
import { Route53ZoneStore } from '../../lambda/src/route53.js';
import { clientsAgainst, ROUTE53_NS, route53Error } from '../../testkit/fakes/scripted-server.js';
import { schemeFor } from '../../testkit/fakes/zone-views.js';

const ok = `<?xml version="1.0"?><ListResourceRecordSetsResponse xmlns="${ROUTE53_NS}"><ResourceRecordSets><ResourceRecordSet><Name>read1.cache.example.internal.</Name><Type>CNAME</Type><TTL>10</TTL><ResourceRecords><ResourceRecord><Value>a.example</Value></ResourceRecord></ResourceRecords></ResourceRecordSet></ResourceRecordSets><IsTruncated>false</IsTruncated><MaxItems>300</MaxItems></ListResourceRecordSetsResponse>`;
const error = route53Error;

const OWN = { accessKeyId: 'a', secretAccessKey: 'b' };
afterEach(() => vi.restoreAllMocks());

describe('SDK retry of throttled Route 53 calls', () => {
  it('retries Throttling and PriorRequestNotComplete, then succeeds', async () => {
    // Prepare: zero jitter so the backoff does not slow the test
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const { server, clients } = await clientsAgainst(
      [
        { status: 400, body: error('Throttling') },
        { status: 400, body: error('PriorRequestNotComplete') },
        { status: 200, body: ok },
      ],
      OWN,
    );
    // Act
    const sets = await new Route53ZoneStore(clients.route53, 'Z0FAKE', schemeFor(false)).list();
    // Assess
    expect(sets.map((s) => s.name)).toEqual(['read1.cache.example.internal']);
    expect(server.requests).toHaveLength(3);
    expect(server.requests[0]).toMatchObject({ method: 'GET', path: '/2013-04-01/hostedzone/Z0FAKE/rrset' });
  });

  it(`gives up after ${SDK_MAX_ATTEMPTS} attempts and surfaces the throttling error`, async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const { server, clients } = await clientsAgainst(Array.from({ length: 10 }, () => ({ status: 400, body: error('Throttling') })), OWN);
    await expect(new Route53ZoneStore(clients.route53, 'Z0FAKE', schemeFor(false)).list()).rejects.toMatchObject({
      name: 'Throttling',
      $metadata: { attempts: SDK_MAX_ATTEMPTS },
    });
    expect(server.requests).toHaveLength(SDK_MAX_ATTEMPTS);
  });

  it('does not retry an InvalidChangeBatch (the reconciler re-plans instead)', async () => {
    const { server, clients } = await clientsAgainst([{ status: 400, body: error('InvalidChangeBatch') }], OWN);
    const store = new Route53ZoneStore(clients.route53, 'Z0FAKE', schemeFor(false));
    await expect(store.apply([{ action: 'CREATE', record: { name: 'read1.cache.example.internal', type: 'CNAME', ttl: 10, values: ['a'] } }], 'c')).rejects.toMatchObject({
      name: 'InvalidChangeBatch',
    });
    expect(server.requests).toHaveLength(1);
  });
});
