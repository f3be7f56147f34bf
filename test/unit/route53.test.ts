import { ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { Route53ZoneStore } from '../../lambda/src/route53.js';
import { FakeZone } from '../../testkit/fakes/fake-zone.js';
import { azName, schemeFor, slot } from '../../testkit/fakes/zone-views.js';

const client = new Route53Client({ region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
const mock = mockClient(Route53Client);
afterEach(() => mock.reset());

function zoneWithNeighbours(): FakeZone {
  const zone = new FakeZone();
  // Names around and between ours in Route 53 order (read17 sorts between read16 and read2), none of them ours.
  for (const name of ['api', 'db', 'queue', 'read', 'reader', 'read0', 'read17', 'read99', 'www', 'zz']) {
    zone.put({ name: `${name}.cache.example.internal`, type: 'CNAME', ttl: 60, values: [`${name}.target`] });
  }
  zone.put({ name: slot(2), type: 'CNAME', ttl: 10, values: ['b.example'] });
  zone.put({ name: `_owner.${slot(2)}`, type: 'TXT', ttl: 10, values: ['"x"'] });
  zone.put({ name: azName('us-east-1a'), type: 'CNAME', ttl: 10, values: ['c.example'] });
  return zone;
}

describe('Route53ZoneStore.list', () => {
  it('reads one page from the first candidate name and returns only candidate names', async () => {
    // Prepare
    const zone = zoneWithNeighbours();
    mock.on(ListResourceRecordSetsCommand).callsFake((input) => zone.list(input));
    // Act
    const sets = await new Route53ZoneStore(client, 'Z0FAKE', schemeFor(false)).list();
    // Assess
    expect(mock.commandCalls(ListResourceRecordSetsCommand).map((c) => c.args[0].input)).toEqual([
      { HostedZoneId: 'Z0FAKE', StartRecordName: slot(1), MaxItems: 300 },
    ]);
    expect(sets.map((s) => `${s.type} ${s.name}`)).toEqual([`CNAME ${slot(2)}`, `TXT _owner.${slot(2)}`]);
  });

  it('starts at the AZ names when an AZ template is set', async () => {
    const zone = zoneWithNeighbours();
    mock.on(ListResourceRecordSetsCommand).callsFake((input) => zone.list(input));
    const sets = await new Route53ZoneStore(client, 'Z0FAKE', schemeFor(true)).list();
    expect(zone.listStarts).toEqual(['read-.cache.example.internal']);
    expect(sets.map((s) => s.name)).toEqual([azName('us-east-1a'), slot(2), `_owner.${slot(2)}`]);
  });

  it('follows NextRecordName while pages stay inside the range, and stops past it', async () => {
    // Prepare: many AZ-like names force several small pages
    const zone = zoneWithNeighbours();
    for (let i = 0; i < 7; i++) zone.put({ name: azName(`zone-${i}`), type: 'CNAME', ttl: 10, values: ['z'] });
    mock.on(ListResourceRecordSetsCommand).callsFake((input) => zone.list({ ...input, MaxItems: 3 }));
    // Act
    const sets = await new Route53ZoneStore(client, 'Z0FAKE', schemeFor(true)).list();
    // Assess: every candidate found; paging stopped before www/zz
    expect(sets).toHaveLength(10);
    const calls = mock.commandCalls(ListResourceRecordSetsCommand).map((c) => c.args[0].input);
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.slice(1).every((input) => input.StartRecordName !== undefined && input.StartRecordType !== undefined)).toBe(true);
    expect(calls.some((input) => input.StartRecordName?.startsWith('www') || input.StartRecordName?.startsWith('zz'))).toBe(false);
  });

  it('maps weighted and alias record sets as routing records', async () => {
    mock.on(ListResourceRecordSetsCommand).resolves({
      ResourceRecordSets: [
        { Name: `${slot(1)}.`, Type: 'CNAME', SetIdentifier: 'w1', Weight: 1, TTL: 10, ResourceRecords: [{ Value: 'x' }] },
        { Name: `${slot(2)}.`, Type: 'A', AliasTarget: { HostedZoneId: 'Z', DNSName: 'x', EvaluateTargetHealth: false } },
      ],
      IsTruncated: false,
      MaxItems: 300,
    });
    const sets = await new Route53ZoneStore(client, 'Z0FAKE', schemeFor(false)).list();
    expect(sets).toEqual([
      { name: slot(1), type: 'CNAME', ttl: 10, values: ['x'], routingPolicy: true },
      { name: slot(2), type: 'A', values: [], routingPolicy: true },
    ]);
  });
});

describe('Route53ZoneStore.apply', () => {
  it('sends every change in one ChangeResourceRecordSets call', async () => {
    mock.on(ChangeResourceRecordSetsCommand).resolves({ ChangeInfo: { Id: 'c', Status: 'PENDING', SubmittedAt: new Date(0) } });
    await new Route53ZoneStore(client, 'Z0FAKE', schemeFor()).apply(
      [
        { action: 'DELETE', record: { name: slot(1), type: 'CNAME', ttl: 10, values: ['a'] } },
        { action: 'CREATE', record: { name: slot(1), type: 'CNAME', ttl: 10, values: ['b'] } },
      ],
      'why',
    );
    const calls = mock.commandCalls(ChangeResourceRecordSetsCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({
      HostedZoneId: 'Z0FAKE',
      ChangeBatch: {
        Comment: 'why',
        Changes: [
          { Action: 'DELETE', ResourceRecordSet: { Name: slot(1), Type: 'CNAME', TTL: 10, ResourceRecords: [{ Value: 'a' }] } },
          { Action: 'CREATE', ResourceRecordSet: { Name: slot(1), Type: 'CNAME', TTL: 10, ResourceRecords: [{ Value: 'b' }] } },
        ],
      },
    });
  });
});
