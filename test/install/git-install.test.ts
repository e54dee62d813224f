// `npm install git+file://…` (any git install): npm runs the "prepare" build in its clone, packs it, and
// the project gets a working `aisa-guard` executable.
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { cleanup, gitEnv, tempDir } from '../helpers/git.js';
import { fakeKey } from '../helpers/keys.js';
import { npmEnv, snapshotRepo } from './snapshot.js';

const KEY = fakeKey('git-install');
const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs.splice(0)) cleanup(dir);
});

describe('npm install git+file://…', () => {
  it('builds through "prepare" and yields a working CLI', () => {
    const { dir: clone, rev } = snapshotRepo();
    dirs.push(clone);
    const project = tempDir('aisa-guard-git-install-');
    dirs.push(project);
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'app', private: true }));
    execFileSync('npm', ['install', `git+file://${clone}#${rev}`], { cwd: project, env: npmEnv(), stdio: 'pipe', timeout: 280_000 });
    writeFileSync(path.join(project, 'app.env'), `AISA_API_KEY=${KEY}\n`);
    const bin = path.join(project, 'node_modules', '.bin', 'aisa-guard');
    const run = spawnSync(bin, ['scan', 'app.env'], { cwd: project, env: gitEnv({ NO_COLOR: '1' }), encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(1);
    expect(run.stdout).toContain('app.env:1:14  aisa-api-key  high');
  }, 300_000);
});
