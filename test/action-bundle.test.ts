// The Action runs action/aisa-guard.js, the CLI bundled with its dependencies (no npm ci on the runner).
// It is committed, so it must match src/: rebuilt here and compared byte for byte, as the
// actions/typescript-action template's check-dist job does. Fix a failure with `node action/bundle.mjs`.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { perTestTemp, tempDir } from './helpers/git.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const BUNDLE = path.join(ROOT, 'action', 'aisa-guard.js');
const temp = perTestTemp();

describe('the Action bundle', () => {
  it('matches a fresh build from src/ (run "node action/bundle.mjs" after changing src/)', () => {
    const fresh = path.join(temp.track(tempDir('aisa-guard-bundle-')), 'aisa-guard.js');
    const build = spawnSync(process.execPath, [path.join(ROOT, 'action', 'bundle.mjs'), fresh], { cwd: ROOT, encoding: 'utf8' });
    expect(build.stderr).toBe('');
    expect(build.status).toBe(0);
    expect(readFileSync(fresh, 'utf8') === readFileSync(BUNDLE, 'utf8')).toBe(true);
  });

  it('runs with no node_modules beside it: version, config validation, ignore globs', () => {
    // The action's checkout as the runner has it: package.json and the bundle, no node_modules anywhere up.
    const checkout = temp.track(tempDir('aisa-guard-bundle-run-'));
    mkdirSync(path.join(checkout, 'action'));
    copyFileSync(BUNDLE, path.join(checkout, 'action', 'aisa-guard.js'));
    copyFileSync(path.join(ROOT, 'package.json'), path.join(checkout, 'package.json'));
    const dir = path.join(checkout, 'work');
    mkdirSync(dir);
    const bundle = path.join(checkout, 'action', 'aisa-guard.js');
    const run = (...args: string[]) => spawnSync(process.execPath, [bundle, ...args], { cwd: dir, encoding: 'utf8', env: { ...process.env, NODE_PATH: '' } });
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(run('--version').stdout.trim()).toBe(pkg.version);
    // ajv (schema), picomatch and ignore are loaded lazily in src/: here they come from the bundle.
    const bad = run('scan', '.', '--config', path.join(ROOT, 'test', 'fixtures-missing.json'));
    expect(bad.status).toBe(2);
    spawnSync('sh', ['-c', `printf '{"ignore":["x/**"],"nope":1}' > cfg.json`], { cwd: dir });
    const invalid = run('scan', '.', '--config', 'cfg.json');
    expect([invalid.status, invalid.stderr.trim()]).toEqual([2, expect.stringMatching(/^aisa-guard: cfg\.json: \/nope: unknown key/)]);
    spawnSync('sh', ['-c', `printf '{"ignore":["x/**"]}' > cfg.json`], { cwd: dir });
    const ok = run('scan', '.', '--config', 'cfg.json');
    expect([ok.status, ok.stderr]).toEqual([0, '']);
  });
});
