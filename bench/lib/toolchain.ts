// Bundlers installed as a user would, for the bundler plugin's tests and bench: the bundler from the npm
// registry (cached by name@version), aisa-guard and unplugin-aisa-guard from `npm pack` tarballs of this
// checkout (cached by a hash of the tarballs). Layout, outside the repository:
//   <cache>/<label>/node_modules                 the bundler and its plugins (npm install, first run only)
//   <cache>/<label>/plugin-<hash>/node_modules   the two tarballs
//   <cache>/<label>/plugin-<hash>/work-XXXX/     one project (node_modules lookups walk up to both)
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** The checkout (this file runs from bench/lib or, compiled, from dist/bench/lib). */
const repo = (() => {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'packages/unplugin-aisa-guard/package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error('cannot find the aisa-guard checkout');
  }
})();

/** Override with AISA_GUARD_TEST_CACHE; default under $XDG_CACHE_HOME, else the temp folder. */
export const CACHE = process.env.AISA_GUARD_TEST_CACHE ?? path.join(process.env.XDG_CACHE_HOME ?? os.tmpdir(), 'aisa-guard-test-cache');

/** An install takes minutes on a loaded machine and a cold cache. */
export const INSTALL_TIMEOUT = 15 * 60_000;

/** `npm install` into `dir` once; a finished install is marked, a half-done one is retried from scratch. */
async function installOnce(dir: string, dependencies: Record<string, string>, files: Record<string, string> = {}): Promise<void> {
  if (existsSync(path.join(dir, '.installed'))) return;
  const staging = `${dir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  for (const [name, source] of Object.entries(files)) writeFileSync(path.join(staging, name), readFileSync(source));
  writeFileSync(path.join(staging, 'package.json'), JSON.stringify({ private: true, type: 'module', dependencies }, null, 2));
  await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: staging, timeout: INSTALL_TIMEOUT, maxBuffer: 64 << 20 });
  writeFileSync(path.join(staging, '.installed'), new Date().toISOString());
  rmSync(dir, { recursive: true, force: true });
  renameSync(staging, dir);
}

/** aisa-guard and unplugin-aisa-guard packed from the built checkout (`npm run build` first). */
async function packTarballs(): Promise<{ files: Record<string, string>; hash: string }> {
  for (const built of ['dist/src/index.js', 'packages/unplugin-aisa-guard/dist/index.js']) {
    if (!existsSync(path.join(repo, built))) throw new Error(`${built} is missing: run npm run build first`);
  }
  const out = mkdtempSync(path.join(os.tmpdir(), 'aisa-guard-pack-'));
  const files: Record<string, string> = {};
  const hash = createHash('sha256');
  for (const workspace of [undefined, 'packages/unplugin-aisa-guard']) {
    const args = ['pack', '--ignore-scripts', '--json', '--pack-destination', out, ...(workspace ? ['--workspace', workspace] : [])];
    const { stdout } = await run('npm', args, { cwd: repo, maxBuffer: 64 << 20 });
    const [{ filename }] = JSON.parse(stdout) as { filename: string }[];
    const name = path.basename(filename);
    files[name] = path.join(out, name);
    hash.update(readFileSync(files[name]));
  }
  return { files, hash: hash.digest('hex').slice(0, 16) };
}

export interface Toolchain {
  /** Where test projects are made: their node_modules lookups find the bundler and the plugin. */
  home: string;
  /** The bundler's own folder (its node_modules/.bin). */
  bundlerDir: string;
}

/** The bundler `label` (e.g. `vite@7.1.2`) with `dependencies`, and the plugin packed from this checkout. */
export async function toolchain(label: string, dependencies: Record<string, string>): Promise<Toolchain> {
  const bundlerDir = path.join(CACHE, label.replace(/[^\w.@-]/g, '_'));
  await installOnce(bundlerDir, dependencies);
  const { files, hash } = await packTarballs();
  const home = path.join(bundlerDir, `plugin-${hash}`);
  const deps = Object.fromEntries(Object.keys(files).map((name) => [name.replace(/-\d+\.\d+\.\d+.*\.tgz$/, ''), `file:./${name}`]));
  await installOnce(home, deps, files);
  for (const file of Object.values(files)) rmSync(path.dirname(file), { recursive: true, force: true });
  return { home, bundlerDir };
}

export interface Project {
  dir: string;
  /** Runs `node <args>` in the project; never throws for a failing build. */
  build(args: string[], env?: Record<string, string>): Promise<{ code: number; output: string }>;
  remove(): void;
}

/** A project of `files` (paths relative to it) inside the toolchain's home. */
export function project(chain: Toolchain, files: Record<string, string>): Project {
  const dir = mkdtempSync(path.join(chain.home, 'work-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return {
    dir,
    async build(args, env = {}) {
      try {
        const { stdout, stderr } = await run(process.execPath, args, { cwd: dir, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env }, timeout: 5 * 60_000, maxBuffer: 64 << 20 });
        return { code: 0, output: stdout + stderr };
      } catch (error) {
        const failed = error as { code?: number; stdout?: string; stderr?: string };
        return { code: typeof failed.code === 'number' ? failed.code : -1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
      }
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** The bin script of an installed package (`vite` → node_modules/vite/bin/vite.js). */
export function binOf(chain: Toolchain, name: string, bin = name): string {
  const manifest = JSON.parse(readFileSync(path.join(chain.bundlerDir, 'node_modules', name, 'package.json'), 'utf8')) as { bin?: string | Record<string, string> };
  const relative = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin![bin];
  return path.join(chain.bundlerDir, 'node_modules', name, relative);
}
