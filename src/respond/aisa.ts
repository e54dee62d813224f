// The AIsa contract: what a verify or revoke reply means. Errors are OpenAI-style
// `{"error":{"message","type","code"}}`; only the status and `code` matter here.
import type { KeyStatus } from '../types.js';
import type { Endpoints } from './endpoint.js';
import { send, type ApiReply, type ApiRequest, type RetryPolicy } from './http.js';
import { plural } from '../words.js';
import { printable } from '../report/escape.js';

export interface CallResult<T> {
  outcome: T;
  /** The last HTTP status, when there was a response. */
  httpStatus?: number;
  attempts: number;
  /** Why the outcome is unknown or failed, for the user and the audit log. */
  detail?: string;
}

export function verifyRequest(endpoints: Endpoints, key: string): ApiRequest {
  return { method: 'GET', url: endpoints.verifyUrl, bearer: key };
}

/** `GET {base}/models` with the key. */
export async function verifyKey(endpoints: Endpoints, key: string, policy: RetryPolicy): Promise<CallResult<KeyStatus>> {
  const { reply, attempts } = await send(verifyRequest(endpoints, key), policy, (r) => verifyStatus(r) === undefined);
  return { outcome: verifyStatus(reply) ?? 'unknown', ...facts(reply, attempts) };
}

/** A definite status, or undefined while another attempt may tell (rate limit, 5xx, no response). */
function verifyStatus(reply: ApiReply): KeyStatus | 'unknown' | undefined {
  if (reply.kind === 'error') return undefined;
  const { status, code } = reply;
  if (status >= 200 && status < 300) return 'live';
  if (status === 403) return 'live'; // restricted by model or IP allowlist: the key works
  if (status === 429 && code === 'quota_exceeded') return 'live'; // spend cap hit: the key works
  if (status === 401) return code === 'revoked_api_key' ? 'revoked' : 'invalid';
  if (status === 429 || status >= 500) return undefined;
  return 'unknown'; // a redirect or an unexpected status: final, never followed
}

export type RevokeOutcome = 'revoked' | 'already-revoked' | 'invalid' | 'failed';

export interface RevokeTarget {
  key: string;
  fingerprint: string;
  /** `<repo or path>:<file>@<commit>`, so AIsa can tell the owner where it leaked. */
  source: string;
}

export function revokeRequest(endpoints: Endpoints, target: RevokeTarget): ApiRequest {
  const body: Record<string, string> = { reason: 'leaked', fingerprint: target.fingerprint, source: target.source };
  if (endpoints.revokeAuth === 'admin') {
    body.key = target.key;
    return { method: 'POST', url: endpoints.revokeUrl, bearer: endpoints.adminKey!, body };
  }
  return { method: 'POST', url: endpoints.revokeUrl, bearer: target.key, body };
}

/** `POST {revokeUrl}`, authenticated by the leaked key itself (or the admin key in admin mode). */
export async function revokeKey(endpoints: Endpoints, target: RevokeTarget, policy: RetryPolicy): Promise<CallResult<RevokeOutcome>> {
  const admin = endpoints.revokeAuth === 'admin';
  const { reply, attempts } = await send(revokeRequest(endpoints, target), policy, isTransient);
  const result = facts(reply, attempts);
  if (reply.kind === 'response') {
    const { status, code } = reply;
    if (status >= 200 && status < 300) return { outcome: 'revoked', ...result };
    // In admin mode a 401 is about the admin key, not the leaked one.
    if (status === 401 && admin) return { outcome: 'failed', ...result, detail: `AISA_ADMIN_KEY rejected (${code ?? 'HTTP 401'})` };
    if (status === 401 && code === 'revoked_api_key') return { outcome: 'already-revoked', ...result };
    if (status === 401) return { outcome: 'invalid', ...result };
  }
  return { outcome: 'failed', ...result };
}

const isTransient = (reply: ApiReply) => reply.kind === 'error' || reply.status === 429 || reply.status >= 500;

function facts(reply: ApiReply, attempts: number): { httpStatus?: number; attempts: number; detail?: string } {
  if (reply.kind === 'error') return { attempts, detail: `${printable(reply.message)} after ${plural(attempts, 'attempt')}` };
  const { status, code, location } = reply;
  if (status >= 300 && status < 400) {
    return { httpStatus: status, attempts, detail: `redirect${location ? ` to ${printable(safeOrigin(location))}` : ''} not followed` };
  }
  const worked = status < 300 || status === 401 || status === 403 || code === 'quota_exceeded';
  return {
    httpStatus: status,
    attempts,
    detail: worked ? undefined : `HTTP ${status}${code ? ` ${code}` : ''} after ${plural(attempts, 'attempt')}`,
  };
}

/** Only the origin of a redirect target is worth showing (its path could echo anything). */
function safeOrigin(location: string): string {
  try {
    return new URL(location).origin;
  } catch {
    return 'an invalid URL';
  }
}

