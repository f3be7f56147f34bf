// Classify the invocation. The event is only a trigger: every run rebuilds the full desired
// state, so duplicate, late or out-of-order deliveries are harmless. Anything we do not act
// on becomes `ignored` with a reason (logged in one line, no change).
import type { Topology } from './model.js';

export type TerraformAction = 'create' | 'update' | 'delete';

export type Trigger =
  | {
      readonly kind: 'sns';
      /** e.g. `ElastiCache:FailoverComplete`; every ElastiCache event name is accepted. */
      readonly event: string;
      /** The group or member cluster (or node) id the notification is about. */
      readonly subject: string;
      /** False when the subject can only be matched against the members after reading the topology. */
      readonly knownMember: boolean;
    }
  | { readonly kind: 'schedule' }
  | {
      readonly kind: 'terraform';
      readonly action: TerraformAction;
      /**
       * The reconciler environments the module put in the invocation's input (`environment`): the
       * one being applied (`input`) and, on update, the one applied before (`tf.prev_input`).
       * Absent from inputs of versions before convergence, and then not used.
       */
      readonly environments?: { readonly input?: Readonly<Record<string, string>>; readonly previous?: Readonly<Record<string, string>> };
    }
  | { readonly kind: 'direct' }
  | { readonly kind: 'ignored'; readonly reason: string };

/** A trigger the reconciler acts on. */
export type ActionTrigger = Exclude<Trigger, { readonly kind: 'ignored' }>;

const EVENT_PREFIX = 'ElastiCache:';
const DIRECT_TRIGGERS = new Set(['direct', 'manual', 'reconcile']);

export function classifyEvent(event: unknown, groupId: string): Trigger {
  if (event === undefined || event === null) return { kind: 'direct' };
  if (!isObject(event)) return ignored(`payload is not a JSON object (${typeof event})`);
  if ('Records' in event) return classifySns(event.Records, groupId);
  if (event.source === 'aws.events') return { kind: 'schedule' };
  if (event.trigger === 'terraform' || 'tf' in event) return classifyTerraform(event.tf, event.environment);
  if (Object.keys(event).length === 0) return { kind: 'direct' };
  if (typeof event.trigger === 'string' && DIRECT_TRIGGERS.has(event.trigger)) return { kind: 'direct' };
  return ignored(`unrecognized payload with keys ${Object.keys(event).sort().slice(0, 5).join(',')}`);
}

/**
 * Does the run concern the group? Only an SNS subject that is neither the group nor `<group>-NNN`
 * can say no, and only once the topology is read: it is ours if it names a member.
 */
export function isRelevant(trigger: ActionTrigger, topology: Topology): boolean {
  return trigger.kind !== 'sns' || trigger.knownMember || subjectIsMember(trigger.subject, topology.members.map((m) => m.clusterId));
}

/** Does an SNS subject (cluster or node id, possibly `cluster node`) name a member cluster? */
export function subjectIsMember(subject: string, memberClusterIds: readonly string[]): boolean {
  return memberClusterIds.some((id) => subject === id || subject.startsWith(`${id} `) || subject.startsWith(`${id}.`));
}

function classifySns(records: unknown, groupId: string): Trigger {
  if (!Array.isArray(records)) return ignored('Records is not an array');
  if (records.length !== 1) return ignored(`expected exactly one SNS record, got ${records.length}`);
  const record: unknown = records[0];
  if (!isObject(record) || !isObject(record.Sns) || (record.EventSource ?? 'aws:sns') !== 'aws:sns') {
    return ignored('record is not an SNS notification');
  }
  const text = record.Sns.Message;
  if (typeof text !== 'string') return ignored('SNS message is not a string');
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return ignored(`SNS message is not JSON: ${text.slice(0, 80)}`);
  }
  if (!isObject(message)) return ignored('SNS message is not a JSON object');
  const keys = Object.keys(message);
  const event = keys[0];
  if (keys.length !== 1 || event === undefined || !event.startsWith(EVENT_PREFIX) || event.length === EVENT_PREFIX.length) {
    return ignored(`SNS message is not one ElastiCache event (keys ${keys.slice(0, 5).join(',')})`);
  }
  const value = message[event];
  const subject = typeof value === 'string' ? value.trim() : '';
  if (subject === '') return ignored(`${event} names no cluster or group`);
  // Member clusters of a group are named <group>-NNN (a node event adds ` <node id>`); anything
  // else, such as `cache-2-002` of group `cache-2` for group `cache`, is matched against the
  // members after reading the topology, never by prefix.
  const knownMember = subject === groupId || isMemberName(subject, groupId);
  return { kind: 'sns', event, subject, knownMember };
}

function isMemberName(subject: string, groupId: string): boolean {
  if (!subject.startsWith(`${groupId}-`)) return false;
  return /^\d{3}(?:[ .]\S+)?$/.test(subject.slice(groupId.length + 1));
}

function classifyTerraform(tf: unknown, environment: unknown): Trigger {
  const input = stringRecord(environment);
  const withInput = input ? { environments: { input } } : {};
  // Without lifecycle_scope CRUD there is no `tf` block: that is a create.
  if (tf === undefined) return { kind: 'terraform', action: 'create', ...withInput };
  if (!isObject(tf)) return ignored('terraform payload: tf is not an object');
  const action = tf.action;
  if (action !== 'create' && action !== 'update' && action !== 'delete') return ignored(`terraform payload: unknown tf.action ${JSON.stringify(action)}`);
  // prev_input is the previous input object (the provider decodes it); a JSON string is accepted too.
  const prev = typeof tf.prev_input === 'string' ? parseJson(tf.prev_input) : tf.prev_input;
  const previous = isObject(prev) ? stringRecord(prev.environment) : undefined;
  if (!input && !previous) return { kind: 'terraform', action };
  return { kind: 'terraform', action, environments: { ...(input ? { input } : {}), ...(previous ? { previous } : {}) } };
}

/** A JSON object of strings (an environment), else undefined. */
function stringRecord(value: unknown): Record<string, string> | undefined {
  if (!isObject(value)) return undefined;
  const entries = Object.entries(value);
  return entries.every(([, v]) => typeof v === 'string') ? Object.fromEntries(entries as Array<[string, string]>) : undefined;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function ignored(reason: string): Trigger {
  return { kind: 'ignored', reason };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
