// Runs one Terraform/OpenTofu binary in one working directory, as a user would from a shell, and
// records how long each command took (the tier prints them; the closing numbers come from there).
// The demo drives its Terraform through this class too (scripts/demo/terraform.ts).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type { Binary } from './toolchain.js';

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

export interface Timing {
  readonly binary: string;
  readonly workdir: string;
  readonly command: string;
  readonly seconds: number;
}

export class TerraformError extends Error {
  constructor(message: string, readonly result: RunResult) {
    super(message);
    this.name = 'TerraformError';
  }
}

export class Workdir {
  readonly timings: Timing[] = [];
  /** Commands still running: stop() ends them. */
  private readonly running = new Set<ChildProcess>();

  constructor(
    readonly binary: Binary,
    readonly dir: string,
    /** Extra environment (TF_VAR_*, AWS_* for the emulator). */
    private env: NodeJS.ProcessEnv = {},
    /** Every command's output is appended here as it comes, when given (ERDNS_E2E_LOGS keeps them). */
    readonly logFile?: string,
  ) {}

  /** Adds environment for the commands that follow (the demo learns the emulator's endpoint after init). */
  setEnv(extra: NodeJS.ProcessEnv): void {
    this.env = { ...this.env, ...extra };
  }

  /** Runs `<binary> <args>`; resolves with the result whatever the exit code. `onLine` sees each stdout line as it comes. */
  run(args: readonly string[], label: string = args[0] ?? '', onLine?: (line: string) => void): Promise<RunResult> {
    const started = process.hrtime.bigint();
    const log = (text: string) => this.logFile && fs.appendFileSync(this.logFile, text);
    log(`\n### ${this.binary.label} ${args.join(' ')}\n`);
    // None of the caller's AWS settings (profiles, credentials, endpoints) reach the binary: only
    // what `env` says. Its own process group, so that stop() also ends the provider plugins.
    const child = spawn(this.binary.path, [...args, '-no-color'], {
      cwd: this.dir,
      env: {
        ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_'))),
        ...this.env,
        TF_CLI_CONFIG_FILE: this.binary.cliConfig,
        TF_IN_AUTOMATION: '1',
        TF_INPUT: '0',
        CHECKPOINT_DISABLE: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.running.add(child);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let partial = '';
    child.stdout.on('data', (b: Buffer) => {
      out.push(b);
      log(b.toString());
      if (!onLine) return;
      const lines = (partial + b.toString()).split('\n');
      partial = lines.pop() ?? '';
      lines.forEach(onLine);
    });
    child.stderr.on('data', (b: Buffer) => {
      err.push(b);
      log(b.toString());
    });
    return new Promise((resolve, reject) => {
      child.on('error', (e) => {
        this.running.delete(child);
        reject(new TerraformError(`${this.binary.label} ${label}: cannot run ${this.binary.path}: ${e.message}`, { code: -1, stdout: '', stderr: e.message, seconds: 0 }));
      });
      child.on('close', (code, signal) => {
        this.running.delete(child);
        if (partial && onLine) onLine(partial);
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        this.timings.push({ binary: this.binary.label, workdir: this.dir, command: label, seconds });
        const result = { code: code ?? -1, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), seconds };
        log(`### → exit ${code ?? signal} in ${seconds.toFixed(1)} s\n`);
        resolve(result);
      });
    });
  }

  /** Ends running commands: SIGINT (Terraform stops gracefully), then SIGKILL of the process group. */
  async stop(): Promise<void> {
    await Promise.all([...this.running].map(stopGroup));
  }

  /** Runs and requires exit 0; the error carries the binary's own output. */
  async must(args: readonly string[], label: string = args[0] ?? '', onLine?: (line: string) => void): Promise<RunResult> {
    const result = await this.run(args, label, onLine);
    if (result.code !== 0) {
      const where = this.logFile ? `\n(whole output: ${this.logFile})` : '';
      throw new TerraformError(`${this.binary.label} ${label} exited ${result.code} after ${result.seconds.toFixed(1)} s:\n${tail(result)}${where}`, result);
    }
    return result;
  }

  init(onLine?: (line: string) => void): Promise<RunResult> {
    return this.must(['init', '-input=false'], 'init', onLine);
  }

  apply(label = 'apply', onLine?: (line: string) => void): Promise<RunResult> {
    return this.must(['apply', '-auto-approve', '-input=false'], label, onLine);
  }

  /** `plan -detailed-exitcode`: 0 = no changes, 2 = changes (the plan text says which). */
  async plan(label = 'plan'): Promise<{ changes: boolean; text: string }> {
    const result = await this.run(['plan', '-detailed-exitcode', '-input=false'], label);
    if (result.code !== 0 && result.code !== 2) throw new TerraformError(`${this.binary.label} ${label} failed:\n${tail(result)}`, result);
    return { changes: result.code === 2, text: result.stdout };
  }

  destroy(args: readonly string[] = [], label = 'destroy', onLine?: (line: string) => void): Promise<RunResult> {
    return this.must(['destroy', '-auto-approve', '-input=false', ...args], label, onLine);
  }

  /** The root module's outputs, as values. */
  async outputs(): Promise<Record<string, unknown>> {
    const result = await this.must(['output', '-json'], 'output');
    const parsed = JSON.parse(result.stdout) as Record<string, { value: unknown }>;
    return Object.fromEntries(Object.entries(parsed).map(([k, v]) => [k, v.value]));
  }

  async stateList(): Promise<string[]> {
    const result = await this.run(['state', 'list'], 'state list');
    // An empty or missing state: exit 0 with nothing, or exit 1 "No state file was found!".
    if (result.code !== 0) return [];
    return result.stdout.split('\n').filter(Boolean);
  }
}

/**
 * The warnings of Terraform's or OpenTofu's human output that speak of a deprecation ("Deprecated
 * attribute", "Argument is deprecated", "Value derived from a deprecated source", …), each as its
 * summary line and body.
 */
export function deprecationWarnings(output: string): string[] {
  const warnings: string[] = [];
  const lines = output.split('\n');
  lines.forEach((line, i) => {
    if (!/^[│|]?\s*Warning: /.test(line)) return;
    const body = [line];
    for (let j = i + 1; j < lines.length && !/^[╵]/.test(lines[j] as string) && !/^[│|]?\s*(Warning|Error): /.test(lines[j] as string); j++) body.push(lines[j] as string);
    const text = body.map((l) => l.replace(/^[│|] ?/, '')).join('\n').trim();
    if (/deprecat/i.test(text)) warnings.push(text);
  });
  return warnings;
}

async function stopGroup(child: ChildProcess): Promise<void> {
  if (!child.pid || child.exitCode !== null) return;
  const exited = new Promise<void>((r) => child.once('close', () => r()));
  const within = (ms: number) => Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);
  for (const [signal, wait] of [['SIGINT', 5_000], ['SIGKILL', 2_000]] as const) {
    try {
      process.kill(-child.pid, signal);
    } catch {
      return; // gone already
    }
    if (await within(wait)) return;
  }
}

function tail(result: RunResult, lines = 60): string {
  return `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-lines).join('\n');
}
