// One API call with a key: a per-attempt timeout, bounded retries with jittered backoff (or the
// server's Retry-After, within a cap), and no redirects: a key never follows a Location header.
import { assertSafeUrl, isHeaderSafe } from './endpoint.js';

export interface RetryPolicy {
  /** Per attempt, including reading the body. */
  timeoutMs: number;
  /** Total attempts, the first one included. */
  attempts: number;
  /** Backoff before retry n is a random delay in [d/2, d], d = min(baseDelayMs · 2^(n-1), maxDelayMs). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this ends the retries instead of stalling the run. */
  maxRetryAfterMs: number;
}

export const DEFAULT_POLICY: RetryPolicy = {
  timeoutMs: 10_000,
  attempts: 3,
  baseDelayMs: 500,
  maxDelayMs: 5_000,
  maxRetryAfterMs: 30_000,
};

export interface ApiRequest {
  method: 'GET' | 'POST';
  url: string;
  /** Sent as `Authorization: Bearer …`; never logged. */
  bearer: string;
  body?: unknown;
}

/** What came back: an HTTP response (with the OpenAI-style error code, if any) or no response at all. */
export type ApiReply =
  | { kind: 'response'; status: number; code?: string; retryAfterMs?: number; location?: string }
  | { kind: 'error'; message: string };

export interface ApiOutcome {
  reply: ApiReply;
  attempts: number;
}

/** Sends `request`, retrying while `transient(reply)` says another attempt may succeed. */
export async function send(
  request: ApiRequest,
  policy: RetryPolicy,
  transient: (reply: ApiReply) => boolean,
): Promise<ApiOutcome> {
  const url = assertSafeUrl(request.url);
  for (let attempt = 1; ; attempt++) {
    const reply = await sendOnce(url, request, policy.timeoutMs);
    if (attempt >= policy.attempts || !transient(reply)) return { reply, attempts: attempt };
    const retryAfter = reply.kind === 'response' ? reply.retryAfterMs : undefined;
    if (retryAfter !== undefined && retryAfter > policy.maxRetryAfterMs) return { reply, attempts: attempt };
    await sleep(retryAfter ?? backoff(attempt, policy));
  }
}

/** Bodies are read up to this much, then dropped: an error code fits easily, a 3 GB answer never fills memory. */
export const MAX_BODY_BYTES = 64 * 1024;

async function sendOnce(url: URL, request: ApiRequest, timeoutMs: number): Promise<ApiReply> {
  // Never echoed: the value is a key. (A found key cannot hold such characters; AISA_ADMIN_KEY is checked up front.)
  if (!isHeaderSafe(request.bearer)) return { kind: 'error', message: 'the key holds characters an HTTP header cannot carry, not sent' };
  const headers: Record<string, string> = { authorization: `Bearer ${request.bearer}`, accept: 'application/json' };
  if (request.body !== undefined) headers['content-type'] = 'application/json';
  try {
    const response = await fetch(url, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await readCapped(response, MAX_BODY_BYTES);
    return {
      kind: 'response',
      status: response.status,
      code: errorCode(text),
      retryAfterMs: retryAfterMs(response.headers.get('retry-after')),
      location: response.headers.get('location') ?? undefined,
    };
  } catch (error) {
    return { kind: 'error', message: describeFailure(error, timeoutMs) };
  }
}

/** The first `limit` bytes of the body; the rest is never read (the stream is cancelled). */
async function readCapped(response: Response, limit: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < limit) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, limit).toString('utf8');
}

/** An error code is a short identifier (`revoked_api_key`); anything else from a server is not repeated. */
const ERROR_CODE = /^[a-z0-9_]{1,64}$/;

/** `{"error":{"code":"…"}}` → the code; anything else (or a code that is not an identifier) → undefined. */
function errorCode(body: string): string | undefined {
  try {
    const code = (JSON.parse(body) as { error?: { code?: unknown } })?.error?.code;
    return typeof code === 'string' && ERROR_CODE.test(code) ? code : undefined;
  } catch {
    return undefined;
  }
}

/** Retry-After is either delta-seconds or an HTTP date. */
export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (header === null) return undefined;
  if (/^\s*\d+\s*$/.test(header)) return Number(header) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function backoff(attempt: number, policy: RetryPolicy): number {
  const ceiling = Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
  return ceiling / 2 + Math.random() * (ceiling / 2);
}

/** Node's fetch hides the reason in `cause`; fetch errors never contain the request headers. */
function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no response within ${timeoutMs} ms`;
  }
  const cause = error instanceof Error ? (error.cause as { code?: string; message?: string } | undefined) : undefined;
  if (cause?.code) return `network error (${cause.code})`;
  return `network error (${cause?.message ?? (error instanceof Error ? error.message : String(error))})`;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
