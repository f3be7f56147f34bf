// Wire-level calls to the emulator for services whose SDK clients are not dependencies (Lambda,
// IAM, SNS, SQS, CloudWatch, EventBridge, Logs, EC2). The emulator routes on the credential scope
// and does not check signatures.
import type { Emulator } from '../../emulator/emulator.js';

function auth(emu: Emulator, service: string): string {
  const date = new Date().toISOString().slice(0, 10).replace(/-/g, '');
  return `AWS4-HMAC-SHA256 Credential=${emu.credentials.accessKeyId}/${date}/${emu.region}/${service}/aws4_request, SignedHeaders=host, Signature=0`;
}

export async function query(emu: Emulator, service: string, params: Record<string, string>): Promise<string> {
  const res = await fetch(`${emu.endpoint}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', authorization: auth(emu, service) },
    body: new URLSearchParams(params).toString(),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${service} ${params.Action}: HTTP ${res.status} ${text}`);
  return text;
}

export async function json(emu: Emulator, service: string, target: string, body: unknown = {}): Promise<Record<string, unknown>> {
  const res = await fetch(`${emu.endpoint}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target, authorization: auth(emu, service) },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${service} ${target}: HTTP ${res.status} ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}

/** A REST GET (Lambda's API): the JSON body. */
export async function rest(emu: Emulator, service: string, route: string): Promise<unknown> {
  const res = await fetch(`${emu.endpoint}${route}`, { headers: { authorization: auth(emu, service) } });
  const text = await res.text();
  if (!res.ok) throw new Error(`${service} GET ${route}: HTTP ${res.status} ${text}`);
  return JSON.parse(text);
}
