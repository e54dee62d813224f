// The plugin object: its shape, its docs links, and the built packages: `eslint-plugin-aisa-guard` and the
// `aisa-guard/eslint-plugin` re-export kept for existing users.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import plugin from '../../rules/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'packages/eslint-plugin-aisa-guard/package.json'), 'utf8')) as { version: string };

describe('the aisa-guard ESLint plugin', () => {
  it('names itself and its version', () => {
    expect(plugin.meta).toEqual({ name: 'eslint-plugin-aisa-guard', namespace: 'aisa-guard', version: pkg.version });
  });

  it('recommends all three rules as errors, lints TypeScript with its parser and .env files as dotenv, adding only .env files', () => {
    const [rules, envLoading, typescript, dotenv] = plugin.configs.recommended;
    expect(rules.plugins?.['aisa-guard']).toBe(plugin);
    expect(rules.files).toBeUndefined();
    expect(rules.rules).toEqual({ 'aisa-guard/no-hardcoded-key': 'error', 'aisa-guard/no-client-exposed-key': 'error' });
    expect(envLoading.rules).toEqual({ 'aisa-guard/no-unignored-env-file': 'error' });
    // `**/*` is universal: it only narrows files other configs lint; `ignores` picks among them.
    expect(envLoading).toMatchObject({ files: ['**/*'], ignores: ['**/*', '!**/*.{js,mjs,cjs,jsx,ts,tsx,mts,cts,vue,svelte,astro}', '!**/.env', '!**/.env.*'] });
    expect(typescript).toMatchObject({
      files: ['**/*'],
      ignores: ['**/*', '!**/*.{ts,tsx,mts,cts}', '**/*.svelte.{ts,mts,cts}'],
      languageOptions: { parser: plugin.parsers.typescript },
    });
    expect(dotenv).toMatchObject({ files: ['**/.env', '**/.env.*'], language: 'aisa-guard/dotenv' });
    expect(plugin.languages.dotenv).toMatchObject({ fileType: 'text', lineStart: 1, columnStart: 1, nodeTypeKey: 'type' });
  });

  it('all = recommended + every config, docs and script file as text', () => {
    expect(plugin.configs.all.slice(0, -1)).toEqual(plugin.configs.recommended);
    expect(plugin.configs.all.at(-1)).toMatchObject({ name: 'aisa-guard/text', language: 'aisa-guard/text' });
    expect(plugin.languages.text).toMatchObject({ fileType: 'text', lineStart: 1, columnStart: 1, nodeTypeKey: 'type' });
  });

  it('declares the languages each rule supports (ESLint 10.2+ checks them)', () => {
    expect(Object.fromEntries(Object.entries(plugin.rules).map(([name, rule]) => [name, (rule.meta as { languages?: string[] }).languages]))).toEqual({
      'no-hardcoded-key': ['*'],
      'no-client-exposed-key': ['*'],
      'no-unignored-env-file': ['js/js', 'aisa-guard/dotenv'],
    });
  });

  it('links every rule to its docs page, which exists', () => {
    for (const [name, rule] of Object.entries(plugin.rules)) {
      expect(rule.meta.docs?.url).toBe(`https://github.com/aisa-guard/aisa-guard/blob/main/docs/rules/${name}.md`);
      expect(fs.existsSync(path.join(ROOT, 'docs/rules', `${name}.md`))).toBe(true);
    }
  });

  it('loads its heavy dependencies only when a rule or parser needs them, not on import', () => {
    // A fresh process imports the built package, lists the packages then loaded (all of them are
    // CommonJS, loaded through `require`), then lints code whose folding needs them and lists again.
    const script = `
      import { createRequire } from 'node:module';
      const plugin = (await import('eslint-plugin-aisa-guard')).default;
      const require = createRequire(import.meta.url);
      const loaded = () => [...new Set(Object.keys(require.cache).map((f) => f.match(/node_modules\\/((?:@[^/]+\\/)?[^/]+)/)?.[1]))];
      const onImport = loaded();
      const { Linter } = await import('eslint');
      new Linter().verify('const a = "sk-aisa-"; const b = a + String(1).padStart(3);', [{ plugins: { g: plugin }, rules: { 'g/no-hardcoded-key': 'error' } }, { files: ['**/*.ts'], languageOptions: { parser: plugin.parsers.typescript, parserOptions: { aisaGuardParser: 'oxc' } } }], 'x.ts');
      console.log(JSON.stringify({ onImport, afterLint: loaded() }));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const { onImport, afterLint } = JSON.parse(run.stdout) as { onImport: string[]; afterLint: string[] };
    const heavy = ['oxc-parser', '@typescript-eslint/scope-manager', '@typescript-eslint/visitor-keys', '@typescript-eslint/utils', '@typescript-eslint/typescript-estree', 'typescript'];
    expect(onImport.filter((name) => heavy.includes(name))).toEqual([]);
    // An ESM `import` of them would load them outside require.cache: none is imported but as types.
    const sources = (fs.readdirSync(path.join(ROOT, 'rules'), { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
    const eager = sources.filter((file) =>
      [...fs.readFileSync(path.join(ROOT, 'rules', file), 'utf8').matchAll(/^import (?!type )[^;]*? from '([^']+)'/gm)].some((m) => heavy.some((name) => m[1] === name || m[1].startsWith(name + '/'))),
    );
    expect(eager).toEqual([]);
    expect(afterLint).toEqual(expect.arrayContaining(['oxc-parser', '@typescript-eslint/scope-manager', '@typescript-eslint/visitor-keys', '@typescript-eslint/utils']));
  });

  it.each(['eslint-plugin-aisa-guard', 'aisa-guard/eslint-plugin'])('is importable from the built packages as %s', (specifier) => {
    const script =
      `import p from '${specifier}';` +
      'console.log(JSON.stringify([p.meta.name, Object.keys(p.rules), p.configs.recommended.map((c) => c.name)]));';
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual([
      'eslint-plugin-aisa-guard',
      ['no-hardcoded-key', 'no-client-exposed-key', 'no-unignored-env-file'],
      ['aisa-guard/recommended', 'aisa-guard/env-loading', 'aisa-guard/typescript', 'aisa-guard/dotenv'],
    ]);
  });
});
