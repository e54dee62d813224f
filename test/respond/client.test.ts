// The AIsa client against the emulator over real HTTP: every status, retries, timeouts, redirects,
// and the refusal to send a key anywhere unsafe.
import http from 'node:http';
import os from 'node:os';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AisaEmulator, type KeyState } from '../../fixtures/aisa-emulator/server.js';
import { fingerprintOf } from '../../src/detect/index.js';
import { UsageError } from '../../src/errors.js';
import { assertSafeUrl, resolveEndpoints, revokeKey, verifyKey, type Endpoints } from '../../src/respond/index.js';
import { fakeKey } from '../helpers/keys.js';
import { FAST } from './helpers.js';

let emulator: AisaEmulator;
let endpoints: Endpoints;

beforeEach(async () => {
  emulator = await AisaEmulator.start();
  endpoints = resolveEndpoints({}, { AISA_BASE_URL: emulator.baseUrl });
});
afterEach(() => emulator.stop());

const target = (key: string) => ({ key, fingerprint: fingerprintOf(key), source: 'repo:src/config.ts@abc123' });

describe('verify', () => {
  const cases: Array<[KeyState | 'unregistered', string, number]> = [
    ['live', 'live', 200],
    ['restricted', 'live', 403],
    ['capped', 'live', 429],
    ['revoked', 'revoked', 401],
    ['unregistered', 'invalid', 401],
  ];
  it.each(cases)('a %s key is %s (HTTP %i), in one request', async (state, outcome, httpStatus) => {
    const key = fakeKey(`verify-${state}`);
    if (state !== 'unregistered') emulator.addKey(key, state);
    const result = await verifyKey(endpoints, key, FAST);
    expect(result).toEqual({ outcome, httpStatus, attempts: 1 });
    expect(emulator.requests).toHaveLength(1);
    expect(emulator.requests[0]).toMatchObject({ method: 'GET', path: '/v1/models', fingerprint: fingerprintOf(key) });
  });

  it('retries 5xx with backoff and then succeeds', async () => {
    const key = fakeKey('verify-5xx');
    emulator.addKey(key, 'live');
    emulator.inject({ kind: 'server-error', status: 503 }, { times: 2 });
    const result = await verifyKey(endpoints, key, { ...FAST, baseDelayMs: 100, maxDelayMs: 1_000 });
    expect(result).toEqual({ outcome: 'live', httpStatus: 200, attempts: 3 });
    const [a, b, c] = emulator.requestsFor('verify');
    expect([a.status, b.status, c.status]).toEqual([503, 503, 200]);
    // Jittered backoff: retry n waits between d/2 and d, d = 100 ms · 2^(n-1).
    expect(b.at - a.doneAt!).toBeGreaterThanOrEqual(50 - 5);
    expect(c.at - b.doneAt!).toBeGreaterThanOrEqual(100 - 5);
  });

  it('gives up after the attempt budget: unknown, with the reason', async () => {
    const key = fakeKey('verify-5xx-forever');
    emulator.addKey(key, 'live');
    emulator.inject({ kind: 'server-error' }, { times: 10 });
    const result = await verifyKey(endpoints, key, FAST);
    expect(result).toEqual({ outcome: 'unknown', httpStatus: 500, attempts: 3, detail: 'HTTP 500 internal_error after 3 attempts' });
    expect(emulator.requests).toHaveLength(3);
  });

  it('honours Retry-After on a 429 rate limit', async () => {
    const key = fakeKey('verify-429');
    emulator.addKey(key, 'live');
    emulator.inject({ kind: 'rate-limit', retryAfter: '1' });
    const result = await verifyKey(endpoints, key, FAST);
    expect(result).toEqual({ outcome: 'live', httpStatus: 200, attempts: 2 });
    const [first, second] = emulator.requests;
    expect(first.status).toBe(429);
    expect(second.at - first.doneAt!).toBeGreaterThanOrEqual(1000 - 5);
  });

  it('a connection reset is retried', async () => {
    const key = fakeKey('verify-reset');
    emulator.addKey(key, 'live');
    emulator.inject({ kind: 'reset' });
    expect(await verifyKey(endpoints, key, FAST)).toEqual({ outcome: 'live', httpStatus: 200, attempts: 2 });
    expect(emulator.requests.map((r) => r.fault ?? r.status)).toEqual(['reset', 200]);
  });

  it('a timeout makes the status unknown, not a crash', async () => {
    const key = fakeKey('verify-slow');
    emulator.addKey(key, 'live');
    emulator.inject({ kind: 'slow', delayMs: 3_000 }, { times: 2 });
    const started = performance.now();
    const result = await verifyKey(endpoints, key, { ...FAST, timeoutMs: 200, attempts: 2 });
    expect(result).toEqual({ outcome: 'unknown', attempts: 2, detail: 'no response within 200 ms after 2 attempts' });
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(emulator.requests).toHaveLength(2);
  });

  it('does not follow a redirect to another host', async () => {
    const other = await AisaEmulator.start();
    try {
      const key = fakeKey('verify-redirect');
      emulator.addKey(key, 'live');
      other.addKey(key, 'live');
      emulator.inject({ kind: 'redirect', location: `${other.baseUrl}/models` }, { times: 5 });
      const result = await verifyKey(endpoints, key, FAST);
      expect(result).toEqual({ outcome: 'unknown', httpStatus: 302, attempts: 1, detail: `redirect to ${other.url} not followed` });
      expect(other.requests).toEqual([]);
    } finally {
      await other.stop();
    }
  });
});

