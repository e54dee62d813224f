import { describe, expect, it } from 'vitest';
import { decimalDecoder } from '../../src/decoders/decimal.js';
import { fakeKey } from '../helpers/keys.js';
import { decodeAll, holdsNoKey, texts } from './helpers.js';

const key = fakeKey('decimal-decoder');
const codes = [...Buffer.from(key)];

describe('decimal code-unit decoder', () => {
  it.each([
    ['String.fromCharCode', `eval(String.fromCharCode(${codes.join(',')}))`],
    ['fromCharCode wrapped', `String.fromCharCode(\n  ${codes.join(',\n  ')}\n)`],
    ['a JSON Buffer', `{"type":"Buffer","data":[${codes.join(',')}]}`],
    ['a Python list', `key = bytes([${codes.join(', ')}])`],
    ['chr() + chr()', `k = ${codes.map((c) => `chr(${c})`).join(' + ')}`],
    ['PHP chr() . chr()', `$k = ${codes.map((c) => `chr(${c})`).join('.')};`],
    ['VB Chr() & Chr() with continuations', `k = ${codes.map((c) => `Chr(${c})`).join(' & _\n    ')}`],
  ])('reads %s', (_name, input) => {
    expect(texts(decodeAll(decimalDecoder, input))).toEqual([key]);
  });

  it('gives the exact span and bytes of a list', () => {
    const list = codes.join(', ');
    const input = `x = [${list}]\n`;
    const [span] = decodeAll(decimalDecoder, input);
    expect([span.start, span.end]).toEqual([5, 5 + list.length]);
    expect(Buffer.from(span.bytes).toString()).toBe(key);
  });

  it('starts at the first number of a long list', () => {
    const list = [...Buffer.from(`token=${key}`)].join(',');
    const [span] = decodeAll(decimalDecoder, `[${list}]`);
    expect(span.start).toBe(1);
    expect(Buffer.from(span.bytes).toString()).toBe(`token=${key}`);
  });

  it('writes code points above 255 as UTF-8 and stops at the budget', () => {
    const [span] = decodeAll(decimalDecoder, `String.fromCharCode(8364, ${codes.join(', ')})`, 10);
    expect(Buffer.from(span.bytes).toString('utf8').startsWith('€sk-aisa')).toBe(true);
    expect(span.bytes.length).toBe(10);
  });

  it('finds no key in ordinary numbers and code', () => {
    for (const text of [
      'sizes = [105, 115, 97, 12, 400]',
      'if (x == chr(105)) return;',
      'String.fromCharCode(65, 66)',
      `[${[...Buffer.from('sk-aisa-your-key-here-xxxxxxxxxxxxxxxxxxxxxxxxxx')].join(',')}]`,
      'version (105) released; 105,115,97 things',
    ]) {
      expect(holdsNoKey(decimalDecoder, text), text).toBe(true);
    }
  });
});
