// Synth entry point: writes the generated Terraform modules and their reference docs.
//
//   npm run synth                 # main.tf variables.tf outputs.tf versions.tf at the root and in
//                                 # every modules/<name>/; the terraform-docs tables in README.md,
//                                 # modules/<name>/README.md and examples/<name>/README.md; and
//                                 # wrappers/ (one module call per item, for each module); and
//                                 # docs/module-reference.md
//   npm run check:synth           # synthesizes into a temporary directory and fails, naming the
//                                 # file, when a committed file differs
//   tsx modules/synth.ts --out D  # writes into D instead of the repository
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Construct, TerraformStack } from './cdktf.js';
import { renderModule } from './hcl.js';
import { NOTIFICATION_TOPIC_OUTPUTS, NOTIFICATION_TOPIC_VARIABLES, ENCRYPTION_NOTE, notificationTopicModule } from './notification-topic/notification-topic.js';
import { PRIVATE_ZONE_OUTPUTS, PRIVATE_ZONE_VARIABLES, privateZoneModule } from './private-zone/private-zone.js';
import { RECONCILER_OUTPUTS, RECONCILER_VARIABLES, reconcilerModule } from './reconciler/reconciler.js';
import { ROOT_OUTPUTS, ROOT_VARIABLES, rootModule } from './root/root.js';
import { docsModel } from './docs-model.js';
import { markModuleSynth, type OutputSpec, type VariableSpec } from './spec.js';
import { BEGIN_MARKER, END_MARKER, injectTables, renderTables } from './terraform-docs.js';
import { renderWrapper, wrapperDir, wrappersReadme } from './wrappers.js';
import { ZONE_ACCOUNT_ROLE_OUTPUTS, ZONE_ACCOUNT_ROLE_VARIABLES, zoneAccountRoleModule } from './zone-account-role/zone-account-role.js';
import { AWS_PROVIDER_MIN_VERSION, TERRAFORM_MIN_VERSION } from './versions.js';

export { AWS_PROVIDER_MIN_VERSION, TERRAFORM_MIN_VERSION };

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface ModuleDefinition {
  /** Directory relative to the repository root. */
  readonly dir: string;
  readonly title: string;
  readonly summary: string;
  readonly build: (scope: Construct) => void;
  readonly variables: readonly VariableSpec[];
  readonly outputs: readonly OutputSpec[];
}

