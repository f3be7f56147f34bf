// Parse and validate the reconciler's environment once, at cold start (docs/contracts.md).
// Every failure is a ConfigError naming the variable and the expected form, so a
// misconfigured function fails its first invocation with one clear line.
import { ConfigError } from './errors.js';
import { MARKER_LABEL, MAX_NAME_LENGTH, MAX_RECORD_NAME_LENGTH, MAX_SLOTS, PATTERNS } from './contracts.js';
import { createNameScheme, normalizeName, type NameScheme } from './names.js';

export interface Config {
  readonly replicationGroupId: string;
  /** Bare zone id, without the `/hostedzone/` prefix. */
  readonly hostedZoneId: string;
  /** Lowercase, without trailing dot. */
  readonly hostedZoneName: string;
  /** Lowercase, without trailing dot; contains `{n}` once. */
  readonly recordNameTemplate: string;
  /** Lowercase, without trailing dot; contains `{az}` once; undefined = no AZ names. */
  readonly azRecordNameTemplate: string | undefined;
  /** Alias of the group's primary endpoint: lowercase, without trailing dot; undefined = none. */
  readonly primaryRecordName: string | undefined;
  /** Alias of the group's reader endpoint: lowercase, without trailing dot; undefined = none. */
  readonly readerRecordName: string | undefined;
  readonly recordTtl: number;
  /** 0 = one name per available replica; N = exactly names 1..N. */
  readonly recordCount: number;
  readonly fallbackToPrimary: boolean;
  readonly ownerId: string;
  readonly dryRun: boolean;
  /**
   * Take over a lone CNAME without any marker at one of our names when its value is an endpoint of
   * this group (records of the 2018 blog's Lambda): the marker is written in the same batch.
   */
  readonly adoptExistingRecords: boolean;
  /** Role in the zone's account assumed for every Route 53 call; undefined = the function's own role. */
  readonly zoneRoleArn: string | undefined;
}

export type Environment = Readonly<Record<string, string | undefined>>;

const GROUP_ID = new RegExp(PATTERNS.reconcilerReplicationGroupId);
const ZONE_ID = new RegExp(PATTERNS.zoneId);
const ZONE_ID_PREFIX = '/hostedzone/';
const OWNER_ID = new RegExp(PATTERNS.ownerId);
// Labels we are willing to write: letters, digits, hyphen, underscore (Route 53 would escape others).
const LABEL = /^[a-z0-9_-]{1,63}$/;
// An IAM role ARN in any partition: 12-digit account, path and name of IAM's allowed characters.
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@\/-]{1,512}$/;

/** The cold start's result: the checked environment and the one NameScheme of the run. */
export interface Settings {
  readonly config: Readonly<Config>;
  /** Built once from the config: the alias checks, the zone store, the registry and the planner share it. */
  readonly scheme: NameScheme;
}

