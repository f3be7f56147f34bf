// Route 53 in another account: the Route 53 client signs with credentials from STS AssumeRole of
// ZONE_ROLE_ARN (the SDK's own provider); ElastiCache keeps the function's own credentials.
// STS is mocked (aws-sdk-client-mock); Route 53 runs its real middleware stack against a
// scripted loopback server, so the test sees which access key signed each request.
// fromTemporaryCredentials loads its STS client from the SDK's nested clients: mock that class.
import { AssumeRoleCommand, STSClient } from '@aws-sdk/nested-clients/sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ZoneRoleError } from '../../lambda/src/errors.js';
import { Route53ZoneStore } from '../../lambda/src/route53.js';
import { sessionNameFor } from '../../lambda/src/zone-role.js';
import { clientsAgainst, ROUTE53_NS } from '../../testkit/fakes/scripted-server.js';
import { schemeFor } from '../../testkit/fakes/zone-views.js';

const ROLE = 'arn:aws:iam::222222222222:role/replica-dns-zone';
const OWN = { accessKeyId: 'AKIAFUNCTIONOWN', secretAccessKey: 'own-secret' };
const empty = `<?xml version="1.0"?><ListResourceRecordSetsResponse xmlns="${ROUTE53_NS}"><ResourceRecordSets></ResourceRecordSets><IsTruncated>false</IsTruncated><MaxItems>300</MaxItems></ListResourceRecordSetsResponse>`;
const sts = mockClient(STSClient);

function assumed(accessKeyId: string, expiresInMs = 3_600_000) {
  return {
    Credentials: { AccessKeyId: accessKeyId, SecretAccessKey: 'zone-secret', SessionToken: 'zone-token', Expiration: new Date(Date.now() + expiresInMs) },
  };
}

/** The access key in a SigV4 Authorization header. */
const signer = (headers: Readonly<Record<string, string>>) => /Credential=([^/]+)\//.exec(headers.authorization ?? '')?.[1];

/** The reconciler's clients with the zone role, a server answering two empty listings, and a zone store over them. */
async function twoListingsWithZoneRole() {
  const { server, clients } = await clientsAgainst(
    [
      { status: 200, body: empty },
      { status: 200, body: empty },
    ],
    OWN,
    { zoneRoleArn: ROLE },
  );
  return { server, clients, store: new Route53ZoneStore(clients.route53, 'Z0FAKE', schemeFor(false)) };
}

beforeEach(() => sts.reset());
afterEach(() => {
  sts.reset();
  vi.useRealTimers();
});

describe('Route 53 credentials with a zone role', () => {
  it('signs Route 53 calls with the assumed role, assumed once, with a session name naming the function', async () => {
    sts.on(AssumeRoleCommand).resolves(assumed('ASIAZONEROLE'));
    vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'orders-replica-dns');
    const { server, clients, store } = await twoListingsWithZoneRole();
    await store.list();
    await store.list();

    expect(server.requests.map((r) => signer(r.headers))).toEqual(['ASIAZONEROLE', 'ASIAZONEROLE']);
    expect(server.requests[0]!.headers['x-amz-security-token']).toBe('zone-token');
    const calls = sts.commandCalls(AssumeRoleCommand);
    expect(calls).toHaveLength(1); // memoized by the Route 53 client until near expiry
    expect(calls[0]!.args[0].input).toEqual({ RoleArn: ROLE, RoleSessionName: 'orders-replica-dns' });
    // ElastiCache stays on the function's own role.
    expect(await clients.elasticache.config.credentials()).toMatchObject({ accessKeyId: OWN.accessKeyId });
  });

  it('assumes the role again when the session is about to expire', async () => {
    // The SDK refreshes credentials that expire within 5 minutes: 6 minutes left, then 4.
    vi.useFakeTimers({ toFake: ['Date'] });
    sts.on(AssumeRoleCommand).resolvesOnce(assumed('ASIAFIRST', 6 * 60_000)).resolves(assumed('ASIASECOND'));
    const { server, store } = await twoListingsWithZoneRole();
    await store.list();
    vi.setSystemTime(Date.now() + 2 * 60_000);
    await store.list();
    expect(server.requests.map((r) => signer(r.headers))).toEqual(['ASIAFIRST', 'ASIASECOND']);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
  });

  it('without a zone role, Route 53 uses the function\'s own credentials and STS is never called', async () => {
    const { server, clients } = await clientsAgainst([{ status: 200, body: empty }], OWN);
    await new Route53ZoneStore(clients.route53, 'Z0FAKE', schemeFor(false)).list();
    expect(server.requests.map((r) => signer(r.headers))).toEqual([OWN.accessKeyId]);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(0);
  });

  it('a refused AssumeRole is a ZoneRoleError naming the role and what to check, with the cause, and no Route 53 request', async () => {
    const denied = Object.assign(new Error('User: arn:aws:sts::111111111111:assumed-role/r/s is not authorized to perform: sts:AssumeRole'), {
      name: 'AccessDenied',
    });
    sts.on(AssumeRoleCommand).rejects(denied);
    const { server, clients } = await clientsAgainst([{ status: 200, body: empty }], OWN, { zoneRoleArn: ROLE });
    const failure = await new Route53ZoneStore(clients.route53, 'Z0FAKE', schemeFor(false)).list().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(ZoneRoleError);
    const error = failure as ZoneRoleError;
    expect(error.name).toBe('ZoneRoleError');
    expect(error.roleArn).toBe(ROLE);
    expect(error.cause).toBe(denied);
    expect(error.message).toContain(ROLE);
    expect(error.message).toMatch(/trust policy/);
    expect(error.message).toMatch(/sts:AssumeRole/);
    expect(error.message).toContain('AccessDenied');
    expect(server.requests).toHaveLength(0);
  });
});

describe('sessionNameFor', () => {
  it.each([
    ['orders-replica-dns', 'orders-replica-dns'],
    ['a'.repeat(80), 'a'.repeat(64)],
    ['with space:colon', 'with-space-colon'],
    [undefined, 'elasticache-replica-dns'],
    ['x', 'elasticache-replica-dns'],
  ])('%s → %s', (input, expected) => {
    expect(sessionNameFor(input)).toBe(expected);
  });
});
