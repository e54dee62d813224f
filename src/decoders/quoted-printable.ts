// Quoted-printable (RFC 2045 mail bodies, MHTML, .eml attachments): soft line breaks (`=` at a line's
// end, CRLF or LF) may fall anywhere, also inside a key, and any byte may be written `=XX` (`=3D`).
import { ByteOut, hexValue, isKeyChar, nextByte, spanOf } from './output.js';
import type { DecodedSpan, Decoder } from './types.js';

/**
 * A soft break inside `sk-aisa-` leaves either `aisa-` whole (a break in the first three characters,
 * or none: the break is then in the body) or ends a line with `sk-a`, `sk-ai`, `sk-ais`, `sk-aisa`
 * followed by its `=`.
 */
const NEEDLES = ['aisa-', 'sk-a=', 'sk-ai=', 'sk-ais=', 'sk-aisa='];

/** Room before an `aisa-` hit for `sk-` and a soft break. */
const BEFORE = 8;
/** Encoders wrap at 76: a run longer than this with no soft break or escape is no quoted-printable. */
const LINE = 78;

export const quotedPrintableDecoder: Decoder = {
  name: 'quoted-printable',
  needles: NEEDLES,
  decodeAt(input, at, maxBytes) {
    const start = runStart(input, at);
    // No `=` within a line's reach: no soft break or escape, so nothing to decode (and a line of
    // needles is read once, not LINE bytes a hit).
    if (nextByte(input, start, 61, start + LINE + 1) > start + LINE) return undefined;
    return decode(input, start, maxBytes);
  },
};

/** Length of the soft break or escape at `p`, or 0. */
function codeAt(input: Uint8Array, p: number): number {
  if (input[p] !== 61) return 0;
  if (input[p + 1] === 10) return 2;
  if (input[p + 1] === 13 && input[p + 2] === 10) return 3;
  return hexValue(input[p + 1]) !== -1 && hexValue(input[p + 2]) !== -1 ? 3 : 0;
}

function runStart(input: Uint8Array, at: number): number {
  let p = at;
  while (p > 0 && at - p < BEFORE) {
    if (isKeyChar(input[p - 1])) p--;
    else if (input[p - 1] === 10 && input[p - 2] === 61) p -= 2; // =\n
    else if (input[p - 1] === 10 && input[p - 2] === 13 && input[p - 3] === 61) p -= 3; // =\r\n
    else break;
  }
  return p;
}

function decode(input: Uint8Array, start: number, maxBytes: number): DecodedSpan | undefined {
  const out = new ByteOut(maxBytes);
  let p = start;
  let sinceCode = 0;
  while (p < input.length && !out.full && sinceCode <= LINE) {
    const width = codeAt(input, p);
    if (width) {
      if (width === 3 && input[p + 1] !== 13) out.push(hexValue(input[p + 1]) * 16 + hexValue(input[p + 2]));
      p += width;
      sinceCode = 0;
    } else if (isKeyChar(input[p])) {
      out.push(input[p++]);
      sinceCode++;
    } else break;
  }
  return spanOf(input, start, p, out);
}
