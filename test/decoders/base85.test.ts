import { describe, expect, it } from 'vitest';
import { ascii85Decoder, base85Encode, z85Decoder } from '../../src/decoders/base85.js';
import { fakeKey } from '../helpers/keys.js';
import { decodeAll, holdsNoKey, texts } from './helpers.js';

const key = fakeKey('base85-decoder');

describe('base85 decoders', () => {
  it('encode as the references do', () => {
    // Wikipedia's Ascii85 example and ZeroMQ's Z85 test vector.
    expect(base85Encode(Buffer.from('Man '), 'ascii85')).toBe('9jqo^');
    expect(base85Encode(Buffer.from([0x86, 0x4f, 0xd2, 0x6f, 0xb5, 0x59, 0xf7, 0x5b]), 'z85')).toBe('HelloWorld');
  });

  it.each([
    ['ascii85', ascii85Decoder],
    ['z85', z85Decoder],
  ] as const)('%s: every alignment, the exact span', (name, decoder) => {
    for (const lead of ['', 'a', 'ab', 'abc', 'abcdefghi']) {
      // Z85 encodes whole groups only: pad to a multiple of four.
      let payload = `${lead}${key}`;
      if (name === 'z85') payload = payload.padEnd(Math.ceil(payload.length / 4) * 4, ' ');
      const encoded = base85Encode(Buffer.from(payload), name);
      const input = name === 'ascii85' ? `<~${encoded}~>\n` : `z85:${encoded}\n`;
      const spans = decodeAll(decoder, input);
      expect(texts(spans), lead).toEqual([payload]);
      const start = input.indexOf(encoded);
      expect([spans[0].start, spans[0].end]).toEqual([start, start + encoded.length]);
    }
  });

  it('ascii85: reads z groups and line breaks inside the run', () => {
    const payload = Buffer.from(key);
    const encoded = base85Encode(payload, 'ascii85');
    const wrapped = encoded.slice(0, 20) + '\n' + encoded.slice(20);
    expect(texts(decodeAll(ascii85Decoder, `<~${wrapped}~>`))).toEqual([key]);
    const whole = key.padEnd(52, '.');
    const withZeros = base85Encode(Buffer.from(whole), 'ascii85') + 'z' + base85Encode(Buffer.from('tail'), 'ascii85');
    expect(texts(decodeAll(ascii85Decoder, withZeros))).toEqual([`${whole}\0\0\0\0tail`]);
  });

  it('finds no key in ordinary text and placeholders', () => {
    for (const text of [
      '<~9jqo^BlbD-BleB1DJ+*+F(f,q/0JhKF<GL>Cj@.4Gp$d7F!,L7@<6@)/0JDEF<G%<+EV:2F!,O<DJ+*.@<*K0@<6L(Df-\\0Ec5e;DffZ(EZee.Bl.9pF"AGXBPCsi+DGm>@3BB/F*&OCAfu2/AKYi(DIb:@FD,*)+C]U=@3BB/F*&OCAfu2/AKY~>',
      base85Encode(Buffer.from('sk-aisa-' + 'x'.repeat(44)), 'ascii85'),
      base85Encode(Buffer.from('sk-aisa-' + 'x'.repeat(44)), 'z85'),
    ]) {
      expect(holdsNoKey(ascii85Decoder, text) && holdsNoKey(z85Decoder, text), text).toBe(true);
    }
  });
});
