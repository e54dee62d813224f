// The responder over real HTTP: one request per key, the audit log, confirmation, dry runs, and no full
// key in anything it writes.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AisaEmulator } from '../../fixtures/aisa-emulator/server.js';
import { UsageError } from '../../src/errors.js';
import { confirm, hasUnrevokedLiveKey, respond, type ResponseOptions } from '../../src/respond/index.js';
import type { Finding } from '../../src/types.js';
import { fakeKey } from '../helpers/keys.js';
import { cleanup, tempDir } from '../helpers/git.js';
import { FAST, KEYS, findingsFor } from './helpers.js';

let emulator: AisaEmulator;
let lines: string[];
const dir = tempDir('aisa-guard-respond-');
afterAll(() => cleanup(dir));

beforeEach(async () => {
  emulator = await AisaEmulator.start();
  lines = [];
});
afterEach(() => emulator.stop());

const base = { verify: true, revoke: false, revokeUnverified: false, yes: false, dryRun: false, policy: FAST };

function run(findings: Finding[], options: Partial<ResponseOptions>, confirmWith?: (q: string) => Promise<boolean>) {
  return respond(findings, { ...base, ...options }, {
    root: '/home/dev/shop',
    keys: KEYS,
    env: { AISA_BASE_URL: emulator.baseUrl },
    confirm: confirmWith,
    log: (line) => lines.push(line),
  });
}

