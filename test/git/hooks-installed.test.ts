// The hooks as a user meets them: aisa-guard packed (`npm pack`) and installed into a temp project,
// `init` run from the project, real `git commit` / `git push` through what it wrote. No AISA_GUARD_BIN.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { redactKey } from '../../src/detect/index.js';
import { fakeKey } from '../helpers/keys.js';
import { TestRepo, cleanup, gitEnv, tempDir } from '../helpers/git.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const KEY = fakeKey('hooks-installed');
let install: string; // a project with the packed aisa-guard (and husky) in node_modules
const dirs: string[] = [];

/** A user's environment: no AISA_GUARD_BIN, nothing of the test runner's npm on PATH. */
const env = (extra: NodeJS.ProcessEnv = {}) => gitEnv({ AISA_GUARD_BIN: '', NO_COLOR: '1', npm_config_offline: 'true', ...extra });

beforeAll(() => {
  install = tempDir('aisa-guard-install-');
  dirs.push(install);
  // dist/ is built by `npm test`; --ignore-scripts packs it as it is (the prepare build is tested elsewhere).
  const packed = execFileSync('npm', ['pack', '--ignore-scripts', '--silent', '--pack-destination', install], { cwd: ROOT, encoding: 'utf8' }).trim();
  writeFileSync(path.join(install, 'package.json'), JSON.stringify({ name: 'app', private: true }));
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', path.join(install, packed), path.join(ROOT, 'node_modules', 'husky')], {
    cwd: install,
    stdio: 'ignore',
  });
}, 240_000);
afterAll(() => {
  for (const dir of dirs.splice(0)) cleanup(dir);
});

function repo(): TestRepo {
  const r = TestRepo.init();
  dirs.push(r.dir);
  r.commit('init', { 'README.md': 'hello\n', '.gitignore': 'node_modules\n' });
  return r;
}

/** A package in `dir` (of the repo) with the installed project's node_modules. */
function packageAt(r: TestRepo, dir: string, manifest: object = { name: 'web', private: true }): string {
  const full = path.join(r.dir, dir);
  mkdirSync(full, { recursive: true });
  writeFileSync(path.join(full, 'package.json'), JSON.stringify(manifest));
  symlinkSync(path.join(install, 'node_modules'), path.join(full, 'node_modules'));
  return full;
}

function run(cwd: string, command: string, args: string[], extra: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(command, args, { cwd, env: env(extra), encoding: 'utf8' });
  return { code: result.status, output: result.stdout + result.stderr };
}
const cli = (cwd: string, ...args: string[]) => run(cwd, path.join(install, 'node_modules', '.bin', 'aisa-guard'), args);

describe('hooks written by init, with the packed CLI installed in the project', () => {
  it('monorepo subfolder (web/package.json), plain git: the hook calls web/node_modules/.bin directly, silent when clean', () => {
    const r = repo();
    const web = packageAt(r, 'web');
    const init = cli(web, 'init');
    expect(init.code, init.output).toBe(0);
    expect(init.output).toContain('pre-commit: active, because .git/hooks/pre-commit runs aisa-guard (web/node_modules/.bin/aisa-guard)');
    const hook = readFileSync(path.join(r.dir, '.git', 'hooks', 'pre-commit'), 'utf8');
    expect(hook).toContain("project_cli='web/node_modules/.bin/aisa-guard'");
    expect(hook).not.toContain('npx');
    r.write({ 'web/src/ok.ts': 'export const ok = 1;\n', 'web/.gitignore': 'node_modules\n' });
    r.git('add', '-A');
    const clean = run(r.dir, 'git', ['commit', '-q', '-m', 'clean']);
    expect(clean).toEqual({ code: 0, output: '' });
    r.write({ 'web/src/key.ts': `export const key = "${KEY}";\n` });
    r.git('add', '-A');
    const refused = run(r.dir, 'git', ['commit', '-q', '-m', 'key']);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain(`web/src/key.ts:1:21  aisa-api-key  high  ${redactKey(KEY)}`);
    expect(refused.output).not.toContain(KEY);
    // The pre-push hook, through a real push of a commit made with --no-verify.
    const remote = TestRepo.init({ bare: true });
    dirs.push(remote.dir);
    r.git('remote', 'add', 'origin', remote.dir);
    r.git('commit', '-q', '--no-verify', '-m', 'key');
    const push = run(r.dir, 'git', ['push', 'origin', 'main']);
    expect(push.code).not.toBe(0);
    expect(push.output).toContain('web/src/key.ts:1:21');
    expect(() => remote.git('rev-parse', '--verify', 'main')).toThrow();
  });

  it('husky installed but not initialised: init runs husky, the commit is refused; a later "husky init" is detected', () => {
    const r = repo();
    packageAt(r, '.', { name: 'app', private: true, devDependencies: { husky: '^9.1.7' } });
    const init = cli(r.dir, 'init');
    expect(init.code, init.output).toBe(0);
    expect(init.output).toContain('husky: ran husky: core.hooksPath is now .husky/_');
    expect(init.output).toContain('pre-commit: active, because husky runs .husky/pre-commit, which calls aisa-guard (node_modules/.bin/aisa-guard)');
    expect(readFileSync(path.join(r.dir, '.husky', 'pre-commit'), 'utf8')).toBe('node_modules/.bin/aisa-guard staged --quiet\n');
    r.write({ 'app.env': `AISA_API_KEY=${KEY}\n` });
    r.git('add', '-A');
    const refused = run(r.dir, 'git', ['commit', '-q', '-m', 'key']);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('app.env:1:14');
    r.git('rm', '-q', '--cached', 'app.env');
    expect(run(r.dir, 'git', ['commit', '-q', '-m', 'clean'])).toEqual({ code: 0, output: '' });
    // `husky init` rewrites .husky/pre-commit with "npm test".
    execFileSync(process.execPath, [path.join(install, 'node_modules', 'husky', 'bin.js'), 'init'], { cwd: r.dir, env: env(), stdio: 'ignore' });
    const check = cli(r.dir, 'init', '--check');
    expect(check.code).toBe(2);
    expect(check.output).toContain(
      'pre-commit: not active, because husky runs .husky/pre-commit, which does not call aisa-guard (replaced by "husky init"? run "aisa-guard init" again)',
    );
    expect(check.output).toContain('pre-push: active');
  });
});
