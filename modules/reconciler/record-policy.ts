// The name-scoped Route 53 permissions of the reconciler, built in one place: the reconciler's own
// role gets them when the zone is in its account; the role of `modules/zone-account-role` gets exactly
// the same when the zone is in another one. What they allow, in words: permissions.ts.
import { hcl, hclList } from '../../generator/expr.js';
import { MARKER_LABEL, MAX_SLOTS } from '../../lambda/src/contracts.js';

const NAME_KEY = 'route53:ChangeResourceRecordSetsNormalizedRecordNames';
const TYPE_KEY = 'route53:ChangeResourceRecordSetsRecordTypes';
const ACTION_KEY = 'route53:ChangeResourceRecordSetsActions';

/**
 * HCL of the normalized inputs (null-safe with try, so `create = false` needs no other input).
 * Route 53 condition keys compare normalized names: lowercase, no trailing dot.
 */
export const normalized = {
  zoneId: (zoneId: unknown) => hcl`try(trimprefix(${zoneId}, "/hostedzone/"), null)`,
  zoneName: (zoneName: unknown) => hcl`try(trimsuffix(lower(${zoneName}), "."), null)`,
  template: (template: unknown, zoneName: string) => hcl`try(trimsuffix(lower(coalesce(${template}, "read{n}.${zoneName}")), "."), null)`,
  azTemplate: (azTemplate: unknown) => hcl`try(trimsuffix(lower(${azTemplate}), "."), null)`,
  /** A full name (the primary/reader aliases). */
  name: (name: unknown) => hcl`try(trimsuffix(lower(${name}), "."), null)`,
  /** The alias names that are set, as a list. */
  aliasNames: (primary: string, reader: string) => hcl`[for name in [${primary}, ${reader}] : name if name != null]`,
};

/** HCL: every name the reconciler may write and its ownership marker (names normalized). */
export function writableNamesExpression(template: string, azTemplate: string, aliasNames: string): string {
  return hcl`try(flatten([
        for name in concat(
          [for n in range(1, ${MAX_SLOTS + 1}) : replace(${template}, "{n}", tostring(n))],
          ${azTemplate} == null ? [] : [replace(${azTemplate}, "{az}", "*")],
          ${aliasNames},
        ) : [name, "${MARKER_LABEL}.\${name}"]
      ]), [])`;
}

export const WRITABLE_NAMES_COMMENT =
  `Every name the reconciler may write (slots 1..${MAX_SLOTS} whatever record_count, so a lowered count can delete the names above; the alias names when set) and its ownership marker, for route53:ChangeResourceRecordSetsNormalizedRecordNames.`;

/** Declares a local and returns its reference (each construct's `local` helper). */
export type DeclareLocal = (name: string, expression: string, ...comments: string[]) => string;

/** The inputs that decide which names the policy allows (raw variable references). */
export interface RecordNameInputs {
  readonly zoneId?: unknown;
  readonly zoneName?: unknown;
  readonly recordNameTemplate?: unknown;
  readonly azRecordNameTemplate?: unknown;
  readonly primaryRecordName?: unknown;
  readonly readerRecordName?: unknown;
}

/**
 * The normalized locals both the reconciler and modules/zone-account-role declare, so the two
 * policies allow exactly the same names.
 */
export function recordNameLocals(local: DeclareLocal, p: RecordNameInputs) {
  const zoneId = local('zone_id', normalized.zoneId(p.zoneId));
  const zoneName = local('zone_name', normalized.zoneName(p.zoneName));
  const template = local('record_name_template', normalized.template(p.recordNameTemplate, zoneName));
  const azTemplate = local('az_record_name_template', normalized.azTemplate(p.azRecordNameTemplate));
  const primaryName = local('primary_record_name', normalized.name(p.primaryRecordName));
  const readerName = local('reader_record_name', normalized.name(p.readerRecordName));
  const aliasNames = local('alias_names', normalized.aliasNames(primaryName, readerName));
  const writableNames = local('writable_record_names', writableNamesExpression(template, azTemplate, aliasNames), WRITABLE_NAMES_COMMENT);
  return { zoneId, zoneName, template, azTemplate, primaryName, readerName, aliasNames, writableNames };
}

/** HCL: the zone's ARN; a missing zone id surfaces as a precondition's message, not as a null in a template. */
export function zoneArnExpression(partition: string, zoneId: string): string {
  return hcl`"arn:${partition}:route53:::hostedzone/${hcl`${zoneId} == null ? "" : ${zoneId}`}"`;
}

export interface PolicyStatement {
  readonly sid: string;
  readonly actions: string[];
  readonly resources: string[];
  readonly condition?: Array<{ test: string; variable: string; values: string[] }>;
}

/**
 * The two statements, as plain objects whose keys are the same in CDKTF props and in Terraform
 * (so they also serve as `dynamic "statement"` content).
 */
export function recordStatements(o: { zoneArn: string; writableNames: string; azTemplate: string }): [PolicyStatement, PolicyStatement] {
  return [
    { sid: 'ReadZone', actions: ['route53:ListResourceRecordSets'], resources: [o.zoneArn] },
    {
      sid: 'WriteOwnedRecords',
      actions: ['route53:ChangeResourceRecordSets'],
      resources: [o.zoneArn],
      condition: [
        {
          test: hcl`${o.azTemplate} == null ? "ForAllValues:StringEquals" : "ForAllValues:StringLike"`,
          variable: NAME_KEY,
          values: hclList`${o.writableNames}`,
        },
        { test: 'ForAllValues:StringEquals', variable: TYPE_KEY, values: ['CNAME', 'TXT'] },
        { test: 'ForAllValues:StringEquals', variable: ACTION_KEY, values: ['CREATE', 'DELETE'] },
        // ForAllValues is also true when a key is absent: require all three.
        { test: 'Null', variable: NAME_KEY, values: ['false'] },
        { test: 'Null', variable: TYPE_KEY, values: ['false'] },
        { test: 'Null', variable: ACTION_KEY, values: ['false'] },
      ],
    },
  ];
}
