import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { pdfStreamDecoder, zlibDecoder } from '../../src/decoders/zlib.js';
import { fakeKey } from '../helpers/keys.js';
import { decodeAll, texts } from './helpers.js';

const key = fakeKey('zlib-decoder');
const text = `config = { "apiKey": "${key}" }\n`;

describe('zlib and PDF stream decoders', () => {
  it.each([1, 3, 6, 9])('reads a zlib stream at level %i inside other bytes, with its exact span', (level) => {
    const stream = zlib.deflateSync(text, { level });
    const input = Buffer.concat([Buffer.from([0, 1, 2, 0xff]), stream, Buffer.from('trailer')]);
    const spans = decodeAll(zlibDecoder, input);
    expect(texts(spans)).toEqual([text]);
    expect([spans[0].start, spans[0].end]).toEqual([4, 4 + stream.length]);
  });

  it('reads PDF FlateDecode streams, zlib or raw deflate', () => {
    for (const [eol, compress] of [['\r\n', zlib.deflateSync], ['\n', zlib.deflateRawSync]] as const) {
      const body = compress(text);
      const head = `%PDF-1.4\n4 0 obj\n<< /Length ${body.length} /Filter /FlateDecode >>\nstream${eol}`;
      const input = Buffer.concat([Buffer.from(head), body, Buffer.from('\nendstream\nendobj\n')]);
      const spans = decodeAll(pdfStreamDecoder, input);
      expect(texts(spans)).toEqual([text]);
      expect([spans[0].start, spans[0].end]).toEqual([head.length, head.length + body.length]);
    }
  });

  it('stops a bomb at the budget and reads a truncated stream as far as it goes', () => {
    const bomb = zlib.deflateSync(Buffer.alloc(5_000_000, 0x61));
    const [span] = decodeAll(zlibDecoder, bomb, 1 << 16);
    expect(span.bytes.length).toBeLessThanOrEqual(1 << 16);
    expect(span.bytes.length).toBeGreaterThan(0);
    const long = zlib.deflateSync(Buffer.concat([Buffer.from(text), randomBytes(20_000)]));
    const [partial] = decodeAll(zlibDecoder, long.subarray(0, Math.floor(long.length / 2)));
    expect(Buffer.from(partial.bytes).toString()).toContain(key);
  });

  it('ignores x^ in text, a stream word in code and random binary', () => {
    expect(decodeAll(zlibDecoder, 'solve x^2 + 3x^5 = 0; ' + 'x^'.repeat(1000))).toEqual([]);
    expect(decodeAll(pdfStreamDecoder, 'const stream\n= open();\nreturn stream\r\n')).toEqual([]);
    const noise = Buffer.alloc(4096);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919) & 0xff;
    expect(() => decodeAll(zlibDecoder, noise)).not.toThrow();
  });
});
