// The Route 53 policy the module gives the reconciler's role (modules/reconciler/record-policy.ts),
// as a JSON document for one environment: the integration world attaches it to each function's
// role, so the emulator, which enforces identity policies on ChangeResourceRecordSets, holds the
// reconciler to the same names there as AWS does under the module.
// test/module/iam-names.test.ts checks the module's rendering of the same names.
import { loadSettings, type Environment } from '../../lambda/src/config.js';
import { MAX_SLOTS } from '../../lambda/src/contracts.js';

const NAME_KEY = 'route53:ChangeResourceRecordSetsNormalizedRecordNames';

/** The names the policy allows for `env` (slots 1..16, the AZ pattern with `*`, the aliases) and their markers. */
export function writableNames(env: Environment): string[] {
  const { config, scheme } = loadSettings(env);
  const names = [
    ...Array.from({ length: MAX_SLOTS }, (_, i) => scheme.slotName(i + 1)),
    ...(config.azRecordNameTemplate ? [config.azRecordNameTemplate.replace('{az}', '*')] : []),
    ...scheme.aliases.values(),
  ];
  return names.flatMap((name) => [name, scheme.markerName(name)]);
}

/** The WriteOwnedRecords and ReadZone statements for `env`, or undefined when the environment does not load (the run fails at cold start anyway). */
export function recordPolicyDocument(env: Environment, partition = 'aws'): string | undefined {
  let names: string[];
  let zoneId: string;
  let az: boolean;
  try {
    names = writableNames(env);
    const { config } = loadSettings(env);
    zoneId = config.hostedZoneId;
    az = config.azRecordNameTemplate !== undefined;
  } catch {
    return undefined;
  }
  const zoneArn = `arn:${partition}:route53:::hostedzone/${zoneId}`;
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      { Sid: 'ReadZone', Effect: 'Allow', Action: 'route53:ListResourceRecordSets', Resource: zoneArn },
      {
        Sid: 'WriteOwnedRecords',
        Effect: 'Allow',
        Action: 'route53:ChangeResourceRecordSets',
        Resource: zoneArn,
        Condition: {
          ...(az ? { 'ForAllValues:StringLike': { [NAME_KEY]: names } } : {}),
          'ForAllValues:StringEquals': {
            ...(az ? {} : { [NAME_KEY]: names }),
            'route53:ChangeResourceRecordSetsRecordTypes': ['CNAME', 'TXT'],
            'route53:ChangeResourceRecordSetsActions': ['CREATE', 'DELETE'],
          },
          Null: { [NAME_KEY]: 'false', 'route53:ChangeResourceRecordSetsRecordTypes': 'false', 'route53:ChangeResourceRecordSetsActions': 'false' },
        },
      },
    ],
  });
}
