// End to end: the built CLI (node dist/src/cli.js) against the emulator over real HTTP.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AisaEmulator } from '../../fixtures/aisa-emulator/server.js';
import { fingerprintOf } from '../../src/detect/index.js';
import { fakeKey } from '../helpers/keys.js';
import { TestRepo, cleanup, tempDir } from '../helpers/git.js';
import { runCliAsync } from './helpers.js';
import { needsTool } from '../helpers/tools.js';

const live = fakeKey('cli-live');
const revoked = fakeKey('cli-revoked');
const invalid = fakeKey('cli-invalid');
const ALL_KEYS = [live, revoked, invalid];

let emulator: AisaEmulator;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  dir = tempDir('aisa-guard-respond-cli-');
  writeFileSync(path.join(dir, 'live.ts'), `export const key = "${live}";\n`);
  writeFileSync(path.join(dir, 'revoked.ts'), `\nconst old = '${revoked}';\n`);
  writeFileSync(path.join(dir, 'invalid.env'), `AISA_API_KEY=${invalid}\nAGAIN=${live}\n`);
});
afterAll(() => cleanup(dir));

beforeEach(async () => {
  emulator = await AisaEmulator.start({ keys: [[live, 'live'], [revoked, 'revoked']] });
  env = { AISA_BASE_URL: emulator.baseUrl };
});
afterEach(() => emulator.stop());

const scan = (...args: string[]) => runCliAsync(['scan', dir, ...args], { cwd: dir, env });

function expectNoFullKey(...texts: string[]) {
  for (const text of texts) for (const key of ALL_KEYS) expect(text).not.toContain(key);
}