const readAudit = (file: string) =>
  readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('respond', () => {
  it('--verify annotates every finding of a key with its status', async () => {
    const [live, revoked, invalid] = ['live', 'revoked', 'invalid'].map((s) => fakeKey(`respond-${s}`));
    emulator.addKey(live, 'live');
    emulator.addKey(revoked, 'revoked');
    const findings = findingsFor([live, revoked, invalid, live]);
    await run(findings, {});
    expect(findings.map((f) => f.status)).toEqual(['live', 'revoked', 'invalid', 'live']);
    expect(findings.every((f) => f.revocation === undefined)).toBe(true);
    expect(hasUnrevokedLiveKey(findings)).toBe(true);
    expect(emulator.requests).toHaveLength(3);
    expect(lines).toEqual([`aisa-guard: verified 3 keys at ${emulator.url}: 1 live, 1 revoked, 1 invalid`]);
  });

  it('sends one request per unique key, even when it was found 1,000 times', async () => {
    const key = fakeKey('respond-1000');
    emulator.addKey(key, 'live');
    const findings = Array.from({ length: 1000 }, (_, i) => findingsFor([key], `src/file-${i}.ts`)[0]);
    await run(findings, { revoke: true, yes: true });
    expect(emulator.requestsFor('verify')).toHaveLength(1);
    expect(emulator.requestsFor('revoke')).toHaveLength(1);
    expect(emulator.requestsFor('revoke')[0].body?.source).toBe('shop:src/file-0.ts');
    expect(new Set(findings.map((f) => `${f.status}/${f.revocation}`))).toEqual(new Set(['live/revoked']));
    expect(hasUnrevokedLiveKey(findings)).toBe(false);
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    const keys = Array.from({ length: 6 }, (_, i) => fakeKey(`respond-concurrency-${i}`));
    for (const key of keys) emulator.addKey(key, 'live');
    emulator.inject({ kind: 'slow', delayMs: 300 }, { times: 6 });
    await run(findingsFor(keys), { concurrency: 2 });
    const log = emulator.requests;
    const inFlight = log.map((r) => log.filter((o) => o.at <= r.at && o.doneAt! > r.at).length);
    expect(Math.max(...inFlight)).toBe(2);
  });

  it('revoke, then revoke again: idempotent, one audit line per call, never the key', async () => {
    const key = fakeKey('respond-twice');
    emulator.addKey(key, 'live');
    const audit = path.join(dir, 'twice.jsonl');
    const first = findingsFor([key]);
    first[0].commit = 'c0ffee0000000000000000000000000000000000';
    await run(first, { revoke: true, yes: true, auditLog: audit });
    expect(first[0]).toMatchObject({ status: 'live', revocation: 'revoked' });
    expect(emulator.stateOf(key)).toBe('revoked');

    // Verification may race a revocation made elsewhere: revoke unverified keys to hit the endpoint again.
    emulator.inject({ kind: 'server-error' }, { times: 3, route: 'verify' });
    const second = findingsFor([key]);
    await run(second, { revoke: true, revokeUnverified: true, yes: true, auditLog: audit });
    expect(second[0]).toMatchObject({ status: 'revoked', revocation: 'already-revoked' });
    expect(emulator.requestsFor('revoke').map((r) => r.status)).toEqual([200, 401]);

    const entries = readAudit(audit);
    expect(entries.map((e) => [e.action, e.httpStatus, e.outcome])).toEqual([
      ['verify', 200, 'live'],
      ['revoke', 200, 'revoked'],
      ['verify', 500, 'unknown'],
      ['revoke', 401, 'already-revoked'],
    ]);
    expect(entries[1]).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      action: 'revoke',
      fingerprint: first[0].fingerprint,
      redacted: first[0].redacted,
      location: 'src/config.ts:1:14@c0ffee0000000000000000000000000000000000',
      url: `${emulator.baseUrl}/api-keys/revoke`,
      httpStatus: 200,
      outcome: 'revoked',
      attempts: 1,
    });
    expect(entries[2].detail).toBe('HTTP 500 internal_error after 3 attempts');
    expect(readFileSync(audit, 'utf8')).not.toContain(key);
    expect(readFileSync(audit, 'utf8')).not.toContain(key.slice(8, 30));
    expect(statSync(audit).mode & 0o777).toBe(0o600);
    expect(lines.join('\n')).not.toContain(key);
  });

  it('a failed revocation leaves the key live and says why', async () => {
    const key = fakeKey('respond-revoke-fails');
    emulator.addKey(key, 'live');
    emulator.inject({ kind: 'server-error', status: 503 }, { times: 3, route: 'revoke' });
    const findings = findingsFor([key]);
    await run(findings, { revoke: true, yes: true });
    expect(findings[0]).toMatchObject({ status: 'live', revocation: 'failed' });
    expect(hasUnrevokedLiveKey(findings)).toBe(true);
    expect(lines).toContain(`aisa-guard: could not revoke ${findings[0].redacted}: HTTP 503 internal_error after 3 attempts`);
  });

  it('only live keys are revoked, unless --revoke-unverified', async () => {
    const [live, unknown] = [fakeKey('respond-only-live'), fakeKey('respond-unknown')];
    emulator.addKey(live, 'live');
    emulator.addKey(unknown, 'live');
    // The second key's verification never gets an answer.
    emulator.inject({ kind: 'reset' }, { times: 3, route: 'verify' });
    const findings = findingsFor([unknown, live]);
    await run(findings, { revoke: true, yes: true, concurrency: 1 });
    expect(findings.map((f) => [f.status, f.revocation])).toEqual([
      ['unknown', undefined],
      ['live', 'revoked'],
    ]);
    expect(emulator.stateOf(unknown)).toBe('live');

    emulator.inject({ kind: 'reset' }, { times: 3, route: 'verify' });
    const again = findingsFor([unknown]);
    await run(again, { revoke: true, revokeUnverified: true, yes: true });
    expect(again[0]).toMatchObject({ status: 'unknown', revocation: 'revoked' });
    expect(emulator.stateOf(unknown)).toBe('revoked');
  });

  it('asks before revoking; a no revokes nothing', async () => {
    const key = fakeKey('respond-confirm');
    emulator.addKey(key, 'live');
    const questions: string[] = [];
    const findings = findingsFor([key]);
    await run(findings, { revoke: true }, async (q) => (questions.push(q), false));
    expect(questions).toEqual([`Revoke 1 key at AIsa (${findings[0].redacted})? This cannot be undone.`]);
    expect(findings[0]).toMatchObject({ status: 'live', revocation: 'skipped' });
    expect(emulator.requestsFor('revoke')).toEqual([]);

    await run(findings, { revoke: true }, async () => true);
    expect(findings[0]).toMatchObject({ status: 'live', revocation: 'revoked' });
  });

  it('without --yes and no terminal, refuses before sending anything', async () => {
    await expect(run(findingsFor([fakeKey('respond-no-tty')]), { revoke: true })).rejects.toThrow(UsageError);
    expect(emulator.requests).toEqual([]);
  });

  it('--dry-run prints the requests, redacted, and sends nothing', async () => {
    const key = fakeKey('respond-dry');
    const findings = [...findingsFor([key]), ...findingsFor([key], 'docs/setup.md')];
    await run(findings, { revoke: true, dryRun: true, auditLog: path.join(dir, 'dry.jsonl') });
    expect(emulator.requests).toEqual([]);
    const { redacted, fingerprint } = findings[0];
    expect(lines).toEqual([
      [
        'aisa-guard: dry run, nothing sent. A real run would send:',
        `  GET ${emulator.baseUrl}/models  Authorization: Bearer ${redacted}  (src/config.ts:1:14, found 2 times)`,
        `    then if live: POST ${emulator.baseUrl}/api-keys/revoke  Authorization: Bearer ${redacted}  ` +
          `{"reason":"leaked","fingerprint":"${fingerprint}","source":"shop:src/config.ts"}`,
      ].join('\n'),
    ]);
    expect(findings[0].status).toBeUndefined();
    expect(() => statSync(path.join(dir, 'dry.jsonl'))).toThrow();
  });

  it('an audit log that cannot be opened stops the run before any request', async () => {
    const key = fakeKey('respond-bad-audit');
    emulator.addKey(key, 'live');
    await expect(run(findingsFor([key]), { auditLog: path.join(dir, 'missing', 'audit.jsonl') })).rejects.toThrow(/cannot open audit log/);
    expect(emulator.requests).toEqual([]);
  });
});

describe('confirm', () => {
  const ask = async (typed: string | null) => {
    const input = new PassThrough();
    const output = new PassThrough();
    const answer = confirm('Revoke?', input, output);
    if (typed === null) input.end();
    else input.write(typed);
    return [await answer, output.read()?.toString()];
  };
  it('y and yes are a yes, anything else or no answer a no', async () => {
    expect(await ask('y\n')).toEqual([true, 'Revoke? [y/N] ']);
    expect(await ask('YES\n')).toEqual([true, 'Revoke? [y/N] ']);
    expect(await ask('n\n')).toEqual([false, 'Revoke? [y/N] ']);
    expect(await ask('\n')).toEqual([false, 'Revoke? [y/N] ']);
    expect(await ask(null)).toEqual([false, 'Revoke? [y/N] ']);
  });
});
