// Terraform (or OpenTofu) as the demo runs it: the one binary scripts/toolchain/install.sh
// --for-demo chose, in the staged copy of examples/complete, its output summarized as it comes (a
// line per resource with the demo's elapsed time, Terraform's own words) and kept whole in a log.
// A failed command ends the demo with the binary's own error. The binary runs in its own process
// group, so that stop() ends it and the provider plugins it started.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { toolchainBinaries, type Binary } from '../../test/e2e/support/toolchain.js';
import { DemoFailure, elapsed, fail, note } from './ui.js';

/** The binary chosen by install.sh --for-demo (ERDNS_TF_BINARIES holds exactly one). */
export function demoBinary(): Binary {
  const binaries = toolchainBinaries();
  if (binaries.length !== 1) fail(`ERDNS_TF_BINARIES names ${binaries.length} binaries; the demo runs one (scripts/demo.sh sets it through install.sh --for-demo)`);
  return binaries[0]!;
}

export interface Result {
  readonly stdout: string;
  readonly seconds: number;
}

/** Terraform's lines worth a progress line: a resource done, failed, or still at it. */
const DONE = /^(.+?): (Creation complete|Modifications complete|Destruction complete|Read complete) after (\S+)/;
const STILL = /^(.+?): Still (creating|modifying|destroying|reading)\.\.\. \[(?:(\d+)m)?0*(\d+)s elapsed\]/;
const SUMMARY = /^(Apply complete!|Destroy complete!|No changes\.)/;
const VERB: Record<string, string> = {
  'Creation complete': 'created',
  'Modifications complete': 'updated',
  'Destruction complete': 'destroyed',
  'Read complete': 'read',
};

export class Terraform {
  private child: ChildProcess | undefined;

  /** The emulator's endpoint and region: the only AWS the binary talks to (init needs none). */
  private aws: { endpoint: string; region: string } | undefined;

  constructor(
    readonly binary: Binary,
    readonly dir: string,
    readonly logFile: string,
  ) {}

  useEmulator(endpoint: string, region: string): void {
    this.aws = { endpoint, region };
  }

  private env(): NodeJS.ProcessEnv {
    // None of the caller's AWS settings (profiles, credentials, endpoints) reach the binary: the
    // provider override and these variables aim everything at the emulator.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_')));
    return {
      ...env,
      TF_CLI_CONFIG_FILE: this.binary.cliConfig,
      TF_IN_AUTOMATION: '1',
      TF_INPUT: '0',
      CHECKPOINT_DISABLE: '1',
      ...(this.aws ? { AWS_ENDPOINT_URL: this.aws.endpoint, AWS_EC2_METADATA_DISABLED: 'true', TF_VAR_region: this.aws.region } : {}),
    };
  }

  /**
   * Runs `<binary> <args> -no-color`. Progress: a line per resource done (and its still-running
   * lines every 30 s), the closing summary; `onLine` sees every stdout line too.
   */
  run(args: readonly string[], what: string, onLine?: (line: string) => void): Promise<Result> {
    const started = Date.now();
    fs.appendFileSync(this.logFile, `\n### [${elapsed()}] ${this.binary.label} ${args.join(' ')}\n`);
    const child = spawn(this.binary.path, [...args, '-no-color'], { cwd: this.dir, env: this.env(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    this.child = child;
    let stdout = '';
    let stderr = '';
    let partial = '';
    const line = (text: string) => {
      fs.appendFileSync(this.logFile, `[${elapsed().padStart(6)}] ${text}\n`);
      onLine?.(text);
      const done = DONE.exec(text);
      const still = STILL.exec(text);
      if (done) note(`[${elapsed().padStart(6)}] ${VERB[done[2]!]} ${done[1]} (${done[3]})`);
      else if (still && (Number(still[3] ?? 0) * 60 + Number(still[4])) % 30 === 0) note(`[${elapsed().padStart(6)}] still ${still[2]} ${still[1]} (${still[3] ? `${still[3]}m` : ''}${still[4]}s)`);
      else if (SUMMARY.test(text)) note(`[${elapsed().padStart(6)}] ${text.trim()}`);
    };
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
      const lines = (partial + d).split('\n');
      partial = lines.pop() ?? '';
      lines.forEach(line);
    });
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
      fs.appendFileSync(this.logFile, d);
    });
    return new Promise((resolve, reject) => {
      child.on('error', (e) => reject(new DemoFailure(`${this.binary.label} ${what}: cannot run ${this.binary.path}: ${e.message}`)));
      child.on('close', (code, signal) => {
        this.child = undefined;
        if (partial) line(partial);
        const seconds = (Date.now() - started) / 1000;
        if (code === 0) return resolve({ stdout, seconds });
        const tail = `${stdout}\n${stderr}`.trim().split('\n').slice(-40).join('\n    ');
        reject(new DemoFailure(`${this.binary.label} ${what} failed (exit ${code ?? signal}) after ${seconds.toFixed(1)} s:\n    ${tail}\n(whole output: ${this.logFile})`));
      });
    });
  }

  init(): Promise<Result> {
    return this.run(['init', '-input=false'], 'init', (l) => {
      if (/^- (Installed|Using previously-installed) /.test(l)) note(`[${elapsed().padStart(6)}] init: ${l.slice(2)}`);
    });
  }

  apply(what = 'apply'): Promise<Result> {
    return this.run(['apply', '-auto-approve', '-input=false'], what);
  }

  destroy(): Promise<Result> {
    return this.run(['destroy', '-auto-approve', '-input=false'], 'destroy');
  }

  async outputs(): Promise<Record<string, unknown>> {
    const { stdout } = await this.run(['output', '-json'], 'output');
    const parsed = JSON.parse(stdout) as Record<string, { value: unknown }>;
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, v.value]));
  }

  async stateList(): Promise<string[]> {
    const { stdout } = await this.run(['state', 'list'], 'state list');
    return stdout.split('\n').filter(Boolean);
  }

  /** Ends a running command: SIGINT (Terraform stops gracefully), then SIGKILL of its process group. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child?.pid) return;
    const exited = new Promise<void>((r) => child.once('close', () => r()));
    const within = (ms: number) => Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);
    try {
      process.kill(-child.pid, 'SIGINT');
    } catch {
      return;
    }
    if (!(await within(5_000))) {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // gone
      }
      await within(2_000);
    }
  }
}
