// Progress lines with elapsed seconds (the same clock as scripts/lib.sh when DEMO_START_EPOCH is
// set by scripts/demo.sh), plain text tables, and the error that ends the demo with a message.

const START_MS = Number(process.env.DEMO_START_EPOCH ?? '') * 1000 || Date.now();

export function elapsed(): string {
  return `${((Date.now() - START_MS) / 1000).toFixed(1)}s`;
}

export function step(message: string): void {
  process.stdout.write(`\n==> [${elapsed().padStart(6)}] ${message}\n`);
}

export function note(message = ''): void {
  process.stdout.write(message ? `    ${message}\n` : '\n');
}

export function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): void {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => '    ' + cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ').trimEnd();
  process.stdout.write(line(headers) + '\n');
  process.stdout.write(line(widths.map((w) => '-'.repeat(w))) + '\n');
  for (const r of rows) process.stdout.write(line(r) + '\n');
}

/** A failed check of the demo: main prints `DEMO FAILED: <what>` and exits non-zero. */
export class DemoFailure extends Error {
  override name = 'DemoFailure';
}

export function fail(what: string): never {
  throw new DemoFailure(what);
}

export function ms(value: number): string {
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}

/** Polls `check` every `intervalMs` until it returns a value, or fails after `timeoutMs` (bounded in time and count). */
export async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs: number, intervalMs = 25): Promise<{ value: T; waitedMs: number }> {
  const started = Date.now();
  const maxPolls = Math.ceil(timeoutMs / intervalMs) + 1;
  for (let i = 0; i < maxPolls && Date.now() - started <= timeoutMs; i++) {
    const value = await check();
    if (value !== undefined) return { value, waitedMs: Date.now() - started };
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  fail(`${what}: not reached within ${ms(timeoutMs)}`);
}
