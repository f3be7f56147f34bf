// Runs Lambda invocations the way the AWS nodejs runtime does, for the local emulator
// (replica_dns_emulator/lambda_local.py).
//
// Cold mode (default): ONE invocation per process, a cold start each time.
// Input:  the event JSON on stdin; the task root (extracted zip) as cwd and LAMBDA_TASK_ROOT;
//         _HANDLER ("index.handler" → index.js|index.mjs|index.cjs, export "handler"; a nested
//         export path after the first dot is followed); AWS_LAMBDA_FUNCTION_* and AWS_* variables.
// Output: one line on stdout, "__LAMBDA_RESULT__ " + {"ok":true,"result":…} or
//         {"ok":false,"error":{"errorType","errorMessage","trace"}}; everything the handler prints
//         (console.*, process.stdout) goes to stderr, in Lambda's "time\trequestId\tLEVEL\tmsg" form.
// Warm mode (LAMBDA_RUNNER_MODE=warm): the process stays up like a warm Lambda sandbox (module
// state survives between invocations). Each stdin line is one request {"requestId","event",
// "logStream"}; each answer is the same result line, followed on stderr by "__LAMBDA_END__ <id>".
// A timeout or an uncaught error ends the process (the next invocation is a cold start).
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import { pathToFileURL } from 'node:url';

const MARK = '__LAMBDA_RESULT__ ';
const END_MARK = '__LAMBDA_END__ ';
const env = process.env;
const warm = env.LAMBDA_RUNNER_MODE === 'warm';
const timeoutMs = Number(env.AWS_LAMBDA_FUNCTION_TIMEOUT || '3') * 1000;
const taskRoot = env.LAMBDA_TASK_ROOT || process.cwd();
// Per invocation:
let requestId = env.AWS_LAMBDA_REQUEST_ID || '00000000-0000-0000-0000-000000000000';
let deadline = Date.now() + timeoutMs;
let logStream = env.AWS_LAMBDA_LOG_STREAM_NAME;
let answered = false;

const realWrite = process.stdout.write.bind(process.stdout);
// Anything the handler writes to stdout is log output.
process.stdout.write = (chunk, encoding, cb) => process.stderr.write(chunk, encoding, cb);

function writeResult(outcome, exitCode) {
  if (answered) return;
  answered = true;
  const rid = requestId;
  realWrite(`${MARK}${JSON.stringify(outcome)}\n`, () => {
    if (warm) process.stderr.write(`\n${END_MARK}${rid}\n`);
    if (!warm || exitCode !== undefined) process.stderr.write('', () => process.exit(exitCode ?? 0));
  });
}

for (const [method, level] of [
  ['log', 'INFO'],
  ['info', 'INFO'],
  ['warn', 'WARN'],
  ['error', 'ERROR'],
  ['debug', 'DEBUG'],
  ['trace', 'TRACE'],
]) {
  console[method] = (...args) => {
    process.stderr.write(`${new Date().toISOString()}\t${requestId}\t${level}\t${util.format(...args)}\n`);
  };
}

// The emulator runs the function on its runtime's pinned Node.js (install.sh) or, when that is not
// installed, on the machine's Node.js, which may be older than the runtime (nodejs22.x): drop the AWS
// SDK's warning about that, print every other warning as Node does.
process.removeAllListeners('warning');
process.on('warning', (w) => {
  if (w?.name === 'NodeVersionSupportWarning' || String(w?.message).includes('NodeVersionSupportWarning')) return;
  process.stderr.write(`(node:${process.pid}) ${w?.name ?? 'Warning'}: ${w?.message ?? w}\n`);
});

function errorObject(err, fallbackType = 'Error') {
  if (err instanceof Error) {
    return {
      errorType: err.name && err.name !== 'Error' ? err.name : err.constructor?.name || fallbackType,
      errorMessage: err.message,
      trace: String(err.stack || '').split('\n'),
    };
  }
  return { errorType: fallbackType, errorMessage: typeof err === 'string' ? err : JSON.stringify(err), trace: [] };
}

function fail(error, exitCode) {
  process.stderr.write(`${new Date().toISOString()}\t${requestId}\tERROR\tInvoke Error \t${JSON.stringify(error)}\n`);
  writeResult({ ok: false, error }, exitCode);
}

