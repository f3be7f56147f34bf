// A CDKTF or CDK Terrain app as a user makes one outside the repository: the construct package
// packed (`npm pack`, which builds it), installed from the tarball with the framework's peers into a
// fresh directory, examples/cdktf's main.ts and cdktf.json as the app (for CDK Terrain with its
// imports renamed as a user moving to it renames them: cdktf → cdktn, @cdktf/provider-aws →
// @cdktn/provider-aws, and the package's ./cdktn entry), type-checked against the shipped .d.ts and
// synthesized by the framework's CLI (`cdktf synth`, `cdktn synth`). Each step is timed.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './stage.js';

const run = promisify(execFile);

export const PACKAGE_NAME = 'elasticache-replica-dns';
/** The app's stack (examples/cdktf). */
export const STACK = 'replica-dns';
export type Framework = 'cdktf' | 'cdktn';

interface FrameworkSpec {
  /** Installed beside the package, at the versions the repository pins (the tested peer versions). */
  readonly peers: readonly string[];
  /** The package's entry for this framework (package.json exports). */
  readonly entry: string;
  /** The CLI (a devDependency of the repository; users install it globally or in the app). */
  readonly cli: string;
}

const FRAMEWORKS: Record<Framework, FrameworkSpec> = {
  cdktf: { peers: ['cdktf', 'constructs', '@cdktf/provider-aws'], entry: PACKAGE_NAME, cli: 'cdktf' },
  cdktn: { peers: ['cdktn', 'constructs', '@cdktn/provider-aws'], entry: `${PACKAGE_NAME}/cdktn`, cli: 'cdktn' },
};

/** examples/cdktf's main.ts for the framework: the import specifiers renamed, nothing else. */
export function appSource(framework: Framework, mainTs: string): string {
  if (framework === 'cdktf') return mainTs;
  return mainTs
    .replace(/from '@cdktf\//g, "from '@cdktn/")
    .replace(/from 'cdktf'/g, "from 'cdktn'")
    .replace(new RegExp(`from '${PACKAGE_NAME}'`, 'g'), `from '${FRAMEWORKS.cdktn.entry}'`);
}
/** What the app itself uses to run and type-check main.ts. */
const APP_TOOLS = ['tsx', 'typescript', '@types/node'] as const;

export class AppCommandError extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'AppCommandError';
  }
}

export interface PackedFile {
  readonly path: string;
  readonly size: number;
}

export interface Tarball {
  readonly file: string;
  /** Bytes of the .tgz. */
  readonly size: number;
  readonly files: readonly PackedFile[];
}

export interface PackageApp {
  readonly framework: Framework;
  /** The package name the app imports (the framework's entry). */
  readonly entry: string;
  readonly dir: string;
  readonly tarball: Tarball;
  /** Seconds per step (pack, install, type check, synth …). */
  readonly timings: Map<string, number>;
  /** Runs a command in the app; resolves with its stdout. */
  exec(label: string, command: string, args: readonly string[]): Promise<string>;
  /** `cdktf synth` (`cdktn synth`), then the stack (cdk.tf.json, assets) copied into `target`. */
  synthInto(target: string): Promise<void>;
  remove(): void;
}

/** Packs the package (npm pack runs the build) into `dir`. */
export async function packPackage(dir: string): Promise<Tarball> {
  const { stdout } = await run('npm', ['pack', '--json', '--pack-destination', dir], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
  const [packed] = JSON.parse(stdout) as [{ filename: string; size: number; files: PackedFile[] }];
  return { file: path.join(dir, packed.filename), size: packed.size, files: packed.files };
}

/**
 * Makes the app (in a new temp directory, outside the repository) with the package packed there, or
 * with `tarball` when given. `env` is the environment of the app's commands (a PATH with another
 * Node.js first).
 */
export async function createPackageApp(framework: Framework = 'cdktf', options: { tarball?: Tarball; env?: NodeJS.ProcessEnv } = {}): Promise<PackageApp> {
  const spec = FRAMEWORKS[framework];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `e2e-package-${framework}-app-`));
  const timings = new Map<string, number>();
  const env = { ...process.env, ...options.env, CHECKPOINT_DISABLE: '1' };
  const exec = async (label: string, command: string, args: readonly string[], cwd = dir): Promise<string> => {
    const started = Date.now();
    try {
      const { stdout } = await run(command, args, { cwd, maxBuffer: 64 * 1024 * 1024, env });
      return stdout;
    } catch (error) {
      const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim().split('\n').slice(-20).join('\n');
      throw new AppCommandError(`${label} failed: ${command} ${args.join(' ')} (in ${cwd})\n${stderr}`, { cause: error });
    } finally {
      timings.set(label, (timings.get(label) ?? 0) + (Date.now() - started) / 1000);
    }
  };

  let tarball = options.tarball;
  if (!tarball) {
    const started = Date.now();
    tarball = await packPackage(dir);
    timings.set('npm pack', (Date.now() - started) / 1000);
  }

  const app = path.join(dir, 'app');
  fs.mkdirSync(app);
  fs.copyFileSync(path.join(ROOT, 'examples', 'cdktf', 'cdktf.json'), path.join(app, 'cdktf.json')); // cdktn-cli reads cdktf.json too
  fs.writeFileSync(path.join(app, 'main.ts'), appSource(framework, fs.readFileSync(path.join(ROOT, 'examples', 'cdktf', 'main.ts'), 'utf8')));
  // A user's manifest: esbuild (under tsx) may not run its install script, which it does not need
  // (CONTRIBUTING.md, "Install scripts"); npm 12 would skip it anyway, npm 11 warns.
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'replica-dns-app', private: true, type: 'module', allowScripts: { esbuild: false } }, null, 2));
  fs.writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify(USER_TSCONFIG, null, 2));
  const pins = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).devDependencies as Record<string, string>;
  const specs = [...spec.peers, ...APP_TOOLS].map((name) => `${name}@${pins[name]}`);
  // From the local npm cache when it holds them (npm ci at the root filled it), else the registry;
  // --strict-allow-scripts: every install script is decided (package.json above).
  await exec('npm install', 'npm', ['install', '--prefer-offline', '--strict-allow-scripts', '--no-audit', '--no-fund', tarball.file, ...specs], app);

  const cli = path.join(ROOT, 'node_modules', '.bin', spec.cli);
  return {
    framework,
    entry: spec.entry,
    dir: app,
    tarball,
    timings,
    exec: (label, command, args) => exec(label, command, args, app),
    async synthInto(target) {
      // The CLI a user runs (here the repository's cdktf-cli devDependency; users install it
      // globally or in the app); it runs cdktf.json's "app" command.
      await exec(`${spec.cli} synth`, cli, ['synth'], app);
      fs.cpSync(path.join(app, 'cdktf.out', 'stacks', STACK), target, { recursive: true });
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** A user's tsconfig.json for an ESM CDKTF app. */
const USER_TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'NodeNext',
    moduleResolution: 'NodeNext',
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    types: ['node'],
  },
  include: ['main.ts'],
};
