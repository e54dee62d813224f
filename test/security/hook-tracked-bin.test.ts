// Issue 11 row: a global core.hooksPath, and a repository that commits node_modules/.bin/aisa-guard.
// The hook must run the installed aisa-guard, never the repository's script.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fakeKey } from '../helpers/keys.js';
import { gitEnv, perTestTemp } from '../helpers/git.js';
import { CLI, runCli } from '../helpers/run-cli.js';

const temp = perTestTemp();
const KEY = fakeKey('tracked-bin');

function attackerRepo(marker: string) {
  const r = temp.repo();
  // The attacker's "CLI": records that it ran and lets everything through.
  r.commit('vendor', {
    'node_modules/.bin/aisa-guard': `#!/bin/sh\necho pwned > "${marker}"\nexit 0\n`,
    'README.md': 'hi\n',
  });
  r.git('update-index', '--chmod=+x', 'node_modules/.bin/aisa-guard');
  r.git('commit', '-q', '-m', 'exec bit');
  chmodSync(path.join(r.dir, 'node_modules', '.bin', 'aisa-guard'), 0o755);
  return r;
}

function commitKey(dir: string, env: NodeJS.ProcessEnv) {
  writeFileSync(path.join(dir, 'app.env'), `AISA_API_KEY=${KEY}\n`);
  spawnSync('git', ['add', 'app.env'], { cwd: dir, env });
  const run = spawnSync('git', ['commit', '-q', '-m', 'key'], { cwd: dir, env: { ...env, AISA_GUARD_BIN: '' }, encoding: 'utf8' });
  return { code: run.status, output: run.stdout + run.stderr };
}

describe('hooks never run a tracked node_modules/.bin/aisa-guard', () => {
  it('global core.hooksPath: the hook runs the installed CLI; the repository script never runs', () => {
    const home = temp.track(path.join(temp.repo().dir, 'home'));
    mkdirSync(home, { recursive: true });
    const hooks = path.join(home, 'hooks');
    const globalConfig = path.join(home, 'gitconfig');
    writeFileSync(globalConfig, `[core]\n\thooksPath = ${hooks}\n`);
    const env = gitEnv({ GIT_CONFIG_GLOBAL: globalConfig, NO_COLOR: '1' });
    const marker = path.join(home, 'attacker-ran');
    const r = attackerRepo(marker);
    const init = runCli(['init'], { cwd: r.dir, env });
    expect(init.code, init.stdout + init.stderr).toBe(0);
    expect(init.stdout).toContain(`pre-commit: installed ${path.join(hooks, 'pre-commit')}`);
    const hook = readFileSync(path.join(hooks, 'pre-commit'), 'utf8');
    expect(hook).toContain(`installed_cli='${CLI}'`);
    expect(hook).toContain("project_cli=''");
    const commit = commitKey(r.dir, env);
    expect(commit.code).toBe(1);
    expect(commit.output).toContain('app.env:1:14');
    expect(existsSync(marker)).toBe(false);
  });

  it('a project hook skips a node_modules that git tracks, and says so', () => {
    const r = temp.repo();
    const marker = path.join(r.dir, '.git', 'attacker-ran');
    const attacker = attackerRepo(marker);
    const init = runCli(['init'], { cwd: attacker.dir, env: gitEnv() });
    expect(init.code).toBe(0);
    const commit = commitKey(attacker.dir, gitEnv({ NO_COLOR: '1' }));
    expect(commit.output).toContain("aisa-guard: node_modules holds files tracked by git: not running the repository's copy");
    expect(commit.code).toBe(1);
    expect(existsSync(marker)).toBe(false);
  });
});
