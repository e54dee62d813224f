// Every context the issue lists: each case asserts the exact line, column, end column and encoding,
// and reads the span back from the original text to prove the position points at the key.
import { describe, expect, it } from 'vitest';
import { scanBytes, scanText, fingerprintOf } from '../../src/detect/index.js';
import { fakeKey } from '../helpers/keys.js';
import { percentAll, percentDashes, spanAt, spots } from './helpers.js';

const K = fakeKey('contexts-1');
const K2 = fakeKey('contexts-2');
const b64 = (s: string) => Buffer.from(s).toString('base64');

/** [name, text, line, column, the text the finding spans (default: the key), encoding]. */
type Case = [string, string, number, number, string?, string?];

const plainCases: Case[] = [
  ['double-quoted string', `const key = "${K}";`, 1, 14],
  ['single-quoted string', `key: '${K}'`, 1, 7],
  ['template literal', 'const h = `Bearer ' + K + '`;', 1, 19],
  ['unquoted assignment', `AISA_API_KEY=${K}`, 1, 14],
  ['.env with export and double quotes', `export AISA_API_KEY="${K}"\n`, 1, 22],
  ['.env with export, unquoted', `# prod\nexport AISA_API_KEY=${K}\n`, 2, 21],
  ['.env with spaces and a trailing comment', `# comment\nAISA_API_KEY = ${K} # prod\n`, 2, 16],
  ['.env single-quoted', `AISA_API_KEY='${K}'\n`, 1, 15],
  ['JSON', `{\n  "aisa": {\n    "apiKey": "${K}"\n  }\n}\n`, 3, 16],
  ['YAML plain scalar', `aisa:\n  api_key: ${K}\n`, 2, 12],
  ['YAML quoted scalar', `services:\n  web:\n    environment:\n      - "AISA_API_KEY=${K}"\n`, 4, 23],
  ['TOML', `[aisa]\napi_key = "${K}"\n`, 2, 12],
  ['INI', `[aisa]\napikey=${K}\n`, 2, 8],
  ['shell Authorization header', `curl -H "Authorization: Bearer ${K}" https://api.aisa.one/v1/models`, 1, 32],
  ['Markdown fenced block', '# Setup\n\n```bash\nexport AISA_API_KEY=' + K + '\n```\n', 4, 21],
  ['Markdown inline code', 'Use `' + K + '` as your key.', 1, 6],
  [
    '.ipynb (JSON-escaped source)',
    [
      '{',
      ' "cells": [',
      '  {',
      '   "cell_type": "code",',
      '   "source": [',
      '    "import os\\n",',
      `    "os.environ[\\"AISA_API_KEY\\"] = \\"${K}\\"\\n"`,
      '   ]',
      '  }',
      ' ]',
      '}',
    ].join('\n'),
    7,
    39,
  ],
  ['URL query, plain', `fetch("https://api.aisa.one/v1/chat?api_key=${K}&model=x")`, 1, 45],
  ['URL query, dashes percent-encoded', `GET /v1/chat?api_key=${percentDashes(K)}&m=1`, 1, 22, percentDashes(K), 'percent'],
  ['URL query, lower-case %2d', `?api_key=${K.replaceAll('-', '%2d')}`, 1, 10, K.replaceAll('-', '%2d'), 'percent'],
  ['URL query, every byte percent-encoded', `https://x.test/?api_key=${percentAll(K)}`, 1, 25, percentAll(K), 'percent'],
  ['URL query, every byte, lower-case hex', `?k=${percentAll(K, true)}`, 1, 4, percentAll(K, true), 'percent'],
  ['CRLF line endings', `A=1\r\nB=2\r\nAISA_KEY=${K}\r\n`, 3, 10],
  ['lone CR line endings', `A=1\rAISA_KEY=${K}\r`, 2, 10],
  ['last bytes of a file, no newline', `x = 1\n${K}`, 2, 1],
  ['only the key', K, 1, 1],
  ['glued to parentheses', `f(${K})`, 1, 3],
  ['glued to brackets and comma', `[${K},1]`, 1, 2],
  ['glued to angle brackets', `<${K}>`, 1, 2],
  ['glued to braces and semicolon', `{${K}};`, 1, 2],
  ['glued to a colon and a dot', `key:${K}.`, 1, 5],
  ['glued to a preceding word', `token${K}`, 1, 6],
  ['after a JSON-escaped newline', `"a\\n${K}\\n"`, 1, 5],
  ['after non-ASCII text (UTF-16 columns)', `// 密钥 😀: ${K}`, 1, 11],
  [
    'Kubernetes Secret data (base64)',
    `apiVersion: v1\nkind: Secret\nmetadata:\n  name: aisa\ntype: Opaque\ndata:\n  AISA_API_KEY: ${b64(K)}\n`,
    7,
    17,
    b64(K),
    'base64',
  ],
  ['base64url of the key', `v=${Buffer.from(K).toString('base64url')}`, 1, 3, Buffer.from(K).toString('base64url'), 'base64'],
];

