// End to end: `aisa-guard init`, then real `git commit` and `git push` fire the installed hooks.
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { redactKey } from '../../src/detect/index.js';
import { fakeKey } from '../helpers/keys.js';
import { TestRepo, cleanup, gitEnv } from '../helpers/git.js';
import { CLI, runCli } from '../helpers/run-cli.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) cleanup(dir);
});

/** The hook runs this very build: a command line the hook evaluates, quoted as a user would. */
const HOOK_ENV = gitEnv({ AISA_GUARD_BIN: `"${process.execPath}" "${CLI}"`, NO_COLOR: '1' });

function repo(): TestRepo {
  const r = TestRepo.init();
  dirs.push(r.dir);
  r.commit('init', { 'README.md': 'hello\n', 'config/app.env': 'MODE=dev\n' });
  return r;
}

function install(cwd: string): void {
  const run = runCli(['init'], { cwd, env: HOOK_ENV });
  expect(run.code, run.stderr).toBe(0);
}

/** Runs git as a user would (hooks enabled) and returns everything it printed. */
function gitUser(cwd: string, ...args: string[]): { code: number | null; output: string } {
  const run = spawnSync('git', args, { cwd, env: HOOK_ENV, encoding: 'utf8' });
  return { code: run.status, output: run.stdout + run.stderr };
}

/** Exit code, with git's output as the failure message. */
function expectExit(run: { code: number | null; output: string }, code: number): void {
  expect(run.code, run.output).toBe(code);
}

const count = (r: TestRepo) => Number(r.git('rev-list', '--count', 'HEAD'));
const KEY = fakeKey('hooks-e2e');

