// Deflate streams without a gzip header, where a format's structure says one starts: a view that begins
// with a zlib header (git loose objects, `.zz` files, a decoded payload), the compressed text chunks of a
// PNG (zTXt, iTXt), and the body after a PDF `stream` keyword (zlib or raw deflate). node:zlib with the
// output budget as its maxOutputLength; a truncated stream yields what it decoded.
//
// Not a zlib header anywhere in any bytes: two-byte needles hit every few KB of binary data, and trying
// each cost a directory scan of npm packages 1.3 s against 0.14 s for every other needle together.
import zlib from 'node:zlib';
import type { DecodedSpan, Decoder } from './types.js';

/** zlib headers at levels 1, 2-5, 6 (the default) and 7-9. */
const ZLIB_HEADERS = ['\x78\x01', '\x78\x5e', '\x78\x9c', '\x78\xda'];
/** A PDF stream body starts after `stream` and an end of line; its dictionary closes with `>>` just before. */
const PDF_NEEDLES = ['stream\r\n', 'stream\n'];

const SYNC = { finishFlush: zlib.constants.Z_SYNC_FLUSH };

type Inflate = typeof zlib.inflateSync;

/** Inflate from `start`; on a bomb past the budget, retry on shorter input (halving) so output fits. */
function inflateFrom(input: Uint8Array, start: number, maxBytes: number, inflate: Inflate): DecodedSpan | undefined {
  // Deflate never needs much more input than it yields (stored blocks add 5 bytes per 64 KB): a window
  // of twice the budget bounds the work a hit that is no stream can cost.
  let length = Math.min(input.length - start, 2 * maxBytes + 1024);
  for (let attempt = 0; attempt < 24 && length > 0; attempt++) {
    try {
      const { buffer, engine } = inflate(input.subarray(start, start + length), { ...SYNC, maxOutputLength: Math.max(1, maxBytes), info: true }) as unknown as {
        buffer: Buffer;
        engine: { bytesWritten: number };
      };
      if (buffer.length === 0) return undefined;
      return { start, end: start + engine.bytesWritten, bytes: new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.length) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ERR_BUFFER_TOO_LARGE') return undefined;
      length = Math.floor(length / 2);
    }
  }
  return undefined;
}

/** A zlib stream at `at`: its header checks out and its first block type is valid, before zlib is set up. */
function zlibAt(input: Uint8Array, at: number, maxBytes: number): DecodedSpan | undefined {
  if (input[at] !== 0x78 || ((input[at] << 8) | input[at + 1]) % 31 !== 0) return undefined;
  if (((input[at + 2] >> 1) & 3) === 3) return undefined;
  return inflateFrom(input, at, maxBytes, zlib.inflateSync);
}

export const zlibDecoder: Decoder = {
  name: 'zlib',
  needles: [],
  magic: ZLIB_HEADERS,
  decodeAt: zlibAt,
};

/**
 * PNG's compressed text chunks (`zTXt`, and `iTXt` with its compression flag set): a 4-byte length
 * before the type, then keyword NUL, (iTXt: flag, method, language NUL, translated keyword NUL) and a zlib
 * stream to the chunk's end. Image tools and generators keep settings and prompts there.
 */
export const pngTextDecoder: Decoder = {
  name: 'png-text',
  needles: ['zTXt', 'iTXt'],
  decodeAt(input, at, maxBytes) {
    if (at < 4) return undefined;
    const length = ((input[at - 4] << 24) | (input[at - 3] << 16) | (input[at - 2] << 8) | input[at - 1]) >>> 0;
    const end = at + 4 + length;
    if (end > input.length) return undefined;
    let p = nulAfter(input, at + 4, Math.min(end, at + 4 + 80));
    if (p === undefined) return undefined;
    if (input[at] === 0x69 /* iTXt */) {
      if (input[p] !== 1 || input[p + 1] !== 0) return undefined;
      p = nulAfter(input, p + 2, end);
      p = p === undefined ? undefined : nulAfter(input, p, end);
      if (p === undefined) return undefined;
    } else if (input[p++] !== 0) return undefined;
    const span = zlibAt(input.subarray(0, end), p, maxBytes);
    return span && { start: at - 4, end, bytes: span.bytes };
  },
};

/** The offset just past the first NUL in [from, to), or undefined. */
function nulAfter(input: Uint8Array, from: number, to: number): number | undefined {
  for (let i = from; i < to; i++) if (input[i] === 0) return i + 1;
  return undefined;
}

export const pdfStreamDecoder: Decoder = {
  name: 'deflate',
  needles: PDF_NEEDLES,
  decodeAt(input, at, maxBytes) {
    let p = at;
    while (p > 0 && at - p < 4 && (input[p - 1] === 32 || input[p - 1] === 10 || input[p - 1] === 13)) p--;
    if (input[p - 1] !== 62 || input[p - 2] !== 62) return undefined; // >>
    const body = at + (input[at + 6] === 13 ? 8 : 7);
    // FlateDecode is zlib; some writers leave out its header (raw deflate).
    return inflateFrom(input, body, maxBytes, zlib.inflateSync) ?? inflateFrom(input, body, maxBytes, zlib.inflateRawSync);
  },
};
