// Upgrade and configuration changes, as a user lives them, with real Terraform/OpenTofu against
// the emulator (which enforces the role's Route 53 policy): examples/existing-zone applied with
// the module of an earlier commit, then upgraded to this one (plan clean, names intact, nothing
// that holds names replaced), then changed four times, one apply each: templates renamed and
// aliases dropped with fewer fixed names; owner_id changed with default mode; the zone switched to
// one the module creates (create_zone) and back (that zone destroyed by the same apply).
// After each apply the zone is listed through the Route 53 API: the names of the configuration,
// with our markers, on replicas; nothing of ours left from before; the foreign records as they
// were; `plan -detailed-exitcode` 0; the role holding exactly one Route 53 policy, for exactly
// the new names. A blog-style record (no marker, value a replica's endpoint) at a new name is
// adopted (adopt_existing_records). Then destroy leaves nothing of ours (and the zones it made are gone).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { DescribeReplicationGroupsCommand, ElastiCacheClient } from '@aws-sdk/client-elasticache';
import { ChangeResourceRecordSetsCommand, Route53Client } from '@aws-sdk/client-route-53';
import { MARKER_HERITAGE, MARKER_LABEL } from '../../lambda/src/contracts.js';
import { restGet as rest, rolePolicies } from '../emulator/aws-raw.js';
import { startEmulator, type Emulator } from '../emulator/emulator.js';
import { writableNames } from '../world/record-policy.js';
import { listZone, type ZoneRecord } from '../zone-records.js';
import { finishWorkdir, REGION } from './lifecycle.js';
import { emulatorOverride, putModuleAt, stageExample, writeInto, type Stage } from './stage.js';
import { steps } from './steps.js';
import { Workdir } from './terraform.js';
import type { Binary } from './toolchain.js';
import { resolveNames, type OwnedName } from './zone.js';

/**
 * The module version users upgrade from: main when convergence was built (the commit before it).
 * Override with ERDNS_UPGRADE_FROM=<commit>.
 */
export const UPGRADE_FROM = process.env.ERDNS_UPGRADE_FROM ?? 'f3eac54befcc8605603b501578affe2bed999a6d';

const GROUP = 'replica-dns-existing';
const ZONE = 'example.internal';
const SECOND_ZONE = 'cache.internal';
const DEFAULT_OWNER = `${GROUP}-replica-dns`;

/** A record of someone else in the first zone, as Terraform (not the module) manages it. */
const foreignRecord = (id: string, label: string) =>
  `resource "aws_route53_record" "${id}" {\n  zone_id = aws_route53_zone.existing.zone_id\n  name    = "${label}.\${var.zone_name}"\n  type    = "CNAME"\n  ttl     = 300\n  records = ["someone-else.\${var.zone_name}"]\n}\n`;

/** Records of someone else at a name of the first template and of the second (neither wanted). */
const FOREIGN_TF = `# Records of someone else, at names the module's templates produce (but does not want).
${foreignRecord('foreign_old_template', 'cache-replica-3')}
${foreignRecord('foreign_new_template', 'replica-9')}`;
const FOREIGN = [`db.${ZONE} CNAME`, `cache-replica-3.${ZONE} CNAME`, `replica-9.${ZONE} CNAME`];

interface Configuration {
  readonly label: string;
  /** The module block's arguments that differ from the example's (HCL). */
  readonly module: string;
  readonly zone: 'first' | 'second';
  readonly owner: string;
  /** Our names after the apply: slot names (on replicas) and alias names (on the group's reader endpoint). */
  readonly slots: readonly string[];
  readonly reader?: string;
  /** Names of the AZ template (any AZ): some must exist. */
  readonly azPrefix?: string;
  readonly primary?: string;
  /**
   * Before this apply, a CNAME without a marker is put at this name, pointing at the replica, as the
   * 2018 blog's Lambda left them: with adopt_existing_records the reconciler takes it over.
   */
  readonly blogRecord?: string;
}

