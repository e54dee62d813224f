// Hex as dump tools and code write it: `xxd -p` wrapped at any column, `xxd` and `hexdump -C` canonical
// dumps (offset column, grouped bytes, ASCII column), space- or colon-separated bytes, and byte lists
// with a prefix per byte (`0x73, 0x6b` in C/Java/Go/Python/JS arrays, `\x73\x6b` in strings, split
// over lines and string literals). One-line contiguous hex is src/detect/codecs.ts's; it is read here
// too when a line break cuts it.
import { ByteOut, hexValue, isSpace, spanOf } from './output.js';
import type { DecodedSpan, Decoder } from './types.js';

/**
 * `sk-aisa-` is 73 6b 2d 61 69 73 61 2d. Digit-only stretches need no case variants. A dump or a wrap
 * breaks the 8 bytes at most once (lines of 16 or 30 bytes, hexdump's mid-line gap after 8), so either
 * bytes 4-7 (`isa-`) or bytes 0-4 (`sk-ai`) are whole on one side of the break:
 * - `x69`, `X69`: every prefixed form (`0x69`, `\x69`) of the `i`;
 * - `6973612` / `2d6169` `2D6169`: contiguous and wrapped hex (xxd -p), either side of a break;
 * - `69 73 61 2` / `2d 61 69` `2D 61 69`: bytes separated by spaces (hexdump -C, od-style, hand-written);
 * - xxd's 2-byte groups at an even offset (`6973 612d`, or `2d61 6973` before a break) and at an odd
 *   one (`6169 7361`, or `6b2d 6169` before a break), cut to their digit-rich middles.
 */
const NEEDLES = [
  'x69', 'X69',
  '6973612', '2d6169', '2D6169',
  '69 73 61 2', '2d 61 69', '2D 61 69',
  '3 612', '1 6973', '9 7361', 'd 6169', 'D 6169',
];

/** Bytes before the needle that the key's start may need (`sk-a` and a few more, for a wrapped start). */
const BACK_TOKENS = 12;
/** Separators longer than this end a run (indentation of a wrapped array fits). */
const MAX_SEPARATOR = 64;
/** Fewer decoded bytes than this is no run worth a view. */
const MIN_BYTES = 4;
/** A dump line's offset column: 4 to 16 hex digits. */
const OFFSET_DIGITS = [4, 16];

export const hexDecoder: Decoder = {
  name: 'hex',
  needles: NEEDLES,
  decodeAt(input, at, maxBytes) {
    const line = lineStart(input, at);
    if (isDumpLine(input, line)) return decodeDump(input, dumpStart(input, line), maxBytes);
    const prefixed = (input[at] | 32) === 0x78 && at > 0;
    // A needle that starts on a byte's second digit (`3 612`) has its byte boundary one further on.
    const boundary = prefixed ? at - 1 : input[at + 1] === 32 && hexValue(input[at + 2]) !== -1 && input[at + 3] !== 32 ? at + 1 : at;
    return decodeList(input, backToStart(input, boundary, prefixed), prefixed, maxBytes);
  },
};

// --- byte lists: `0x73, 0x6b`, `\x73\x6b`, `736b2d61` wrapped, `73 6b 2d` ------------------------------------

/** Prefixed forms allow string quotes between bytes (`"\x73\x6b"\n  "\x2d"`), bare ones do not. */
function isSeparator(code: number, prefixed: boolean): boolean {
  return isSpace(code) || code === 44 || code === 58 || (prefixed && (code === 34 || code === 39 || code === 59));
}

/** Width of the token starting at `p` (prefix included), or 0. */
function tokenAt(input: Uint8Array, p: number, prefixed: boolean): number {
  if (!prefixed) return hexValue(input[p]) !== -1 && hexValue(input[p + 1]) !== -1 ? 2 : 0;
  const lead = input[p];
  if (!((lead === 0x30 || lead === 0x5c) && (input[p + 1] | 32) === 0x78)) return 0; // 0x or \x
  if (hexValue(input[p + 2]) === -1) return 0;
  return hexValue(input[p + 3]) !== -1 ? 4 : 3;
}