describe('a key in every context', () => {
  it.each(plainCases)('%s', (_name, text, line, column, span = K, encoding) => {
    const findings = scanText(text, { file: 'f' });
    expect(spots(findings)).toEqual([
      { line, column, endColumn: column + span.length, ruleId: 'aisa-api-key', confidence: 'high', ...(encoding && { encoding }) },
    ]);
    expect(spanAt(text, findings[0])).toBe(span);
    expect(findings[0].fingerprint).toBe(fingerprintOf(K));
    expect(findings[0].file).toBe('f');
  });

  it('a minified one-line bundle finds the key at its column', () => {
    const filler = 'var x=1;'.repeat(25_000);
    const text = `${filler}var c={apiKey:"${K}"};${filler}`;
    const findings = scanText(text, { file: 'bundle.min.js' });
    expect(spots(findings)).toEqual([
      { line: 1, column: 200_016, endColumn: 200_067, ruleId: 'aisa-api-key', confidence: 'high' },
    ]);
    expect(findings[0].snippet.length).toBeLessThan(200);
    expect(findings[0].snippet).not.toContain(K);
  });

  it('two keys on one line, glued by a comma', () => {
    const text = `keys=${K},${K2}\n`;
    expect(spots(scanText(text, { file: 'f' }))).toEqual([
      { line: 1, column: 6, endColumn: 57, ruleId: 'aisa-api-key', confidence: 'high' },
      { line: 1, column: 58, endColumn: 109, ruleId: 'aisa-api-key', confidence: 'high' },
    ]);
  });

  it('the same key twice is two findings with one fingerprint', () => {
    const findings = scanText(`a=${K}\nb=${K}\n`, { file: 'f' });
    expect(findings.map((f) => [f.line, f.column])).toEqual([
      [1, 3],
      [2, 3],
    ]);
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(1);
  });

  it('an .npmrc-style _auth blob (base64 of user:KEY) in all three byte alignments', () => {
    // 3, 4 and 5 bytes before the key put its first byte at each position of a base64 group; the span
    // runs from the first to the last character holding bits of the key.
    const cases: [string, number, number][] = [
      ['ci:', 11, 79],
      ['bot:', 12, 81],
      ['user:', 13, 82],
    ];
    for (const [user, column, endColumn] of cases) {
      const text = `registry=https://npm.example.test/\n_auth=${b64(user + K)}\n`;
      const findings = scanText(text, { file: '.npmrc' });
      expect(spots(findings), user).toEqual([
        { line: 2, column, endColumn, ruleId: 'aisa-api-key', confidence: 'high', encoding: 'base64' },
      ]);
      expect(findings[0].fingerprint).toBe(fingerprintOf(K));
    }
  });

  it('base64 wrapped across lines (76 columns as `base64` writes it, 64 indented as in PEM/YAML blocks)', () => {
    const wrap = (s: string, width: number, indent = '') => s.match(new RegExp(`.{1,${width}}`, 'g'))!.join(`\n${indent}`);
    const npmrc = `_auth=${wrap(b64('myusername:' + K), 76)}\nalways-auth=true\n`;
    const [auth] = scanText(npmrc, { file: '.npmrc' });
    expect([auth.line, auth.column, auth.endLine, auth.endColumn, auth.confidence, auth.encoding]).toEqual([1, 21, 2, 8, 'high', 'base64']);
    expect(auth.fingerprint).toBe(fingerprintOf(K));
    const block = `data: |\n  ${wrap(b64('header-bytes-here:' + K + '\n'), 64, '  ')}\n`;
    const [found] = scanText(block, { file: 'secret.yaml' });
    expect([found.line, found.column, found.endLine, found.fingerprint]).toEqual([2, 27, 3, fingerprintOf(K)]);
  });

  it('a one-line base64 value followed by an unrelated line is read as one line', () => {
    const text = `data:\n  api-key: ${b64(K)}\n  other: dmFsdWU=\n`;
    const findings = scanText(text, { file: 'secret.yaml' });
    expect(findings.map((f) => [f.line, f.column, f.confidence, f.fingerprint])).toEqual([[2, 12, 'high', fingerprintOf(K)]]);
  });

  it('snippets and redacted forms never hold the key, and say how it was encoded', () => {
    const [plain] = scanText(`AISA_API_KEY=${K}`, { file: 'f' });
    expect(plain.redacted).toBe(`sk-aisa-${K.slice(8, 12)}…${K.slice(-4)}`);
    expect(plain.snippet).toBe(`AISA_API_KEY=${plain.redacted}`);
    const [encoded] = scanText(`data: ${b64(K)}`, { file: 'f' });
    expect(encoded.snippet).toBe(`data: <base64:${plain.redacted}>`);
  });

  it('an aisa-guard:allow comment on the line or the line above marks the finding suppressed', () => {
    const text = `a=${K} # aisa-guard:allow\n# aisa-guard:allow\nb=${K}\n\nc=${K}\n`;
    expect(scanText(text, { file: 'f' }).map((f) => [f.line, f.suppressed])).toEqual([
      [1, 'inline'],
      [3, 'inline'],
      [5, undefined],
    ]);
  });
});

