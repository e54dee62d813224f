import { describe, expect, it } from 'vitest';
import rule from '../../rules/no-hardcoded-key.js';
import { DEFAULT_PLACEHOLDER_WORDS, findKeys, isPlaceholderBody } from '../../src/detect/index.js';
import { fakeKey } from '../helpers/keys.js';
import { ruleTester, testerRule } from './tester.js';

// Every key is generated here; a key is 51 characters (`sk-aisa-` + 43), which fixes the columns below.
const K = fakeKey('rule:plain');
const K2 = fakeKey('rule:second');
const B = fakeKey('rule:split').slice('sk-aisa-'.length);
const B64 = Buffer.from(fakeKey('rule:base64')).toString('base64');
const ENV = 'process.env.AISA_API_KEY';

/** A key-shaped placeholder: the word, a separator, then random base64url filler to 43 characters. */
function placeholderFor(word: string): string {
  return 'sk-aisa-' + `${word}-${fakeKey(`filler:${word}`).slice(8)}`.slice(0, 43);
}
const PLACEHOLDERS = [
  ...DEFAULT_PLACEHOLDER_WORDS.map(placeholderFor),
  'sk-aisa-your-key-here',
  'sk-aisa-...',
  'sk-aisa-' + 'x'.repeat(43),
  'sk-aisa-' + 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ',
];

describe('placeholders used as valid cases', () => {
  it('are key-shaped, so only the placeholder filter keeps them quiet', () => {
    for (const word of DEFAULT_PLACEHOLDER_WORDS) {
      const body = placeholderFor(word).slice(8);
      expect(body).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(isPlaceholderBody(body)).toBe(true);
    }
  });

  it('the split body is no key alone, only with its prefix', () => {
    expect(findKeys(`"${B}"`)).toEqual([]);
    expect(findKeys('sk-aisa-' + B)).toHaveLength(1);
  });
});

