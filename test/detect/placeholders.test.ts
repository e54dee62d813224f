// What is NOT a key (placeholders, templates, patterns, look-alikes) and what always is (random keys).
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { classifyBody, scanText } from '../../src/detect/index.js';
import { fakeKey } from '../helpers/keys.js';

const full = (body: string) => `sk-aisa-${body}`;
const repeatTo = (unit: string, length = 43) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

/** Placeholders named in the issue, written as people write them. */
const ISSUE_PLACEHOLDERS = [
  'sk-aisa-...',
  'sk-aisa-xxxxx',
  'sk-aisa-CHANGE-ME',
  'sk-aisa-your-key-here',
  'sk-aisa-test-key',
  'sk-aisa-REDACTED',
  'sk-aisa-****cdef',
  'sk-aisa-abcd…wxyz',
  'sk-aisa-${KEY}',
  'sk-aisa-${AISA_API_KEY}',
  'sk-aisa-{{ aisa_key }}',
  'sk-aisa-{{AISA_KEY}}',
  'sk-aisa-<your-key>',
  'sk-aisa-<YOUR_AISA_API_KEY>',
  'sk-aisa-',
];

/** Full-length (or longer) stand-ins real repositories use, each of which passes the length check. */
const FULL_LENGTH_PLACEHOLDERS = [
  full('X'.repeat(43)),
  full('x'.repeat(43)),
  full('0'.repeat(43)),
  full('A'.repeat(64)),
  full(repeatTo('1234567890abcdef')),
  full(repeatTo('1234567890')),
  full(repeatTo('abc123')),
  full(repeatTo('deadbeef')),
  full(repeatTo('abcd1234')),
  full('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopq'),
  full('abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'),
  full('0123456789abcdefghijklmnopqrstuvwxyzABCDEFG'),
  full('zyxwvutsrqponmlkjihgfedcbaZYXWVUTSRQPONMLKJ'),
  full('AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefg'),
  full('a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8s9t0u1v'),
  full('abc123def456ghi789jkl012mno345pqr678stu901v'),
  full(repeatTo('your_api_key_here_')),
  full(repeatTo('your-aisa-api-key-')),
  full('YOUR_AISA_API_KEY_GOES_HERE_PLEASE_0000000'),
  full(repeatTo('EXAMPLE')),
  full('EXAMPLEKEY0aB3xQ9mZ2pL7vR4tN8wK1yH6cJ5dF0e'),
  full('ThisIsNotARealKeyJustAnExampleForTheDocs00'),
  full('myFakeTestKeyForLocalDevelopmentOnly0000000'),
  full('my-secret-api-key-for-local-development-0'),
  full('dev-only-not-a-real-key-do-not-use-in-prod'),
  full('replace_me_with_your_real_aisa_key_0123456'),
  full('placeholderplaceholderplaceholderplacehold'),
  full('changeme_changeme_changeme_changeme_change'),
  full('00000000-0000-0000-0000-000000000000000000'),
  full('qwertyuiopasdfghjklzxcvbnmqwertyuiopasdfghj'),
  full('test_0a9f8e7d6c5b4a39281716151413121100aaZ'),
  full('demo-8f7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d1eFQ'),
  full('dummy0aB3xQ9mZ2pL7vR4tN8wK1yH6cJ5dF0eG2hIw'),
  full('aB3xQ9mZ2pL7vR4tN8wK1yH6cJ5dF0eG2hIw-here'),
  full('Sample9mZ2pL7vR4tN8wK1yH6cJ5dF0eG2hIwqRtYc'),
  full('guard-eslint-plugin-recommended-config'),
  full('guard-v2-eslint-plugin-recommended-config-0'),
  full('AISA_GUARD_ESLINT_PLUGIN_RECOMMENDED_CONFIG'),
  'sk-aisa-••••••••••••••••••••••••••••••••••••••••••',
  'sk-aisa-****************************************fQ0w',
  `sk-aisa-${'*'.repeat(43)}`,
  'sk-aisa-<43 characters of base64url go here, from the dashboard>',
];