describe('revoke', () => {
  it('revokes a live key with the contract body; a second revoke is already-revoked', async () => {
    const key = fakeKey('revoke-live');
    emulator.addKey(key, 'live');
    expect(await revokeKey(endpoints, target(key), FAST)).toEqual({ outcome: 'revoked', httpStatus: 200, attempts: 1 });
    expect(emulator.stateOf(key)).toBe('revoked');
    expect(await revokeKey(endpoints, target(key), FAST)).toEqual({ outcome: 'already-revoked', httpStatus: 401, attempts: 1 });
    expect(emulator.requestsFor('revoke').map((r) => [r.status, r.fingerprint, r.body])).toEqual([
      [200, fingerprintOf(key), { reason: 'leaked', fingerprint: fingerprintOf(key), source: 'repo:src/config.ts@abc123' }],
      [401, fingerprintOf(key), { reason: 'leaked', fingerprint: fingerprintOf(key), source: 'repo:src/config.ts@abc123' }],
    ]);
  });

  it('an unknown key is invalid', async () => {
    expect(await revokeKey(endpoints, target(fakeKey('revoke-unknown')), FAST)).toEqual({ outcome: 'invalid', httpStatus: 401, attempts: 1 });
  });

  it('retries 429 honouring Retry-After, then revokes', async () => {
    const key = fakeKey('revoke-429');
    emulator.addKey(key, 'live');
    emulator.inject({ kind: 'rate-limit', retryAfter: '1' }, { route: 'revoke' });
    expect(await revokeKey(endpoints, target(key), FAST)).toEqual({ outcome: 'revoked', httpStatus: 200, attempts: 2 });
    const [first, second] = emulator.requestsFor('revoke');
    expect(second.at - first.doneAt!).toBeGreaterThanOrEqual(1000 - 5);
  });

  it('a Retry-After beyond the cap ends the retries at once with a clear failure', async () => {
    const key = fakeKey('revoke-429-long');
    emulator.addKey(key, 'live');
    emulator.inject({ kind: 'rate-limit', retryAfter: '3600' }, { route: 'revoke' });
    expect(await revokeKey(endpoints, target(key), FAST)).toEqual({
      outcome: 'failed',
      httpStatus: 429,
      attempts: 1,
      detail: 'HTTP 429 rate_limit_exceeded after 1 attempt',
    });
    expect(emulator.stateOf(key)).toBe('live');
  });

  it('5xx every time: a clear failure after the bounded retries', async () => {
    const key = fakeKey('revoke-5xx');
    emulator.addKey(key, 'live');
    emulator.inject({ kind: 'server-error', status: 502 }, { times: 10, route: 'revoke' });
    expect(await revokeKey(endpoints, target(key), FAST)).toEqual({
      outcome: 'failed',
      httpStatus: 502,
      attempts: 3,
      detail: 'HTTP 502 internal_error after 3 attempts',
    });
    expect(emulator.requestsFor('revoke')).toHaveLength(3);
  });

  it('a redirect is a failure, never followed', async () => {
    const other = await AisaEmulator.start();
    try {
      const key = fakeKey('revoke-redirect');
      emulator.addKey(key, 'live');
      other.addKey(key, 'live');
      emulator.inject({ kind: 'redirect', location: `${other.baseUrl}/api-keys/revoke`, status: 307 }, { route: 'revoke' });
      const result = await revokeKey(endpoints, target(key), FAST);
      expect(result).toMatchObject({ outcome: 'failed', httpStatus: 307, attempts: 1 });
      expect(other.requests).toEqual([]);
      expect(other.stateOf(key)).toBe('live');
    } finally {
      await other.stop();
    }
  });

  it('admin mode authenticates with AISA_ADMIN_KEY and names the key in the body', async () => {
    const admin = fakeKey('admin');
    const key = fakeKey('revoke-by-admin');
    await emulator.stop();
    emulator = await AisaEmulator.start({ adminKey: admin, keys: [[key, 'live']] });
    const adminEndpoints = resolveEndpoints({ revokeAuth: 'admin' }, { AISA_BASE_URL: emulator.baseUrl, AISA_ADMIN_KEY: admin });
    expect(await revokeKey(adminEndpoints, target(key), FAST)).toEqual({ outcome: 'revoked', httpStatus: 200, attempts: 1 });
    expect(emulator.stateOf(key)).toBe('revoked');
    const [request] = emulator.requestsFor('revoke');
    expect(request.fingerprint).toBe(fingerprintOf(admin));
    expect(request.body).toEqual({ reason: 'leaked', fingerprint: fingerprintOf(key), source: 'repo:src/config.ts@abc123', key: fingerprintOf(key) });
  });
});

