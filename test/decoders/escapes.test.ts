import { describe, expect, it } from 'vitest';
import { escapesDecoder } from '../../src/decoders/escapes.js';
import { fakeKey } from '../helpers/keys.js';
import { decodeAll, holdsNoKey, texts } from './helpers.js';

const key = fakeKey('escapes-decoder');
const each = (f: (c: number, i: number) => string) => [...Buffer.from(key)].map(f).join('');
const hex = (c: number, width: number) => c.toString(16).padStart(width, '0');

describe('escapes decoder', () => {
  it.each([
    ['\\u{} with leading zeros', each((c) => `\\u{${hex(c, 7)}}`)],
    ['decimal references with ten leading zeros', each((c) => `&#0000000000${c};`)],
    ['hex references with leading zeros', each((c) => `&#x${hex(c, 4)};`)],
    ['references without semicolons', each((c) => `&#${c}`)],
    ['octal-only escapes', each((c) => `\\${c.toString(8).padStart(3, '0')}`)],
    ['short octal escapes', each((c) => `\\${c.toString(8)}`)],
    ['\\U escapes', each((c) => `\\U${hex(c, 8)}`)],
    ['a mix of every form and plain characters', each((c, i) => [`\\x${hex(c, 2)}`, String.fromCharCode(c), `&#${c};`, `\\u${hex(c, 4)}`, `\\${c.toString(8)}`][i % 5])],
    ['only the dashes escaped', key.replace(/-/g, '\\u002D')],
  ])('reads %s', (_name, encoded) => {
    const input = `const k = "${encoded}";`;
    const spans = decodeAll(escapesDecoder, input);
    expect(texts(spans)).toEqual([key]);
    expect([spans[0].start, spans[0].end]).toEqual([11, 11 + encoded.length]);
  });

  it('keeps plain characters before the first escape in the run', () => {
    const encoded = 'sk\\055aisa\\055' + key.slice(8);
    const [span] = decodeAll(escapesDecoder, `x='${encoded}'`);
    expect(Buffer.from(span.bytes).toString()).toBe(key);
    expect(span.start).toBe(3);
  });

  it('stops at the budget and never yields an unchanged run', () => {
    const encoded = each((c) => `\\x${hex(c, 2)}`);
    expect(decodeAll(escapesDecoder, encoded, 12)[0].bytes.length).toBe(12);
    expect(decodeAll(escapesDecoder, 'plain 045; text x2d; here')).toEqual([]);
  });

  it('finds no key in ordinary escaped text and placeholders', () => {
    for (const text of [
      'printf("a\\055b\\n"); s = "\\u002d\\u002d";',
      '<p>&#45;&#45; &#x2d; 045; x2d;</p>',
      'sk\\u002daisa\\u002dYOUR_KEY_HERE',
      'color: #2d2d2d; margin: 045;',
    ]) {
      expect(holdsNoKey(escapesDecoder, text), text).toBe(true);
    }
  });
});
