// Trust row: a config two folders above the project (or in /tmp) is not picked up: lookup stops at the
// repository root (the scan root outside git). A config file another user owns, or that every user may
// write, is ignored with a warning (so it can only make the scan report more); named with --config it
// is an error.
import { chmodSync, chownSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TestRepo, cleanup, tempDir } from '../helpers/git.js';
import { fakeKey } from '../helpers/keys.js';
import { runCli } from '../helpers/run-cli.js';

const key = fakeKey('config-lookup');
const dirs: string[] = [];
afterAll(() => dirs.forEach(cleanup));
const env = () => ({ XDG_CONFIG_HOME: dirs[dirs.push(tempDir('aisa-guard-xdg-')) - 1] });
const IGNORE_ALL = JSON.stringify({ ignore: ['*'], allowFingerprints: [] });

const reported = (stdout: string) => (JSON.parse(stdout) as { findings: { file: string }[] }).findings.map((f) => f.file);

describe('config lookup stops at the repository root', () => {
  it('a config two folders above the repository is not read by scan, staged or history', () => {
    const outer = tempDir('aisa-guard-outer-');
    dirs.push(outer);
    writeFileSync(path.join(outer, '.aisa-guardrc.json'), IGNORE_ALL);
    const repo = TestRepo.init({ dir: path.join(outer, 'a', 'b', 'project') });
    repo.commit('key', { 'deploy.env': `AISA_API_KEY=${key}\n` });
    repo.write({ 'new.env': `AISA_API_KEY=${key}\n` });
    repo.git('add', 'new.env');
    const json = ['--format', 'json'];
    for (const [argv, files] of [
      [['scan', '.', ...json], ['deploy.env', 'new.env']],
      [['staged', ...json], ['new.env']],
      [['history', ...json], ['deploy.env']],
    ] as const) {
      const run = runCli([...argv], { cwd: repo.dir, env: env() });
      expect({ argv, code: run.code, files: reported(run.stdout) }).toEqual({ argv, code: 1, files });
    }
  });

  it('outside git, the scan root is the top: a config above it is not read, one in it is', () => {
    const outer = tempDir('aisa-guard-nogit-');
    dirs.push(outer);
    mkdirSync(path.join(outer, 'project'));
    writeFileSync(path.join(outer, '.aisa-guardrc.json'), IGNORE_ALL);
    writeFileSync(path.join(outer, 'project', 'app.env'), `AISA_API_KEY=${key}\n`);
    const above = runCli(['scan', 'project', '--format', 'json'], { cwd: outer, env: env() });
    expect({ code: above.code, files: reported(above.stdout) }).toEqual({ code: 1, files: ['project/app.env'] });
    writeFileSync(path.join(outer, 'project', '.aisa-guardrc.json'), IGNORE_ALL);
    const inside = runCli(['scan', 'project', '--format', 'json'], { cwd: outer, env: env() });
    expect({ code: inside.code, files: reported(inside.stdout) }).toEqual({ code: 0, files: [] });
  });
});

describe('config files that are not the user\'s own are never read', () => {
  function project(): TestRepo {
    const repo = TestRepo.init();
    dirs.push(repo.dir);
    repo.write({ 'app.env': `AISA_API_KEY=${key}\n`, 'aisa-guard.config.json': IGNORE_ALL });
    return repo;
  }

  it('writable by every user: ignored with a warning (the key is reported); with --config: exit 2', () => {
    const repo = project();
    chmodSync(path.join(repo.dir, 'aisa-guard.config.json'), 0o666);
    const run = runCli(['scan', '.'], { cwd: repo.dir, env: env() });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('aisa-guard: warning: aisa-guard.config.json: writable by every user, ignored\n');
    const named = runCli(['scan', '.', '--config', 'aisa-guard.config.json'], { cwd: repo.dir, env: env() });
    expect({ code: named.code, stderr: named.stderr }).toEqual({
      code: 2,
      stderr: 'aisa-guard: aisa-guard.config.json: writable by every user: refusing to read it\n',
    });
  });

  // Giving a file to another user needs root (CI runs the suite as root).
  it.runIf(process.getuid?.() === 0)('owned by another user: ignored with a warning', () => {
    const repo = project();
    chownSync(path.join(repo.dir, 'aisa-guard.config.json'), 65534, 65534);
    const run = runCli(['scan', '.'], { cwd: repo.dir, env: env() });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('aisa-guard: warning: aisa-guard.config.json: owned by another user (uid 65534), ignored\n');
  });

  it.runIf(process.getuid?.() === 0)('another user\'s package.json: ignored, with a warning only if it has an "aisa-guard" key', () => {
    const repo = TestRepo.init();
    dirs.push(repo.dir);
    repo.write({ 'app.env': `AISA_API_KEY=${key}\n`, 'package.json': JSON.stringify({ name: 'x' }) });
    chownSync(path.join(repo.dir, 'package.json'), 65534, 65534);
    expect(runCli(['scan', '.'], { cwd: repo.dir, env: env() })).toMatchObject({ code: 1, stderr: '' });
    writeFileSync(path.join(repo.dir, 'package.json'), JSON.stringify({ name: 'x', 'aisa-guard': { ignore: ['*'] } }));
    const run = runCli(['scan', '.'], { cwd: repo.dir, env: env() });
    expect(run).toMatchObject({ code: 1, stderr: 'aisa-guard: warning: package.json: owned by another user (uid 65534), ignored\n' });
  });
});
