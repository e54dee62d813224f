import { describe, expect, it } from 'vitest';
import { utf32beDecoder, utf32leDecoder } from '../../src/decoders/utf32.js';
import { fakeKey } from '../helpers/keys.js';
import { decodeAll, holdsNoKey, texts } from './helpers.js';

const key = fakeKey('utf32-decoder');

function utf32(text: string, order: 'le' | 'be', bom: boolean): Buffer {
  const units = [...(bom ? '\ufeff' : '') + text].map((c) => {
    const b = Buffer.alloc(4);
    if (order === 'le') b.writeUInt32LE(c.codePointAt(0)!);
    else b.writeUInt32BE(c.codePointAt(0)!);
    return b;
  });
  return Buffer.concat(units);
}

describe('UTF-32 decoders', () => {
  it.each([
    ['le', false], ['le', true], ['be', false], ['be', true],
  ] as const)('%s, BOM %s: the exact span, non-ASCII text as UTF-8', (order, bom) => {
    const text = `clé: ${key}\n`;
    const input = utf32(text, order, bom);
    const decoder = order === 'le' ? utf32leDecoder : utf32beDecoder;
    const other = order === 'le' ? utf32beDecoder : utf32leDecoder;
    const spans = decodeAll(decoder, input);
    expect(texts(spans).map((t) => Buffer.from(t, 'latin1').toString('utf8'))).toEqual([text]);
    expect([spans[0].start, spans[0].end]).toEqual([bom ? 4 : 0, input.length]);
    expect(decodeAll(other, input)).toEqual([]);
  });

  it('reads a UTF-32 string inside binary data at the stream`s alignment and stops at the budget', () => {
    const input = Buffer.concat([Buffer.from([0, 1, 2, 3, 0xff, 0xff, 0xff, 0xff]), utf32(key, 'le', false), Buffer.from([0xff, 0xfe, 0xfd, 0xfc])]);
    const [span] = decodeAll(utf32leDecoder, input);
    expect([span.start, span.end]).toEqual([8, 8 + 4 * key.length]);
    expect(decodeAll(utf32leDecoder, input, 10)[0].bytes.length).toBe(10);
  });

  it('finds no key in placeholders or UTF-16', () => {
    expect(holdsNoKey(utf32leDecoder, utf32('sk-aisa-your-key-here', 'le', true).toString('latin1'))).toBe(true);
    expect(decodeAll(utf32leDecoder, Buffer.from(key, 'utf16le'))).toEqual([]);
  });
});
