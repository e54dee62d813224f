// CLI front-door polish (issue 12, problem 9): flag typos, stray arguments, pre-push run by hand,
// --quiet with machine formats, one fingerprint everywhere.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprintOf } from '../src/detect/index.js';
import { CLI, runCli } from './helpers/run-cli.js';
import { gitEnv, perTestTemp } from './helpers/git.js';
import { fakeKey } from './helpers/keys.js';
import { needsTool } from './helpers/tools.js';

const temp = perTestTemp();
const KEY = fakeKey('cli-polish');
const FP = fingerprintOf(KEY);

function leakyDir(): string {
  const r = temp.repo();
  writeFileSync(path.join(r.dir, 'app.env'), `AISA_API_KEY=${KEY}\n`);
  return r.dir;
}

describe('argument errors: one line, the closest flag, where help is', () => {
  it('an unknown flag names the closest real one and --help', () => {
    const run = runCli(['scan', '--fromat', 'json', '.']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('aisa-guard: unknown option --fromat for "scan" (did you mean --format?); see "aisa-guard scan --help"\n');
    const far = runCli(['history', '--zzzzzzzz']);
    expect(far.stderr).toBe('aisa-guard: unknown option --zzzzzzzz for "history"; see "aisa-guard history --help"\n');
    const missingValue = runCli(['scan', '--format']);
    expect(missingValue.code).toBe(2);
    expect(missingValue.stderr).toBe(`aisa-guard: Option '-f, --format <value>' argument missing; see "aisa-guard scan --help"\n`);
  });

  it('unexpected positional arguments are an error, not ignored', () => {
    const dir = temp.repo().dir;
    const staged = runCli(['staged', 'extra'], { cwd: dir, env: gitEnv() });
    expect(staged.code).toBe(2);
    expect(staged.stderr).toBe('aisa-guard: unexpected argument "extra": staged takes no arguments; see "aisa-guard staged --help"\n');
    const init = runCli(['init', 'now'], { cwd: dir, env: gitEnv() });
    expect(init.code).toBe(2);
    expect(init.stderr).toContain('unexpected argument "now": init takes no arguments');
    const push = runCli(['pre-push', 'origin', 'url', 'third'], { cwd: dir, env: gitEnv() });
    expect(push.code).toBe(2);
    expect(push.stderr).toContain('unexpected argument "third": pre-push takes at most 2 arguments');
  });
});

describe('pre-push run by hand', () => {
  it.skipIf(needsTool('script', 'bsdutils'))('on a terminal (no stdin from git) explains what it is for, exit 2', () => {
    const dir = temp.repo().dir;
    // `script` gives the CLI a real pseudo-terminal as stdin.
    const run = spawnSync('script', ['-qec', `"${process.execPath}" "${CLI}" pre-push`, '/dev/null'], {
      cwd: dir,
      env: gitEnv({ NO_COLOR: '1' }),
      encoding: 'utf8',
      input: '',
    });
    expect(run.status).toBe(2);
    expect(run.stdout).toContain('pre-push is run by git\'s pre-push hook, which passes the pushed refs on stdin');
    expect(run.stdout).toContain('aisa-guard history --range');
    expect(run.stdout).not.toContain('✔');
  });

  it('with empty stdin says nothing was checked, never ✔', () => {
    const r = temp.repo();
    r.commit('one', { 'a.txt': 'a\n' });
    const run = runCli(['pre-push'], { cwd: r.dir, env: gitEnv(), input: '' });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('aisa-guard pre-push: no pushed refs on stdin: nothing to check\n');
  });
});

describe('--quiet silences human text only', () => {
  it('--quiet --format json prints the JSON report of a clean scan', () => {
    const dir = temp.repo().dir;
    writeFileSync(path.join(dir, 'clean.txt'), 'nothing here\n');
    const run = runCli(['scan', '--quiet', '--format', 'json', '.'], { cwd: dir, env: gitEnv() });
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ findings: [], stats: { files: 1 } });
    for (const format of ['sarif', 'junit', 'github']) {
      const machine = runCli(['scan', '-q', '-f', format, '.'], { cwd: dir, env: gitEnv() });
      expect(machine.stdout.length, format).toBeGreaterThan(0);
    }
    expect(runCli(['scan', '--quiet', '.'], { cwd: dir, env: gitEnv() }).stdout).toBe('');
  });
});

describe('one fingerprint (64 hex) in every format', () => {
  it('json, github and sarif carry the same full fingerprint; text prints it when asked and in the allow hint', () => {
    const dir = leakyDir();
    const json = JSON.parse(runCli(['scan', '-f', 'json', '.'], { cwd: dir, env: gitEnv() }).stdout) as { findings: { fingerprint: string }[] };
    expect(json.findings[0].fingerprint).toBe(FP);
    expect(FP).toMatch(/^[0-9a-f]{64}$/);
    const github = runCli(['scan', '-f', 'github', '.'], { cwd: dir, env: gitEnv({ GITHUB_STEP_SUMMARY: '' }) }).stdout;
    expect(github).toContain(`Fingerprint ${FP}.`);
    expect(runCli(['scan', '-f', 'sarif', '.'], { cwd: dir, env: gitEnv() }).stdout).toContain(`"aisaKeyFingerprint/v1": "${FP}"`);
    const text = runCli(['scan', '.'], { cwd: dir, env: gitEnv() });
    expect(text.code).toBe(1);
    expect(text.stdout).not.toContain(`fingerprint ${FP}`);
    expect(text.stdout).toContain(`add "${FP}" to "allowFingerprints" in aisa-guard.config.json`);
    const shown = runCli(['scan', '--show-fingerprints', '.'], { cwd: dir, env: gitEnv() });
    expect(shown.stdout).toContain(`\n    fingerprint ${FP}\n`);
    // The hint's fingerprint is what the config accepts: allow-listing it makes the scan clean.
    writeFileSync(path.join(dir, 'aisa-guard.config.json'), JSON.stringify({ allowFingerprints: [FP] }));
    expect(runCli(['scan', '.'], { cwd: dir, env: gitEnv() }).code).toBe(0);
  });
});
