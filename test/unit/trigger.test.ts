import { describe, expect, it } from 'vitest';
import { classifyEvent, subjectIsMember } from '../../lambda/src/trigger.js';
import { scheduledEvent, snsEvent, terraformEvent } from '../../testkit/fakes/fixtures.js';

const GROUP = 'orders';

describe('classifyEvent', () => {
  it.each([
    'ElastiCache:FailoverComplete',
    'ElastiCache:CacheNodeReplaceComplete',
    'ElastiCache:CacheClusterProvisioningComplete',
    'ElastiCache:DeleteCacheClusterComplete',
    'ElastiCache:RemoveCacheNodeComplete',
    'ElastiCache:AddCacheNodeComplete',
    'ElastiCache:ReplicationGroupScalingComplete',
    'ElastiCache:ReplicationGroupIncreaseReplicaCountFinished',
    'ElastiCache:SomeEventNotInventedYet',
  ])('accepts the ElastiCache event %s about a member cluster', (eventName) => {
    // Act
    const trigger = classifyEvent(snsEvent(eventName, 'orders-002'), GROUP);
    // Assess
    expect(trigger).toEqual({ kind: 'sns', event: eventName, subject: 'orders-002', knownMember: true });
  });

  it('accepts an event about the group itself', () => {
    expect(classifyEvent(snsEvent('ElastiCache:FailoverComplete', 'orders'), GROUP)).toMatchObject({ kind: 'sns', knownMember: true });
  });

  it('leaves a cluster id without the group prefix to the membership check after the topology read', () => {
    const trigger = classifyEvent(snsEvent('ElastiCache:FailoverComplete', 'legacy-primary'), GROUP);
    expect(trigger).toEqual({ kind: 'sns', event: 'ElastiCache:FailoverComplete', subject: 'legacy-primary', knownMember: false });
  });

  it('does not take a group whose id merely starts with ours as ours', () => {
    expect(classifyEvent(snsEvent('ElastiCache:FailoverComplete', 'ordersx-001'), GROUP)).toMatchObject({ knownMember: false });
  });

  it.each(['orders-2-002', 'orders-eu-001', 'orders-0001-001', 'orders-01'])(
    'leaves %s (another group\'s member whose id starts with ours and a dash) to the exact membership check',
    (subject) => {
      expect(classifyEvent(snsEvent('ElastiCache:FailoverComplete', subject), GROUP)).toMatchObject({ kind: 'sns', knownMember: false });
    },
  );

  it('knows a node event of a member (`<cluster> <node>`)', () => {
    expect(classifyEvent(snsEvent('ElastiCache:CacheNodeReplaceComplete', 'orders-003 0001'), GROUP)).toMatchObject({ knownMember: true });
  });

  it.each([
    ['not JSON', { Records: [{ EventSource: 'aws:sns', Sns: { Message: 'ElastiCache:FailoverComplete orders-001' } }] }, /not JSON/],
    ['a JSON array', { Records: [{ EventSource: 'aws:sns', Sns: { Message: '["ElastiCache:FailoverComplete"]' } }] }, /not a JSON object/],
    ['a non-ElastiCache key', snsEvent('EC2:InstanceStopped', 'orders-001'), /not one ElastiCache event/],
    ['a bare prefix key', snsEvent('ElastiCache:', 'orders-001'), /not one ElastiCache event/],
    ['two keys', { Records: [{ EventSource: 'aws:sns', Sns: { Message: '{"ElastiCache:A":"orders","ElastiCache:B":"orders"}' } }] }, /not one ElastiCache event/],
    ['a numeric subject', snsEvent('ElastiCache:FailoverComplete', 7), /names no cluster/],
    ['an empty subject', snsEvent('ElastiCache:FailoverComplete', '  '), /names no cluster/],
    ['several records', { Records: [(snsEvent('ElastiCache:A', 'orders') as { Records: unknown[] }).Records[0], (snsEvent('ElastiCache:B', 'orders') as { Records: unknown[] }).Records[0]] }, /exactly one SNS record, got 2/],
    ['no records', { Records: [] }, /got 0/],
    ['an SQS record', { Records: [{ eventSource: 'aws:sqs', EventSource: 'aws:sqs', body: '{}' }] }, /not an SNS notification/],
    ['a non-string message', { Records: [{ EventSource: 'aws:sns', Sns: { Message: { a: 1 } } }] }, /not a string/],
    ['an unknown object', { hello: 'world' }, /unrecognized payload/],
    ['a string payload', 'reconcile', /not a JSON object/],
    ['an unknown terraform action', { trigger: 'terraform', tf: { action: 'read' } }, /unknown tf.action/],
    ['a non-object tf block', { trigger: 'terraform', tf: 'create' }, /tf is not an object/],
  ])('ignores %s with a reason', (_label, event, reason) => {
    // Act
    const trigger = classifyEvent(event, GROUP);
    // Assess
    expect(trigger.kind).toBe('ignored');
    expect(trigger.kind === 'ignored' && trigger.reason).toMatch(reason);
  });

  it('recognizes the EventBridge schedule', () => {
    expect(classifyEvent(scheduledEvent, GROUP)).toEqual({ kind: 'schedule' });
  });

  it.each(['create', 'update', 'delete'] as const)('recognizes the Terraform %s invocation', (action) => {
    expect(classifyEvent(terraformEvent(action), GROUP)).toEqual({ kind: 'terraform', action });
  });

  it('treats a Terraform invocation without lifecycle block as a create', () => {
    expect(classifyEvent({ trigger: 'terraform', config: 'abc' }, GROUP)).toEqual({ kind: 'terraform', action: 'create' });
  });

  it.each([[{}], [null], [undefined], [{ trigger: 'manual' }]])('treats %j as a direct reconcile', (event) => {
    expect(classifyEvent(event, GROUP)).toEqual({ kind: 'direct' });
  });
});

describe('subjectIsMember', () => {
  it('matches a member cluster id, also with a node suffix, and nothing else', () => {
    const members = ['legacy-primary', 'orders-002'];
    expect(subjectIsMember('legacy-primary', members)).toBe(true);
    expect(subjectIsMember('legacy-primary 0001', members)).toBe(true);
    expect(subjectIsMember('legacy-primary.0001', members)).toBe(true);
    expect(subjectIsMember('legacy-primary2', members)).toBe(false);
    expect(subjectIsMember('other-001', members)).toBe(false);
  });
});
