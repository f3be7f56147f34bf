// One structured JSON line per run, keyed as Powertools for AWS Lambda (TypeScript) keys its
// log lines (the default PowertoolsLogFormatter), so CloudWatch Logs Insights queries and log
// tooling written for Powertools read ours: `level` in capitals, `message`, `service`,
// `function_request_id` (the failure queue's messages carry it), `xray_trace_id`.
// test/unit/log.test.ts checks the keys against the real formatter's line. Written raw to stdout
// (not console.log) so CloudWatch Logs receives exactly the JSON, whatever the log format.

export type LineWriter = (line: string) => void;

export const writeStdout: LineWriter = (line) => {
  process.stdout.write(`${line}\n`);
};

export type Level = 'INFO' | 'WARN' | 'ERROR';

/** Powertools' `service` key: what its POWERTOOLS_SERVICE_NAME would say. */
export const SERVICE_NAME = 'elasticache-replica-dns';
export const RUN_MESSAGE = 'elasticache-replica-dns run';

/** What a line says about the invocation: Lambda's context object and the X-Ray header. */
export interface InvocationFields {
  readonly coldStart: boolean;
  readonly functionName?: string;
  readonly invokedFunctionArn?: string;
  readonly memoryLimitInMB?: string | number;
  readonly awsRequestId?: string;
  /** Lambda's `_X_AMZN_TRACE_ID` (`Root=1-…;Parent=…;Sampled=…`); the line carries its Root. */
  readonly traceHeader?: string;
}

export function logRun(
  write: LineWriter,
  level: Level,
  timestamp: string,
  invocation: InvocationFields,
  fields: Record<string, unknown>,
): void {
  const traceId = xrayTraceId(invocation.traceHeader);
  // The formatter's base keys in its order; absent values are left out, as Powertools does.
  const base = {
    level,
    message: RUN_MESSAGE,
    timestamp,
    service: SERVICE_NAME,
    cold_start: invocation.coldStart,
    function_arn: invocation.invokedFunctionArn,
    function_memory_size: invocation.memoryLimitInMB,
    function_name: invocation.functionName,
    function_request_id: invocation.awsRequestId,
    sampling_rate: 0,
    xray_trace_id: traceId,
  };
  write(JSON.stringify({ ...base, ...fields }));
}

/** The trace id of an X-Ray header: its `Root`, or the whole value when it has no fields. */
export function xrayTraceId(header: string | undefined): string | undefined {
  if (!header) return undefined;
  if (!header.includes('=')) return header;
  const root = header.split(';').find((field) => field.startsWith('Root='));
  return root?.slice('Root='.length);
}

export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { message: String(error) };
  const cause = error.cause instanceof Error ? { name: error.cause.name, message: error.cause.message } : undefined;
  return { name: error.name, message: error.message, ...(cause ? { cause } : {}) };
}
