// UTF-32 text, little- or big-endian, with or without a byte-order mark (some Windows and ICU tools, test
// data, strings in binaries). Decoded to UTF-8.
import { ByteOut, spanOf } from './output.js';
import type { DecodedSpan, Decoder } from './types.js';

/**
 * `isa-` as UTF-32: little-endian `i\0\0\0s\0\0\0a\0\0\0-` and big-endian `\0\0\0i\0\0\0s\0\0\0a\0\0\0-`
 * share these 13 bytes, so one needle serves both orders. An ASCII run reads the same in either order
 * but for a 3-byte shift: the order is the byte-order mark's when the run starts with one, else the
 * hit's alignment (big-endian puts the hit at 3 mod 4 of a stream that starts at a multiple of four).
 */
const NEEDLE = 'i\0\0\0s\0\0\0a\0\0\0-';
const BACK_UNITS = 64;

type Order = 'le' | 'be';

function unitAt(input: Uint8Array, p: number, order: Order): number {
  if (p < 0 || p + 4 > input.length) return -1;
  const v = order === 'le'
    ? input[p] | (input[p + 1] << 8) | (input[p + 2] << 16) | (input[p + 3] << 24)
    : (input[p] << 24) | (input[p + 1] << 16) | (input[p + 2] << 8) | input[p + 3];
  return v >>> 0;
}

/** Text units only: a run of controls, surrogates or values past U+10FFFF is no UTF-32 text; a BOM starts one. */
function isTextUnit(u: number): boolean {
  return (u >= 0x20 && u <= 0x10ffff && (u < 0xd800 || u > 0xdfff) && (u < 0x7f || u > 0x9f) && u !== 0xfeff) || u === 9 || u === 10 || u === 13;
}

function decoderFor(order: Order): Decoder {
  return {
    name: order === 'le' ? 'utf-32le' : 'utf-32be',
    needles: [NEEDLE],
    decodeAt(input, at, maxBytes) {
      const unit = order === 'le' ? at : at - 3;
      if (unit < 0) return undefined;
      let start = unit;
      for (let n = 0; n < BACK_UNITS && isTextUnit(unitAt(input, start - 4, order)); n++) start -= 4;
      const bom = bomOrder(input, start - 4) ?? (at % 4 === 3 ? 'be' : 'le');
      if (bom !== order) return undefined;
      return decode(input, start, order, maxBytes);
    },
  };
}

function bomOrder(input: Uint8Array, p: number): Order | undefined {
  if (unitAt(input, p, 'le') === 0xfeff) return 'le';
  if (unitAt(input, p, 'be') === 0xfeff) return 'be';
  return undefined;
}

function decode(input: Uint8Array, start: number, order: Order, maxBytes: number): DecodedSpan | undefined {
  const out = new ByteOut(maxBytes);
  let p = start;
  for (let u = unitAt(input, p, order); isTextUnit(u) && out.pushCodePoint(u); u = unitAt(input, p, order)) p += 4;
  return spanOf(input, start, p, out);
}

export const utf32leDecoder = decoderFor('le');
export const utf32beDecoder = decoderFor('be');
