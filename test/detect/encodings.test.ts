// The encodings beyond plain, percent and one-line base64: source escapes, HTML/XML references, hex,
// base64 wrapped with the break anywhere, base64 of base64, UTF-16 without a BOM in any script, and a
// random key that happens to hold a placeholder word. Every finding is checked at its exact span.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { bytesMayContainKey, fingerprintOf, scanBytes, scanText, sniffEncoding } from '../../src/detect/index.js';
import type { Finding } from '../../src/types.js';
import { fakeKey } from '../helpers/keys.js';
import { positionOf } from './helpers.js';

const K = fakeKey('encodings');
const code = (c: string) => c.charCodeAt(0);
const each = (s: string, f: (c: string) => string) => [...s].map(f).join('');
const hex2 = (c: string) => code(c).toString(16).padStart(2, '0');

/** Each form the key can be written in, as an encoder would write it. */
const FORMS: [string, string, string][] = [
  ['JSON \\u002d dashes', K.replaceAll('-', '\\u002d'), 'escape'],
  ['JSON \\u002D dashes', K.replaceAll('-', '\\u002D'), 'escape'],
  ['every character \\uXXXX', each(K, (c) => `\\u${code(c).toString(16).padStart(4, '0')}`), 'escape'],
  ['every character \\uXXXX, upper-case hex', each(K, (c) => `\\u${code(c).toString(16).padStart(4, '0').toUpperCase()}`), 'escape'],
  ['\\x2d dashes', K.replaceAll('-', '\\x2d'), 'escape'],
  ['every character \\xHH (javascript-obfuscator)', each(K, (c) => `\\x${hex2(c)}`), 'escape'],
  ['ES2015 \\u{2d}', K.replaceAll('-', '\\u{2d}'), 'escape'],
  ['every character \\u{…}', each(K, (c) => `\\u{${code(c).toString(16)}}`), 'escape'],
  ['Python \\U0000002d', K.replaceAll('-', '\\U0000002d'), 'escape'],
  ['body escaped after a plain prefix', K.slice(0, 12) + each(K.slice(12), (c) => `\\u${code(c).toString(16).padStart(4, '0')}`), 'escape'],
  ['HTML &#45;', K.replaceAll('-', '&#45;'), 'entity'],
  ['HTML &#045; (leading zero)', K.replaceAll('-', '&#045;'), 'entity'],
  ['HTML &#x2d;', K.replaceAll('-', '&#x2d;'), 'entity'],
  ['XML &#x2D;', K.replaceAll('-', '&#x2D;'), 'entity'],
  ['XML &#X2D;', K.replaceAll('-', '&#X2D;'), 'entity'],
  ['HTML &#x002d;', K.replaceAll('-', '&#x002d;'), 'entity'],
  ['every character &#NN;', each(K, (c) => `&#${code(c)};`), 'entity'],
  ['every character &#xHH;', each(K, (c) => `&#x${hex2(c)};`), 'entity'],
  ['named &lowbar; in the body', K.replaceAll('-', '&#45;').replaceAll('_', '&lowbar;'), 'entity'],
  ['hex, lower case', Buffer.from(K).toString('hex'), 'hex'],
  ['hex, upper case', Buffer.from(K).toString('hex').toUpperCase(), 'hex'],
];

/** The same encoded key at several places: line start, mid-line, after CRLF lines, inside quotes. */
const PLACES: [string, string][] = [
  ['', ''],
  ['key = "', '";\n'],
  ['line one\r\nline two\r\n  "apiKey": "', '",\r\n'],
  ['<meta content="', '" name="k">\n'],
];

function only(findings: Finding[]): Finding {
  expect(findings).toHaveLength(1);
  return findings[0];
}

