// Issue 11 row: a committed `.husky/pre-commit -> ../../outside/file`. init must not append to, or
// create, a file outside the repository; nor follow a linked hooks folder; nor write where a
// repository-local core.hooksPath points outside it.
import { describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gitEnv, perTestTemp, tempDir } from '../helpers/git.js';
import { runCli } from '../helpers/run-cli.js';

const temp = perTestTemp();

describe('init never writes through a symlink or outside the repository', () => {
  it('a committed .husky/pre-commit symlink to an outside file: refused, the file untouched', () => {
    const outside = temp.track(tempDir());
    const existing = path.join(outside, 'victim');
    writeFileSync(existing, 'precious\n');
    const r = temp.repo();
    mkdirSync(path.join(r.dir, '.husky'));
    symlinkSync(existing, path.join(r.dir, '.husky', 'pre-commit'));
    symlinkSync(path.join(outside, 'created'), path.join(r.dir, '.husky', 'pre-push'));
    r.commit('links');
    const run = runCli(['init', '--husky'], { cwd: r.dir, env: gitEnv() });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('aisa-guard: .husky/pre-commit is a symbolic link: not writing through it\n');
    expect(readFileSync(existing, 'utf8')).toBe('precious\n');
    expect(existsSync(path.join(outside, 'created'))).toBe(false);
  });

  it('a .husky folder that is a symlink, and a local core.hooksPath outside the repository: refused', () => {
    const outside = temp.track(tempDir());
    const r = temp.repo();
    symlinkSync(outside, path.join(r.dir, '.husky'));
    const linked = runCli(['init', '--husky'], { cwd: r.dir, env: gitEnv() });
    expect(linked.code).toBe(2);
    expect(linked.stderr).toBe('aisa-guard: .husky is a symbolic link: not writing through it\n');
    const other = temp.repo();
    other.git('config', 'core.hooksPath', outside);
    const far = runCli(['init'], { cwd: other.dir, env: gitEnv() });
    expect(far.code).toBe(2);
    expect(far.stderr).toBe(`aisa-guard: ${path.join(outside, 'pre-commit')} is outside the repository (core.hooksPath from local config): not writing there\n`);
    expect(existsSync(path.join(outside, 'pre-commit'))).toBe(false);
  });
});
