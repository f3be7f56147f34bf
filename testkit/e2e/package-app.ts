// A CDKTF app as a user makes one outside the repository: the construct package packed (`npm pack`,
// which builds it), installed from the tarball with the peers into a fresh directory, examples/cdktf's
// main.ts and cdktf.json as the app, type-checked against the shipped .d.ts and synthesized by the
// CDKTF CLI (`cdktf synth`). Each step is timed.
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
/** Installed beside the package, at the versions the repository pins (the tested peer versions). */
const PEERS = ['cdktf', 'constructs', '@cdktf/provider-aws'] as const;
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
  readonly dir: string;
  readonly tarball: Tarball;
  /** Seconds per step (pack, install, type check, synth …). */
  readonly timings: Map<string, number>;
  /** Runs a command in the app; resolves with its stdout. */
  exec(label: string, command: string, args: readonly string[]): Promise<string>;
  /** `cdktf synth`, then the stack (cdk.tf.json, assets) copied into `target`. */
  synthInto(target: string): Promise<void>;
  remove(): void;
}

/** Packs the package and makes the app (in a new temp directory, outside the repository). */
export async function createPackageApp(): Promise<PackageApp> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'e2e-package-app-'));
  const timings = new Map<string, number>();
  const exec = async (label: string, command: string, args: readonly string[], cwd = dir): Promise<string> => {
    const started = Date.now();
    try {
      const { stdout } = await run(command, args, { cwd, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
      return stdout;
    } catch (error) {
      const stderr = String((error as { stderr?: unknown }).stderr ?? '').trim().split('\n').slice(-20).join('\n');
      throw new AppCommandError(`${label} failed: ${command} ${args.join(' ')} (in ${cwd})\n${stderr}`, { cause: error });
    } finally {
      timings.set(label, (timings.get(label) ?? 0) + (Date.now() - started) / 1000);
    }
  };

  const [packed] = JSON.parse(await exec('npm pack', 'npm', ['pack', '--json', '--pack-destination', dir], ROOT)) as [{ filename: string; size: number; files: PackedFile[] }];
  const tarball = { file: path.join(dir, packed.filename), size: packed.size, files: packed.files };

  const app = path.join(dir, 'app');
  fs.mkdirSync(app);
  for (const file of ['main.ts', 'cdktf.json']) fs.copyFileSync(path.join(ROOT, 'examples', 'cdktf', file), path.join(app, file));
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'replica-dns-app', private: true, type: 'module' }, null, 2));
  fs.writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify(USER_TSCONFIG, null, 2));
  const pins = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).devDependencies as Record<string, string>;
  const specs = [...PEERS, ...APP_TOOLS].map((name) => `${name}@${pins[name]}`);
  // From the local npm cache when it holds them (npm ci at the root filled it), else the registry.
  await exec('npm install', 'npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', tarball.file, ...specs], app);

  const cdktf = path.join(ROOT, 'node_modules', '.bin', 'cdktf');
  return {
    dir: app,
    tarball,
    timings,
    exec: (label, command, args) => exec(label, command, args, app),
    async synthInto(target) {
      // The CLI a user runs (here the repository's cdktf-cli devDependency; users install it
      // globally or in the app); it runs cdktf.json's "app" command.
      await exec('cdktf synth', cdktf, ['synth'], app);
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