describe('source escapes, HTML/XML references, hex', () => {
  it.each(FORMS)('%s, at every place, with its exact span', (_name, encoded, encoding) => {
    for (const [before, after] of PLACES) {
      const text = before + encoded + after;
      const f = only(scanText(text, { file: 'f' }));
      const start = positionOf(text, before.length);
      const end = positionOf(text, before.length + encoded.length);
      expect([f.line, f.column, f.endLine, f.endColumn]).toEqual([start.line, start.column, end.line, end.column]);
      expect([f.ruleId, f.confidence, f.encoding, f.fingerprint]).toEqual(['aisa-api-key', 'high', encoding, fingerprintOf(K)]);
      expect(f.snippet).toContain(`<${encoding}:sk-aisa-`);
      expect(f.snippet).not.toContain(K);
    }
  });

  it('a hex dump of a whole file: the key at its offset in the dump', () => {
    const dump = Buffer.from(`# config\napi_key=${K}\n`).toString('hex');
    const f = only(scanText(`blob: ${dump}\n`, { file: 'f' }));
    const at = 6 + 2 * '# config\napi_key='.length;
    expect([f.line, f.column, f.endColumn, f.encoding, f.fingerprint]).toEqual([1, at + 1, at + 1 + 2 * K.length, 'hex', fingerprintOf(K)]);
  });

  it('hex: a decoy needle on the other parity of the same run does not cover the key', () => {
    // `6973612` 15 digits before the key's own: its decode reads the run on the wrong parity.
    const before = '0123456789abcdef6973612';
    const f = only(scanText(`${before}${Buffer.from(K).toString('hex')}\n`, { file: 'f' }));
    expect([f.column, f.encoding, f.fingerprint]).toEqual([before.length + 1, 'hex', fingerprintOf(K)]);
  });

  it('percent: a `%` before a character beyond Latin-1 is no escape (positions stay exact)', () => {
    // U+29630 is the surrogates D865 DE30, whose low bytes read `e0`: once decoded as `%e0`, shifting the key.
    const before = '%\u{29630}';
    const encoded = K.replaceAll('-', '%2D');
    const f = only(scanText(before + encoded, { file: 'f' }));
    expect([f.column, f.endColumn, f.encoding]).toEqual([before.length + 1, before.length + 1 + encoded.length, 'percent']);
  });

  it('escapes and references that spell no key are not reported', () => {
    const text = ['"a\\u002db"', 'x = "\\x2d\\x2d\\x2d"', '<p>&#45;&#x2d; dash</p>', `sk\\u002daisa\\u002d${'A'.repeat(43)}`].join('\n');
    expect(scanText(text, { file: 'f' })).toEqual([]);
  });
});

describe('the byte prefilter', () => {
  // Large inputs are probed in 32 KB blocks (prefilter.ts): each form must pass at every offset across a
  // block boundary, and the scan of the bytes then finds it.
  const base64x2 = Buffer.from(Buffer.from(`auth: ${K}`).toString('base64')).toString('base64');
  const forms = [...FORMS.map(([, encoded]) => encoded), base64x2];
  it.each(forms.map((f) => [f.slice(0, 24), f]))('lets %s… through across a block boundary', (_label, encoded) => {
    const filler = 'the quick brown fox jumps over the lazy dog; const x = 1;\n'.repeat(2000);
    for (let k = 1; k <= encoded.length; k++) {
      const at = 32 * 1024 - k;
      const bytes = Buffer.from(filler.slice(0, at) + encoded + '\n' + filler.slice(at));
      expect(bytesMayContainKey(bytes), `block boundary ${k} characters in`).toBe(true);
      if (k % 16 === 1) expect(scanBytes(bytes, { file: 'f' }).findings.map((f) => f.fingerprint)).toEqual([fingerprintOf(K)]);
    }
    expect(bytesMayContainKey(Buffer.from(filler))).toBe(false);
  });
});

/** Character i of a base64 string → byte group: byte j is written from characters q(j) and q(j)+1. */
const q = (j: number) => Math.floor(j / 3) * 4 + (j % 3);

describe('base64 wrapped with the break anywhere', () => {
  // Every lead moves the key one byte along its line; over a width's worth of leads the line break falls
  // at every position of the encoded prefix, also inside the needle and inside its first quantum.
  it.each([76, 64, 60, 40, 11])('width %i: every break position of the prefix, indented or not, LF or CRLF', (width) => {
    for (let lead = 0; lead < width + 3; lead++) {
      for (const [indent, eol] of [['', '\n'], ['    ', '\r\n']]) {
        const encoded = Buffer.from('u'.repeat(lead) + K + '\n').toString('base64');
        const lines = encoded.match(new RegExp(`.{1,${width}}`, 'g'))!;
        const head = `data: |${eol}`;
        const text = head + lines.map((l) => indent + l).join(eol) + eol + 'next: 1' + eol;
        // Where encoded character c sits in the text.
        const offsetOf = (c: number) => head.length + Math.floor(c / width) * (indent.length + width + eol.length) + indent.length + (c % width);
        const f = only(scanText(text, { file: 'f' }));
        const start = positionOf(text, offsetOf(q(lead)));
        const end = positionOf(text, offsetOf(q(lead + K.length - 1) + 1) + 1);
        expect([f.line, f.column, f.endLine, f.endColumn], `lead ${lead}`).toEqual([start.line, start.column, end.line, end.column]);
        expect([f.confidence, f.encoding, f.fingerprint]).toEqual(['high', 'base64', fingerprintOf(K)]);
      }
    }
  });
});

describe('base64 of base64 (one level)', () => {
  it('every alignment of the inner and the outer encoding, at the exact span of the outer text', () => {
    for (const inner of ['', 'a', 'ab']) {
      for (const outer of ['', 'x', 'xy']) {
        const once = Buffer.from(inner + K).toString('base64');
        const twice = Buffer.from(outer + once).toString('base64');
        const before = 'dockerconfig: ';
        const f = only(scanText(`${before}${twice}\n`, { file: 'f' }));
        // The key's characters in the inner text, then those characters' bytes in the outer text.
        const innerStart = q(inner.length);
        const innerEnd = q(inner.length + K.length - 1) + 2;
        const start = before.length + q(outer.length + innerStart);
        const end = before.length + q(outer.length + innerEnd - 1) + 2;
        expect([f.line, f.column, f.endColumn, f.encoding, f.fingerprint], `${inner}|${outer}`).toEqual([1, start + 1, end + 1, 'base64x2', fingerprintOf(K)]);
      }
    }
  });
});