process.on('uncaughtException', (err) => {
  if (answered && warm) process.exit(1);
  fail(errorObject(err, 'Runtime.UncaughtException'), 1);
});
process.on('unhandledRejection', (reason) => {
  if (answered && warm) process.exit(1);
  fail({ ...errorObject(reason, 'Runtime.UnhandledPromiseRejection'), errorType: 'Runtime.UnhandledPromiseRejection' }, 1);
});

async function loadHandler() {
  const spec = env._HANDLER || 'index.handler';
  const dir = path.dirname(spec);
  const base = path.basename(spec);
  const dot = base.indexOf('.');
  if (dot < 0) {
    throw Object.assign(new Error(`Bad handler ${spec}`), { name: 'Runtime.MalformedHandlerName' });
  }
  const moduleName = base.slice(0, dot);
  const exportPath = base.slice(dot + 1).split('.');
  const stem = path.resolve(taskRoot, dir, moduleName);
  const file = ['.js', '.mjs', '.cjs'].map((ext) => stem + ext).find((f) => fs.existsSync(f));
  if (!file) {
    throw Object.assign(new Error(`Cannot find module '${moduleName}'`), { name: 'Runtime.ImportModuleError' });
  }
  let mod;
  try {
    mod = await import(pathToFileURL(file).href);
  } catch (err) {
    throw Object.assign(err instanceof Error ? err : new Error(String(err)), { name: 'Runtime.ImportModuleError' });
  }
  let fn = exportPath.reduce((o, k) => (o == null ? undefined : o[k]), mod);
  if (fn === undefined && mod.default) fn = exportPath.reduce((o, k) => (o == null ? undefined : o[k]), mod.default);
  if (typeof fn !== 'function') {
    throw Object.assign(new Error(`${moduleName}.${exportPath.join('.')} is undefined or not exported`), {
      name: 'Runtime.HandlerNotFound',
    });
  }
  return fn;
}

function makeContext() {
  return {
    functionName: env.AWS_LAMBDA_FUNCTION_NAME,
    functionVersion: env.AWS_LAMBDA_FUNCTION_VERSION || '$LATEST',
    invokedFunctionArn: env.AWS_LAMBDA_FUNCTION_ARN,
    memoryLimitInMB: env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE,
    awsRequestId: requestId,
    logGroupName: env.AWS_LAMBDA_LOG_GROUP_NAME,
    logStreamName: logStream,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
  };
}

let handlerPromise;

async function runOne(event) {
  answered = false;
  const timer = setTimeout(() => {
    const seconds = (timeoutMs / 1000).toFixed(2);
    fail({ errorType: 'Sandbox.Timedout', errorMessage: `RequestId: ${requestId} Error: Task timed out after ${seconds} seconds` }, 1);
  }, Math.max(0, deadline - Date.now()));
  timer.unref();
  let handler;
  try {
    handler = await (handlerPromise ??= loadHandler());
  } catch (err) {
    clearTimeout(timer);
    // Lambda retries the init phase on the next invocation: end this process.
    fail(errorObject(err, 'Runtime.ImportModuleError'), warm ? 1 : 0);
    return;
  }
  try {
    const context = makeContext();
    const result =
      handler.length >= 3
        ? await new Promise((resolve, reject) => {
            const maybe = handler(event, context, (err, value) => (err ? reject(err) : resolve(value)));
            if (maybe && typeof maybe.then === 'function') maybe.then(resolve, reject);
          })
        : await handler(event, context);
    clearTimeout(timer);
    writeResult({ ok: true, result: result === undefined ? null : result });
  } catch (err) {
    clearTimeout(timer);
    fail(errorObject(err));
  }
}

async function main() {
  if (!warm) {
    const input = fs.readFileSync(0, 'utf8');
    await runOne(input.trim() === '' ? {} : JSON.parse(input));
    return;
  }
  const readline = await import('node:readline');
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (!line.trim()) continue;
    const request = JSON.parse(line);
    requestId = request.requestId;
    logStream = request.logStream ?? logStream;
    deadline = Date.now() + timeoutMs;
    await runOne(request.event ?? {});
  }
  process.exit(0);
}

main();
