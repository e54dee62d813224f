// The packed packages installed from the npm registry into real projects in temp dirs, linted with the
// real ESLint CLI as a user runs it: a Vite react-ts project on TypeScript 7 (where typescript-eslint
// cannot be installed), a Next.js-style app, .vue/.svelte/.astro files with their own parsers, YAML,
// Markdown and Python through the text language. One install per suite; the npm cache is used first.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeKey } from '../helpers/keys.js';
import { git } from './git-repo.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const INSTALL_TIMEOUT = 120_000;
/** create-vite pinned so the template (and so the expected lines) stays put; its TypeScript is 7. */
const CREATE_VITE = 'create-vite@9.3.0';

const K = fakeKey('projects:whole');
const B = fakeKey('projects:split').slice('sk-aisa-'.length);

/** Installs and lint runs yield the CPU (`nice`): timing tests may run beside this suite on 2 cores. */
const NICE = ['-n', '15'];

/** npm as a user runs it: none of the outer `npm test`'s settings leak in. */
function npm(cwd: string, ...args: string[]): string {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  return execFileSync('nice', [...NICE, 'npm', ...args, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd,
    env,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: INSTALL_TIMEOUT,
  });
}

function pack(workspace: string | undefined, into: string): string {
  const args = ['pack', '--ignore-scripts', '--pack-destination', into, ...(workspace ? ['--workspace', workspace] : [])];
  return path.join(into, npm(ROOT, ...args).trim().split('\n').at(-1)!);
}

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
}

/** Installed package names, from the lock npm wrote. */
function installedPackages(dir: string): string[] {
  const lock = JSON.parse(fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8')) as { packages: Record<string, unknown> };
  return Object.keys(lock.packages)
    .filter(Boolean)
    .map((p) => p.slice(p.lastIndexOf('node_modules/') + 'node_modules/'.length));
}

const temp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'aisa-guard-eslint-projects-')));
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));
let packs: { cli: string; plugin: string };

beforeAll(() => {
  if (!fs.existsSync(path.join(ROOT, 'packages/eslint-plugin-aisa-guard/dist/rules/index.js'))) {
    throw new Error('build first (npm run build): the packed packages ship dist/');
  }
  const dir = path.join(temp, 'packs');
  fs.mkdirSync(dir);
  packs = { cli: pack(undefined, dir), plugin: pack('packages/eslint-plugin-aisa-guard', dir) };
}, INSTALL_TIMEOUT);

describe('npm i aisa-guard (the packed CLI) into an empty project', () => {
  it('installs no ESLint, TypeScript or parser, at most 15 packages, and runs', () => {
    const dir = path.join(temp, 'cli');
    write(dir, { 'package.json': '{ "name": "empty", "version": "1.0.0", "private": true }' });
    npm(dir, 'install', '--save-dev', packs.cli);
    const installed = installedPackages(dir);
    console.log(`aisa-guard alone installs ${installed.length} packages: ${installed.join(', ')}`);
    expect(installed).toContain('aisa-guard');
    expect(installed.filter((name) => /eslint|typescript|espree|acorn|babel|oxc|esprima|meriyah/.test(name))).toEqual([]);
    expect(installed.length).toBeLessThanOrEqual(15);
    const run = spawnSync(path.join(dir, 'node_modules/.bin/aisa-guard'), ['scan', '.'], { cwd: dir, encoding: 'utf8' });
    expect(run.status).toBe(0);
    // The old import path says where the plugin went instead of failing obscurely.
    const old = spawnSync(process.execPath, ['--input-type=module', '-e', "import('aisa-guard/eslint-plugin')"], { cwd: dir, encoding: 'utf8' });
    expect(old.stderr).toContain('npm install --save-dev eslint-plugin-aisa-guard');
  }, INSTALL_TIMEOUT);
});