export function loadSettings(env: Environment): Settings {
  const replicationGroupId = required(env, 'REPLICATION_GROUP_ID', GROUP_ID, 'an ElastiCache id, 1-40 chars [a-z][a-z0-9-]*');

  const zoneIdRaw = required(env, 'HOSTED_ZONE_ID', ZONE_ID, 'a Route 53 zone id (Z…, with or without /hostedzone/)');
  const hostedZoneId = zoneIdRaw.startsWith(ZONE_ID_PREFIX) ? zoneIdRaw.slice(ZONE_ID_PREFIX.length) : zoneIdRaw;

  const hostedZoneName = parseZoneName(env);
  const recordNameTemplate = parseTemplate(env, 'RECORD_NAME_TEMPLATE', '{n}', '{az}', hostedZoneName, true)!;
  const azRecordNameTemplate = parseTemplate(env, 'AZ_RECORD_NAME_TEMPLATE', '{az}', '{n}', hostedZoneName, false);
  if (azRecordNameTemplate !== undefined && azRecordNameTemplate.replace('{az}', '{n}') === recordNameTemplate) {
    throw new ConfigError('AZ_RECORD_NAME_TEMPLATE', 'a template whose names differ from RECORD_NAME_TEMPLATE', env.AZ_RECORD_NAME_TEMPLATE);
  }

  // The scheme is built with the alias names before they are checked: whether a name is one the
  // templates produce does not depend on the aliases, and a bad alias fails the load below.
  const primaryCandidate = aliasCandidate(env, 'PRIMARY_RECORD_NAME');
  const readerCandidate = aliasCandidate(env, 'READER_RECORD_NAME');
  const scheme = createNameScheme({
    recordNameTemplate,
    azRecordNameTemplate,
    aliases: { ...(primaryCandidate ? { primary: primaryCandidate.name } : {}), ...(readerCandidate ? { reader: readerCandidate.name } : {}) },
  });
  const primaryRecordName = checkAlias('PRIMARY_RECORD_NAME', primaryCandidate, hostedZoneName, scheme, []);
  const readerRecordName = checkAlias('READER_RECORD_NAME', readerCandidate, hostedZoneName, scheme, [['PRIMARY_RECORD_NAME', primaryRecordName]]);

  const recordTtl = integer(env, 'RECORD_TTL', 0, 86_400, 10);
  const recordCount = integer(env, 'RECORD_COUNT', 0, MAX_SLOTS, 0);
  const fallbackToPrimary = boolean(env, 'FALLBACK_TO_PRIMARY', recordCount > 0);
  const ownerId = required(env, 'OWNER_ID', OWNER_ID, '1-64 chars [A-Za-z0-9._-]');
  const dryRun = boolean(env, 'DRY_RUN', false);
  const adoptExistingRecords = boolean(env, 'ADOPT_EXISTING_RECORDS', false);
  const zoneRoleArn = optional(env, 'ZONE_ROLE_ARN', ROLE_ARN, 'an IAM role ARN, arn:aws:iam::<12-digit account>:role/<name>');

  const config = Object.freeze({
    replicationGroupId,
    hostedZoneId,
    hostedZoneName,
    recordNameTemplate,
    azRecordNameTemplate,
    primaryRecordName,
    readerRecordName,
    recordTtl,
    recordCount,
    fallbackToPrimary,
    ownerId,
    dryRun,
    adoptExistingRecords,
    zoneRoleArn,
  });
  return { config, scheme };
}

function present(env: Environment, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === '' ? undefined : value;
}

function required(env: Environment, name: string, form: RegExp, expected: string): string {
  const value = present(env, name);
  if (value === undefined || !form.test(value)) throw new ConfigError(name, expected, env[name]);
  return value;
}

function optional(env: Environment, name: string, form: RegExp, expected: string): string | undefined {
  return present(env, name) === undefined ? undefined : required(env, name, form, expected);
}

function integer(env: Environment, name: string, min: number, max: number, fallback: number): number {
  const value = present(env, name);
  if (value === undefined) return fallback;
  const parsed = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    throw new ConfigError(name, `an integer ${min}..${max}`, env[name]);
  }
  return parsed;
}

function boolean(env: Environment, name: string, fallback: boolean): boolean {
  const value = present(env, name)?.toLowerCase();
  if (value === undefined) return fallback;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw new ConfigError(name, 'true or false', env[name]);
}

function parseZoneName(env: Environment): string {
  const expected = 'the zone DNS name, e.g. cache.example.internal (trailing dot optional)';
  const raw = present(env, 'HOSTED_ZONE_NAME');
  if (raw === undefined) throw new ConfigError('HOSTED_ZONE_NAME', expected, env.HOSTED_ZONE_NAME);
  const name = normalizeName(raw);
  if (name === '' || name.length > MAX_NAME_LENGTH || !name.split('.').every((label) => LABEL.test(label))) {
    throw new ConfigError('HOSTED_ZONE_NAME', expected, raw);
  }
  return name;
}

