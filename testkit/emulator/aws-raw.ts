// Minimal wire-level calls for the services whose SDK v3 clients are not dependencies of this
// project (SNS, Lambda, IAM), against the emulator only: requests carry a SigV4-shaped
// Authorization header whose credential scope names the service (moto routes on it and does not
// verify signatures). Plus a deterministic zip builder for Lambda code (yazl).
import yazl from 'yazl';

export interface Target {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string };
}

function auth(t: Target, service: string, region = t.region): string {
  const date = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  return `AWS4-HMAC-SHA256 Credential=${t.credentials.accessKeyId}/${date}/${region}/${service}/aws4_request, SignedHeaders=host, Signature=0`;
}

/** A Query-protocol call (SNS, IAM, …); returns the XML body, throws with it on an error status. */
export async function queryCall(t: Target, service: string, params: Record<string, string>, region?: string): Promise<string> {
  const res = await fetch(`${t.endpoint}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', authorization: auth(t, service, region) },
    body: new URLSearchParams(params).toString(),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${service} ${params.Action}: HTTP ${res.status} ${text}`);
  return text;
}

/** A JSON-1.1-protocol call (EventBridge, CloudWatch Logs, …) by its X-Amz-Target; the parsed body. */
export async function jsonCall(t: Target, service: string, target: string, body: unknown = {}): Promise<Record<string, unknown>> {
  const res = await fetch(`${t.endpoint}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target, authorization: auth(t, service) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${service} ${target}: HTTP ${res.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** A REST GET (Lambda's API); the parsed body. */
export async function restGet(t: Target, service: string, route: string): Promise<unknown> {
  const res = await fetch(`${t.endpoint}${route}`, { headers: { authorization: auth(t, service) } });
  const text = await res.text();
  if (!res.ok) throw new Error(`${service} GET ${route}: HTTP ${res.status} ${text}`);
  return JSON.parse(text);
}

function xmlValue(xml: string, tag: string): string {
  const m = new RegExp(`<${tag}>([^<]*)</${tag}>`).exec(xml);
  if (!m) throw new Error(`no <${tag}> in ${xml}`);
  return m[1]!;
}

export async function createTopic(t: Target, name: string): Promise<string> {
  return xmlValue(await queryCall(t, 'sns', { Action: 'CreateTopic', Name: name, Version: '2010-03-31' }), 'TopicArn');
}

export async function subscribe(t: Target, topicArn: string, protocol: string, endpoint: string): Promise<string> {
  const xml = await queryCall(t, 'sns', { Action: 'Subscribe', TopicArn: topicArn, Protocol: protocol, Endpoint: endpoint, Version: '2010-03-31' });
  return xmlValue(xml, 'SubscriptionArn');
}

export async function publish(t: Target, topicArn: string, message: string, subject?: string): Promise<string> {
  const params: Record<string, string> = { Action: 'Publish', TopicArn: topicArn, Message: message, Version: '2010-03-31' };
  if (subject) params.Subject = subject;
  return xmlValue(await queryCall(t, 'sns', params), 'MessageId');
}

/** A Lambda execution role by default; `trust` replaces its trust policy's principal. */
export async function createRole(t: Target, name: string, trust: Record<string, unknown> = { Service: 'lambda.amazonaws.com' }): Promise<string> {
  const xml = await queryCall(t, 'iam', { Action: 'CreateRole', RoleName: name, AssumeRolePolicyDocument: trustPolicy(trust), Version: '2010-05-08' }, 'us-east-1');
  return xmlValue(xml, 'Arn');
}

const trustPolicy = (principal: Record<string, unknown>): string =>
  JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: principal, Action: 'sts:AssumeRole' }] });

export async function updateAssumeRolePolicy(t: Target, name: string, trust: Record<string, unknown>): Promise<void> {
  await queryCall(t, 'iam', { Action: 'UpdateAssumeRolePolicy', RoleName: name, PolicyDocument: trustPolicy(trust), Version: '2010-05-08' }, 'us-east-1');
}

/** PutRolePolicy of an inline policy allowing `actions` on `resources`. */
export async function putRolePolicy(t: Target, role: string, policyName: string, actions: string[], resources: string[]): Promise<void> {
  await putRolePolicyDocument(t, role, policyName, JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: actions, Resource: resources }] }));
}

/** PutRolePolicy of an inline policy given as a whole document (JSON text). */
export async function putRolePolicyDocument(t: Target, role: string, policyName: string, document: string): Promise<void> {
  await queryCall(t, 'iam', { Action: 'PutRolePolicy', RoleName: role, PolicyName: policyName, PolicyDocument: document, Version: '2010-05-08' }, 'us-east-1');
}

/** The role's inline policies: name → document (JSON text). */
export async function rolePolicies(t: Target, role: string): Promise<Record<string, string>> {
  const list = await queryCall(t, 'iam', { Action: 'ListRolePolicies', RoleName: role, Version: '2010-05-08' }, 'us-east-1');
  const names = [...list.matchAll(/<member>([^<]*)<\/member>/g)].map((m) => m[1]!);
  const out: Record<string, string> = {};
  for (const name of names) {
    const xml = await queryCall(t, 'iam', { Action: 'GetRolePolicy', RoleName: role, PolicyName: name, Version: '2010-05-08' }, 'us-east-1');
    out[name] = decodeURIComponent(xmlValue(xml, 'PolicyDocument').replace(/&quot;/g, '"').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>'));
  }
  return out;
}

export async function deleteRolePolicy(t: Target, role: string, policyName: string): Promise<void> {
  await queryCall(t, 'iam', { Action: 'DeleteRolePolicy', RoleName: role, PolicyName: policyName, Version: '2010-05-08' }, 'us-east-1');
}

/** STS AssumeRole; the temporary credentials (moto maps them to the role's account). */
export async function assumeRole(t: Target, roleArn: string, sessionName: string): Promise<{ accessKeyId: string; secretAccessKey: string; sessionToken: string }> {
  const xml = await queryCall(t, 'sts', { Action: 'AssumeRole', RoleArn: roleArn, RoleSessionName: sessionName, Version: '2011-06-15' });
  return { accessKeyId: xmlValue(xml, 'AccessKeyId'), secretAccessKey: xmlValue(xml, 'SecretAccessKey'), sessionToken: xmlValue(xml, 'SessionToken') };
}

async function lambdaCall(t: Target, method: string, route: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.endpoint}${route}`, {
    method,
    headers: { authorization: auth(t, 'lambda'), 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return res;
}

export interface CreateFunctionInput {
  name: string;
  zip: Buffer;
  roleArn: string;
  handler?: string;
  runtime?: string;
  environment?: Record<string, string>;
  timeout?: number;
}

export async function createFunction(t: Target, f: CreateFunctionInput): Promise<string> {
  const res = await lambdaCall(t, 'POST', '/2015-03-31/functions', {
    FunctionName: f.name,
    Runtime: f.runtime ?? 'nodejs22.x',
    Role: f.roleArn,
    Handler: f.handler ?? 'index.handler',
    Code: { ZipFile: f.zip.toString('base64') },
    Environment: { Variables: f.environment ?? {} },
    Timeout: f.timeout ?? 30,
    Architectures: ['arm64'],
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`CreateFunction: HTTP ${res.status} ${text}`);
  return JSON.parse(text).FunctionArn as string;
}

export interface InvokeOutput {
  statusCode: number;
  functionError?: string;
  /** x-amzn-ErrorType of an API error (TooManyRequestsException, …). */
  errorType?: string;
  payload: string;
  logResult?: string;
}

export interface InvokeOptions {
  /** Attempts in all when Lambda throttles (HTTP 429 TooManyRequestsException), as the AWS SDKs
   *  retry it; 1 returns the 429 to the caller. Default 10. */
  maxAttempts?: number;
}

/** Backoff before retry n (1-based) of a throttled call: exponential from 500 ms (the SDK's
 *  throttling base), capped at 5 s, with jitter. */
function throttleDelayMs(retry: number): number {
  return Math.min(5_000, 500 * 2 ** (retry - 1)) * (0.5 + Math.random() / 2);
}

export async function invoke(
  t: Target,
  name: string,
  payload: unknown,
  type: 'RequestResponse' | 'Event' = 'RequestResponse',
  options: InvokeOptions = {},
): Promise<InvokeOutput> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 10);
  for (let attempt = 1; ; attempt++) {
    const res = await lambdaCall(t, 'POST', `/2015-03-31/functions/${encodeURIComponent(name)}/invocations`, payload, {
      'x-amz-invocation-type': type,
      'x-amz-log-type': 'Tail',
    });
    const log = res.headers.get('x-amz-log-result');
    const out: InvokeOutput = {
      statusCode: res.status,
      functionError: res.headers.get('x-amz-function-error') ?? undefined,
      errorType: res.headers.get('x-amzn-errortype') ?? undefined,
      payload: await res.text(),
      logResult: log ? Buffer.from(log, 'base64').toString('utf8') : undefined,
    };
    if (out.statusCode !== 429 || attempt >= maxAttempts) return out;
    await new Promise((resolve) => setTimeout(resolve, throttleDelayMs(attempt)));
  }
}

/** PutFunctionConcurrency (ReservedConcurrentExecutions), as the module's reserved_concurrent_executions sets it. */
export async function putFunctionConcurrency(t: Target, name: string, reserved: number): Promise<void> {
  const res = await lambdaCall(t, 'PUT', `/2017-10-31/functions/${encodeURIComponent(name)}/concurrency`, { ReservedConcurrentExecutions: reserved });
  const text = await res.text();
  if (!res.ok) throw new Error(`PutFunctionConcurrency ${name}: HTTP ${res.status} ${text}`);
}

/** A deterministic zip (fixed timestamps, given order) of the given files. */
export function buildZip(files: Record<string, string | Buffer>): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of Object.entries(files)) {
    zip.addBuffer(Buffer.isBuffer(content) ? content : Buffer.from(content), name, { mtime: new Date(Date.UTC(2020, 0, 1)), mode: 0o644 });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}
