// The run line's keys are Powertools for AWS Lambda's: the real Logger writes a line for the same
// invocation, and ours must carry its base keys in its order, with the same values.
import { Logger } from '@aws-lambda-powertools/logger';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { logRun, RUN_MESSAGE, SERVICE_NAME, xrayTraceId, type InvocationFields } from '../../lambda/src/log.js';

const TRACE = 'Root=1-5759e988-bd862e3fe1be46a994272793;Parent=557abcec3ee5a047;Sampled=1';
const CONTEXT = {
  functionName: 'shop-replica-dns',
  invokedFunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:shop-replica-dns',
  memoryLimitInMB: '128',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
};

/** One line of Powertools' Logger for this invocation, as it writes it to stdout. */
function powertoolsLine(level: 'info' | 'warn' | 'error', extra: Record<string, unknown>): Record<string, unknown> {
  vi.stubEnv('_X_AMZN_TRACE_ID', TRACE);
  vi.stubEnv('POWERTOOLS_DEV', '');
  const written: string[] = [];
  // Its Console writes info to stdout, warn and error to stderr.
  const capture = (chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  };
  const spies = [vi.spyOn(process.stdout, 'write').mockImplementation(capture), vi.spyOn(process.stderr, 'write').mockImplementation(capture)];
  try {
    const logger = new Logger({ serviceName: SERVICE_NAME });
    logger.addContext({ ...CONTEXT, functionVersion: '$LATEST', callbackWaitsForEmptyEventLoop: true, logGroupName: 'g', logStreamName: 's', getRemainingTimeInMillis: () => 1000, done: () => undefined, fail: () => undefined, succeed: () => undefined });
    logger[level](RUN_MESSAGE, extra);
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
  return JSON.parse(written.join('')) as Record<string, unknown>;
}

function ourLine(level: 'INFO' | 'WARN' | 'ERROR', extra: Record<string, unknown>, invocation: Partial<InvocationFields> = {}) {
  const lines: string[] = [];
  logRun((l) => lines.push(l), level, '2026-12-07T12:00:00.000Z', { coldStart: true, ...CONTEXT, traceHeader: TRACE, ...invocation }, extra);
  return JSON.parse(lines[0]!) as Record<string, unknown>;
}

afterEach(() => vi.unstubAllEnvs());

describe('run log line: Powertools for AWS Lambda keys', () => {
  it.each([
    ['info', 'INFO'],
    ['warn', 'WARN'],
    ['error', 'ERROR'],
  ] as const)('%s: the base keys, their order and values are the formatter’s', (powertoolsLevel, ours) => {
    // Prepare / Act
    const expected = powertoolsLine(powertoolsLevel, { outcome: 'applied' });
    const actual = ourLine(ours, { outcome: 'applied' });
    // Assess: every key Powertools writes, in its order, then ours; same values except the clock
    // (and cold_start, which Powertools' Logger tracks by itself).
    expect(Object.keys(actual)).toEqual(Object.keys(expected));
    const { timestamp: _t1, cold_start: _c1, ...expectedRest } = expected;
    const { timestamp: _t2, cold_start: _c2, ...actualRest } = actual;
    expect(actualRest).toEqual(expectedRest);
    expect(typeof actual.cold_start).toBe(typeof expected.cold_start);
  });

  it('leaves out what the invocation does not tell (no context at init, no trace header)', () => {
    const line = ourLine('ERROR', { outcome: 'init-failed' }, { functionName: undefined, invokedFunctionArn: undefined, memoryLimitInMB: undefined, awsRequestId: undefined, traceHeader: undefined });
    expect(Object.keys(line)).toEqual(['level', 'message', 'timestamp', 'service', 'cold_start', 'sampling_rate', 'outcome']);
  });

  it.each([
    [TRACE, '1-5759e988-bd862e3fe1be46a994272793'],
    ['1-5759e988-bd862e3fe1be46a994272793', '1-5759e988-bd862e3fe1be46a994272793'],
    ['Parent=557abcec3ee5a047;Root=1-aa', '1-aa'],
    ['', undefined],
  ])('X-Ray header %j → trace id %j', (header, id) => {
    expect(xrayTraceId(header)).toBe(id);
  });
});
