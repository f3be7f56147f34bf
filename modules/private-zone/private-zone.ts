// Submodule `modules/private-zone`: a Route 53 private hosted zone associated with one or more VPCs,
// to hold the replica names. Optional: the root module can use an existing zone instead.
import { Construct, Route53Zone } from '../../generator/cdktf.js';
import { countIf, hcl } from '../../generator/expr.js';
import { make, section } from '../../generator/hcl.js';
import { declareOutputs, declareVariables, stableId, propPreconditions, setPreconditions, varProps, withDefaults, type OutputSpec, type Precondition, type VariableSpec, reuse, specSection, specsOf } from '../../generator/spec.js';
import { common, zone } from '../variables.js';

export interface PrivateZoneProps {
  /** Whether to create the zone (variable `create`). */
  readonly create?: boolean;
  /** DNS name of the zone, e.g. `cache.example.internal`. */
  readonly name: string;
  /** VPCs the private zone is associated with (at least one). */
  readonly vpcIds: string[];
  /** Comment on the zone (variable `comment`). */
  readonly comment?: string;
  /** Delete all records in the zone when destroying it (variable `force_destroy`). */
  readonly forceDestroy?: boolean;
  readonly tags?: Record<string, string>;
  /** Further checks on the zone, after its own (e.g. a composition's rules across its inputs). */
  readonly extraPreconditions?: readonly Precondition[];
}

export const PRIVATE_ZONE_VARIABLES: readonly VariableSpec[] = [
  reuse(common.create, { description: 'Whether to create the zone (false: create nothing).' }),
  reuse(zone.zoneName, {
    name: 'name',
    required: true,
    description: 'DNS name of the private hosted zone, e.g. `cache.example.internal` (a trailing dot is optional).',
  }),
  reuse(zone.vpcIds, { description: 'IDs of the VPCs to associate the private hosted zone with (at least one; in the provider\'s region).' }),
  {
    name: 'comment',
    description: 'Comment on the hosted zone.',
    type: 'string',
    default: 'Read replica names of ElastiCache replication groups',
    nullable: false,
  },
  reuse(zone.zoneForceDestroy, {
    name: 'force_destroy',
    description: 'Delete all records in the zone (also records of others) when the zone is destroyed.',
  }),
  common.tags,
];

export class PrivateZone extends Construct {
  public readonly zone: Route53Zone;
  /** `aws_route53_zone.this[0].zone_id`, null when not created. */
  public readonly zoneId: string;
  /** The zone's name, without a trailing dot. */
  public readonly zoneName: string;
  public readonly zoneArn: string;

  constructor(scope: Construct, id: string, props: PrivateZoneProps) {
    super(scope, id);
    const p = withDefaults(props, PRIVATE_ZONE_VARIABLES);

    this.zone = stableId(
      this,
      make(Route53Zone, this, 'zone', {
        count: countIf(p.create),
        name: hcl`trimsuffix(${p.name}, ".")`,
        comment: p.comment,
        forceDestroy: p.forceDestroy,
        tags: p.tags,
      }),
      'this',
    );
    section(this.zone, 'Private hosted zone', 'zone.tf');
    this.zone.addOverride('dynamic.vpc', { for_each: hcl`toset(${p.vpcIds})`, content: { vpc_id: hcl`vpc.value` } });
    setPreconditions(this.zone, [
      { condition: hcl`length(${p.vpcIds}) > 0`, errorMessage: 'A private hosted zone needs at least one VPC: set vpc_ids.' },
      ...(props.extraPreconditions ?? []),
      ...propPreconditions(this, PRIVATE_ZONE_VARIABLES, props),
    ]);
    this.zoneId = hcl`try(${this.zone.fqn}[0].zone_id, null)`;
    this.zoneName = hcl`try(${this.zone.fqn}[0].name, null)`;
    this.zoneArn = hcl`try(${this.zone.fqn}[0].arn, null)`;
  }
}

export const PRIVATE_ZONE_OUTPUTS: readonly OutputSpec[] = specsOf(
  specSection('Private hosted zone', {
    zoneId: { name: 'zone_id', description: 'ID of the private hosted zone (null when not created).' },
    zoneName: { name: 'zone_name', description: 'Name of the private hosted zone, without a trailing dot (null when not created).' },
    zoneArn: { name: 'zone_arn', description: 'ARN of the private hosted zone (null when not created).' },
  }),
);
/** The `modules/private-zone` Terraform module: variables, the construct, outputs. */
export function privateZoneModule(scope: Construct): void {
  const vars = declareVariables(scope, PRIVATE_ZONE_VARIABLES);
  const zone = new PrivateZone(scope, 'private-zone', varProps(vars, PRIVATE_ZONE_VARIABLES) as unknown as PrivateZoneProps);
  const values: Record<string, string> = { zone_id: zone.zoneId, zone_name: zone.zoneName, zone_arn: zone.zoneArn };
  declareOutputs(scope, PRIVATE_ZONE_OUTPUTS, values);
}
