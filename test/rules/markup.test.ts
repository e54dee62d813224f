// Markup of .vue, .svelte and .astro files is checked like JSX: static attribute values, text, HTML
// comments, and expressions (folded with the script's constants). On main none of the .vue and .svelte
// cases were reported. Component markup ships to the browser, so no env fix is offered there.
import { RuleTester } from '@typescript-eslint/rule-tester';
import * as astroParser from 'astro-eslint-parser';
import { Linter as Linter9 } from 'eslint';
import { Linter as Linter10 } from 'eslint10';
import * as svelteParser from 'svelte-eslint-parser';
import { describe, expect, it } from 'vitest';
import * as vueParser from 'vue-eslint-parser';
import plugin from '../../rules/index.js';
import rule from '../../rules/no-hardcoded-key.js';
import { fakeKey } from '../helpers/keys.js';
import { testerRule } from './tester.js';

const K = fakeKey('markup:whole');
const B = fakeKey('markup:split').slice('sk-aisa-'.length);
const PLACEHOLDER = 'sk-aisa-your-key-here';

/** The one error a case expects: at `needle` (its `nth` occurrence in `code`), spanning `length` characters. */
function at(code: string, needle: string, length = needle.length, messageId: 'hardcodedKeyInClient' | 'hardcodedKey' = 'hardcodedKeyInClient', nth = 1) {
  let start = -1;
  for (let i = 0; i < nth; i++) start = code.indexOf(needle, start + 1);
  const before = code.slice(0, start).split('\n');
  const column = before[before.length - 1].length + 1;
  return { messageId, line: before.length, column, endColumn: column + length, suggestions: [] as never[] };
}

const vue = new RuleTester({ languageOptions: { parser: vueParser, parserOptions: { ecmaVersion: 'latest', sourceType: 'module' } } });
const vueCase = (template: string, script = '') => `<template>\n${template}\n</template>\n${script ? `<script setup>\n${script}\n</script>\n` : ''}`;

vue.run('no-hardcoded-key in .vue templates', testerRule(rule), {
  valid: [
    { code: vueCase(`  <ChatWidget api-key="${PLACEHOLDER}" />\n  <p>{{ "${PLACEHOLDER}" }}</p>`), filename: 'App.vue' },
    { code: vueCase('  <ChatWidget :api-key="key" />', 'const key = import.meta.env.VITE_PUBLIC_ID;'), filename: 'App.vue' },
  ],
  invalid: [
    ...[
      `  <ChatWidget api-key="${K}" />`,
      `  <p>{{ '${K}' }}</p>`,
      `  <p>Your key: ${K}</p>`,
      `  <!-- old key: ${K} -->`,
      `  <ChatWidget v-bind:api-key="\`${K}\`" />`,
    ].map((template) => {
      const code = vueCase(template);
      return { code, filename: 'App.vue', errors: [at(code, K)] };
    }),
    (() => {
      // Folded with a constant of <script setup>: reported once, on the whole expression.
      const code = vueCase(`  <ChatWidget :api-key="'sk-aisa-' + b" />`, `const b = '${B}';`);
      return { code, filename: 'App.vue', errors: [at(code, "'sk-aisa-' + b")] };
    })(),
    (() => {
      // The script is checked as before, once.
      const code = vueCase('  <ChatWidget :api-key="key" />', `const key = '${K}';`);
      return { code, filename: 'App.vue', errors: [at(code, K)] };
    })(),
  ],
});

const svelte = new RuleTester({ languageOptions: { parser: svelteParser } });
svelte.run('no-hardcoded-key in .svelte markup', testerRule(rule), {
  valid: [{ code: `<Chat apiKey="${PLACEHOLDER}" />\n<p>{"${PLACEHOLDER}"}</p>`, filename: 'App.svelte' }],
  invalid: [
    ...[`<Chat apiKey="${K}" />`, `<p>Key: ${K}</p>`, `<!-- ${K} -->`, `<p>{'${K}'}</p>`, `<Chat title="key {name} ${K}" />`].map((code) => ({
      code,
      filename: 'App.svelte',
      errors: [at(code, K)],
    })),
    (() => {
      const code = `<script>\n  const b = "${B}";\n</script>\n<Chat apiKey={"sk-aisa-" + b} />`;
      return { code, filename: 'App.svelte', errors: [at(code, '"sk-aisa-" + b')] };
    })(),
  ],
});

const astro = new RuleTester({ languageOptions: { parser: astroParser } });
astro.run('no-hardcoded-key in .astro files', testerRule(rule), {
  valid: [{ code: `---\nconst id = "x";\n---\n<Chat apiKey="${PLACEHOLDER}" />\n`, filename: 'Page.astro' }],
  invalid: [
    // Markup is rendered into the page: reported, no fix. The frontmatter runs on the server: Astro's env.
    ...[`<Chat apiKey="${K}" />`, `<p>Key: ${K}</p>`, `<!-- ${K} -->`].map((markup) => {
      const code = `---\nconst id = "x";\n---\n${markup}\n`;
      return { code, filename: 'Page.astro', errors: [at(code, K, K.length, 'hardcodedKey')] };
    }),
    (() => {
      const code = `---\nconst key = "${K}";\n---\n<Chat apiKey={key} />\n`;
      const error = at(code, K, K.length, 'hardcodedKey');
      return {
        code,
        filename: 'Page.astro',
        errors: [{ ...error, suggestions: [{ messageId: 'useEnv', output: code.replace(`"${K}"`, 'import.meta.env.AISA_API_KEY') }] }],
      };
    })(),
  ],
});

describe.each([
  ['ESLint 9', Linter9],
  ['ESLint 10', Linter10],
])('%s with configs.recommended and the component parsers', (_name, Linter) => {
  // Both versions take the same call; their type declarations differ only in version.
  const linter = new Linter({ configType: 'flat' }) as Linter9;
  const config = [
    ...plugin.configs.recommended,
    { files: ['**/*.vue'], languageOptions: { parser: vueParser } },
    { files: ['**/*.svelte'], languageOptions: { parser: svelteParser } },
  ] as never;
  const files = [
    ['App.vue', vueCase(`  <ChatWidget api-key="${K}" />\n  <!-- ${K} -->`), [2, 3]],
    ['App.svelte', `<p>Key: ${K}</p>\n<Chat apiKey="${K}" />`, [1, 2]],
  ] as const;
  // svelte-eslint-parser takes the newest eslint-scope that `eslint` resolves to: here ESLint 9's (8.x),
  // whose scope manager ESLint 10 refuses. A project on ESLint 10 alone gets 9.x: .svelte markup under
  // ESLint 10 is linted in templates/sveltekit.test.ts; here .svelte runs under ESLint 9 only.
  it.each(Linter === Linter10 ? files.slice(0, 1) : files)('%s', (filename, code, lines) => {
    const messages = linter.verify(code, config, { filename });
    expect(messages.map((m) => [m.ruleId, m.line])).toEqual(lines.map((line) => ['aisa-guard/no-hardcoded-key', line]));
  });
});
