// Route 53 adapter: list only the names this deployment may own, and apply one atomic batch.
import {
  ChangeResourceRecordSetsCommand,
  ListResourceRecordSetsCommand,
  type ListResourceRecordSetsCommandInput,
  type ResourceRecordSet,
  type Route53Client,
} from '@aws-sdk/client-route-53';
import { normalizeName, route53OrderKey, type NameScheme } from './names.js';
import type { RecordChange, RecordSet } from './records.js';
import { errorName } from './topology.js';

/** Route 53's largest page. In normal size one page covers every candidate name. */
export const PAGE_SIZE = 300;

export interface ZoneStore {
  /** The record sets under candidate record names and their `_owner.` markers. */
  list(): Promise<RecordSet[]>;
  /** One ChangeResourceRecordSets with every change: Route 53 applies it all or nothing. */
  apply(changes: readonly RecordChange[], comment: string): Promise<void>;
}

/** The batch was rejected because the zone no longer matches what we listed (exact DELETE values, CREATE of an existing name). */
export function isZoneChangedError(error: unknown): boolean {
  return errorName(error) === 'InvalidChangeBatch';
}

export class Route53ZoneStore implements ZoneStore {
  constructor(
    private readonly client: Route53Client,
    private readonly hostedZoneId: string,
    private readonly scheme: NameScheme,
  ) {}

  async list(): Promise<RecordSet[]> {
    const { startName, lastKey } = this.scheme.listing;
    const found: RecordSet[] = [];
    let input: ListResourceRecordSetsCommandInput = {
      HostedZoneId: this.hostedZoneId,
      StartRecordName: startName,
      MaxItems: PAGE_SIZE,
    };
    for (;;) {
      const page = await this.client.send(new ListResourceRecordSetsCommand(input));
      for (const set of page.ResourceRecordSets ?? []) {
        const name = normalizeName(set.Name ?? '');
        if (route53OrderKey(name) > lastKey) return found; // past our range: stop paging
        if (this.scheme.isRecordName(name) || this.scheme.recordNameOfMarker(name) !== undefined) {
          found.push(toRecordSet(name, set));
        }
      }
      if (!page.IsTruncated || !page.NextRecordName || route53OrderKey(page.NextRecordName) > lastKey) return found;
      input = {
        HostedZoneId: this.hostedZoneId,
        StartRecordName: page.NextRecordName,
        ...(page.NextRecordType ? { StartRecordType: page.NextRecordType } : {}),
        ...(page.NextRecordIdentifier ? { StartRecordIdentifier: page.NextRecordIdentifier } : {}),
        MaxItems: PAGE_SIZE,
      };
    }
  }

  async apply(changes: readonly RecordChange[], comment: string): Promise<void> {
    await this.client.send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: this.hostedZoneId,
        ChangeBatch: {
          Comment: comment.slice(0, 256),
          Changes: changes.map(({ action, record }) => ({
            Action: action,
            ResourceRecordSet: {
              Name: record.name,
              Type: record.type,
              TTL: record.ttl,
              ResourceRecords: record.values.map((Value) => ({ Value })),
            },
          })),
        },
      }),
    );
  }
}

function toRecordSet(name: string, set: ResourceRecordSet): RecordSet {
  const routed = Boolean(set.SetIdentifier || set.AliasTarget);
  return {
    name,
    type: set.Type ?? '',
    ...(set.TTL !== undefined ? { ttl: set.TTL } : {}),
    values: (set.ResourceRecords ?? []).flatMap((r) => (r.Value === undefined ? [] : [r.Value])),
    ...(routed ? { routingPolicy: true } : {}),
  };
}
