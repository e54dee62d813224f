// Percent-encoding in any mix with plain characters (`sk-a%69sa-…`, `%73%6B%2D…`, `sk%2Daisa%2D…`): what
// an obfuscator, a half-encoding URL builder or a hand edit writes. Strict encoders never encode letters,
// so an encoded letter of the prefix is itself rare.
import { ByteOut, hexValue, isKeyChar, spanOf } from './output.js';
import type { DecodedSpan, Decoder } from './types.js';

/**
 * A prefix with any of its letters encoded holds that letter's escape (`%73` s, `%6b`/`%6B` k, `%61` a,
 * `%69` i); one with only dashes encoded holds `%2daisa` (first dash, or both) or `aisa%2d` (second only).
 */
const NEEDLES = ['%73', '%6b', '%6B', '%61', '%69', '%2daisa', '%2Daisa', 'aisa%2d', 'aisa%2D'];

/** Room before the hit for the rest of an encoded prefix (`%73%6B%2D%61` before `%69`). */
const BEFORE = 3 * 8;

export const percentDecoder: Decoder = {
  name: 'percent',
  needles: NEEDLES,
  decodeAt(input, at, maxBytes) {
    return decode(input, runStart(input, at), maxBytes);
  },
};

const escapeAt = (input: Uint8Array, p: number) =>
  input[p] === 37 && hexValue(input[p + 1]) !== -1 && hexValue(input[p + 2]) !== -1;

function runStart(input: Uint8Array, at: number): number {
  let p = at;
  while (p > 0 && at - p < BEFORE && (isKeyChar(input[p - 1]) || input[p - 1] === 37)) p--;
  // Never start on the digits of an escape cut by the bound.
  for (const back of [1, 2]) if (p >= back && escapeAt(input, p - back)) p += 3 - back;
  return p;
}

function decode(input: Uint8Array, start: number, maxBytes: number): DecodedSpan | undefined {
  const out = new ByteOut(maxBytes);
  let p = start;
  while (p < input.length && !out.full) {
    if (escapeAt(input, p)) {
      out.push(hexValue(input[p + 1]) * 16 + hexValue(input[p + 2]));
      p += 3;
    } else if (isKeyChar(input[p])) out.push(input[p++]);
    else break;
  }
  return spanOf(input, start, p, out);
}
