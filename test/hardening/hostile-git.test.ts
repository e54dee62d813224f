// Hostile repositories: each git-shaped oddity ends in the documented exit code with at most one line
// per problem on stderr, never a stack trace or a hang.
import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, readdirSync, rmSync, writeFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fakeKey } from '../helpers/keys.js';
import { runCli, type CliRun } from '../helpers/run-cli.js';
import { git, gitEnv, tempDir, TestRepo } from '../helpers/git.js';
import { record } from '../helpers/hostile-table.js';

const key = fakeKey('hostile-git');
const dirs: string[] = [];
const temp = (prefix: string) => {
  const dir = tempDir(prefix);
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function cli(name: string, args: string[], options: Parameters<typeof runCli>[1] = {}): CliRun {
  return record(name, runCli(args, { ...options, env: { ...gitEnv(), ...options.env } }));
}

function expectOneLineError(run: CliRun, pattern: RegExp) {
  expect(run.code).toBe(2);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr).toMatch(pattern);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

function repoWithKey(): TestRepo {
  const repo = TestRepo.init({ dir: temp('aisa-hg-') });
  repo.commit('add config', { 'config.env': `AISA_API_KEY=${key}\n` });
  return repo;
}

function json(run: CliRun) {
  return JSON.parse(run.stdout) as { findings: { file: string; line: number; commit?: string }[] };
}

describe('hostile repositories', () => {
  it('history in a directory that is not a repository', () => {
    const run = cli('history: not a git repository', ['history', '--repo', temp('aisa-nogit-')]);
    expectOneLineError(run, /not a git repository/);
  });

  it('history and staged in an empty repository', () => {
    const repo = TestRepo.init({ dir: temp('aisa-empty-') });
    const history = cli('history: empty repository', ['history', '--repo', repo.dir]);
    expect(history.code).toBe(0);
    const staged = cli('staged: empty repository', ['staged'], { cwd: repo.dir });
    expect(staged.code).toBe(0);
  });

  it('history in a shallow clone finds what it holds and says history is partial', () => {
    const origin = repoWithKey();
    origin.commit('later', { 'README.md': 'hello\n' });
    const clone = path.join(temp('aisa-shallow-'), 'clone');
    git(path.dirname(clone), ['clone', '-q', '--depth', '1', `file://${origin.dir}`, clone]);
    const run = cli('history: shallow clone', ['history', '--repo', clone, '--format', 'json']);
    expect(run.code).toBe(1);
    expect(json(run).findings.map((f) => [f.file, f.line])).toEqual([['config.env', 1]]);
    expect(run.stderr).toMatch(/shallow/);
  });

  it('history with a corrupt object reports it in one line, exit 2', () => {
    const repo = repoWithKey();
    const blob = repo.git('rev-parse', 'HEAD:config.env');
    const file = path.join(repo.dir, '.git', 'objects', blob.slice(0, 2), blob.slice(2));
    chmodSync(file, 0o644);
    writeFileSync(file, 'this is not zlib data');
    const run = cli('history: corrupt object', ['history', '--repo', repo.dir]);
    expect(run.code).toBe(2);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(run.stderr.trim().split('\n').length).toBeLessThanOrEqual(2);
  });

  it('history in a bare repository', () => {
    const repo = repoWithKey();
    const bare = path.join(temp('aisa-bare-'), 'bare.git');
    git(path.dirname(bare), ['clone', '-q', '--bare', repo.dir, bare]);
    const run = cli('history: bare repository', ['history', '--repo', bare, '--format', 'json']);
    expect(run.code).toBe(1);
    expect(json(run).findings.map((f) => [f.file, f.line])).toEqual([['config.env', 1]]);
  });

  it('history and staged in a linked worktree', () => {
    const repo = repoWithKey();
    const tree = path.join(temp('aisa-wt-'), 'tree');
    repo.git('worktree', 'add', '-q', '-b', 'side', tree);
    writeFileSync(path.join(tree, 'new.env'), `AISA_API_KEY=${fakeKey('worktree')}\n`);
    git(tree, ['add', 'new.env']);
    const staged = cli('staged: linked worktree', ['staged', '--format', 'json'], { cwd: tree });
    expect(staged.code).toBe(1);
    expect(json(staged).findings.map((f) => [f.file, f.line])).toEqual([['new.env', 1]]);
    const history = cli('history: linked worktree', ['history', '--format', 'json'], { cwd: tree });
    expect(history.code).toBe(1);
  });

  it('scan of a superproject reads the submodule work tree', () => {
    const sub = repoWithKey();
    const top = TestRepo.init({ dir: temp('aisa-super-') });
    top.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub.dir, 'vendor/sub');
    top.commit('add submodule');
    const run = cli('scan: submodule', ['scan', '.', '--format', 'json'], { cwd: top.dir });
    expect(run.code).toBe(1);
    expect(json(run).findings.map((f) => f.file)).toEqual(['vendor/sub/config.env']);
  });

  it('git missing from PATH: history fails in one line, scan still works', () => {
    const repo = repoWithKey();
    const bin = temp('aisa-nogitbin-');
    symlinkSync(process.execPath, path.join(bin, 'node'));
    const env = { PATH: bin };
    expectOneLineError(cli('history: git missing from PATH', ['history', '--repo', repo.dir], { env }), /git not found/);
    const scan = cli('scan: git missing from PATH', ['scan', '.', '--format', 'json'], { cwd: repo.dir, env });
    expect(scan.code).toBe(1);
    expect(json(scan).findings.map((f) => f.file)).toEqual(['config.env']);
  });

  it('refs and paths starting with "-" are never options to git', () => {
    const repo = repoWithKey();
    const marker = path.join(repo.dir, 'INJECTED');
    for (const ref of [`--output=${marker}`, '-n1', '--all']) {
      const run = cli(`history: --branch ${ref}`, ['history', '--repo', repo.dir, `--branch=${ref}`]);
      expectOneLineError(run, /--branch/);
      const range = cli(`history: --range ${ref}..HEAD`, ['history', '--repo', repo.dir, `--range=${ref}..HEAD`]);
      expect(range.code).toBe(2);
    }
    expect(readdirSync(repo.dir)).not.toContain('INJECTED');
  });

  it('a config file that is not JSON', () => {
    const dir = temp('aisa-badcfg-');
    mkdirSync(path.join(dir, 'src'));
    writeFileSync(path.join(dir, '.aisa-guardrc.json'), '{ "ignore": [ }');
    const run = cli('scan: config is not JSON', ['scan', dir]);
    expectOneLineError(run, /\.aisa-guardrc\.json: not valid JSON/);
  });
});
