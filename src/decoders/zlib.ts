// Deflate streams without a gzip header: zlib streams (78 01/5e/9c/da: PDF `FlateDecode`, PNG chunks, git
// objects, application data) and raw deflate after a PDF `stream` keyword. node:zlib with the output
// budget as its maxOutputLength; a truncated stream yields what it decoded.
import zlib from 'node:zlib';
import type { DecodedSpan, Decoder } from './types.js';

/**
 * zlib headers at levels 1, 2-5, 6 (the default) and 7-9. Only `x^` (levels 2-5) is printable; it is
 * taken only where no text precedes it (the start of input or a non-text byte), so math text costs
 * nothing.
 */
const ZLIB_NEEDLES = ['\x78\x01', '\x78\x5e', '\x78\x9c', '\x78\xda'];
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

const isText = (c: number) => (c >= 0x20 && c < 0x7f) || c === 9 || c === 10 || c === 13;

export const zlibDecoder: Decoder = {
  name: 'zlib',
  needles: ZLIB_NEEDLES,
  decodeAt(input, at, maxBytes) {
    if (input[at] !== 0x78 || ((input[at] << 8) | input[at + 1]) % 31 !== 0) return undefined;
    if (input[at + 1] === 0x5e && at > 0 && isText(input[at - 1])) return undefined;
    // A block type of 3 is invalid: most false hits in binary data end here, before zlib is set up.
    if (((input[at + 2] >> 1) & 3) === 3) return undefined;
    return inflateFrom(input, at, maxBytes, zlib.inflateSync);
  },
};

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
