// `aisa-guard staged` over real repositories: what the index adds compared with HEAD, nothing else.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import type { Finding } from '../../src/types.js';
import { redactKey } from '../../src/detect/index.js';
import { fakeKey } from '../helpers/keys.js';
import { TestRepo, perTestTemp, git, gitEnv, tempDir } from '../helpers/git.js';
import { runCli } from '../helpers/run-cli.js';

const temp = perTestTemp();
const repo = temp.repo;

type Where = Pick<Finding, 'file' | 'line' | 'column' | 'redacted'>;

function staged(cwd: string, ...args: string[]): { code: number | null; findings: Where[] } {
  const run = runCli(['staged', '--format', 'json', ...args], { cwd, env: gitEnv() });
  if (run.code === 2) throw new Error(`staged failed: ${run.stderr}`);
  const report = JSON.parse(run.stdout) as { findings: Finding[] };
  return { code: run.code, findings: report.findings.map(({ file, line, column, redacted }) => ({ file, line, column, redacted })) };
}

const at = (file: string, line: number, key: string, column = 5): Where => ({ file, line, column, redacted: redactKey(key) });

/** Puts `content` in the index for `file` and leaves the working tree alone, as `git add -p` does. */
function stageContent(r: TestRepo, file: string, content: string): void {
  const blob = git(r.dir, ['hash-object', '-w', '--stdin'], { input: content });
  r.git('update-index', '--add', '--cacheinfo', `100644,${blob},${file}`);
}

const KEY_A = fakeKey('staged-a');
const KEY_B = fakeKey('staged-b');
const KEY_C = fakeKey('staged-c');

