// The product must never become the leak: every command, in every output format, over a fixture
// full of keys, and no full key appears anywhere — stdout, stderr, report files, audit log, baseline —
// unless --no-redact is given.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FORMATS } from '../../src/report/index.js';
import { fakeKey } from '../helpers/keys.js';
import { runCli, type CliRun } from '../helpers/run-cli.js';

const keys = ['committed', 'history-only', 'staged', 'message', 'base64'].map((s) => fakeKey(`audit-${s}`));
const bodies = keys.map((k) => k.slice('sk-aisa-'.length));
let repo: string;
let out: string;

const git = (...args: string[]) => execFileSync('git', args, { cwd: repo, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_DATE: '2024-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2024-01-01T00:00:00Z' } });

/** A full key, or any 30-character run of one, anywhere in the text. */
function leakedIn(text: string): string[] {
  return bodies.filter((body) => text.includes(body) || text.includes(body.slice(0, 30)) || text.includes(body.slice(-30)));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

function expectClean(run: CliRun, label: string) {
  expect([0, 1, 3], `${label}: ${run.stderr}`).toContain(run.code);
  expect(leakedIn(run.stdout), `${label} stdout`).toEqual([]);
  expect(leakedIn(run.stderr), `${label} stderr`).toEqual([]);
}

beforeAll(() => {
  repo = mkdtempSync(path.join(os.tmpdir(), 'aisa-audit-repo-'));
  out = mkdtempSync(path.join(os.tmpdir(), 'aisa-audit-out-'));
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Audit');
  git('config', 'user.email', 'audit@example.com');
  writeFileSync(path.join(repo, 'app.ts'), `export const key = "${keys[0]}";\n`);
  writeFileSync(path.join(repo, 'old.env'), `AISA_API_KEY=${keys[1]}\n`);
  writeFileSync(path.join(repo, 'secret.yaml'), `data:\n  key: ${Buffer.from(keys[4]).toString('base64')}\n`);
  git('add', '.');
  git('commit', '-q', '-m', `initial, oops ${keys[3]}`);
  git('rm', '-q', 'old.env');
  git('commit', '-q', '-m', 'remove env');
  writeFileSync(path.join(repo, 'staged.ts'), `const k = "${keys[2]}";\n`);
  git('add', 'staged.ts');
});
afterAll(() => {
  rmSync(repo, { recursive: true, force: true });
  rmSync(out, { recursive: true, force: true });
});

const calls: Record<string, { args: string[]; input?: string }> = {
  scan: { args: ['scan', '.'] },
  history: { args: ['history'] },
  staged: { args: ['staged'] },
  'pre-push': { args: ['pre-push', 'origin', 'file:///nowhere'] },
};

describe('redaction audit', () => {
  const prePushInput = () => `refs/heads/main ${git('rev-parse', 'HEAD').trim()} refs/heads/main ${'0'.repeat(40)}\n`;
  for (const [name, call] of Object.entries(calls)) {
    it(`${name} prints no full key on stdout or stderr`, () => {
      const run = runCli(call.args, { cwd: repo, input: name === 'pre-push' ? prePushInput() : undefined });
      expectClean(run, name);
      expect(run.code, `${name} found the keys`).toBe(1);
    });
    for (const format of FORMATS) {
      it(`${name} --format ${format} never prints or writes a full key`, () => {
        const report = path.join(out, `${name}.${format}`);
        const run = runCli([...call.args, '--format', format, '--output', report], {
          cwd: repo,
          input: name === 'pre-push' ? prePushInput() : undefined,
        });
        expectClean(run, `${name} ${format} --output`);
        expect(run.code, `${name} ${format} found the keys`).toBe(1);
        expect(leakedIn(readFileSync(report, 'utf8')), `${name} ${format} report file`).toEqual([]);
      });
    }
  }

  it('verify/revoke dry run, audit log, baseline and errors stay redacted', () => {
    const audit = path.join(out, 'audit.jsonl');
    const dry = runCli(['history', '--verify', '--revoke', '--dry-run', '--yes', '--audit-log', audit], {
      cwd: repo,
      env: { AISA_BASE_URL: 'http://127.0.0.1:9/v1' },
    });
    expectClean(dry, 'dry run');
    const baseline = runCli(['baseline', 'history', '--output', path.join(out, 'baseline.json')], { cwd: repo });
    expectClean(baseline, 'baseline');
    const broken = runCli(['scan', '.', '--format', 'nope'], { cwd: repo });
    expect(broken.code).toBe(2);
    expectClean({ ...broken, code: 1 }, 'usage error');
    for (const file of filesUnder(out)) expect(leakedIn(readFileSync(file, 'utf8')), file).toEqual([]);
  });

  it('prints keys in full only with --no-redact', () => {
    const run = runCli(['scan', '.', '--no-redact'], { cwd: repo });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(keys[0]);
  });
});