const CONFIGURATIONS: readonly Configuration[] = [
  {
    label: 'fixed names (2), AZ names, primary and reader aliases',
    module: `record_count = 2\n  az_record_name_template = "cache-az-{az}.${ZONE}"\n  primary_record_name = "primary.${ZONE}"\n  reader_record_name = "reader.${ZONE}"`,
    zone: 'first',
    owner: DEFAULT_OWNER,
    slots: [`cache-replica-1.${ZONE}`, `cache-replica-2.${ZONE}`],
    azPrefix: 'cache-az-',
    primary: `primary.${ZONE}`,
    reader: `reader.${ZONE}`,
  },
  {
    label: 'record_name_template renamed, AZ names and the primary alias off, reader alias renamed, record_count 2 → 1; a blog-style replica-1 adopted',
    module: `record_count = 1\n  record_name_template = "replica-{n}.${ZONE}"\n  reader_record_name = "ro.${ZONE}"\n  adopt_existing_records = true`,
    blogRecord: `replica-1.${ZONE}`,
    zone: 'first',
    owner: DEFAULT_OWNER,
    slots: [`replica-1.${ZONE}`],
    reader: `ro.${ZONE}`,
  },
  {
    label: 'owner_id changed, record_count 1 → 0 (one name per replica)',
    module: `record_count = 0\n  owner_id = "renamed-owner"\n  record_name_template = "replica-{n}.${ZONE}"\n  reader_record_name = "ro.${ZONE}"`,
    zone: 'first',
    owner: 'renamed-owner',
    slots: [`replica-1.${ZONE}`],
    reader: `ro.${ZONE}`,
  },
  {
    label: 'zone switched: create_zone false → true (a zone of the module\'s own) with its templates',
    module: `owner_id = "renamed-owner"\n  create_zone = true\n  zone_name = "${SECOND_ZONE}"\n  vpc_ids = [aws_vpc.this.id]\n  record_name_template = "replica-{n}.${SECOND_ZONE}"\n  reader_record_name = "ro.${SECOND_ZONE}"`,
    zone: 'second',
    owner: 'renamed-owner',
    slots: [`replica-1.${SECOND_ZONE}`],
    reader: `ro.${SECOND_ZONE}`,
  },
  {
    label: 'zone switched back: create_zone true → false (the module\'s zone destroyed in the same apply), zone_id given',
    module: `owner_id = "renamed-owner"\n  record_name_template = "replica-{n}.${ZONE}"\n  reader_record_name = "ro.${ZONE}"`,
    zone: 'first',
    owner: 'renamed-owner',
    slots: [`replica-1.${ZONE}`],
    reader: `ro.${ZONE}`,
  },
];

const isMarker = (r: ZoneRecord) => r.type === 'TXT' && r.name.startsWith(`${MARKER_LABEL}.`) && r.values.some((v) => v.includes(`heritage=${MARKER_HERITAGE},`));

/** Every record of ours in a zone: our markers, and the CNAMEs they mark, as "name TYPE". */
function ours(records: readonly ZoneRecord[]): string[] {
  const markers = records.filter(isMarker);
  const marked = new Set(markers.map((m) => m.name.slice(MARKER_LABEL.length + 1)));
  return [...markers.map((m) => `${m.name} TXT`), ...records.filter((r) => r.type === 'CNAME' && marked.has(r.name)).map((r) => `${r.name} CNAME`)].sort();
}