ruleTester.run('no-hardcoded-key', testerRule(rule), {
  valid: [
    ...PLACEHOLDERS.map((placeholder) => `const key = "${placeholder}";`),
    ...PLACEHOLDERS.map((placeholder) => ({ code: `const el = <Client apiKey="${placeholder}" />;`, filename: 'file.tsx' })),
    'const key = process.env.AISA_API_KEY;',
    'const prefix = "sk-aisa-";',
    'const key = "sk-aisa-" + readBody();',
    `// aisa-guard:allow (documented test key)\nconst key = "${K}";`,
    `const key = "${K}"; // aisa-guard:allow`,
    { code: `const key = "${placeholderFor('acme')}";`, options: [{ placeholderWords: ['acme'] }] },
  ],
  invalid: [
    {
      code: `const key = "${K}";`,
      errors: [
        {
          messageId: 'hardcodedKey',
          line: 1,
          column: 14,
          endColumn: 65,
          suggestions: [{ messageId: 'useEnv', output: `const key = ${ENV};` }],
        },
      ],
    },
    {
      // The message never shows the key, only its redacted form.
      code: `const headers = { Authorization: "Bearer ${K}" };`,
      errors: [
        {
          messageId: 'hardcodedKey',
          data: { redacted: `sk-aisa-${K.slice(8, 12)}…${K.slice(-4)}`, encoding: '' },
          line: 1,
          column: 42,
          endColumn: 93,
          suggestions: [{ messageId: 'useEnv', output: `const headers = { Authorization: \`Bearer \${${ENV}}\` };` }],
        },
      ],
    },
    {
      // The rewrite keeps the rest of the string exactly, escaped for a template literal.
      code: `const auth = "Bearer\\t${K} \`x\` \${y}";`,
      errors: [
        {
          messageId: 'hardcodedKey',
          line: 1,
          column: 23,
          endColumn: 74,
          suggestions: [{ messageId: 'useEnv', output: `const auth = \`Bearer\\t\${${ENV}} \\\`x\\\` \\\${y}\`;` }],
        },
      ],
    },
    {
      // Split across pieces: reported once, on the whole expression.
      code: `const key = "sk-aisa-" + "${B}";`,
      errors: [
        {
          messageId: 'hardcodedKey',
          line: 1,
          column: 13,
          endColumn: 71,
          suggestions: [{ messageId: 'useEnv', output: `const key = ${ENV};` }],
        },
      ],
    },
    {
      code: `const prefix = "sk-aisa-";\nconst key = prefix + "${B}";`,
      errors: [
        {
          messageId: 'hardcodedKey',
          line: 2,
          column: 13,
          endColumn: 67,
          suggestions: [{ messageId: 'useEnv', output: `const prefix = "sk-aisa-";\nconst key = ${ENV};` }],
        },
      ],
    },
    {
      code: `const body = "${B}";\nconst key = \`sk-aisa-\${body}\`;`,
      errors: [
        {
          messageId: 'hardcodedKey',
          line: 2,
          column: 13,
          endColumn: 30,
          suggestions: [{ messageId: 'useEnv', output: `const body = "${B}";\nconst key = ${ENV};` }],
        },
      ],
    },
    {
      code: `const key = String.raw\`${K}\`;`,
      errors: [
        {
          messageId: 'hardcodedKey',
          line: 1,
          column: 24,
          endColumn: 75,
          suggestions: [{ messageId: 'useEnv', output: `const key = String.raw\`\${${ENV}}\`;` }],
        },
      ],
    },
    {
      code: `const key = ("sk-aisa-" + "${B}") as string;`,
      errors: [
        {
          messageId: 'hardcodedKey',
          line: 1,
          column: 13,
          endColumn: 83,
          suggestions: [{ messageId: 'useEnv', output: `const key = ${ENV};` }],
        },
      ],
    },
    {
      code: `const key = \`${K}\` satisfies string;`,
      errors: [
        {
          messageId: 'hardcodedKey',
          line: 1,
          column: 14,
          endColumn: 65,
          suggestions: [{ messageId: 'useEnv', output: `const key = \`\${${ENV}}\` satisfies string;` }],
        },
      ],
    },
    {
      code: `const parts = { tail: "${B}" };\nconst key = "sk-aisa-" + parts.tail!;`,
      errors: [
        {
          messageId: 'hardcodedKey',
          line: 2,
          column: 13,
          endColumn: 37,
          suggestions: [{ messageId: 'useEnv', output: `const parts = { tail: "${B}" };\nconst key = ${ENV};` }],
        },
      ],
    },
    {
      // Not static as a whole: the static run is still read, but no safe rewrite exists.
      code: `function auth(user: string) { return user + "sk-aisa-" + "${B}"; }`,
      errors: [{ messageId: 'hardcodedKey', line: 1, column: 38, endColumn: 103, suggestions: [] }],
    },
    {
      // The constant is reported where it is defined, not again where it is used.
      code: `const key = "${K}";\nconst auth = "Bearer " + key;`,
      errors: [
        {
          messageId: 'hardcodedKey',
          line: 1,
          column: 14,
          endColumn: 65,
          suggestions: [{ messageId: 'useEnv', output: `const key = ${ENV};\nconst auth = "Bearer " + key;` }],
        },
      ],
    },
    {
      code: `const keys = "${K} ${K2}";`,
      errors: [
        {
          messageId: 'hardcodedKey',
          line: 1,
          column: 15,
          endColumn: 66,
          suggestions: [{ messageId: 'useEnv', output: `const keys = \`\${${ENV}} ${K2}\`;` }],
        },
        {
          messageId: 'hardcodedKey',
          line: 1,
          column: 67,
          endColumn: 118,
          suggestions: [{ messageId: 'useEnv', output: `const keys = \`${K} \${${ENV}}\`;` }],
        },
      ],
    },
    {
      code: `const el = <Client apiKey="${K}" />;`,
      filename: 'file.tsx',
      errors: [
        {
          messageId: 'hardcodedKey',
          line: 1,
          column: 28,
          endColumn: 79,
          suggestions: [{ messageId: 'useEnv', output: `const el = <Client apiKey={${ENV}} />;` }],
        },
      ],
    },
    {
      code: `const el = <p>Key: ${K}</p>;`,
      filename: 'file.tsx',
      errors: [
        {
          messageId: 'hardcodedKey',
          line: 1,
          column: 20,
          endColumn: 71,
          suggestions: [{ messageId: 'useEnv', output: `const el = <p>Key: {${ENV}}</p>;` }],
        },
      ],
    },
    {
      code: `const el = <Client apiKey={"sk-aisa-" + "${B}"} />;`,
      filename: 'file.tsx',
      errors: [
        {
          messageId: 'hardcodedKey',
          line: 1,
          column: 28,
          endColumn: 86,
          suggestions: [{ messageId: 'useEnv', output: `const el = <Client apiKey={${ENV}} />;` }],
        },
      ],
    },
    {
      code: `// rotated: ${K}\n/* and ${K2} */\nexport {};`,
      errors: [
        { messageId: 'hardcodedKey', line: 1, column: 13, endColumn: 64, suggestions: [] },
        { messageId: 'hardcodedKey', line: 2, column: 8, endColumn: 59, suggestions: [] },
      ],
    },
    {
      // Vite client code (it reads import.meta.env): no variable keeps a secret there, so no env fix is
      // offered (see runtime-suggestions.test.ts), only the advice to call AIsa from a server route.
      code: `const url = import.meta.env.VITE_API_URL;\nconst key = "${K}";`,
      errors: [{ messageId: 'hardcodedKeyInClient', line: 2, column: 14, endColumn: 65, suggestions: [] }],
    },
    {
      code: `const blob = "${B64}";`,
      errors: [
        { messageId: 'hardcodedKey', data: { redacted: `sk-aisa-${fakeKey('rule:base64').slice(8, 12)}…${fakeKey('rule:base64').slice(-4)}`, encoding: ' (base64-encoded)' }, line: 1, column: 15, endColumn: 83, suggestions: [] },
      ],
    },
    {
      code: `const key = "${K}";`,
      options: [{ envVariable: 'LLM_API_KEY' }],
      errors: [
        {
          messageId: 'hardcodedKey',
          line: 1,
          column: 14,
          endColumn: 65,
          suggestions: [{ messageId: 'useEnv', output: 'const key = process.env.LLM_API_KEY;' }],
        },
      ],
    },
    {
      // Without the option, the same text is a key: the option is what made it valid above.
      code: `const key = "${placeholderFor('acme')}";`,
      errors: [
        { messageId: 'hardcodedKey', line: 1, column: 14, endColumn: 65, suggestions: [{ messageId: 'useEnv', output: `const key = ${ENV};` }] },
      ],
    },
  ],
});
