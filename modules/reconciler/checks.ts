// Plan-time checks across the reconciler's inputs, as preconditions on the function: a variable's
// validation may refer to that variable only (Terraform 1.5).
import { hcl } from '../../generator/expr.js';
import type { Precondition } from '../../generator/spec.js';
import { MAX_SLOTS } from '../../lambda/src/contracts.js';

/** `create_subscription` needs `topic_arn`. */
export function subscriptionCheck(p: { createSubscription?: boolean; topicArn?: string }): Precondition {
  return {
    condition: hcl`!${p.createSubscription} || ${p.topicArn} != null`,
    errorMessage: 'create_subscription = true needs topic_arn, the ARN of the replication group\'s ElastiCache notification topic.',
  };
}

/** The normalized names (HCL references) the checks compare. */
export interface CheckedNames {
  readonly zoneName: string;
  readonly template: string;
  readonly azTemplate: string;
  readonly primaryName: string;
  readonly readerName: string;
}

/** The names against the zone and against each other. */
export function nameChecks({ template, azTemplate, primaryName, readerName, zoneName }: CheckedNames): Precondition[] {
  return [
    {
      condition: hcl`endswith(${template}, ".${zoneName}")`,
      errorMessage: 'record_name_template must lie inside the hosted zone: end it with "." and the zone name, e.g. read{n}.<zone name>.',
    },
    {
      condition: hcl`${azTemplate} == null || endswith(coalesce(${azTemplate}, "-"), ".${zoneName}")`,
      errorMessage: 'az_record_name_template must lie inside the hosted zone: end it with "." and the zone name, e.g. read-{az}.<zone name>.',
    },
    ...aliasChecks('primary_record_name', primaryName, template, azTemplate, zoneName),
    ...aliasChecks('reader_record_name', readerName, template, azTemplate, zoneName),
    {
      condition: hcl`${primaryName} == null || ${primaryName} != ${readerName}`,
      errorMessage: 'primary_record_name and reader_record_name must differ: one name cannot follow both endpoints.',
    },
  ];
}

/**
 * Plan-time checks of an alias name against the zone and the names the templates produce (the
 * reconciler refuses the same at cold start): two meanings for one record would make runs fight.
 */
function aliasChecks(variable: string, name: string, template: string, azTemplate: string, zoneName: string): Precondition[] {
  // Inside can(): a null AZ template fails replace(), and the left side of || has said yes already.
  const azPattern = hcl`format("^%s$", replace(replace(${azTemplate}, ".", "\\\\."), "{az}", "[a-z0-9]([a-z0-9-]*[a-z0-9])?"))`;
  return [
    {
      condition: hcl`${name} == null || endswith(coalesce(${name}, "-"), ".${zoneName}")`,
      errorMessage: `${variable} must lie inside the hosted zone: end it with "." and the zone name, e.g. ${variable.split('_')[0]}.<zone name>.`,
    },
    {
      condition: hcl`${name} == null || !contains([for n in range(1, ${MAX_SLOTS + 1}) : replace(${template}, "{n}", tostring(n))], coalesce(${name}, "-"))`,
      errorMessage: `${variable} must differ from the replica names of record_name_template ({n} = 1 … ${MAX_SLOTS}); choose another name.`,
    },
    {
      condition: hcl`${name} == null || ${azTemplate} == null || !can(regex(${azPattern}, coalesce(${name}, "-")))`,
      errorMessage: `${variable} must not be a name of az_record_name_template ({az} = any Availability Zone name); choose another name.`,
    },
  ];
}