const PATTERNS_AND_LOOKALIKES = [
  'const RE = /sk-aisa-[A-Za-z0-9_-]+/g;',
  'const RE = /sk-aisa-[A-Za-z0-9_-]{43}/;',
  'const RE = new RegExp("sk-aisa-[A-Za-z0-9_-]{32,128}");',
  'grep -rE "sk-aisa-[A-Za-z0-9_-]{43}" .',
  'export const KEY_PREFIX = "sk-aisa-";',
  "if (key.startsWith('sk-aisa-')) return true;",
  `sk-aisaas-${fakeKey('lookalike').slice(8)}`,
  `sk-aisax-${fakeKey('lookalike').slice(8)}`,
  `sk_aisa_${fakeKey('lookalike').slice(8)}`,
  `SK-AISA-${fakeKey('lookalike').slice(8)}`,
  `sk-aisa ${fakeKey('lookalike').slice(8)}`,
  'sk-aisa-guard-eslint-plugin-recommended',
  'npm install sk-aisa-guard-eslint-plugin-recommended-config',
];

describe('placeholders are not reported', () => {
  it.each([...ISSUE_PLACEHOLDERS, ...FULL_LENGTH_PLACEHOLDERS])('%s', (placeholder) => {
    for (const line of [`AISA_API_KEY=${placeholder}`, `const key = "${placeholder}";`, `api_key: '${placeholder}'`]) {
      expect(scanText(line + '\n', { file: 'f' }), line).toEqual([]);
    }
  });

  it.each(PATTERNS_AND_LOOKALIKES)('%s', (line) => {
    expect(scanText(line, { file: 'f' })).toEqual([]);
  });

  it('extra placeholder words from configuration are honoured', () => {
    const body = 'acmecorp-' + fakeKey('extra').slice(8, 42);
    expect(scanText(full(body), { file: 'f' })).toHaveLength(1);
    expect(scanText(full(body), { file: 'f', extraWords: ['acmecorp'] })).toEqual([]);
  });
});

describe('random keys are always reported', () => {
  it('5,000 random keys (crypto.randomBytes(32) as base64url): every one high confidence', () => {
    const missed: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const body = randomBytes(32).toString('base64url');
      const verdict = classifyBody(body);
      if (verdict?.ruleId !== 'aisa-api-key' || verdict.confidence !== 'high') missed.push(body);
    }
    // Print redacted bodies only: even random test keys are not written out in full.
    expect(missed.map((b) => `${b.slice(0, 4)}…${b.slice(-4)}`)).toEqual([]);
  });

  it('the same random keys are found in text, at their column', () => {
    for (let i = 0; i < 500; i++) {
      const key = full(randomBytes(32).toString('base64url'));
      const findings = scanText(`x = "${key}"`, { file: 'f' });
      expect(findings.map((f) => [f.column, f.endColumn, f.confidence])).toEqual([[6, 57, 'high']]);
    }
  });

  it('random bodies of 32–128 characters other than 43 are reported as aisa-api-key-variant, low', () => {
    for (let length = 32; length <= 128; length++) {
      if (length === 43) continue;
      for (let i = 0; i < 20; i++) {
        const body = randomBytes(96).toString('base64url').slice(0, length);
        expect(classifyBody(body), `${length}: ${body.slice(0, 4)}…`).toMatchObject({
          ruleId: 'aisa-api-key-variant',
          confidence: 'low',
        });
      }
    }
  });

  it('a 43-character body whose last character cannot end 32 bytes is a low-confidence variant', () => {
    const body = randomBytes(32).toString('base64url').slice(0, 42) + 'B';
    const [finding] = scanText(full(body), { file: 'f' });
    expect([finding.ruleId, finding.confidence]).toEqual(['aisa-api-key-variant', 'low']);
  });

  it('bodies shorter than 32 or longer than 128 characters are not keys', () => {
    expect(scanText(full(randomBytes(32).toString('base64url').slice(0, 31)), { file: 'f' })).toEqual([]);
    expect(scanText(full(randomBytes(120).toString('base64url').slice(0, 129)), { file: 'f' })).toEqual([]);
  });
});
