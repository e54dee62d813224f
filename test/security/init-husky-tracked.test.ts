// Issue 22: `aisa-guard init` never runs a program from the scanned repository. husky is initialised
// only from the user's own install (files git does not track), never from a committed node_modules.
import { describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gitEnv, perTestTemp } from '../helpers/git.js';
import { runCli } from '../helpers/run-cli.js';

const temp = perTestTemp();

/** A stand-in for husky's bin.js: records that it ran, then does husky 9's job (core.hooksPath = .husky/_). */
function fakeHusky(marker: string): string {
  return [
    "const fs = require('node:fs');",
    "const { execFileSync } = require('node:child_process');",
    `fs.writeFileSync(${JSON.stringify(marker)}, 'ran');`,
    "fs.mkdirSync('.husky/_', { recursive: true });",
    "fs.writeFileSync('.husky/_/h', '#!/bin/sh\\n');",
    "execFileSync('git', ['config', 'core.hooksPath', '.husky/_']);",
    '',
  ].join('\n');
}

function huskyRepo(trackHusky: boolean) {
  const r = temp.repo();
  const marker = path.join(r.dir, '.git', 'husky-ran');
  r.write({
    'package.json': JSON.stringify({ name: 'app', devDependencies: { husky: '^9' } }),
    'node_modules/husky/bin.js': fakeHusky(marker),
    'node_modules/husky/package.json': '{"name":"husky","type":"commonjs"}',
  });
  chmodSync(path.join(r.dir, 'node_modules/husky/bin.js'), 0o755);
  if (trackHusky) r.commit('vendor husky');
  else r.commit('app', { '.gitignore': 'node_modules/\n' });
  return { r, marker };
}

describe('init runs husky only from the user install', () => {
  it('a tracked node_modules/husky/bin.js is never run: exit 2, one line, the marker is never written', () => {
    const { r, marker } = huskyRepo(true);
    const run = runCli(['init'], { cwd: r.dir, env: gitEnv() });
    expect(run.code).toBe(2);
    expect(existsSync(marker)).toBe(false);
    expect(run.stderr).toContain("node_modules/husky holds files tracked by git: not running the repository's husky");
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('an untracked node_modules/husky reached through a symlink to a tracked folder is not run either', () => {
    const r = temp.repo();
    const marker = path.join(r.dir, '.git', 'husky-ran');
    r.commit('vendor', {
      'package.json': JSON.stringify({ name: 'app', devDependencies: { husky: '^9' } }),
      'vendor/husky/bin.js': fakeHusky(marker),
      'vendor/husky/package.json': '{"name":"husky","type":"commonjs"}',
      '.gitignore': 'node_modules/\n',
    });
    mkdirSync(path.join(r.dir, 'node_modules'));
    symlinkSync('../vendor/husky', path.join(r.dir, 'node_modules', 'husky'));
    const run = runCli(['init'], { cwd: r.dir, env: gitEnv() });
    expect(run.code).toBe(2);
    expect(existsSync(marker)).toBe(false);
    expect(run.stderr).toContain("vendor/husky holds files tracked by git: not running the repository's husky");
  });

  it("the user's own (untracked) husky is run and the hooks become active", () => {
    const { r, marker } = huskyRepo(false);
    writeFileSync(path.join(r.dir, 'node_modules', '.keep'), '');
    const run = runCli(['init'], { cwd: r.dir, env: gitEnv() });
    expect(run.stdout).toContain('husky: ran husky: core.hooksPath is now .husky/_');
    expect(existsSync(marker)).toBe(true);
  });
});
