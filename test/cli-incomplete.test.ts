// Issue 22: exit 2 whenever input was not read, one line each, and the text report says what; a
// symlink's target text is scanned; a named work tree is scanned as git sees it, whatever a repository's
// local config (core.worktree, info/exclude) says.
import { describe, expect, it } from 'vitest';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fakeKey } from './helpers/keys.js';
import { git, gitEnv, perTestTemp } from './helpers/git.js';
import { runCli } from './helpers/run-cli.js';

const temp = perTestTemp();
const KEY = fakeKey('incomplete');
const LINE = `AISA_API_KEY=${KEY}\n`;

describe('exit 2 when input was not read', () => {
  it('--max-file-size: the file left out is named, the report says incomplete, exit 2', () => {
    const r = temp.repo();
    r.commit('big', { 'big.txt': 'x'.repeat(100) + '\n', 'small.txt': 'hi\n' });
    const run = runCli(['scan', '.', '--max-file-size', '10'], { cwd: r.dir, env: gitEnv() });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^! incomplete: /m);
    expect(run.stdout).toContain('skipped: 1 input larger than --max-file-size, not read (the scan is incomplete)');
    expect(run.stderr).toContain('big.txt');
    expect(run.stderr).toContain('aisa-guard: 1 input could not be read: the scan is incomplete');
  });

  it('a repository config maxFileSize: 1 reads nothing: exit 2, not ✔', () => {
    const r = temp.repo();
    r.commit('app', { 'aisa-guard.config.json': '{"maxFileSize": 1}\n', 'app.env': LINE });
    const run = runCli(['scan', '.'], { cwd: r.dir, env: gitEnv() });
    expect(run.code).toBe(2);
    expect(run.stdout).not.toContain('✔');
    expect(run.stdout).toContain('larger than --max-file-size, not read (the scan is incomplete)');
  });

  it('a broken symlink: named, exit 2', () => {
    const r = temp.repo();
    r.write({ 'a.txt': 'hi\n' });
    symlinkSync('missing-target', path.join(r.dir, 'dangling'));
    r.commit('link');
    const run = runCli(['scan', '.'], { cwd: r.dir, env: gitEnv() });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('dangling: broken symlink, skipped');
    expect(run.stdout).toMatch(/^! incomplete: /m);
    expect(run.stdout).toContain('1 broken symlink or loops with nothing behind them to read (the scan is incomplete)');
  });

  it('a shallow clone in history: exit 2, the report says what was not read', () => {
    const origin = temp.repo();
    origin.commit('one', { 'a.txt': 'a\n' });
    origin.commit('two', { 'b.txt': 'b\n' });
    const clone = temp.track(path.join(temp.repo().dir, 'clone'));
    git(path.dirname(clone), ['clone', '-q', '--depth', '1', `file://${origin.dir}`, clone]);
    const run = runCli(['history', '--repo', clone], { cwd: clone, env: gitEnv() });
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('history before the shallow clone boundary (the scan is incomplete: git fetch --unshallow)');
    expect(run.stdout).not.toContain('✔');
  });
});

describe('what git publishes is read', () => {
  it('a symlink whose target text is a key is found by scan (exit 1, link:1)', () => {
    const r = temp.repo();
    r.write({ 'a.txt': 'hi\n' });
    symlinkSync(KEY, path.join(r.dir, 'link'));
    const run = runCli(['scan', '.', '--format', 'json'], { cwd: r.dir, env: gitEnv() });
    expect(run.code).toBe(1);
    const findings = (JSON.parse(run.stdout) as { findings: { file: string; line: number; column: number }[] }).findings;
    expect(findings.map((f) => `${f.file}:${f.line}:${f.column}`)).toEqual(['link:1:1']);
  });

  it('scan path/to/repo reads tracked files a .gitignore matches, as scan . does', () => {
    const parent = temp.track(path.join(temp.repo().dir, 'outer'));
    mkdirSync(parent);
    const r = temp.repo();
    r.commit('key', { 'secret.env': LINE });
    r.commit('ignore', { '.gitignore': '*.env\n' });
    const named = runCli(['scan', r.dir, '--format', 'json'], { cwd: parent, env: gitEnv() });
    const here = runCli(['scan', '.', '--format', 'json'], { cwd: r.dir, env: gitEnv() });
    expect(here.code).toBe(1);
    expect(named.code).toBe(1);
    const files = (run: typeof named) => (JSON.parse(run.stdout) as { findings: { file: string }[] }).findings.map((f) => path.basename(f.file));
    expect(files(named)).toEqual(['secret.env']);
    expect(files(here)).toEqual(['secret.env']);
  });

  it('a .git/config core.worktree pointing at an empty folder hides nothing', () => {
    const r = temp.repo();
    r.commit('app', { 'a.txt': 'hi\n' });
    const empty = temp.track(path.join(temp.repo().dir, 'empty'));
    mkdirSync(empty);
    r.git('config', 'core.worktree', empty);
    writeFileSync(path.join(r.dir, 'key.env'), LINE);
    const run = runCli(['scan', '.'], { cwd: r.dir, env: gitEnv() });
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toMatch(/^key\.env:1:14 /m);
  });

  it('an info/exclude of * does not hide an untracked key file', () => {
    const r = temp.repo();
    r.commit('app', { 'a.txt': 'hi\n' });
    writeFileSync(path.join(r.dir, '.git', 'info', 'exclude'), '*\n');
    writeFileSync(path.join(r.dir, 'key.env'), LINE);
    const run = runCli(['scan', '.'], { cwd: r.dir, env: gitEnv() });
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toMatch(/^key\.env:1:14 /m);
  });
});
