// The pre-commit framework (Debian's pre-commit 3.0.4) with `repo:` pointing at a clone of this
// repository: its `npm install` runs the "prepare" build, `npm pack` must print only the tarball name,
// and the hook must then run in a real `git commit`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { needsTool } from '../helpers/tools.js';
import { spawnSync } from 'node:child_process';
import { TestRepo, cleanup, tempDir } from '../helpers/git.js';
import { fakeKey } from '../helpers/keys.js';
import { npmEnv, snapshotRepo } from './snapshot.js';

const KEY = fakeKey('from-source');
const dirs: string[] = [];
let clone: string;
let rev: string;

beforeAll(() => {
  ({ dir: clone, rev } = snapshotRepo());
  dirs.push(clone);
});
afterAll(() => {
  for (const dir of dirs.splice(0)) cleanup(dir);
});

describe.skipIf(needsTool('pre-commit', 'pre-commit'))('pre-commit framework (Debian package), repo: a clone of aisa-guard', () => {
  it('installs the hook, refuses a commit holding a key, passes a clean one', () => {
    const r = TestRepo.init();
    dirs.push(r.dir);
    const home = tempDir('aisa-guard-pre-commit-home-');
    dirs.push(home);
    r.write({
      '.pre-commit-config.yaml': `repos:\n  - repo: ${clone}\n    rev: ${rev}\n    hooks:\n      - id: aisa-guard\n      - id: aisa-guard-pre-push\n`,
      'README.md': 'hi\n',
    });
    r.commit('config');
    const env = npmEnv({ PRE_COMMIT_HOME: home, NO_COLOR: '1', PRE_COMMIT_COLOR: 'never' });
    const run = (args: string[]) => {
      const result = spawnSync(args[0], args.slice(1), { cwd: r.dir, env, encoding: 'utf8', timeout: 280_000 });
      return { code: result.status, output: `${result.stdout}${result.stderr}` };
    };
    const install = run(['pre-commit', 'install', '--install-hooks', '--hook-type', 'pre-commit', '--hook-type', 'pre-push']);
    expect(install.code, install.output).toBe(0);
    r.write({ 'app.env': `AISA_API_KEY=${KEY}\n` });
    r.git('add', '-A');
    const refused = run(['git', 'commit', '-m', 'key']);
    expect(refused.code, refused.output).toBe(1);
    expect(refused.output).toMatch(/aisa-guard \(AIsa API keys\)\.+Failed/);
    expect(refused.output).toContain('app.env:1:14  aisa-api-key  high');
    expect(refused.output).not.toContain(KEY);
    r.git('rm', '-q', '--cached', 'app.env');
    r.write({ 'notes.txt': 'clean\n' });
    r.git('add', 'notes.txt');
    const clean = run(['git', 'commit', '-m', 'clean']);
    expect(clean.code, clean.output).toBe(0);
    expect(clean.output).toMatch(/aisa-guard \(AIsa API keys\)\.+Passed/);
    const byHand = run(['pre-commit', 'run', 'aisa-guard', '--files', 'app.env']);
    expect(byHand.code, byHand.output).toBe(1);
    expect(byHand.output).toContain('app.env:1:14');
  }, 300_000);
});
