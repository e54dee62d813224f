// The real ESLint 9 and ESLint 10 `ESLint` classes, `configs.recommended`, a real git project on disk.
import fs from 'node:fs';
import path from 'node:path';
import { ESLint as ESLint9 } from 'eslint';
import { ESLint as ESLint10 } from 'eslint10';
import tseslint from 'typescript-eslint';
import { afterAll, describe, expect, it } from 'vitest';
import plugin from '../../rules/index.js';
import { buildFixtureProject, fixtureValue } from './fixture-project.js';

const project = buildFixtureProject();
afterAll(() => fs.rmSync(project, { recursive: true, force: true }));

const config = [
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parser: tseslint.parser, parserOptions: { ecmaFeatures: { jsx: true } } },
  },
  ...plugin.configs.recommended,
];

// Every file ESLint lints, with exactly the problems expected in it (ruleId, line, column).
const EXPECTED = {
  '.env': [
    ['aisa-guard/no-unignored-env-file', 1, 1],
    ['aisa-guard/no-hardcoded-key', 3, 14],
  ],
  '.env.example': [],
  '.env.local': [],
  'src/App.tsx': [['aisa-guard/no-hardcoded-key', 7, 27]],
  'src/client.ts': [
    ['aisa-guard/no-client-exposed-key', 5, 11],
    ['aisa-guard/no-client-exposed-key', 7, 3],
  ],
  'src/format.ts': [],
  'src/server.ts': [
    ['aisa-guard/no-unignored-env-file', 2, 1],
    ['aisa-guard/no-hardcoded-key', 5, 21],
  ],
};

interface LintResult {
  filePath: string;
  messages: { ruleId: string | null; line: number; column: number; message: string }[];
}

describe.each([
  ['ESLint 9', ESLint9],
  ['ESLint 10', ESLint10],
])('%s with configs.recommended on the fixture project', (_name, ESLint) => {
  let results: LintResult[];
  const lint = async () => {
    const eslint = new ESLint({ cwd: project, overrideConfigFile: true, overrideConfig: config as never });
    results ??= (await eslint.lintFiles(['.'])) as LintResult[];
    return results;
  };

  it('reports exactly the expected problems per file', async () => {
    const problems = Object.fromEntries(
      (await lint()).map((r) => [
        path.relative(project, r.filePath).split(path.sep).join('/'),
        r.messages.map((m) => [m.ruleId, m.line, m.column]),
      ]),
    );
    expect(problems).toEqual(EXPECTED);
  });

  it('never puts a key in full into a message or suggestion', async () => {
    // (ESLint's result also carries each file's `source`; only what the plugin says is checked.)
    const output = JSON.stringify((await lint()).map((r) => r.messages));
    for (const key of [fixtureValue('KEY', 'tracked'), fixtureValue('KEY', 'jsx'), fixtureValue('BODY', 'split')]) {
      expect(output).not.toContain(key);
    }
    expect(output).toContain(`sk-aisa-${fixtureValue('BODY', 'split').slice(0, 4)}…`);
  });
});