export const MODULES: readonly ModuleDefinition[] = [
  {
    dir: '.',
    title: 'Root module',
    summary: [
      'The whole composition: an optional private hosted zone, an optional ElastiCache notification topic, and the reconciler Lambda function that keeps the replica names.',
      '',
      '- The reconciler may read only the replication group (`replicationgroup:<id>`) and its member clusters (`cluster:<id>-*`), read only the hosted zone, and change in it only the names its templates produce (slots 1..16 whatever `record_count` is, so that lowering it still lets the reconciler delete the names above; the AZ pattern with `*`) and their `_owner.` markers, only as CNAME and TXT, only with CREATE and DELETE (a changed record is DELETE of its exact current value plus CREATE, so a concurrent edit fails the batch instead of being overwritten) (`route53:ChangeResourceRecordSets*` condition keys, names normalized: lowercase, no trailing dot).',
      '- Terraform invokes it at apply and destroy (`aws_lambda_invocation`, lifecycle scope CRUD): the names exist when `apply` returns, follow configuration changes (the input carries a hash of the configuration and the bundle: an update, never a replacement) and are removed at `destroy`, after the SNS subscription and the schedule target are gone.',
      `- ${ENCRYPTION_NOTE}`,
      '- When the replication group is created in the same configuration, pass its ID as a value and its ARN in `reconciler_depends_on` (see `examples/complete`).',
    ].join('\n'),
    build: rootModule,
    variables: ROOT_VARIABLES,
    outputs: ROOT_OUTPUTS,
  },
  {
    dir: 'modules/reconciler',
    title: 'Submodule `modules/reconciler`',
    summary:
      'The reconciler function with its IAM role (least privilege), log group, failure queue, alarms, SNS subscription, schedule and the apply/destroy invocation, for an existing zone and topic.',
    build: reconcilerModule,
    variables: RECONCILER_VARIABLES,
    outputs: RECONCILER_OUTPUTS,
  },
  {
    dir: 'modules/notification-topic',
    title: 'Submodule `modules/notification-topic`',
    summary: `An SNS topic for a replication group's ElastiCache notifications, with a topic policy that lets ElastiCache publish (condition \`AWS:SourceOwner\` = this account). ${ENCRYPTION_NOTE}`,
    build: notificationTopicModule,
    variables: NOTIFICATION_TOPIC_VARIABLES,
    outputs: NOTIFICATION_TOPIC_OUTPUTS,
  },
  {
    dir: 'modules/private-zone',
    title: 'Submodule `modules/private-zone`',
    summary: 'A Route 53 private hosted zone associated with one or more VPCs.',
    build: privateZoneModule,
    variables: PRIVATE_ZONE_VARIABLES,
    outputs: PRIVATE_ZONE_OUTPUTS,
  },
  {
    dir: 'modules/zone-account-role',
    title: 'Submodule `modules/zone-account-role`',
    summary:
      'For a hosted zone in another account than the replication group (apply it with that account\'s provider): an IAM role with the reconciler\'s name-scoped Route 53 permissions on that zone, which only the reconciler\'s role may assume. Pass its `role_arn` as `zone_role_arn` to the module in the group\'s account. The notification topic stays in the group\'s account: ElastiCache publishes only to a topic in its own account.',
    build: zoneAccountRoleModule,
    variables: ZONE_ACCOUNT_ROLE_VARIABLES,
    outputs: ZONE_ACCOUNT_ROLE_OUTPUTS,
  },
];

export const DOCS_PATH = 'docs/module-reference.md';
/** The README carries the root module's tables between the terraform-docs markers. */
export const README_PATH = 'README.md';
export const WRAPPERS_README = 'wrappers/README.md';

/** How a registry user names this module, and the version constraint the READMEs show. */
export const REGISTRY_SOURCE = 'your-org/elasticache-replica-dns/aws';
export function versionConstraint(version: string): string {
  const [major = '0', minor = '0'] = version.split('.');
  // Below 1.0 a minor release may break (see README, Versioning): stay on the patch releases.
  return major === '0' ? `~> 0.${minor}.0` : `~> ${major}.${minor}`;
}

/** Builds one module's stack (as `modules/synth.ts` does), for tests. */
export function moduleStack(definition: ModuleDefinition): TerraformStack {
  const app = new App({ outdir: join(tmpdir(), 'elasticache-replica-dns-synth'), skipValidation: true });
  const stack = new TerraformStack(app, definition.dir === '.' ? 'root' : definition.dir.replace(/\W+/g, '-'));
  markModuleSynth(stack);
  definition.build(stack);
  return stack;
}

const readCommitted = (path: string): string => readFileSync(join(REPO_ROOT, path), 'utf8');

