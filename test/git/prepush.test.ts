// `aisa-guard pre-push`: only what the remote lacks is scanned; a real `git push` is refused by the hook.
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/types.js';
import { TestRepo, cleanup, git, tempDir } from '../helpers/git.js';
import { fakeKey } from '../helpers/keys.js';
import { CLI, runCli } from '../helpers/run-cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(cleanup));

const ZERO = '0'.repeat(40);

/** A clone of a bare remote whose main holds an old key already pushed (with --no-verify). */
function setup() {
  const remote = TestRepo.init({ bare: true });
  const local = TestRepo.init();
  dirs.push(remote.dir, local.dir);
  local.commit('start', { 'README.md': '# demo\n' });
  const oldKey = local.commit('old key, already public', { 'old.txt': `k=${fakeKey('already-pushed')}\n` });
  local.git('remote', 'add', 'origin', remote.dir);
  local.git('push', '-q', 'origin', 'main');
  return { remote, local, pushed: oldKey };
}

function prePush(local: TestRepo, lines: string[], args = ['origin', 'file:///remote']) {
  const run = runCli(['pre-push', '--format', 'json', ...args], { cwd: local.dir, input: lines.map((l) => l + '\n').join('') });
  const findings = run.stdout ? (JSON.parse(run.stdout) as { findings: Finding[] }).findings : [];
  return { ...run, findings };
}

describe('pre-push', () => {
  it('an update scans only the commits the remote lacks', () => {
    const { local, pushed } = setup();
    const clean = local.commit('clean', { 'a.txt': 'a\n' });
    const ok = prePush(local, [`refs/heads/main ${clean} refs/heads/main ${pushed}`]);
    expect(ok.code).toBe(0);
    expect(ok.findings).toEqual([]);
    const leaky = local.commit('leak', { 'b.txt': `x\nk=${fakeKey('update')}\n` });
    const blocked = prePush(local, [`refs/heads/main ${leaky} refs/heads/main ${pushed}`]);
    expect(blocked.code).toBe(1);
    expect(blocked.findings.map((f) => [f.file, f.line, f.commit])).toEqual([['b.txt', 2, leaky]]);
    expect(blocked.stderr).toContain('push refused');
  });

  it('the pre-commit framework passes the range in PRE_COMMIT_* variables instead of stdin', () => {
    const { local, pushed } = setup();
    const leaky = local.commit('leak', { 'c.txt': `k=${fakeKey('pre-commit-framework')}\n` });
    const env = { PRE_COMMIT_FROM_REF: pushed, PRE_COMMIT_TO_REF: leaky, PRE_COMMIT_REMOTE_NAME: 'origin' };
    const run = runCli(['pre-push', '--format', 'json'], { cwd: local.dir, env });
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as { findings: Finding[] }).findings.map((f) => [f.file, f.line, f.commit])).toEqual([['c.txt', 1, leaky]]);
    const upToDate = runCli(['pre-push', '--format', 'json'], { cwd: local.dir, env: { ...env, PRE_COMMIT_TO_REF: pushed } });
    expect(upToDate.code).toBe(0);
  });

  it('a new branch scans what no remote-tracking branch has', () => {
    const { local } = setup();
    local.git('checkout', '-q', '-b', 'topic');
    const clean = local.commit('topic work', { 't.txt': 't\n' });
    expect(prePush(local, [`refs/heads/topic ${clean} refs/heads/topic ${ZERO}`]).code).toBe(0);
    const leaky = local.commit('topic leak', { 't.txt': `t\n${fakeKey('new-branch')}\n` });
    const run = prePush(local, [`refs/heads/topic ${leaky} refs/heads/topic ${ZERO}`]);
    expect(run.code).toBe(1);
    expect(run.findings.map((f) => [f.file, f.line, f.commit])).toEqual([['t.txt', 2, leaky]]);
  });

  it('a force push over a rewritten commit scans the rewrite', () => {
    const { local, pushed } = setup();
    local.git('reset', '-q', '--hard', 'HEAD~1');
    const rewritten = local.commit('rewritten', { 'new.txt': `k=${fakeKey('force')}\n` });
    const run = prePush(local, [`refs/heads/main ${rewritten} refs/heads/main ${pushed}`]);
    expect(run.code).toBe(1);
    expect(run.findings.map((f) => [f.file, f.commit])).toEqual([['new.txt', rewritten]]);
    // A remote sha this clone never saw: bounded by the remote-tracking refs instead.
    const unknown = 'f'.repeat(40);
    const bounded = prePush(local, [`refs/heads/main ${rewritten} refs/heads/main ${unknown}`]);
    expect(bounded.findings.map((f) => [f.file, f.commit])).toEqual([['new.txt', rewritten]]);
  });

  it('deleting a remote ref scans nothing', () => {
    const { local, pushed } = setup();
    const run = prePush(local, [`(delete) ${ZERO} refs/heads/main ${pushed}`]);
    expect(run.code).toBe(0);
    expect(run.findings).toEqual([]);
  });

  it('malformed stdin is one line, exit 2', () => {
    const { local } = setup();
    const run = runCli(['pre-push', 'origin'], { cwd: local.dir, input: 'refs/heads/main --all refs/heads/main x\n' });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^aisa-guard: pre-push: expected "<local ref> <local sha> <remote ref> <remote sha>"/);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('a real git push is refused by the hook, and a clean one goes through', () => {
    const { remote, local, pushed } = setup();
    const hook = path.join(local.dir, '.git', 'hooks', 'pre-push');
    writeFileSync(hook, `#!/bin/sh\nexec "${process.execPath}" "${CLI}" pre-push "$@"\n`);
    chmodSync(hook, 0o755);
    const key = fakeKey('real-push');
    local.commit('leak', { 'deploy.sh': `curl -H "Authorization: Bearer ${key}" https://api.example\n` });
    let refused: { status?: number; stdout?: string; stderr?: string } = {};
    try {
      local.git('push', 'origin', 'main');
    } catch (error) {
      refused = error as typeof refused;
    }
    expect(refused.status).toBe(1);
    // git passes the hook's stdout (the report) and stderr (the refusal) through to the user.
    const shown = `${refused.stdout}${refused.stderr}`;
    expect(shown).toContain('deploy.sh:1:32');
    expect(shown).toContain('push refused');
    expect(shown).toContain('AISA_API_KEY');
    expect(shown).toContain('failed to push');
    expect(shown).not.toContain(key);
    expect(git(remote.dir, ['rev-parse', 'main'])).toBe(pushed);

    local.git('reset', '-q', '--hard', 'HEAD~1');
    const clean = local.commit('clean', { 'deploy.sh': 'curl -H "Authorization: Bearer $AISA_API_KEY" https://api.example\n' });
    local.git('push', '-q', 'origin', 'main');
    expect(git(remote.dir, ['rev-parse', 'main'])).toBe(clean);
  });

  it('outside a repository: one line, exit 2', () => {
    const dir = tempDir();
    dirs.push(dir);
    const run = runCli(['pre-push', 'origin'], { cwd: dir, input: '', env: { GIT_CEILING_DIRECTORIES: path.dirname(dir) } });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('aisa-guard: .: not a git repository\n');
  });
});