/** Walk back from a token boundary over at most BACK_TOKENS tokens and their separators. */
function backToStart(input: Uint8Array, boundary: number, prefixed: boolean): number {
  let start = boundary;
  let p = boundary;
  for (let tokens = 0; tokens < BACK_TOKENS && p > 0; ) {
    let q = p;
    while (q > 0 && p - q < MAX_SEPARATOR && isSeparator(input[q - 1], prefixed)) q--;
    let width = 0;
    for (let w = prefixed ? 4 : 2; w >= 2 && !width; w--) if (q - w >= 0 && tokenAt(input, q - w, prefixed) === w) width = w;
    if (!width) break;
    p = q - width;
    start = p;
    tokens++;
  }
  return start;
}

function decodeList(input: Uint8Array, start: number, prefixed: boolean, maxBytes: number): DecodedSpan | undefined {
  const out = new ByteOut(maxBytes);
  let p = start;
  let end = start;
  while (!out.full) {
    const width = tokenAt(input, p, prefixed);
    if (!width) break;
    const digits = input.subarray(p + width - (width === 3 ? 1 : 2), p + width);
    out.push(digits.length === 1 ? hexValue(digits[0]) : hexValue(digits[0]) * 16 + hexValue(digits[1]));
    end = p += width;
    let q = p;
    while (q < input.length && q - p < MAX_SEPARATOR && isSeparator(input[q], prefixed)) q++;
    p = q;
  }
  return out.length >= MIN_BYTES ? spanOf(input, start, end, out) : undefined;
}

// --- canonical dumps: `00000000: 736b 2d61 …  sk-a…` (xxd), `00000000  73 6b 2d 61 …  |sk-a…|` (hexdump -C)

function lineStart(input: Uint8Array, at: number): number {
  let p = at;
  // Dump lines are short; a longer look back is no dump line.
  while (p > 0 && at - p < 256 && input[p - 1] !== 10) p--;
  return p;
}

/** Where the offset column ends (after its `:` and spaces), or -1 when the line starts no dump line. */
function offsetEnd(input: Uint8Array, line: number): number {
  let p = line;
  while (p < input.length && hexValue(input[p]) !== -1 && p - line <= OFFSET_DIGITS[1]) p++;
  if (p - line < OFFSET_DIGITS[0] || p - line > OFFSET_DIGITS[1]) return -1;
  if (input[p] === 58 && input[p + 1] === 32) return p + 2; // xxd
  if (input[p] === 32 && input[p + 1] === 32) return p + 2; // hexdump -C
  return -1;
}

function isDumpLine(input: Uint8Array, line: number): boolean {
  const p = offsetEnd(input, line);
  return p !== -1 && hexValue(input[p]) !== -1 && hexValue(input[p + 1]) !== -1;
}

/** The key may start on the line before the needle's. */
function dumpStart(input: Uint8Array, line: number): number {
  if (line < 2) return line;
  const previous = lineStart(input, line - 1);
  return isDumpLine(input, previous) ? previous : line;
}

function decodeDump(input: Uint8Array, start: number, maxBytes: number): DecodedSpan | undefined {
  const out = new ByteOut(maxBytes);
  let line = start;
  let end = start;
  while (!out.full && line < input.length && isDumpLine(input, line)) {
    const canonical = input[offsetEnd(input, line) - 2] === 32; // hexdump -C: a gap after 8 bytes
    let p = offsetEnd(input, line);
    let inLine = 0;
    while (!out.full && hexValue(input[p]) !== -1 && hexValue(input[p + 1]) !== -1) {
      out.push(hexValue(input[p]) * 16 + hexValue(input[p + 1]));
      inLine++;
      end = p += 2;
      if (input[p] === 32 && hexValue(input[p + 1]) !== -1) p++;
      else if (canonical && inLine === 8 && input[p] === 32 && input[p + 1] === 32) p += 2;
    }
    while (p < input.length && input[p] !== 10) p++;
    line = p + 1;
  }
  return out.length >= MIN_BYTES ? spanOf(input, start, end, out) : undefined;
}