describe('UTF-16 without a BOM, any script', () => {
  it.each(['utf16le', 'utf16be'] as const)('%s CJK text, the key after the first 8 KB: by line and column', (order) => {
    const text = '日本語のテキストです。\n'.repeat(900) + `鍵 = "${K}"\n終わり\n`;
    const bytes = Buffer.from(text, 'utf16le');
    if (order === 'utf16be') bytes.swap16();
    expect(text.indexOf(K) * 2).toBeGreaterThan(8192);
    const f = only(scanBytes(bytes, { file: 'f' }).findings);
    expect([f.line, f.column, f.endColumn, f.encoding, f.offset, f.fingerprint]).toEqual([901, 6, 6 + K.length, order, undefined, fingerprintOf(K)]);
  });

  it('ASCII text around a planted UTF-16 key reads as CJK UTF-16: its plain key is still found', () => {
    // A hostile file: even-length ASCII (each byte pair a CJK character) and a UTF-16 key on an even
    // offset, so the whole reads as well-formed UTF-16 text; the plain key must not hide in it.
    const plain = fakeKey('encodings:plain');
    // Enough ASCII that NUL parity alone does not call it UTF-16.
    const ascii = `api_key = ${plain}\n` + '# settings for the staging deployment\n'.repeat(8);
    const bytes = Buffer.concat([Buffer.from(ascii), Buffer.from(K, 'utf16le'), Buffer.from('\n\n')]);
    expect([bytes.length % 2, sniffEncoding(bytes)]).toEqual([0, 'binary']);
    const found = scanBytes(bytes, { file: 'f' }).findings;
    // The UTF-16 key as text (after the ASCII, read as half as many UTF-16 units), the plain one by offset.
    expect(found.map((f) => [f.fingerprint, f.line, f.column, f.offset])).toEqual([
      [fingerprintOf(K), 1, ascii.length / 2 + 1, undefined],
      [fingerprintOf(plain), 1, 11, 10],
    ]);
  });

  it('a binary holding a UTF-16 string is still a binary: the key by byte offset', () => {
    // A header with NULs at both parities (a .dex, a resource table), then the string and a 16-bit length.
    const header = Buffer.from(Array.from({ length: 64 }, (_, i) => (i % 3 === 0 ? i : 0)));
    const bytes = Buffer.concat([header, Buffer.from(K, 'utf16le'), Buffer.from([0, 0, 0x2b, 0])]);
    const f = only(scanBytes(bytes, { file: 'f.bin' }).findings);
    expect([f.offset, f.encoding, f.fingerprint]).toEqual([64, 'utf16le', fingerprintOf(K)]);
  });
});

describe('a random key that happens to hold a placeholder word', () => {
  // Opening with a letter: a body that opens with separators before the word would have it open the body.
  const body = () => 'Q' + randomBytes(32).toString('base64url').slice(1);
  const splice = (b: string, at: number, word: string) => (b.slice(0, at) + word + b.slice(at)).slice(0, 42) + b[42];

  it('short words (test, demo, fake, todo…) spliced anywhere inside, any case, with separators: 2,000 of 2,000 reported', () => {
    const words = ['test', 'TEST', 'Demo', 'fake', '-todo-', '_mock_', 'your', 'here', 'Xxxx', 'lorem'];
    let reported = 0;
    for (let i = 0; i < 2000; i++) {
      const word = words[i % words.length];
      // Inside the body: a word opening or closing it is how stand-ins are written (`test-…`).
      const key = `sk-aisa-${splice(body(), 1 + (i % (41 - word.length)), word)}`;
      const found = scanText(`k=${key}\n`, { file: 'f' });
      if (found.length === 1 && found[0].column === 3 && found[0].fingerprint === fingerprintOf(key)) reported++;
    }
    expect(reported).toBe(2000);
  });

  it('the verdict: low-confidence variant when the word is the only evidence, nothing when the rest is typed', () => {
    const key = `sk-aisa-${splice(body(), 10, '-test-')}`;
    expect(scanText(key, { file: 'f' }).map((f) => [f.ruleId, f.confidence])).toEqual([['aisa-api-key-variant', 'low']]);
    // Long words never turn up by chance, a word opening the body is how stand-ins are written, and a
    // typed remainder is no key.
    expect(scanText(`sk-aisa-${splice(body(), 10, 'example')}`, { file: 'f' })).toEqual([]);
    expect(scanText(`sk-aisa-${splice(body(), 0, 'test-')}`, { file: 'f' })).toEqual([]);
    expect(scanText(`sk-aisa-${splice(body(), 0, 'DEMO_')}`, { file: 'f' })).toEqual([]);
    expect(scanText('sk-aisa-myFakeTestKeyForLocalDevelopmentOnly0000000', { file: 'f' })).toEqual([]);
  });
});