describe('projects linted with the packed plugin (ESLint 10 CLI)', () => {
  let dir: string;
  const apps = { vite: '', next: '', frameworks: '' };
  let viteAppLines = 0;

  /** `eslint --format json .` in `app`: each linted file with its [ruleId, line, column]. */
  const lint = (app: string) => {
    const run = spawnSync('nice', [...NICE, process.execPath, path.join(dir, 'node_modules/eslint/bin/eslint.js'), '--format', 'json', '.'], {
      cwd: app,
      encoding: 'utf8',
      timeout: INSTALL_TIMEOUT,
    });
    expect(run.stderr).toBe('');
    const results = JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string | null; line: number; column: number; message: string }[] }[];
    return Object.fromEntries(
      results.map((r) => [path.relative(app, r.filePath).split(path.sep).join('/'), r.messages.map((m) => [m.ruleId, m.line, m.column])]),
    );
  };

  beforeAll(() => {
    dir = path.join(temp, 'projects');
    fs.mkdirSync(dir);
    // The Vite react-ts template as `npm create vite` makes it: TypeScript 7, no ESLint.
    npm(dir, 'exec', '--yes', '--', CREATE_VITE, 'vite-app', '--template', 'react-ts', '--no-interactive');
    apps.vite = path.join(dir, 'vite-app');
    const template = JSON.parse(fs.readFileSync(path.join(apps.vite, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(template.devDependencies.typescript).toMatch(/^\D*7\./);
    // One install for every app below, with the template's TypeScript: what `npm i -D eslint
    // eslint-plugin-aisa-guard` gives in that project (typescript-eslint would refuse TypeScript 7).
    write(dir, {
      'package.json': JSON.stringify({
        name: 'projects',
        private: true,
        type: 'module',
        devDependencies: { typescript: template.devDependencies.typescript },
      }),
    });
    npm(dir, 'install', '--save-dev', 'eslint@^10', packs.plugin, 'vue-eslint-parser@^10', 'svelte-eslint-parser@^1', 'svelte@^5', '@eslint/json@^2', 'astro-eslint-parser@^3');

    viteAppLines = fs.readFileSync(path.join(apps.vite, 'src/App.tsx'), 'utf8').split('\n').length;
    fs.appendFileSync(path.join(apps.vite, 'src/App.tsx'), `\nexport function KeyHint() {\n  return <code data-key="${K}">hint</code>\n}\n`);
    write(apps.vite, {
      // With no other config naming them, ESLint lints no .ts file: the project says it wants them linted.
      'eslint.config.js':
        "import aisaGuard from 'eslint-plugin-aisa-guard';\n\nexport default [{ ignores: ['dist'] }, { files: ['**/*.{ts,tsx,mts,cts}'] }, ...aisaGuard.configs.recommended];\n",
      'src/aisa.ts': `const parts = ['sk-aisa-', '${B}'] as const;\nexport const apiKey: string = parts.join('');\n`,
      'src/client.mts': `export const key = import.meta.env.VITE_AISA_API_KEY as string;\n`,
      'src/clean.cts': `export const key: string | undefined = process.env.AISA_API_KEY;\n`,
    });

    apps.next = path.join(dir, 'next-app');
    write(apps.next, {
      'eslint.config.mjs': "import aisaGuard from 'eslint-plugin-aisa-guard';\n\nexport default [{ files: ['**/*.{ts,tsx}'] }, ...aisaGuard.configs.recommended];\n",
      '.gitignore': 'node_modules\n.next\n.env*.local\n',
      '.env.local': `AISA_API_KEY=${K}\n`,
      '.env.example': 'NEXT_PUBLIC_AISA_API_KEY=\n',
      'next.config.ts': "import type { NextConfig } from 'next';\n\nconst nextConfig: NextConfig = {};\nexport default nextConfig;\n",
      'app/page.tsx': "export default function Page() {\n  const key = process.env.NEXT_PUBLIC_AISA_API_KEY;\n  return <main>{key ? 'ready' : 'missing'}</main>;\n}\n",
      'app/api/chat/route.ts': "export async function POST() {\n  return Response.json({ ok: Boolean(process.env.AISA_API_KEY) });\n}\n",
    });
    git(apps.next, 'init', '-q');

    apps.frameworks = path.join(dir, 'frameworks');
    write(apps.frameworks, {
      'eslint.config.js': [
        "import json from '@eslint/json';",
        "import * as astroParser from 'astro-eslint-parser';",
        "import aisaGuard from 'eslint-plugin-aisa-guard';",
        "import svelteParser from 'svelte-eslint-parser';",
        "import vueParser from 'vue-eslint-parser';",
        '',
        'export default [',
        '  ...aisaGuard.configs.all,',
        "  { files: ['**/*.vue'], languageOptions: { parser: vueParser, parserOptions: { parser: aisaGuard.parsers.typescript } } },",
        "  { files: ['**/*.svelte'], languageOptions: { parser: svelteParser } },",
        "  { files: ['**/*.astro'], languageOptions: { parser: astroParser } },",
        '  // After configs.all, @eslint/json gives JSON files its language; the key rules still read them.',
        "  { files: ['**/*.json'], plugins: { json }, language: 'json/json', rules: { 'json/no-duplicate-keys': 'error' } },",
        '];',
        '',
      ].join('\n'),
      'src/Chat.vue': `<template>\n  <p>{{ greeting }}</p>\n</template>\n\n<script setup lang="ts">\nconst greeting: string = 'hi';\nconst key = \`sk-aisa-\${'${B}'}\`;\n</script>\n`,
      'src/Widget.svelte': `<script>\n  let count = 0;\n  const apiKey = ['sk-aisa-', '${B}'].join('');\n</script>\n\n<button on:click={() => count++}>{count}</button>\n`,
      'src/Page.astro': `---\nconst greeting = 'hi';\nconst key = 'sk-aisa-' + '${B}';\n---\n<p>{greeting}</p>\n`,
      'config/app.yaml': `service:\n  name: chat\n  aisa_key: ${K}\n`,
      'docs/setup.md': `# Setup\n\nSet the key:\n\n    export AISA_API_KEY=${K}\n`,
      'scripts/tool.py': `import os\n\nKEY = os.environ.get("AISA_API_KEY", "${K}")\n`,
      'docs/clean.md': '# Clean\n\nUse `AISA_API_KEY=sk-aisa-your-key-here` in your `.env`.\n',
      'config/secrets.json': `{\n  "aisa": { "key": "${K}" },\n  "aisa": {}\n}\n`,
    });
  }, 3 * INSTALL_TIMEOUT);

  it('installs beside TypeScript 7 (the plugin brings its own parser)', () => {
    const versions = JSON.parse(fs.readFileSync(path.join(dir, 'node_modules/typescript/package.json'), 'utf8')) as { version: string };
    expect(versions.version).toMatch(/^7\./);
    expect(fs.existsSync(path.join(dir, 'node_modules/@typescript-eslint/parser'))).toBe(false);
  });

  it('Vite react-ts on TypeScript 7: .ts/.tsx/.mts/.cts linted, keys on their exact lines, template files clean', () => {
    expect(lint(apps.vite)).toEqual({
      'eslint.config.js': [],
      'src/App.tsx': [['aisa-guard/no-hardcoded-key', viteAppLines + 2, 26]],
      'src/aisa.ts': [['aisa-guard/no-hardcoded-key', 2, 31]],
      'src/client.mts': [['aisa-guard/no-client-exposed-key', 1, 20]],
      'src/clean.cts': [],
      'src/main.tsx': [],
      'vite.config.ts': [],
    });
  });

  it('Next.js-style app: NEXT_PUBLIC_ exposure in code and env files; the ignored .env.local is fine', () => {
    expect(lint(apps.next)).toEqual({
      '.env.example': [['aisa-guard/no-client-exposed-key', 1, 1]],
      '.env.local': [],
      'app/api/chat/route.ts': [],
      'app/page.tsx': [['aisa-guard/no-client-exposed-key', 2, 15]],
      'eslint.config.mjs': [],
      'next.config.ts': [],
    });
  });

  it('.vue, .svelte and .astro scripts through their own parsers; YAML, Markdown and Python as text; JSON under @eslint/json', () => {
    expect(lint(apps.frameworks)).toEqual({
      'config/app.yaml': [['aisa-guard/no-hardcoded-key', 3, 13]],
      'config/secrets.json': [
        ['aisa-guard/no-hardcoded-key', 2, 21],
        ['json/no-duplicate-keys', 3, 3],
      ],
      'docs/clean.md': [],
      'docs/setup.md': [['aisa-guard/no-hardcoded-key', 5, 25]],
      'eslint.config.js': [],
      'scripts/tool.py': [['aisa-guard/no-hardcoded-key', 3, 39]],
      'src/Chat.vue': [['aisa-guard/no-hardcoded-key', 7, 13]],
      'src/Page.astro': [['aisa-guard/no-hardcoded-key', 3, 13]],
      'src/Widget.svelte': [['aisa-guard/no-hardcoded-key', 3, 18]],
    });
  });
});