export function describeReconfigure(binary: Binary): void {
  describe(`upgrade from ${UPGRADE_FROM.slice(0, 7)} and configuration changes (examples/existing-zone, ${binary.label})`, () => {
    let emu: Emulator;
    let ec: ElastiCacheClient;
    let r53: Route53Client;
    let stage: Stage;
    let wd: Workdir;
    const zoneIds: Record<'first' | 'second', string> = { first: '', second: '' };
    let functionName = '';
    /** What each step found, for the closing table: label → one line. */
    const found: string[] = [];
    const step = steps();

    const apply = async (label: string, config: Configuration) => {
      writeInto(stage, 'module_override.tf', `module "replica_dns" {\n  ${config.module}\n}\n`);
      await wd.apply(`apply: ${label}`);
    };
    const zone = async (which: 'first' | 'second') => (zoneIds[which] ? listZone(r53, zoneIds[which]) : []);
    /** Our records in a zone; none in a zone that is gone (the module's own, after create_zone = false). */
    const oursIn = async (which: 'first' | 'second') => zone(which).then(ours, (e: Error) => (e.name === 'NoSuchHostedZone' ? [] : Promise.reject(e)));
    const foreign = async () => (await zone('first')).filter((r) => FOREIGN.includes(`${r.name} ${r.type}`)).map((r) => `${r.name} ${r.type} ${r.ttl} ${r.values.join(',')}`);

    /** The zone as `config` wants it: its names with our markers of its owner, on replicas, nothing else of ours anywhere. */
    const expectConverged = async (config: Configuration, foreignBefore: readonly string[]) => {
      const records = await zone(config.zone);
      const other = config.zone === 'first' ? 'second' : 'first';
      const names = new Set(ours(records).map((k) => k.split(' ')[0]!.replace(/^_owner\./, '')));
      const azNames = [...names].filter((n) => config.azPrefix && n.startsWith(config.azPrefix));
      const wanted = [...config.slots, ...azNames, ...(config.primary ? [config.primary] : []), ...(config.reader ? [config.reader] : [])].sort();
      expect([...names].sort(), `${config.label}: our names in the ${config.zone} zone`).toEqual(wanted);
      if (config.azPrefix) expect(azNames.length, 'AZ names').toBeGreaterThan(0);
      for (const name of wanted) {
        expect(records.filter((r) => r.name === `_owner.${name}`).map((r) => r.values[0]), `marker of ${name}`).toEqual([`"heritage=${MARKER_HERITAGE},owner=${config.owner},group=${GROUP}"`]);
      }
      expect(await oursIn(other), `nothing of ours left in the ${other} zone`).toEqual([]);
      // The replica names on a replica (API and ROLE); the reader alias on the group's reader endpoint.
      const group = (await ec.send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: GROUP }))).ReplicationGroups![0]!.NodeGroups![0]!;
      const slotRecords = new Map<string, OwnedName>(
        records.filter((r) => r.type === 'CNAME' && (config.slots.includes(r.name) || azNames.includes(r.name))).map((r) => [r.name, { name: r.name, value: r.values[0]!, ttl: r.ttl ?? 0 }]),
      );
      for (const n of await resolveNames(emu, slotRecords)) {
        expect([n.name, n.currentRole, n.redisRole]).toEqual([n.name, 'replica', 'slave']);
      }
      if (config.reader) expect(records.find((r) => r.name === config.reader && r.type === 'CNAME')?.values, config.reader).toEqual([group.ReaderEndpoint!.Address!.toLowerCase()]);
      if (config.primary) expect(records.find((r) => r.name === config.primary && r.type === 'CNAME')?.values, config.primary).toEqual([group.PrimaryEndpoint!.Address!.toLowerCase()]);
      expect(await foreign(), 'records of others').toEqual(foreignBefore);
      const plan = await wd.plan(`plan after: ${config.label}`);
      expect(plan.changes, plan.text).toBe(false);
      // IAM: the role holds its base policy and exactly one Route 53 policy, for exactly these names.
      const env = ((await rest(emu, 'lambda', `/2015-03-31/functions/${encodeURIComponent(functionName)}`)) as { Configuration: { Environment: { Variables: Record<string, string> } } }).Configuration.Environment.Variables;
      const policies = await rolePolicies(emu, functionName);
      const recordsPolicies = Object.keys(policies).filter((n) => n.startsWith(`${functionName}-records-`));
      expect(Object.keys(policies).sort(), 'inline policies of the role').toEqual([functionName, ...recordsPolicies].sort());
      expect(recordsPolicies).toHaveLength(1);
      const condition = (JSON.parse(policies[recordsPolicies[0]!]!) as { Statement: Array<{ Sid: string; Condition: Record<string, Record<string, string[] | string>> }> }).Statement.find((s) => s.Sid === 'WriteOwnedRecords')!.Condition;
      const allowed = Object.entries(condition)
        .filter(([op]) => op.startsWith('ForAllValues:'))
        .flatMap(([, keys]) => [keys['route53:ChangeResourceRecordSetsNormalizedRecordNames'] ?? []].flat());
      expect(allowed.sort(), 'names the Route 53 policy allows').toEqual(writableNames(env).sort());
      found.push(`${config.label}: ${wanted.join(', ')} (owner ${config.owner}, ${config.zone} zone); nothing of ours elsewhere; plan clean; one Route 53 policy`);
    };

    beforeAll(async () => {
      emu = await startEmulator({ region: REGION });
      const conf = { endpoint: emu.endpoint, region: emu.region, credentials: emu.credentials };
      ec = new ElastiCacheClient(conf);
      r53 = new Route53Client(conf);
      stage = stageExample('existing-zone');
      putModuleAt(stage, UPGRADE_FROM);
      writeInto(stage, 'emulator_override.tf', emulatorOverride(emu.endpoint, emu.region));
      writeInto(stage, 'foreign.tf', FOREIGN_TF);
      const logs = process.env.ERDNS_E2E_LOGS;
      if (logs) fs.mkdirSync(logs, { recursive: true });
      const logFile = logs ? path.join(logs, `reconfigure-${binary.family}-${binary.version}.log`) : undefined;
      wd = new Workdir(binary, stage.dir, { AWS_ENDPOINT_URL: emu.endpoint, AWS_EC2_METADATA_DISABLED: 'true', TF_VAR_region: REGION }, logFile);
    }, 300_000);

    afterAll(async () => {
      console.log(`what each apply left:\n${found.map((line) => `  ${line}`).join('\n')}`);
      await finishWorkdir(wd, 'upgrade and configuration changes');
      ec?.destroy();
      r53?.destroy();
      stage?.remove();
      await emu?.stop();
    }, 600_000);

    let foreignBefore: string[] = [];
    let namesBefore: string[] = [];

    step(`apply with the module of ${UPGRADE_FROM.slice(0, 7)}`, async () => {
      await wd.init();
      await apply('the earlier module', CONFIGURATIONS[0]!);
      const outputs = await wd.outputs();
      zoneIds.first = String(outputs.zone_id);
      functionName = String(outputs.function_name);
      foreignBefore = await foreign();
      expect(foreignBefore).toHaveLength(FOREIGN.length);
      namesBefore = ours(await zone('first'));
      expect(namesBefore.length).toBeGreaterThan(0);
    });

    step('upgrade to this module: one apply, no resource that holds names replaced, names intact, plan clean', async () => {
      putModuleAt(stage, undefined);
      const plan = await wd.plan('plan of the upgrade');
      const replaced = [...plan.text.matchAll(/# (\S+) must be replaced/g)].map((m) => m[1]!);
      // Only the zone-account role's policy may be replaced (it is not in this example): nothing here.
      expect(replaced, plan.text).toEqual([]);
      const ourRecords = async () => {
        const records = await zone('first');
        const keys = new Set(ours(records));
        return records.filter((r) => keys.has(`${r.name} ${r.type}`));
      };
      const before = await ourRecords();
      expect(before.length).toBe(namesBefore.length);
      await apply('the upgrade', CONFIGURATIONS[0]!);
      expect(await ourRecords(), 'our records, values and TTLs').toEqual(before);
      await expectConverged(CONFIGURATIONS[0]!, foreignBefore);
    });

    for (const config of CONFIGURATIONS.slice(1)) {
      step(`change: ${config.label}`, async () => {
        if (config.blogRecord) {
          const replica = (await emu.roles()).find((m) => m.replicationGroupId === GROUP && m.currentRole === 'replica')!.address;
          await r53.send(
            new ChangeResourceRecordSetsCommand({
              HostedZoneId: zoneIds.first,
              ChangeBatch: { Changes: [{ Action: 'CREATE', ResourceRecordSet: { Name: config.blogRecord, Type: 'CNAME', TTL: 60, ResourceRecords: [{ Value: replica }] } }] },
            }),
          );
        }
        await apply(config.label, config);
        // The module's own zone (create_zone = true): its ID from the outputs.
        if (config.zone === 'second') zoneIds.second = String((await wd.outputs()).zone_id);
        await expectConverged(config, foreignBefore);
      });
    }

    step('destroy: succeeds, nothing of ours in either zone', async () => {
      await wd.destroy();
      expect(await wd.stateList()).toEqual([]);
      for (const which of ['first', 'second'] as const) {
        const gone = await listZone(r53, zoneIds[which]).then(() => 'still there', (e: Error) => e.name);
        expect(gone, `the ${which} zone`).toBe('NoSuchHostedZone');
      }
    });
  });
}
