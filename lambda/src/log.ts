// One structured JSON line per run. Written raw to stdout (not console.log) so CloudWatch
// Logs receives exactly the JSON, whatever the function's log format.

export type LineWriter = (line: string) => void;

export const writeStdout: LineWriter = (line) => {
  process.stdout.write(`${line}\n`);
};

export type Level = 'info' | 'warn' | 'error';

export function logRun(write: LineWriter, level: Level, fields: Record<string, unknown>): void {
  write(JSON.stringify({ level, msg: 'elasticache-replica-dns run', ...fields }));
}

export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const cause = error.cause instanceof Error ? { name: error.cause.name, message: error.cause.message } : undefined;
  return { name: error.name, message: error.message, ...(cause ? { cause } : {}) };
}
