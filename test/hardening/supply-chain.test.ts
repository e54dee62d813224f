// What we publish and what we install: only built code, docs, schema and README; no install scripts;
// every dependency pinned by the lockfile with an integrity hash.
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(path.join(root, 'package-lock.json'), 'utf8'));

describe('supply chain', () => {
  it('packs only dist/src, the eslint-plugin re-export, docs, schema, README and package.json', () => {
    const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
    const files: string[] = JSON.parse(out)[0].files.map((f: { path: string }) => f.path);
    const allowed = /^(dist\/src\/|eslint-plugin\.(js|d\.ts)$|docs\/|schema\/|README\.md$|package\.json$|LICENSE$)/;
    expect(files.filter((f) => !allowed.test(f))).toEqual([]);
    expect(files).toContain('dist/src/cli.js');
    expect(files.some((f) => f.startsWith('dist/fixtures/') || f.startsWith('test/'))).toBe(false);
  });

  it('packs the ESLint plugin workspace as dist/, README and package.json only', () => {
    const args = ['pack', '--dry-run', '--json', '--ignore-scripts', '--workspace', 'packages/eslint-plugin-aisa-guard'];
    const files: string[] = JSON.parse(execFileSync('npm', args, { cwd: root, encoding: 'utf8' }))[0].files.map((f: { path: string }) => f.path);
    expect(files.filter((f) => !/^(dist\/(rules|src)\/|README\.md$|package\.json$)/.test(f))).toEqual([]);
    expect(files).toContain('dist/rules/index.js');
  });

  it('has no install scripts, here or in any locked dependency', () => {
    for (const hook of ['preinstall', 'install', 'postinstall']) expect(pkg.scripts?.[hook]).toBeUndefined();
    // `prepare` runs only where the source is built (this checkout, git installs, the pre-commit
    // framework's clone), never for a registry install: it is the TypeScript build and nothing else.
    expect(pkg.scripts?.prepare).toBe('npm run build --silent');
    const withScripts = Object.entries(lock.packages as Record<string, { hasInstallScript?: boolean }>)
      .filter(([, meta]) => meta.hasInstallScript)
      .map(([name]) => name);
    expect(withScripts).toEqual([]);
  });

  it('pins every locked package to a version with an integrity hash', () => {
    const unpinned = Object.entries(lock.packages as Record<string, { version?: string; integrity?: string; link?: boolean }>)
      // (entries outside node_modules/ are this repository's own workspaces)
      .filter(([name, meta]) => name.includes('node_modules/') && !meta.link && (!meta.version || !meta.integrity))
      .map(([name]) => name);
    expect(unpinned).toEqual([]);
  });
});
