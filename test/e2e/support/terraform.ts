// Runs one Terraform/OpenTofu binary in one working directory, as a user would from a shell, and
// records how long each command took (the tier prints them; the closing numbers come from there).
import { spawn } from 'node:child_process';
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

  constructor(
    readonly binary: Binary,
    readonly dir: string,
    /** Extra environment (TF_VAR_*, AWS_* for the emulator). */
    private readonly env: NodeJS.ProcessEnv = {},
    /** Every command's output is appended here, when given (ERDNS_E2E_LOGS keeps them). */
    private readonly logFile?: string,
  ) {}

  /** Runs `<binary> <args>`; resolves with the result whatever the exit code. `onLine` sees each stdout line as it comes. */
  run(args: readonly string[], label: string = args[0] ?? '', onLine?: (line: string) => void): Promise<RunResult> {
    const started = process.hrtime.bigint();
    const child = spawn(this.binary.path, [...args, '-no-color'], {
      cwd: this.dir,
      env: {
        ...process.env,
        ...this.env,
        TF_CLI_CONFIG_FILE: this.binary.cliConfig,
        TF_IN_AUTOMATION: '1',
        TF_INPUT: '0',
        CHECKPOINT_DISABLE: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let partial = '';
    child.stdout.on('data', (b: Buffer) => {
      out.push(b);
      if (!onLine) return;
      const lines = (partial + b.toString()).split('\n');
      partial = lines.pop() ?? '';
      lines.forEach(onLine);
    });
    child.stderr.on('data', (b: Buffer) => err.push(b));
    return new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        this.timings.push({ binary: this.binary.label, workdir: this.dir, command: label, seconds });
        const result = { code: code ?? -1, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString(), seconds };
        if (this.logFile) {
          fs.appendFileSync(this.logFile, `\n### ${this.binary.label} ${args.join(' ')} → exit ${result.code} in ${seconds.toFixed(1)} s\n${result.stdout}${result.stderr}`);
        }
        resolve(result);
      });
    });
  }

  /** Runs and requires exit 0; the error carries the binary's own output. */
  async must(args: readonly string[], label: string = args[0] ?? '', onLine?: (line: string) => void): Promise<RunResult> {
    const result = await this.run(args, label, onLine);
    if (result.code !== 0) throw new TerraformError(`${this.binary.label} ${label} exited ${result.code}:\n${tail(result)}`, result);
    return result;
  }

  init(): Promise<RunResult> {
    return this.must(['init', '-input=false']);
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

  destroy(args: readonly string[] = [], label = 'destroy'): Promise<RunResult> {
    return this.must(['destroy', '-auto-approve', '-input=false', ...args], label);
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

function tail(result: RunResult, lines = 60): string {
  return `${result.stdout}\n${result.stderr}`.trim().split('\n').slice(-lines).join('\n');
}