describe('UTF-16 text through scanBytes', () => {
  const text = `名前=テスト\r\nkey = "${K}"\r\n`;
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.from(text, 'utf16le').swap16();
  const cases: [string, Buffer, string][] = [
    ['LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), le]), 'utf16le'],
    ['LE without BOM', le, 'utf16le'],
    ['BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), be]), 'utf16be'],
    ['BE without BOM', be, 'utf16be'],
  ];
  it.each(cases)('%s', (_name, bytes, encoding) => {
    const verdict = scanBytes(bytes, { file: 'f' });
    expect(spots(verdict.findings)).toEqual([
      { line: 2, column: 8, endColumn: 59, ruleId: 'aisa-api-key', confidence: 'high', encoding },
    ]);
  });

  it('UTF-8 with a BOM keeps columns as an editor shows them', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`k=${K}`)]);
    expect(spots(scanBytes(bytes, { file: 'f' }).findings)).toEqual([
      { line: 1, column: 3, endColumn: 54, ruleId: 'aisa-api-key', confidence: 'high' },
    ]);
  });

  it('bytes with NULs that are not UTF-16 are binary: scanned, the key at its byte offset', () => {
    const bytes = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 0, 0, 0, 0x10]), Buffer.from(K)]);
    const [finding, ...rest] = scanBytes(bytes, { file: 'f' }).findings;
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ offset: 11, line: 1, column: 12, endLine: 1, endColumn: 12 + K.length, snippet: expect.stringMatching(/^sk-aisa-\S{4}…\S{4}$/) });
    expect(finding.encoding).toBeUndefined();
  });
});