describe('installed hooks, fired by real git commands', () => {
  it('refuses a commit that adds a key, printing where, the redacted key and how to fix it', () => {
    const r = repo();
    install(r.dir);
    r.write({ 'config/app.env': `MODE=dev\n\nAISA_KEY=${KEY}\n` });
    r.git('add', '-A');
    const commit = gitUser(r.dir, 'commit', '-q', '-m', 'add key');
    expect(commit.code).toBe(1);
    expect(commit.output).toContain(`config/app.env:3:10`);
    expect(commit.output).toContain(redactKey(KEY));
    expect(commit.output).toContain('AISA_API_KEY');
    expect(commit.output).toContain('git commit --no-verify');
    expect(commit.output).not.toContain(KEY);
    expect(count(r)).toBe(1);
  });

  it('lets a clean commit through', () => {
    const r = repo();
    install(r.dir);
    r.write({ 'config/app.env': 'MODE=prod\n' });
    r.git('add', '-A');
    const commit = gitUser(r.dir, 'commit', '-q', '-m', 'clean');
    expect(commit.code, commit.output).toBe(0);
    expect(count(r)).toBe(2);
  });

  it('sees what `git commit -a` and `git commit <path>` record (their temporary index)', () => {
    const r = repo();
    install(r.dir);
    r.write({ 'config/app.env': `MODE=dev\nAISA_KEY=${KEY}\n`, 'README.md': 'edited\n' });
    expectExit(gitUser(r.dir, 'commit', '-q', '-a', '-m', 'all'), 1);
    const only = gitUser(r.dir, 'commit', '-q', '-m', 'only', '--', 'config/app.env');
    expect(only.code).toBe(1);
    expect(only.output).toContain('config/app.env:2:10');
    expectExit(gitUser(r.dir, 'commit', '-q', '-m', 'readme', '--', 'README.md'), 0);
    expect(count(r)).toBe(2);
  });

  it('still runs the user hook it chained to, first, and honours its exit code', () => {
    const r = repo();
    const marker = path.join(r.dir, '.git', 'user-hook-ran');
    writeFileSync(path.join(r.dir, '.git', 'hooks', 'pre-commit'), `#!/bin/sh\necho ran >> "${marker}"\nexit "\${USER_HOOK_EXIT:-0}"\n`, {
      mode: 0o755,
    });
    install(r.dir);
    install(r.dir);
    r.write({ 'notes.txt': 'clean\n' });
    r.git('add', '-A');
    expectExit(gitUser(r.dir, 'commit', '-q', '-m', 'clean'), 0);
    expect(readFileSync(marker, 'utf8')).toBe('ran\n');
    r.write({ 'config/app.env': `AISA_KEY=${KEY}\n` });
    r.git('add', '-A');
    const refused = gitUser(r.dir, 'commit', '-q', '-m', 'key');
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('config/app.env:1:10');
    expect(readFileSync(marker, 'utf8')).toBe('ran\nran\n');
    const failing = spawnSync('git', ['commit', '-q', '-m', 'key'], { cwd: r.dir, env: { ...HOOK_ENV, USER_HOOK_EXIT: '7' }, encoding: 'utf8' });
    expect(failing.status).toBe(1);
    expect(failing.stdout + failing.stderr).not.toContain('AIsa key');
    expect(count(r)).toBe(2);
  });

  it('works through core.hooksPath and from a linked worktree', () => {
    const r = repo();
    // A relative hooksPath is resolved in each work tree: the hooks folder is committed, as teams do.
    r.git('config', 'core.hooksPath', '.githooks');
    install(r.dir);
    expect(existsSync(path.join(r.dir, '.githooks', 'pre-commit'))).toBe(true);
    r.git('add', '.githooks');
    const hooks = gitUser(r.dir, 'commit', '-q', '-m', 'hooks');
    expect(hooks.code, hooks.output).toBe(0);
    const worktree = `${r.dir}-wt`;
    dirs.push(worktree);
    r.git('worktree', 'add', '-q', '-b', 'feature', worktree);
    const wt = new TestRepo(worktree);
    wt.write({ 'ключ файл.env': `\nAISA_KEY=${KEY}\n` });
    wt.git('add', '-A');
    const refused = gitUser(worktree, 'commit', '-q', '-m', 'key');
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('ключ файл.env:2:10');
    r.write({ 'config/app.env': `AISA_KEY=${KEY}\n` });
    r.git('add', '-A');
    expectExit(gitUser(r.dir, 'commit', '-q', '-m', 'key'), 1);
  });

  it('passes the pushed refs to a chained user pre-push hook and to aisa-guard pre-push', () => {
    const r = repo();
    const remote = TestRepo.init({ bare: true });
    dirs.push(remote.dir);
    r.git('remote', 'add', 'origin', remote.dir);
    r.git('push', '-q', 'origin', 'main');
    const seen = path.join(r.dir, '.git', 'user-pre-push-stdin');
    writeFileSync(path.join(r.dir, '.git', 'hooks', 'pre-push'), `#!/bin/sh\ncat > "${seen}"\necho "args: $1 $2" >> "${seen}"\n`, { mode: 0o755 });
    install(r.dir);
    r.write({ 'config/app.env': `AISA_KEY=${KEY}\n` });
    r.git('add', '-A');
    r.git('commit', '-q', '--no-verify', '-m', 'key');
    const head = r.head();
    const refused = gitUser(r.dir, 'push', 'origin', 'main');
    expect(refused.code, refused.output).not.toBe(0);
    expect(refused.output).toContain('config/app.env:1:10');
    expect(refused.output).not.toContain(KEY);
    expect(readFileSync(seen, 'utf8').split('\n')[0]).toMatch(new RegExp(`^refs/heads/main ${head} refs/heads/main [0-9a-f]{40}$`));
    expect(readFileSync(seen, 'utf8')).toContain(`args: origin ${remote.dir}\n`);
    expect(remote.git('rev-parse', 'main')).not.toBe(head);
    r.git('reset', '-q', '--hard', 'HEAD~1');
    r.write({ 'notes.txt': 'clean\n' });
    r.git('add', '-A');
    expectExit(gitUser(r.dir, 'commit', '-q', '-m', 'clean'), 0);
    const pushed = gitUser(r.dir, 'push', '-q', 'origin', 'main');
    expect(pushed.code, pushed.output).toBe(0);
    expect(remote.git('rev-parse', 'main')).toBe(r.head());
  });

  it("husky 9: init adds a line calling the project's CLI directly, and a real commit runs it and is refused", () => {
    const r = repo();
    r.write({ 'package.json': JSON.stringify({ private: true, devDependencies: { husky: '^9.1.7' } }), '.gitignore': 'node_modules\n' });
    // A project install, as npm would lay it out: husky, and aisa-guard's bin on node_modules/.bin.
    mkdirSync(path.join(r.dir, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(path.join(HERE, '../../node_modules/husky'), path.join(r.dir, 'node_modules', 'husky'));
    writeFileSync(path.join(r.dir, 'node_modules', '.bin', 'aisa-guard'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`, { mode: 0o755 });
    execFileSync(process.execPath, [path.join(r.dir, 'node_modules', 'husky', 'bin.js')], { cwd: r.dir, env: gitEnv() });
    expect(r.git('config', 'core.hooksPath')).toBe('.husky/_');
    install(r.dir);
    expect(readFileSync(path.join(r.dir, '.husky', 'pre-commit'), 'utf8')).toBe('node_modules/.bin/aisa-guard staged --quiet\n');
    r.write({ 'config/app.env': `AISA_KEY=${KEY}\n` });
    r.git('add', '-A');
    const env = { ...gitEnv(), AISA_GUARD_BIN: '', npm_config_offline: 'true' };
    const refused = spawnSync('git', ['commit', '-q', '-m', 'key'], { cwd: r.dir, env, encoding: 'utf8' });
    expect(refused.status).toBe(1);
    expect(refused.stdout + refused.stderr).toContain(`config/app.env:1:10  aisa-api-key  high  ${redactKey(KEY)}`);
    r.git('reset', '-q', '--', 'config/app.env');
    const clean = spawnSync('git', ['commit', '-q', '-m', 'clean'], { cwd: r.dir, env, encoding: 'utf8' });
    expect(clean.status, clean.stderr).toBe(0);
    expect(clean.stdout + clean.stderr).toBe('');
  });
});
