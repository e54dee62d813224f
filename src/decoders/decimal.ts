// Keys written as decimal code units: `String.fromCharCode(115,107,…)`, `[115, 107, …]` (a Buffer's JSON,
// `list(b'…')`, `new Uint8Array([…])`, `bytes([…])`), `chr(115)+chr(107)…` (Python, PHP `.`, VB `&`,
// Perl). Each number is one character; numbers above 255 are code points, written out as UTF-8.
import { ByteOut, spanOf } from './output.js';
import type { DecodedSpan, Decoder } from './types.js';

/**
 * The `i`, `s`, `a` of `aisa` are 105 115 97 in every such form; what sits between them is the form's:
 * - `105,115,97` and `105, 115, 97`: lists as JSON, JavaScript and Python print them;
 * - `(105)`: one call per character (`chr(105)`, `Chr(105)`, `String.fromCharCode(105)`);
 * - `fromCharCode(`: a JavaScript call with any spacing or wrapping of its arguments.
 */
const NEEDLES = ['105,115,97', '105, 115, 97', '(105)', 'fromCharCode('];

const BACK_TOKENS = 12;
const MAX_SEPARATOR = 64;
const MIN_UNITS = 4;
/** Words allowed between numbers: the per-character calls. */
const CALLS = new Set(['chr', 'chrw', 'char', 'chr$', 'chrw$', 'mb_chr', 'unichr']);

const isDigit = (c: number) => c >= 48 && c <= 57;
const isLetter = (c: number) => (c | 32) >= 97 && (c | 32) <= 122;
/** Spaces, commas, brackets and the concatenation operators (`+`, `.`, `&`, VB's `_` continuation). */
const isPunctuation = (c: number) =>
  c === 32 || c === 9 || c === 10 || c === 13 || c === 44 || c === 43 || c === 46 || c === 38 || c === 40 || c === 41 || c === 95;

export const decimalDecoder: Decoder = {
  name: 'decimal',
  needles: NEEDLES,
  decodeAt(input, at, maxBytes) {
    if (input[at] === 102) return decode(input, separatorEnd(input, at + 'fromCharCode'.length), maxBytes); // fromCharCode(
    const boundary = input[at] === 40 ? at + 1 : at;
    return decode(input, backToStart(input, boundary), maxBytes);
  },
};

/** Where the separator starting at `p` ends: punctuation and call names, at most MAX_SEPARATOR bytes. */
function separatorEnd(input: Uint8Array, p: number): number {
  const start = p;
  while (p < input.length && p - start < MAX_SEPARATOR) {
    if (isPunctuation(input[p])) p++;
    else if (isLetter(input[p])) {
      let q = p;
      while (q < input.length && q - p < 8 && (isLetter(input[q]) || input[q] === 36 || input[q] === 95)) q++;
      if (!CALLS.has(Buffer.from(input.subarray(p, q)).toString('latin1').toLowerCase())) return p;
      p = q;
    } else break;
  }
  return p;
}

function numberEnd(input: Uint8Array, p: number): number {
  let q = p;
  while (q < input.length && q - p < 8 && isDigit(input[q])) q++;
  return q;
}

/** Back over at most BACK_TOKENS numbers whose separators read forward to the boundary. */
function backToStart(input: Uint8Array, boundary: number): number {
  let start = boundary;
  for (let tokens = 0; tokens < BACK_TOKENS; tokens++) {
    let q = start;
    while (q > 0 && start - q < MAX_SEPARATOR && (isPunctuation(input[q - 1]) || isLetter(input[q - 1]) || input[q - 1] === 36)) q--;
    let r = q;
    while (r > 0 && q - r < 8 && isDigit(input[r - 1])) r--;
    // The stretch stepped over must read forward as one separator (`) + chr(`), not as other words.
    if (r === q) break;
    if (numberEnd(input, r) !== q || separatorEnd(input, q) !== start) break;
    start = r;
  }
  return start;
}

function decode(input: Uint8Array, start: number, maxBytes: number): DecodedSpan | undefined {
  const out = new ByteOut(maxBytes);
  let p = start;
  let end = start;
  let units = 0;
  while (!out.full && p < input.length && isDigit(input[p])) {
    const q = numberEnd(input, p);
    if (q < input.length && isDigit(input[q])) break;
    const value = Number(Buffer.from(input.subarray(p, q)).toString('latin1'));
    if (value > 0x10ffff || !(value <= 255 ? out.push(value) : out.pushCodePoint(value))) break;
    units++;
    end = q;
    p = separatorEnd(input, q);
  }
  return units >= MIN_UNITS ? spanOf(input, start, end, out) : undefined;
}
