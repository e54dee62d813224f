// The CLI and the ESLint rule share one allow-comment rule (src/detect/allow.ts): a marker trailing code
// covers its own line only, a comment-only line covers the line below. Before, a key on the line after
// `const a = "<key>"; // aisa-guard:allow` was reported by the CLI and not by ESLint.
import { Linter } from 'eslint';
import { describe, expect, it } from 'vitest';
import plugin from '../../rules/index.js';
import { scanText } from '../../src/detect/index.js';
import { fakeKey } from '../helpers/keys.js';

const [first, second] = [fakeKey('parity-1'), fakeKey('parity-2')];

const SOURCES: [string, string, number[]][] = [
  ['marker trailing code: the next line is not covered', `const a = "${first}"; // aisa-guard:allow\nconst b = "${second}";\n`, [2]],
  ['marker on a comment line above: covered', `// aisa-guard:allow test fixture\nconst b = "${second}";\n`, []],
  ['marker two lines above: not covered', `// aisa-guard:allow\n\nconst b = "${second}";\n`, [3]],
  ['block comment above: covered', `/* aisa-guard:allow */\nconst b = "${second}";\n`, []],
];

function eslintLines(code: string): number[] {
  const linter = new Linter({ configType: 'flat' });
  const messages = linter.verify(code, [{ files: ['**/*.ts', '**/*.js'], plugins: { 'aisa-guard': plugin as never }, rules: { 'aisa-guard/no-hardcoded-key': 'error' } }], 'src/a.js');
  expect(messages.filter((m) => m.fatal)).toEqual([]);
  return messages.map((m) => m.line);
}

function cliLines(code: string): number[] {
  return scanText(code, { file: 'src/a.js' })
    .filter((f) => !f.suppressed)
    .map((f) => f.line);
}

describe('allow comments: same verdict in the CLI and in ESLint', () => {
  it.each(SOURCES)('%s', (_name, code, lines) => {
    expect(cliLines(code)).toEqual(lines);
    expect(eslintLines(code)).toEqual(lines);
  });
});
