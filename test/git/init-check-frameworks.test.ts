// Issue 22: `init --check` recognises the setups the README documents: the pre-commit framework (hooks
// written by the real `pre-commit install`) and lint-staged (called from a husky 9 hook).
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gitEnv, perTestTemp } from '../helpers/git.js';
import { CLI, runCli } from '../helpers/run-cli.js';
import { needsTool } from '../helpers/tools.js';

const temp = perTestTemp();
const HERE = path.dirname(fileURLToPath(import.meta.url));

const PRE_COMMIT_CONFIG = `default_install_hook_types: [pre-commit, pre-push]
repos:
  - repo: https://example.invalid/aisa-guard
    rev: 0123456789abcdef0123456789abcdef01234567
    hooks:
      - id: aisa-guard            # runs \`aisa-guard scan\` on the staged files
      - id: aisa-guard-pre-push   # runs \`aisa-guard pre-push\`
`;

describe('init --check and the documented hook frameworks', () => {
  it.skipIf(needsTool('pre-commit', 'pre-commit'))('pre-commit framework: both hooks active, exit 0', () => {
    const r = temp.repo();
    r.commit('config', { '.pre-commit-config.yaml': PRE_COMMIT_CONFIG });
    execFileSync('pre-commit', ['install', '--hook-type', 'pre-commit', '--hook-type', 'pre-push'], { cwd: r.dir, env: gitEnv({ HOME: r.dir }), stdio: 'ignore' });
    const run = runCli(['init', '--check'], { cwd: r.dir, env: gitEnv() });
    expect(run.stdout).toBe(
      'pre-commit: active, because git runs .git/hooks/pre-commit, the pre-commit framework, whose .pre-commit-config.yaml runs aisa-guard\n' +
        'pre-push: active, because git runs .git/hooks/pre-push, the pre-commit framework, whose .pre-commit-config.yaml runs aisa-guard\n',
    );
    expect(run.code).toBe(0);
  });

  it.skipIf(needsTool('pre-commit', 'pre-commit'))('pre-commit framework without the aisa-guard-pre-push id: pre-push not active, exit 2', () => {
    const r = temp.repo();
    r.commit('config', { '.pre-commit-config.yaml': PRE_COMMIT_CONFIG.replace(/^.*aisa-guard-pre-push.*\n/m, '') });
    execFileSync('pre-commit', ['install', '--hook-type', 'pre-commit', '--hook-type', 'pre-push'], { cwd: r.dir, env: gitEnv({ HOME: r.dir }), stdio: 'ignore' });
    const run = runCli(['init', '--check'], { cwd: r.dir, env: gitEnv() });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^pre-commit: active, because .*pre-commit framework/m);
    expect(run.stdout).toMatch(/^pre-push: not active, because git runs \.git\/hooks\/pre-push, which does not call aisa-guard/m);
  });

  it('lint-staged from husky 9 (the README config): pre-commit active', () => {
    const r = temp.repo();
    r.write({
      'package.json': JSON.stringify({ private: true, devDependencies: { husky: '^9.1.7', 'lint-staged': '^15' }, 'lint-staged': { '*': 'aisa-guard scan' } }),
      '.gitignore': 'node_modules\n',
      '.husky/pre-commit': 'npx lint-staged\n',
    });
    mkdirSync(path.join(r.dir, 'node_modules', '.bin'), { recursive: true });
    symlinkSync(path.join(HERE, '../../node_modules/husky'), path.join(r.dir, 'node_modules', 'husky'));
    symlinkSync(CLI, path.join(r.dir, 'node_modules', '.bin', 'aisa-guard'));
    r.commit('setup');
    execFileSync(process.execPath, [path.join(r.dir, 'node_modules', 'husky', 'bin.js')], { cwd: r.dir, env: gitEnv() });
    const run = runCli(['init', '--check'], { cwd: r.dir, env: gitEnv() });
    expect(run.stdout).toContain(
      'pre-commit: active, because husky runs .husky/pre-commit, which runs lint-staged, whose package.json config runs aisa-guard (node_modules/.bin/aisa-guard)\n',
    );
    // lint-staged covers commits only: the push hook is honestly reported missing.
    expect(run.stdout).toMatch(/^pre-push: not active/m);
    expect(run.code).toBe(2);
  });

  it('lint-staged whose config does not run aisa-guard: not active', () => {
    const r = temp.repo();
    r.write({ '.lintstagedrc.json': '{"*.js": "eslint"}', '.git/hooks/pre-commit': '#!/bin/sh\nnpx lint-staged\n' });
    chmodSync(path.join(r.dir, '.git/hooks/pre-commit'), 0o755);
    writeFileSync(path.join(r.dir, 'README.md'), 'x\n');
    const run = runCli(['init', '--check'], { cwd: r.dir, env: gitEnv() });
    expect(run.stdout).toMatch(/^pre-commit: not active, because git runs \.git\/hooks\/pre-commit, which does not call aisa-guard/m);
    expect(run.code).toBe(2);
  });
});
