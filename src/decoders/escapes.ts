// Keys written with source-code escapes or character references, in any mix with plain characters:
// `\u0073`, `\u{0000073}` (any number of leading zeros), `\U00000073`, `\x73`, octal-only `\163\153`,
// regex `\-`, `&#115;`, `&#0000000000115;`, `&#x0073;` (`;` optional, as browsers read it) and the named
// references a key or its quotes can take. Every escaped character keeps its place in the span.
import { ByteOut, hexValue, isKeyChar, spanOf } from './output.js';
import type { DecodedSpan, Decoder } from './types.js';

/**
 * An encoder that escapes letters escapes `-` too (one that escapes only `-` writes exactly these), so
 * the dash's escapes are the needles, both hex cases: `\u002d`, `\x2d`, `\U0000002d`, `\u{…2d}` with any
 * leading zeros (`2d}`), octal `\055` and `\55`, `&#45` (with or without `;`), leading-zero decimal
 * references (`045;`) and hex references (`x2d;`, `02d;` for leading zeros).
 */
const NEEDLES = [
  '\\u002d', '\\u002D', '\\x2d', '\\x2D', '\\U0000002', '2d}', '2D}', '\\055', '\\55',
  '&#45', '045;', 'x2d;', 'x2D;', 'X2d;', 'X2D;', '02d;', '02D;',
];

/** Room before the dash for `sk` in the longest forms (`&#00000000000115;&#000000000107;`). */
const BEFORE = 160;
/** Digits read in one escape: leading zeros beyond this are no encoder's. */
const MAX_DIGITS = 32;

const NAMED: Record<string, number> = { amp: 38, lt: 60, gt: 62, quot: 34, apos: 39, lowbar: 95, UnderBar: 95, hyphen: 45, dash: 45 };
const SIMPLE: Record<string, number> = { n: 10, t: 9, r: 13, b: 8, f: 12, v: 11, 0: 0 };

export const escapesDecoder: Decoder = {
  name: 'escape',
  needles: NEEDLES,
  decodeAt(input, at, maxBytes) {
    return decode(input, runStart(input, at), maxBytes);
  },
};

const isRunByte = (c: number) => isKeyChar(c) || c === 92 || c === 38 || c === 35 || c === 59 || c === 123 || c === 125; // \ & # ; { }

function runStart(input: Uint8Array, at: number): number {
  let p = at;
  while (p > 0 && at - p < BEFORE && isRunByte(input[p - 1])) p--;
  // Stopped by the bound, perhaps inside an escape: start at the next escape instead.
  if (p > 0 && isRunByte(input[p - 1])) while (p < at && input[p] !== 92 && input[p] !== 38) p++;
  return p;
}

interface Token {
  code: number;
  next: number;
}

function decode(input: Uint8Array, start: number, maxBytes: number): DecodedSpan | undefined {
  const out = new ByteOut(maxBytes);
  let p = start;
  while (p < input.length && !out.full) {
    const token = input[p] === 92 ? readEscape(input, p) : input[p] === 38 ? readReference(input, p) : undefined;
    if (token) {
      if (token.code >= 0 && !out.pushCodePoint(token.code)) break;
      p = token.next;
    } else if (isKeyChar(input[p])) {
      out.push(input[p++]);
    } else break;
  }
  return spanOf(input, start, p, out);
}

/** Hex digits from `from`, at most `max`; their end. */
function hexEnd(input: Uint8Array, from: number, max: number): number {
  let p = from;
  while (p < input.length && p - from < max && hexValue(input[p]) !== -1) p++;
  return p;
}

function number(input: Uint8Array, from: number, to: number, radix: number): number {
  let value = 0;
  for (let p = from; p < to; p++) {
    value = value * radix + (radix === 16 ? hexValue(input[p]) : input[p] - 48);
    if (value > 0x10ffff) return -1;
  }
  return value;
}

function readEscape(input: Uint8Array, at: number): Token | undefined {
  const kind = input[at + 1];
  if (kind === undefined) return undefined;
  if (kind === 117 && input[at + 2] === 123) {
    // \u{…}
    const end = hexEnd(input, at + 3, MAX_DIGITS);
    const code = end > at + 3 && input[end] === 125 ? number(input, at + 3, end, 16) : -1;
    return code === -1 ? undefined : { code, next: end + 1 };
  }
  const width = kind === 117 ? 4 : kind === 120 ? 2 : kind === 85 ? 8 : 0; // u x U
  if (width) {
    const end = hexEnd(input, at + 2, width);
    const code = end === at + 2 + width ? number(input, at + 2, end, 16) : -1;
    return code === -1 ? undefined : { code, next: end };
  }
  if (kind >= 48 && kind <= 55) {
    let end = at + 1;
    while (end < input.length && end < at + 4 && input[end] >= 48 && input[end] <= 55) end++;
    return { code: number(input, at + 1, end, 8), next: end };
  }
  if (kind === 10 || kind === 13) return { code: -1, next: kind === 13 && input[at + 2] === 10 ? at + 3 : at + 2 }; // line continuation
  return { code: SIMPLE[String.fromCharCode(kind)] ?? kind, next: at + 2 };
}

function readReference(input: Uint8Array, at: number): Token | undefined {
  if (input[at + 1] === 35) {
    const hex = (input[at + 2] | 32) === 120;
    const from = at + (hex ? 3 : 2);
    let end = from;
    if (hex) end = hexEnd(input, from, MAX_DIGITS);
    else while (end < input.length && end - from < MAX_DIGITS && input[end] >= 48 && input[end] <= 57) end++;
    const code = end > from ? number(input, from, end, hex ? 16 : 10) : -1;
    return code === -1 ? undefined : { code, next: input[end] === 59 ? end + 1 : end };
  }
  let end = at + 1;
  while (end < input.length && end < at + 10 && (input[end] | 32) >= 97 && (input[end] | 32) <= 122) end++;
  const code = input[end] === 59 ? NAMED[Buffer.from(input.subarray(at + 1, end)).toString('latin1')] : undefined;
  return code === undefined ? undefined : { code, next: end + 1 };
}