describe('aisa-guard staged', () => {
  it('finds a key behind a registered decoder (a fromCharCode list has no key needle in the diff)', () => {
    const r = repo();
    r.commit('init', { 'README.md': 'hello\n' });
    const key = fakeKey('staged-decimal');
    const codes = [...`k=${key}`].map((c) => c.charCodeAt(0)).join(',');
    stageContent(r, 'app.js', `// app\nconst k = String.fromCharCode(${codes});\n`);
    expect(staged(r.dir)).toEqual({ code: 1, findings: [{ file: 'app.js', line: 2, column: 31, redacted: redactKey(key) }] });
  });

  it('finds a key that was staged and then edited away in the working tree', () => {
    const r = repo();
    r.commit('init', { 'README.md': 'hello\n' });
    r.write({ 'config.env': `A=1\nkey=${KEY_A}\n` });
    r.git('add', 'config.env');
    r.write({ 'config.env': 'A=1\nkey=\n' });
    expect(staged(r.dir)).toEqual({ code: 1, findings: [at('config.env', 2, KEY_A)] });
  });

  it('ignores a key that is only in the working tree', () => {
    const r = repo();
    r.commit('init', { 'config.env': 'A=1\n' });
    r.write({ 'config.env': `A=1\nkey=${KEY_A}\n`, 'new.env': `key=${KEY_B}\n` });
    r.write({ 'other.txt': 'staged, clean\n' });
    r.git('add', 'other.txt');
    expect(staged(r.dir)).toEqual({ code: 0, findings: [] });
  });

  it('reports only the staged part of a partially staged file, at its line in the staged blob', () => {
    const r = repo();
    r.commit('init', { 'app.env': 'one\ntwo\nthree\n' });
    // Working tree: two new lines above, the staged key, and an unstaged key at the end.
    r.write({ 'app.env': `zero\nzero\none\nkey=${KEY_A}\ntwo\nthree\nkey=${KEY_B}\n` });
    stageContent(r, 'app.env', `one\nkey=${KEY_A}\ntwo\nthree\n`);
    expect(staged(r.dir)).toEqual({ code: 1, findings: [at('app.env', 2, KEY_A)] });
  });

  it('does not report a deleted key line', () => {
    const r = repo();
    r.commit('init', { 'app.env': `one\nkey=${KEY_A}\ntwo\n` });
    r.write({ 'app.env': 'one\ntwo\n' });
    r.git('add', 'app.env');
    expect(staged(r.dir)).toEqual({ code: 0, findings: [] });
  });

  it('does not report a renamed file that already held the key, even with edits', () => {
    const r = repo();
    r.commit('init', { 'old name.env': `one\nkey=${KEY_A}\ntwo\nthree\nfour\n` });
    r.git('mv', 'old name.env', 'new name.env');
    expect(staged(r.dir)).toEqual({ code: 0, findings: [] });
    r.write({ 'new name.env': `zero\none\nkey=${KEY_A}\ntwo\nthree\nfour\nkey=${KEY_B}\n` });
    r.git('add', '-A');
    expect(r.git('diff', '--cached', '--name-status', '-M')).toMatch(/^R\d+\s+old name\.env\s+new name\.env$/);
    expect(staged(r.dir)).toEqual({ code: 1, findings: [at('new name.env', 7, KEY_B)] });
  });

  it('reports only the new key when the file already holds one in HEAD, moved or not', () => {
    const r = repo();
    r.commit('init', { 'app.env': `key=${KEY_A}\none\ntwo\n` });
    r.write({ 'app.env': `one\nkey=${KEY_C}\ntwo\nkey=${KEY_A}\n` });
    r.git('add', 'app.env');
    expect(staged(r.dir)).toEqual({ code: 1, findings: [at('app.env', 2, KEY_C)] });
  });

  it('reports a key committed elsewhere when it is added to another path', () => {
    const r = repo();
    r.commit('init', { 'a.env': `key=${KEY_A}\n` });
    r.write({ 'b.env': `x\nkey=${KEY_A}\n` });
    r.git('add', 'b.env');
    expect(staged(r.dir)).toEqual({ code: 1, findings: [at('b.env', 2, KEY_A)] });
  });

  it('while concluding a merge, treats keys from the merged branch as known and reports new ones', () => {
    const r = repo();
    r.commit('init', { 'conf.env': 'mode=dev\n' });
    r.git('checkout', '-q', '-b', 'feature');
    r.commit('feature key', { 'conf.env': `mode=dev\nkey=${KEY_A}\n` });
    r.git('checkout', '-q', 'main');
    r.commit('main change', { 'conf.env': 'mode=prod\n' });
    expect(() => r.git('merge', '-q', 'feature')).toThrow();
    r.write({ 'conf.env': `mode=prod\nkey=${KEY_A}\n` });
    r.git('add', 'conf.env');
    expect(staged(r.dir)).toEqual({ code: 0, findings: [] });
    r.write({ 'conf.env': `mode=prod\nkey=${KEY_A}\nother=${KEY_B}\n` });
    r.git('add', 'conf.env');
    expect(staged(r.dir)).toEqual({ code: 1, findings: [at('conf.env', 3, KEY_B, 7)] });
  });

  it('reads files git calls binary, such as UTF-16 text, and reports only their new keys', () => {
    const r = repo();
    const utf16 = (text: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    r.commit('init', { 'win.env': utf16(`key=${KEY_A}\r\n`) });
    r.write({ 'win.env': utf16(`key=${KEY_A}\r\nother=${KEY_B}\r\n`) });
    r.git('add', '-A');
    expect(r.git('diff', '--cached', '--numstat')).toBe('-\t-\twin.env');
    expect(staged(r.dir)).toEqual({ code: 1, findings: [at('win.env', 2, KEY_B, 7)] });
  });

  it('works before the first commit (no HEAD)', () => {
    const r = repo();
    r.write({ 'clean.txt': 'nothing\n', 'src/settings.env': `# settings\n\nkey=${KEY_A}\n` });
    r.git('add', '-A');
    expect(staged(r.dir)).toEqual({ code: 1, findings: [at('src/settings.env', 3, KEY_A)] });
  });

  it('is clean in an empty repository with nothing staged', () => {
    const r = repo();
    expect(staged(r.dir)).toEqual({ code: 0, findings: [] });
  });

  it('reads the index of a linked worktree, from a subfolder too', () => {
    const r = repo();
    r.commit('init', { 'README.md': 'hello\n', 'sub/keep.txt': 'x\n' });
    const worktree = path.join(r.dir, '..', `${path.basename(r.dir)}-wt`);
    temp.track(worktree);
    r.git('worktree', 'add', '-q', '-b', 'feature', worktree);
    const wt = new TestRepo(worktree);
    wt.write({ 'sub/feature.env': `key=${KEY_B}\n` });
    wt.git('add', '-A');
    expect(staged(path.join(worktree, 'sub'))).toEqual({ code: 1, findings: [at('sub/feature.env', 1, KEY_B)] });
    expect(staged(r.dir)).toEqual({ code: 0, findings: [] });
    expect(staged(r.dir, '--repo', worktree).findings).toEqual([at('sub/feature.env', 1, KEY_B)]);
  });

  it('handles file names with spaces, quotes, newlines and non-ASCII characters', () => {
    const r = repo();
    r.commit('init', { 'README.md': 'hello\n' });
    const names = ['with space.env', 'quo"te\'s.env', 'new\nline.env', 'ключ.env', 'tab\there.env'];
    r.write(Object.fromEntries(names.map((name, i) => [name, `${'\n'.repeat(i)}key=${fakeKey(name)}\n`])));
    r.git('add', '-A');
    const expected = names.map((name, i) => at(name, i + 1, fakeKey(name))).sort((a, b) => (a.file < b.file ? -1 : 1));
    expect(staged(r.dir)).toEqual({ code: 1, findings: expected });
  });

  it('honours an inline allow comment and ignores deleted files', () => {
    const r = repo();
    r.commit('init', { 'gone.env': `key=${KEY_A}\n` });
    r.write({ 'gone.env': null, 'ok.env': `# aisa-guard:allow\nkey=${KEY_B}\n` });
    r.git('add', '-A');
    expect(staged(r.dir)).toEqual({ code: 0, findings: [] });
  });

  it('applies the config found at the top of the work tree, even when run from a subfolder', () => {
    const r = repo();
    r.write({
      'aisa-guard.config.json': JSON.stringify({ ignore: ['fixtures/**'] }),
      'fixtures/sample.env': `key=${KEY_A}\n`,
      'src/app/real.env': `key=${KEY_B}\n`,
    });
    r.git('add', '-A');
    expect(staged(path.join(r.dir, 'src', 'app'))).toEqual({ code: 1, findings: [at('src/app/real.env', 1, KEY_B)] });
  });

  it('prints the redacted key, where it is and how to fix it; never the full key', () => {
    const r = repo();
    r.write({ 'deploy/.env': `\nAISA_KEY=${KEY_A}\n` });
    r.git('add', '-A');
    const run = runCli(['staged'], { cwd: r.dir, env: gitEnv() });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain(`deploy/.env:2:10`);
    expect(run.stdout).toContain(redactKey(KEY_A));
    expect(run.stdout).toContain('AISA_API_KEY');
    expect(run.stderr).toContain('git commit --no-verify');
    expect(run.stdout + run.stderr).not.toContain(KEY_A);
  });

  it('fails with one line and exit 2 outside a repository', () => {
    const outside = tempDir();
    temp.track(outside);
    const run = runCli(['staged'], { cwd: outside, env: gitEnv({ GIT_CEILING_DIRECTORIES: path.dirname(outside) }) });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`aisa-guard: ${outside}: not a git repository\n`);
    const missing = path.join(outside, 'nope');
    const bad = runCli(['staged', '--repo', missing], { cwd: outside, env: gitEnv() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(`aisa-guard: ${missing}: no such directory\n`);
  });

  it('fails with one line and exit 2 in a bare repository', () => {
    const bare = TestRepo.init({ bare: true });
    temp.track(bare.dir);
    const run = runCli(['staged'], { cwd: bare.dir, env: gitEnv() });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`aisa-guard: ${bare.dir}: staged needs a work tree (this is a bare repository)\n`);
  });
});