describe('where keys may go', () => {
  it('accepts https anywhere and http only on loopback', () => {
    expect(assertSafeUrl('https://api.aisa.one/v1/models').host).toBe('api.aisa.one');
    for (const url of ['http://127.0.0.1:9/v1', 'http://127.8.9.10/v1', 'http://localhost:9/v1', 'http://[::1]:9/v1']) {
      expect(() => assertSafeUrl(url)).not.toThrow();
    }
    for (const url of ['http://api.aisa.one/v1', 'http://127.0.0.1.evil.example/v1', 'http://10.0.0.1/v1', 'ftp://127.0.0.1/v1']) {
      expect(() => assertSafeUrl(url)).toThrow(UsageError);
    }
    expect(() => assertSafeUrl('https://user:pw@api.aisa.one/v1')).toThrow('must not contain credentials');
  });

  it('the environment overrides the config file, which overrides the defaults', () => {
    expect(resolveEndpoints({}, {})).toEqual({
      verifyUrl: 'https://api.aisa.one/v1/models',
      revokeUrl: 'https://api.aisa.one/v1/api-keys/revoke',
      revokeAuth: 'key',
    });
    expect(resolveEndpoints({ baseUrl: 'https://config.example/v2/', revokeUrl: 'https://config.example/kill' }, {})).toMatchObject({
      verifyUrl: 'https://config.example/v2/models',
      revokeUrl: 'https://config.example/kill',
    });
    expect(
      resolveEndpoints({ baseUrl: 'https://config.example/v2' }, { AISA_BASE_URL: 'https://env.example/v1', AISA_REVOKE_URL: 'https://env.example/r' }),
    ).toMatchObject({ verifyUrl: 'https://env.example/v1/models', revokeUrl: 'https://env.example/r' });
    expect(() => resolveEndpoints({ revokeAuth: 'admin' }, {})).toThrow('AISA_ADMIN_KEY');
  });

  it('refuses http:// to a non-loopback host before any request is made', async () => {
    const address = Object.values(os.networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
    // A plain listener on a real non-loopback interface: it must never see a connection.
    const host = address ?? '0.0.0.0';
    let connections = 0;
    const server = http.createServer((_req, res) => res.end('{}'));
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    try {
      const url = `http://${host}:${(server.address() as { port: number }).port}/v1`;
      expect(() => resolveEndpoints({}, { AISA_BASE_URL: url })).toThrow(`refused: keys are only sent over https://`);
      const key = fakeKey('never-sent');
      await expect(verifyKey({ ...endpoints, verifyUrl: `${url}/models` }, key, FAST)).rejects.toThrow(UsageError);
      expect(connections).toBe(0);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