describe('aisa-guard scan --verify / --revoke', () => {
  it('--verify shows each status in the text report and exits 3 for a live key', async () => {
    const run = await scan('--verify');
    expect(run.stdout).toContain(`invalid.env:1:14  aisa-api-key  high  sk-aisa-`);
    const statusByLine = run.stdout
      .split('\n')
      .filter((l) => /^\S+:\d+:\d+ /.test(l))
      .map((l) => `${l.split(' ')[0]} ${/\[(\w+)\]$/.exec(l)?.[1]}`);
    expect(statusByLine.sort()).toEqual(['invalid.env:1:14 invalid', 'invalid.env:2:7 live', 'live.ts:1:21 live', 'revoked.ts:2:14 revoked']);
    expect(run.stderr).toBe(`aisa-guard: verified 3 keys at ${emulator.url}: 1 live, 1 revoked, 1 invalid\n`);
    expect(run.code).toBe(3);
    expect(emulator.requestsFor('verify')).toHaveLength(3);
    expect(emulator.requestsFor('revoke')).toHaveLength(0);
    expectNoFullKey(run.stdout, run.stderr);
  });

  it('--verify puts the status in the JSON report', async () => {
    const run = await scan('--verify', '--format', 'json', '--quiet');
    const report = JSON.parse(run.stdout) as { findings: Array<{ file: string; status: string; fingerprint: string }> };
    expect(Object.fromEntries(report.findings.map((f) => [f.fingerprint, f.status]))).toEqual({
      [fingerprintOf(live)]: 'live',
      [fingerprintOf(revoked)]: 'revoked',
      [fingerprintOf(invalid)]: 'invalid',
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(3);
  });

  it('--revoke --yes revokes the live key, exits 1 and writes the audit log', async () => {
    const audit = path.join(dir, 'audit.jsonl');
    const run = await scan('--revoke', '--yes', '--audit-log', audit);
    expect(run.code).toBe(1);
    expect(emulator.stateOf(live)).toBe('revoked');
    const revokes = emulator.requestsFor('revoke');
    expect(revokes).toHaveLength(1);
    expect(revokes[0].body).toEqual({ reason: 'leaked', fingerprint: fingerprintOf(live), source: expect.stringMatching(/^aisa-guard-respond-cli-\w+:(invalid\.env|live\.ts)$/) });
    expect(run.stdout).toMatch(/live\.ts:1:21 .*\[live, revoked\]$/m);
    expect(run.stderr).toContain(`aisa-guard: revoked ${live.slice(0, 12)}…${live.slice(-4)} at AIsa\n`);
    const entries = readFileSync(audit, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(entries.filter((e) => e.action === 'revoke')).toEqual([
      expect.objectContaining({ fingerprint: fingerprintOf(live), httpStatus: 200, outcome: 'revoked' }),
    ]);
    expect(entries.filter((e) => e.action === 'verify')).toHaveLength(3);
    expectNoFullKey(run.stdout, run.stderr, readFileSync(audit, 'utf8'));
  });

  it('a failed revocation exits 3', async () => {
    emulator.inject({ kind: 'server-error' }, { times: 10, route: 'revoke' });
    const run = await scan('--revoke', '--yes');
    expect(run.code).toBe(3);
    expect(emulator.stateOf(live)).toBe('live');
    expect(emulator.requestsFor('revoke')).toHaveLength(3);
    expect(run.stdout).toMatch(/live\.ts:1:21 .*\[live, failed\]$/m);
    expect(run.stderr).toContain('could not revoke sk-aisa-');
    expect(run.stderr).toContain(': HTTP 500 internal_error after 3 attempts\n');
  });

  it.skipIf(needsTool('script', 'bsdutils'))('in a terminal, --revoke asks first: yes revokes (exit 1), no leaves the key live (exit 3)', async () => {
    const no = await runCliAsync(['scan', dir, '--revoke'], { cwd: dir, env, terminalInput: 'n\n' });
    expect(no.stdout).toMatch(/Revoke 1 key at AIsa \(sk-aisa-\S{4}…\S{4}\)\? This cannot be undone\. \[y\/N\] /);
    expect(no.stdout).toContain('aisa-guard: nothing revoked');
    expect(no.code).toBe(3);
    expect(emulator.requestsFor('revoke')).toEqual([]);

    const yes = await runCliAsync(['scan', dir, '--revoke'], { cwd: dir, env, terminalInput: 'y\n' });
    expect(yes.stdout).toMatch(/live\.ts:1:21 .*\[live, revoked\]\r?$/m);
    expect(yes.code).toBe(1);
    expect(emulator.stateOf(live)).toBe('revoked');
    expectNoFullKey(no.stdout, yes.stdout);
  });

  it('--revoke without --yes and no terminal is a one-line usage error; nothing is sent', async () => {
    const run = await scan('--revoke');
    expect(run).toMatchObject({ code: 2, stdout: '', stderr: 'aisa-guard: --revoke needs --yes when not run in a terminal (there is no one to confirm)\n' });
    expect(emulator.requests).toEqual([]);
  });

  it('refuses an http:// base URL that is not loopback, before scanning', async () => {
    const run = await runCliAsync(['scan', dir, '--verify'], { cwd: dir, env: { AISA_BASE_URL: 'http://api.aisa.one/v1' } });
    expect(run).toMatchObject({
      code: 2,
      stdout: '',
      stderr: 'aisa-guard: AIsa base URL http://api.aisa.one refused: keys are only sent over https:// (http:// only to loopback)\n',
    });
  });

  it('--dry-run prints the requests with redacted keys and sends nothing', async () => {
    const run = await scan('--revoke', '--dry-run');
    expect(emulator.requests).toEqual([]);
    expect(run.stderr).toMatch(/^aisa-guard: dry run, nothing sent\. A real run would send:\n/);
    expect(run.stderr.match(/ {2}GET http:\/\/127\.0\.0\.1:\d+\/v1\/models {2}Authorization: Bearer sk-aisa-\S{4}…\S{4}/g)).toHaveLength(3);
    expect(run.stderr.match(/then if live: POST .*\/v1\/api-keys\/revoke/g)).toHaveLength(3);
    expect(run.code).toBe(1);
    expectNoFullKey(run.stdout, run.stderr);
  });

  it('--yes, --dry-run and --audit-log need --verify or --revoke', async () => {
    const run = await scan('--dry-run');
    expect(run).toMatchObject({ code: 2, stderr: 'aisa-guard: --dry-run needs --verify or --revoke\n' });
  });
});

describe('aisa-guard history --verify --revoke', () => {
  let repo: TestRepo;
  let leakCommit: string;
  beforeAll(() => {
    repo = TestRepo.init({ dir: tempDir('aisa-guard-respond-history-') });
    repo.commit('initial', { 'README.md': '# shop\n' });
    leakCommit = repo.commit('add client', { 'src/client.ts': `export const apiKey = "${live}";\n` });
    repo.commit('load the key from the environment', { 'src/client.ts': 'export const apiKey = process.env.AISA_API_KEY;\n' });
  });
  afterAll(() => cleanup(repo.dir));

  it('revokes a live key found only in history: exit 1, revoked at AIsa, audit line written', async () => {
    const audit = path.join(repo.dir, '..', `${path.basename(repo.dir)}-audit.jsonl`);
    const run = await runCliAsync(['history', '--verify', '--revoke', '--yes', '--audit-log', audit], { cwd: repo.dir, env });
    try {
      expect(run.code).toBe(1);
      expect(emulator.stateOf(live)).toBe('revoked');
      const [revoke] = emulator.requestsFor('revoke');
      expect(revoke.body).toEqual({ reason: 'leaked', fingerprint: fingerprintOf(live), source: `${path.basename(repo.dir)}:src/client.ts@${leakCommit}` });
      const lines = readFileSync(audit, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(lines.map((l) => [l.action, l.outcome, l.location])).toEqual([
        ['verify', 'live', `src/client.ts:1:24@${leakCommit}`],
        ['revoke', 'revoked', `src/client.ts:1:24@${leakCommit}`],
      ]);
      expectNoFullKey(run.stdout, run.stderr, readFileSync(audit, 'utf8'));
    } finally {
      cleanup(audit);
    }
  });

  it('the same with a revoke failure exits 3', async () => {
    emulator.inject({ kind: 'server-error', status: 503 }, { times: 3, route: 'revoke' });
    const run = await runCliAsync(['history', '--verify', '--revoke', '--yes'], { cwd: repo.dir, env });
    expect(run.code).toBe(3);
    expect(emulator.stateOf(live)).toBe('live');
    expect(run.stderr).toContain(': HTTP 503 internal_error after 3 attempts\n');
  });
});