/** The HCL examples (examples/<name>/ with .tf files): their READMEs carry their tables. */
export function exampleDirs(): string[] {
  return readdirSync(join(REPO_ROOT, 'examples'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && readdirSync(join(REPO_ROOT, 'examples', d.name)).some((f) => f.endsWith('.tf')))
    .map((d) => `examples/${d.name}`)
    .sort();
}

function tfFilesOf(dir: string): Record<string, string> {
  return Object.fromEntries(readdirSync(join(REPO_ROOT, dir)).filter((f) => f.endsWith('.tf')).sort().map((f) => [f, readCommitted(join(dir, f))]));
}

/** A submodule's README, generated whole: what it is, how to call it, its tables. */
function submoduleReadme(definition: ModuleDefinition, tables: string, version: string): string {
  const name = definition.dir.split('/').pop() ?? definition.dir;
  return [
    `<!-- Generated by \`npm run synth\` from ${definition.dir}/${name}.ts — do not edit by hand. -->`,
    `# ${definition.title}`,
    '',
    definition.summary,
    '',
    '```hcl',
    `module "${name.replace(/-/g, '_')}" {`,
    `  source  = "${REGISTRY_SOURCE}//${definition.dir}"`,
    `  version = "${versionConstraint(version)}"`,
    '',
    '  # the required inputs below',
    '}',
    '```',
    '',
    BEGIN_MARKER,
    tables,
    END_MARKER,
    '',
  ].join('\n');
}

/** Every generated file: repository-relative path → content. */
export async function synthesize(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const version = (JSON.parse(readCommitted('package.json')) as { version: string }).version;
  const docs: string[] = [
    '<!-- Generated by `npm run synth` from the constructs in modules/ — do not edit by hand. -->',
    '# Module reference',
    '',
    `Requirements: Terraform >= ${TERRAFORM_MIN_VERSION} or OpenTofu >= 1.6, AWS provider (\`hashicorp/aws\`) >= ${AWS_PROVIDER_MIN_VERSION}.`,
    'The modules configure no provider and no backend. Each README holds the tables terraform-docs',
    'writes (requirements, providers, modules, resources, inputs, outputs).',
  ];
  for (const definition of MODULES) {
    const rendered = await renderModule(moduleStack(definition), {
      variables: definition.variables,
      terraformVersion: TERRAFORM_MIN_VERSION,
      awsProviderVersion: AWS_PROVIDER_MIN_VERSION,
    });
    for (const [name, content] of Object.entries(rendered.files)) files.set(join(definition.dir, name), content);
    const tables = renderTables(await docsModel({ ...rendered.files }));
    const readme = join(definition.dir, 'README.md');
    files.set(readme, definition.dir === '.' ? injectTables(readCommitted(readme), tables, readme) : submoduleReadme(definition, tables, version));
    docs.push('', `## ${definition.title}`, '', definition.summary, '', `Inputs, outputs and resources: [${readme}](../${readme}).`);
  }
  for (const definition of MODULES) {
    const wrapper = await renderWrapper(definition.dir, definition.variables, TERRAFORM_MIN_VERSION);
    for (const [name, content] of Object.entries(wrapper)) files.set(join(wrapperDir(definition.dir), name), content);
  }
  files.set(WRAPPERS_README, wrappersReadme(MODULES.map((d) => d.dir), REGISTRY_SOURCE, version, versionConstraint(version)));
  for (const dir of exampleDirs()) {
    const readme = join(dir, 'README.md');
    files.set(readme, injectTables(readCommitted(readme), renderTables(await docsModel(tfFilesOf(dir))), readme));
  }
  files.set(DOCS_PATH, docs.join('\n') + '\n');
  return files;
}

function write(root: string, files: Map<string, string>): void {
  for (const [path, content] of files) {
    const target = join(root, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}

/** Paths of committed files that differ from a fresh synth (or are missing). */
export async function staleFiles(root = REPO_ROOT): Promise<string[]> {
  const scratch = mkdtempSync(join(tmpdir(), 'replica-dns-synth-'));
  try {
    const files = await synthesize();
    write(scratch, files);
    const stale: string[] = [];
    for (const path of files.keys()) {
      const committed = join(root, path);
      const fresh = readFileSync(join(scratch, path), 'utf8');
      if (!existsSync(committed) || readFileSync(committed, 'utf8') !== fresh) stale.push(path);
    }
    return stale;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function main(argv: string[]): Promise<number> {
  if (argv.includes('--check')) {
    const stale = await staleFiles();
    for (const path of stale) console.error(`stale: ${path} differs from a fresh synth; run \`npm run synth\` and commit it`);
    if (stale.length === 0) console.error('generated HCL and docs are up to date');
    return stale.length ? 1 : 0;
  }
  const outIndex = argv.indexOf('--out');
  const root = outIndex >= 0 ? resolve(argv[outIndex + 1] ?? '.') : REPO_ROOT;
  const files = await synthesize();
  write(root, files);
  for (const path of files.keys()) console.error(`wrote ${join(root, path)}`);
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.stack : error);
      process.exit(1);
    },
  );
}
