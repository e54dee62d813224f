import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { pdfStreamDecoder, pngTextDecoder, zlibDecoder } from '../../src/decoders/zlib.js';
import { fakeKey } from '../helpers/keys.js';
import { decodeAll, texts } from './helpers.js';

const key = fakeKey('zlib-decoder');
const text = `config = { "apiKey": "${key}" }\n`;

/** A PNG chunk: length, type, data, CRC (not checked by the decoder: zeros). */
const chunk = (type: string, data: Buffer) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, Buffer.from(type, 'latin1'), data, Buffer.alloc(4)]);
};
const PNG_HEAD = Buffer.from('89504e470d0a1a0a', 'hex');

describe('zlib and PDF stream decoders', () => {
  it.each([1, 3, 6, 9])('reads a view that starts with a zlib stream at level %i, with its exact span', (level) => {
    const stream = zlib.deflateSync(text, { level });
    const spans = decodeAll(zlibDecoder, Buffer.concat([stream, Buffer.from('trailer')]));
    expect(texts(spans)).toEqual([text]);
    expect([spans[0].start, spans[0].end]).toEqual([0, stream.length]);
  });

  it('takes no zlib header inside other bytes: only a format that says a stream starts there', () => {
    const input = Buffer.concat([Buffer.from([0, 1, 2, 0xff]), zlib.deflateSync(text), Buffer.from('trailer')]);
    expect(decodeAll(zlibDecoder, input)).toEqual([]);
  });

  it('reads the compressed text chunks of a PNG (zTXt, compressed iTXt) with their exact chunk spans', () => {
    const ztxt = chunk('zTXt', Buffer.concat([Buffer.from('workflow\0\0'), zlib.deflateSync(text)]));
    const itxt = chunk('iTXt', Buffer.concat([Buffer.from('prompt\0\x01\0en\0Prompt\0'), zlib.deflateSync(text)]));
    const plain = chunk('iTXt', Buffer.from(`prompt\0\0\0\0\0${text}`));
    const png = Buffer.concat([PNG_HEAD, ztxt, plain, itxt]);
    const spans = decodeAll(pngTextDecoder, png);
    expect(texts(spans)).toEqual([text, text]);
    const itxtAt = PNG_HEAD.length + ztxt.length + plain.length;
    expect(spans.map((s) => [s.start, s.end])).toEqual([
      [PNG_HEAD.length, PNG_HEAD.length + ztxt.length - 4],
      [itxtAt, itxtAt + itxt.length - 4],
    ]);
    // A chunk whose length runs past the input, or a type word in text, is no chunk.
    expect(decodeAll(pngTextDecoder, Buffer.concat([PNG_HEAD, ztxt.subarray(0, ztxt.length - 12)]))).toEqual([]);
    expect(decodeAll(pngTextDecoder, 'the zTXt and iTXt chunks')).toEqual([]);
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
