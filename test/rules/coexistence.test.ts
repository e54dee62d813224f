// The plugin's configs beside other people's unscoped configs, on real ESLint 9 and 10: every rule of
// ESLint and typescript-eslint runs harmlessly on our dotenv and text files, and `configs.recommended`
// adds no file to another config's lint set.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import js from '@eslint/js';
import { ESLint as ESLint9, Linter as Linter9 } from 'eslint';
import { ESLint as ESLint10, Linter as Linter10 } from 'eslint10';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../rules/index.js';
import { fakeKey } from '../helpers/keys.js';
import { makeRepo } from './git-repo.js';

const require = createRequire(import.meta.url);
const versions = [
  { name: 'ESLint 9', ESLint: ESLint9, Linter: Linter9, builtinRules: builtinRulesOf('eslint'), lib: eslintLib('eslint') },
  { name: 'ESLint 10', ESLint: ESLint10, Linter: Linter10, builtinRules: builtinRulesOf('eslint10'), lib: eslintLib('eslint10') },
];

function builtinRulesOf(pkg: string): Map<string, unknown> {
  return (require(`${pkg}/use-at-your-own-risk`) as { builtinRules: Map<string, unknown> }).builtinRules;
}

function eslintLib(pkg: string): string {
  return path.join(path.dirname(require.resolve(`${pkg}/package.json`)), 'lib');
}

type AnyRule = { meta?: { docs?: { requiresTypeChecking?: boolean } } };

describe.each(versions)('beside unscoped configs ($name)', ({ ESLint, Linter, builtinRules, lib }) => {
  // typescript-eslint's type-aware rules refuse any file without type information (a .js file too):
  // typescript-eslint's own guidance is to scope them, and docs/eslint.md says so.
  const tsRules = Object.entries((tseslint.plugin as unknown as { rules: Record<string, AnyRule> }).rules).filter(([, rule]) => !rule.meta?.docs?.requiresTypeChecking);
  const everyRule = {
    ...Object.fromEntries([...builtinRules.keys()].map((id) => [id, 'error'])),
    ...Object.fromEntries(tsRules.map(([id]) => [`@typescript-eslint/${id}`, 'error'])),
  };

  it.each([
    ['.env', '# comment\nexport A=1 # note\nB="two\nlines"\n\tC = \u00a0x\n'],
    ['config.yaml', '# comment\na: 1\nb: "two"\n'],
  ])('every core and typescript-eslint rule, unscoped, finds nothing in %s and does not crash', (file, text) => {
    const linter = new Linter({ configType: 'flat' }) as Linter9;
    const config = [
      { plugins: { '@typescript-eslint': tseslint.plugin }, rules: everyRule },
      ...plugin.configs.all,
    ] as unknown as Parameters<Linter9['verify']>[1];
    const messages = linter.verify(text, config, { filename: path.join(process.cwd(), file) });
    expect(messages.filter((m) => !m.ruleId?.startsWith('aisa-guard/'))).toEqual([]);
  });

  it('[js.configs.recommended, ...recommended]: .env linted by our rules, no crash', async () => {
    const key = fakeKey('coexistence:env');
    const dir = makeRepo({ '.env': `A=1\nAISA_API_KEY=${key}\n`, 'app.js': 'export const a = 1;\n' }, { commit: ['.env'] });
    try {
      const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: [js.configs.recommended, ...plugin.configs.recommended] as never });
      const results = await eslint.lintFiles(['.']);
      const found = results.map((r) => [path.relative(dir, r.filePath), r.messages.map((m) => [m.ruleId, m.line])]);
      expect(found).toEqual([
        ['.env', [['aisa-guard/no-unignored-env-file', 1], ['aisa-guard/no-hardcoded-key', 2]]],
        ['app.js', []],
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("adds no file to ESLint's own lib/ and changes no core rule's result there", async () => {
    const lintLib = async (config: unknown[]) => {
      const eslint = new ESLint({ cwd: lib, overrideConfigFile: true, overrideConfig: config as never });
      const results = await eslint.lintFiles(['.']);
      return new Map(results.map((r) => [path.relative(lib, r.filePath), r.messages.filter((m) => !m.ruleId?.startsWith('aisa-guard/'))]));
    };
    const alone = await lintLib([js.configs.recommended]);
    const withOurs = await lintLib([js.configs.recommended, ...plugin.configs.recommended]);
    expect(fs.readdirSync(path.join(lib, 'types')).some((name) => name.endsWith('.d.ts'))).toBe(true);
    expect(alone.size).toBeGreaterThan(300);
    expect([...withOurs.keys()].sort()).toEqual([...alone.keys()].sort());
    expect(withOurs).toEqual(alone);
  }, 400_000);
});