function parseTemplate(
  env: Environment,
  variable: string,
  placeholder: string,
  forbidden: string,
  zone: string,
  isRequired: boolean,
): string | undefined {
  const raw = present(env, variable);
  const expected = `a DNS name containing ${placeholder} exactly once inside one label, lying inside the zone ${zone}`;
  if (raw === undefined) {
    if (isRequired) throw new ConfigError(variable, expected, env[variable]);
    return undefined;
  }
  const template = normalizeName(raw);
  const fail = (why: string): never => {
    throw new ConfigError(variable, `${expected} (${why})`, raw);
  };
  if (template.split(placeholder).length !== 2) fail(`${placeholder} must appear exactly once`);
  if (template.includes(forbidden)) fail(`${forbidden} is not allowed here`);
  // Substitute a representative value to check labels and length of the longest name.
  checkRecordName(template.replace(placeholder, placeholder === '{n}' ? String(MAX_SLOTS) : 'us-gov-west-1a'), zone, fail);
  return template;
}

/** Inside the zone, labels we write, room for the ownership marker. */
function checkRecordName(name: string, zone: string, fail: (why: string) => never): void {
  if (!name.endsWith(`.${zone}`)) fail('outside the zone');
  if (!name.split('.').every((label) => LABEL.test(label))) fail('labels may hold only a-z 0-9 - _');
  if (name.length > MAX_RECORD_NAME_LENGTH) fail(`too long for its ${MARKER_LABEL}. marker`);
}

interface AliasCandidate {
  readonly raw: string;
  /** Normalized, not checked yet. */
  readonly name: string;
}

function aliasCandidate(env: Environment, variable: string): AliasCandidate | undefined {
  const raw = present(env, variable);
  return raw === undefined ? undefined : { raw, name: normalizeName(raw) };
}

/**
 * An optional alias name (no placeholder). Refused when it is one of the names the templates
 * produce, a marker name, or an alias named before: two meanings for one record would make the
 * runs fight over it.
 */
function checkAlias(
  variable: string,
  candidate: AliasCandidate | undefined,
  zone: string,
  scheme: NameScheme,
  taken: ReadonlyArray<readonly [string, string | undefined]>,
): string | undefined {
  if (candidate === undefined) return undefined;
  const { raw, name } = candidate;
  const fail = (why: string): never => {
    throw new ConfigError(variable, `a DNS name lying inside the zone ${zone}, distinct from every replica name (${why})`, raw);
  };
  checkRecordName(name, zone, fail);
  if (scheme.slotOf(name) !== undefined) fail('it is a name of RECORD_NAME_TEMPLATE');
  if (scheme.azOf(name) !== undefined) fail('it matches AZ_RECORD_NAME_TEMPLATE');
  if (name.startsWith(`${MARKER_LABEL}.`)) fail(`${MARKER_LABEL}. names hold the ownership markers`);
  for (const [other, value] of taken) if (value === name) fail(`it is ${other} too`);
  return name;
}

/** Do two configurations name the same records in the same zone for the same owner? */
export function sameNames(a: Config, b: Config): boolean {
  return (
    a.hostedZoneId === b.hostedZoneId &&
    a.ownerId === b.ownerId &&
    a.recordNameTemplate === b.recordNameTemplate &&
    a.azRecordNameTemplate === b.azRecordNameTemplate &&
    a.primaryRecordName === b.primaryRecordName &&
    a.readerRecordName === b.readerRecordName
  );
}

/** The other configurations a Terraform invocation names, loaded; those that do not load, with why. */
export interface OtherConfigurations {
  readonly settings: readonly Settings[];
  readonly unusable: readonly string[];
}

/**
 * The configurations in a Terraform invocation's input (the previous one at update; the input's
 * own, which at delete may differ from the function's if an apply stopped half-way) whose names
 * differ from `config`'s, each once. One that does not load is reported, not used: the reconciler
 * never deletes by a configuration it cannot read.
 */
export function otherConfigurations(config: Config, environments: readonly (Environment | undefined)[]): OtherConfigurations {
  const settings: Settings[] = [];
  const unusable: string[] = [];
  for (const env of environments) {
    if (env === undefined) continue;
    try {
      const loaded = loadSettings(env);
      if (!sameNames(loaded.config, config) && !settings.some((s) => sameNames(s.config, loaded.config))) settings.push(loaded);
    } catch (error) {
      unusable.push(error instanceof Error ? error.message : String(error));
    }
  }
  return { settings, unusable };
}
