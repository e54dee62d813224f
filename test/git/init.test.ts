// `aisa-guard init`: where hooks go, what they contain, chaining and idempotency. Real repositories.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CHAINED_SUFFIX, HUSKY_LINE, gitHookScript } from '../../src/hooks/scripts.js';
import { perTestTemp, gitEnv, tempDir } from '../helpers/git.js';
import { runCli } from '../helpers/run-cli.js';

const temp = perTestTemp();
const repo = temp.repo;

function init(cwd: string, ...args: string[]) {
  return runCli(['init', ...args], { cwd, env: gitEnv() });
}

/** Every file under `dir` with its bytes and mode: the whole state init may touch. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const full = path.join(dir, name);
    if (statSync(full).isFile()) out[name] = `${(statSync(full).mode & 0o777).toString(8)} ${readFileSync(full, 'base64')}`;
  }
  return out;
}

const executable = (file: string) => (statSync(file).mode & 0o111) === 0o111;

describe('aisa-guard init (git hooks)', () => {
  it('writes executable pre-commit and pre-push hooks into .git/hooks', () => {
    const r = repo();
    const run = init(r.dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('pre-commit: installed .git/hooks/pre-commit\npre-push: installed .git/hooks/pre-push\n');
    for (const hook of ['pre-commit', 'pre-push'] as const) {
      const file = path.join(r.dir, '.git', 'hooks', hook);
      expect(readFileSync(file, 'utf8')).toBe(gitHookScript(hook));
      expect(executable(file)).toBe(true);
    }
  });

  it('is idempotent: a second run changes no byte', () => {
    const r = repo();
    writeFileSync(path.join(r.dir, '.git', 'hooks', 'pre-commit'), '#!/bin/sh\necho mine\n', { mode: 0o755 });
    expect(init(r.dir).code).toBe(0);
    const first = snapshot(path.join(r.dir, '.git', 'hooks'));
    const again = init(r.dir);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('pre-commit: unchanged .git/hooks/pre-commit\npre-push: unchanged .git/hooks/pre-push\n');
    expect(snapshot(path.join(r.dir, '.git', 'hooks'))).toEqual(first);
  });

  it('keeps a user hook: renamed, still executable, byte for byte', () => {
    const r = repo();
    const mine = '#!/bin/sh\necho "my checks"\nexit 0\n';
    const hook = path.join(r.dir, '.git', 'hooks', 'pre-commit');
    writeFileSync(hook, mine, { mode: 0o755 });
    const run = init(r.dir);
    expect(run.stdout).toContain(
      `pre-commit: chained .git/hooks/pre-commit (your hook was kept as pre-commit${CHAINED_SUFFIX} and runs first)\n`,
    );
    expect(readFileSync(hook + CHAINED_SUFFIX, 'utf8')).toBe(mine);
    expect(executable(hook + CHAINED_SUFFIX)).toBe(true);
    expect(readFileSync(hook, 'utf8')).toBe(gitHookScript('pre-commit'));
  });

  it('updates an older aisa-guard hook in place instead of chaining to it', () => {
    const r = repo();
    const hook = path.join(r.dir, '.git', 'hooks', 'pre-push');
    writeFileSync(hook, gitHookScript('pre-push').replace('aisa_guard pre-push', 'aisa_guard old-pre-push'), { mode: 0o755 });
    expect(init(r.dir).stdout).toContain('pre-push: updated .git/hooks/pre-push\n');
    expect(readFileSync(hook, 'utf8')).toBe(gitHookScript('pre-push'));
    expect(existsSync(hook + CHAINED_SUFFIX)).toBe(false);
  });

  it('writes into core.hooksPath (relative to the work tree), from a subfolder and with --repo', () => {
    const r = repo();
    r.git('config', 'core.hooksPath', 'tools/hooks');
    mkdirSync(path.join(r.dir, 'src'));
    const run = init(path.join(r.dir, 'src'));
    expect(run.stdout).toBe('pre-commit: installed tools/hooks/pre-commit\npre-push: installed tools/hooks/pre-push\n');
    expect(readFileSync(path.join(r.dir, 'tools', 'hooks', 'pre-commit'), 'utf8')).toBe(gitHookScript('pre-commit'));
    expect(existsSync(path.join(r.dir, '.git', 'hooks', 'pre-commit'))).toBe(false);
    expect(init(tempDirOutside(), '--repo', r.dir).stdout).toContain('pre-commit: unchanged tools/hooks/pre-commit\n');
  });

  it('from a linked worktree, writes the hooks shared by all worktrees', () => {
    const r = repo();
    r.commit('init', { 'README.md': 'hi\n' });
    const worktree = `${r.dir}-wt`;
    temp.track(worktree);
    r.git('worktree', 'add', '-q', '-b', 'feature', worktree);
    expect(init(worktree).code).toBe(0);
    expect(readFileSync(path.join(r.dir, '.git', 'hooks', 'pre-commit'), 'utf8')).toBe(gitHookScript('pre-commit'));
  });

  it('fails with one line and exit 2 outside a repository', () => {
    const outside = tempDirOutside();
    const run = runCli(['init'], { cwd: outside, env: gitEnv({ GIT_CEILING_DIRECTORIES: path.dirname(outside) }) });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`aisa-guard: ${outside}: not a git repository\n`);
    const missing = path.join(outside, 'nope');
    const bad = init(outside, '--repo', missing);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe(`aisa-guard: ${missing}: no such directory\n`);
  });
});

describe('aisa-guard init (husky)', () => {
  it('with a .husky folder: creates pre-commit, appends to an existing pre-push, and is idempotent', () => {
    const r = repo();
    mkdirSync(path.join(r.dir, '.husky'));
    writeFileSync(path.join(r.dir, '.husky', 'pre-push'), 'npm test', { mode: 0o755 });
    const run = init(r.dir);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(
      'pre-commit: installed .husky/pre-commit\npre-push: appended .husky/pre-push\n' +
        'husky: make sure "husky" runs in your "prepare" script.\n',
    );
    expect(readFileSync(path.join(r.dir, '.husky', 'pre-commit'), 'utf8')).toBe(`${HUSKY_LINE['pre-commit']}\n`);
    expect(readFileSync(path.join(r.dir, '.husky', 'pre-push'), 'utf8')).toBe(`npm test\n${HUSKY_LINE['pre-push']}\n`);
    expect(HUSKY_LINE).toEqual({
      'pre-commit': 'npx --no-install aisa-guard staged',
      'pre-push': 'npx --no-install aisa-guard pre-push "$@"',
    });
    const first = snapshot(path.join(r.dir, '.husky'));
    expect(init(r.dir).stdout).toContain('pre-commit: unchanged .husky/pre-commit\npre-push: unchanged .husky/pre-push\n');
    expect(snapshot(path.join(r.dir, '.husky'))).toEqual(first);
    expect(existsSync(path.join(r.dir, '.git', 'hooks', 'pre-commit'))).toBe(false);
  });

  it('detects husky in package.json devDependencies, and --husky forces it', () => {
    const byManifest = repo();
    writeFileSync(path.join(byManifest.dir, 'package.json'), JSON.stringify({ devDependencies: { husky: '^9.0.0' } }));
    expect(init(byManifest.dir).stdout).toContain('pre-commit: installed .husky/pre-commit\n');
    const forced = repo();
    expect(init(forced.dir, '--husky').stdout).toContain('pre-push: installed .husky/pre-push\n');
    expect(readFileSync(path.join(forced.dir, '.husky', 'pre-push'), 'utf8')).toBe(`${HUSKY_LINE['pre-push']}\n`);
  });

  it('keeps the husky 4-8 header when creating a hook next to _/husky.sh', () => {
    const r = repo();
    mkdirSync(path.join(r.dir, '.husky', '_'), { recursive: true });
    writeFileSync(path.join(r.dir, '.husky', '_', 'husky.sh'), '# husky\n');
    init(r.dir);
    expect(readFileSync(path.join(r.dir, '.husky', 'pre-commit'), 'utf8')).toBe(
      `#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\n\n${HUSKY_LINE['pre-commit']}\n`,
    );
  });
});

function tempDirOutside(): string {
  const dir = tempDir();
  temp.track(dir);
  return dir;
}
