// Decoders for keys stored in another form: base64 (Kubernetes Secret data, .npmrc-style auth blobs),
// percent-encoding (URLs) and UTF-16 text. Each decoder only looks at a small window around a literal
// needle, so its cost is bounded however large or hostile the input is.
import { KEY_PREFIX } from './grammar.js';

/** A decoded window and, for each decoded character, the span of original text it came from. */
export interface DecodedWindow {
  text: string;
  starts: number[];
  /** Exclusive. */
  ends: number[];
}

// --- base64 -------------------------------------------------------------------------------------------

export interface Base64Needle {
  /** Characters fixed by the bytes of `sk-aisa-` alone, whatever surrounds them. */
  needle: string;
  /** Index of the needle's first character inside its 4-character quantum. */
  quantumOffset: number;
}

/**
 * The prefix starts at byte 0, 1 or 2 of a 3-byte group; each alignment gives a different run of fixed
 * characters. Found by encoding the prefix between different neighbour bytes and keeping what agrees.
 */
export const BASE64_NEEDLES: readonly Base64Needle[] = [0, 1, 2].map((lead) => {
  const encodings = [0x00, 0xff].flatMap((before) =>
    [0x00, 0xff].map((after) =>
      Buffer.concat([Buffer.alloc(lead, before), Buffer.from(KEY_PREFIX), Buffer.alloc(3, after)]).toString('base64'),
    ),
  );
  let start = -1;
  let needle = '';
  for (let i = 0; i < encodings[0].length; i++) {
    const agreed = encodings.every((e) => e[i] === encodings[0][i]);
    if (agreed) {
      if (start < 0) start = i;
      needle += encodings[0][i];
    } else if (start >= 0) break;
  }
  return { needle, quantumOffset: start % 4 };
});

const BASE64_CHAR = /[A-Za-z0-9+/_-]/;
/** Enough encoded characters for a leading partial group, the prefix and the longest body. */
const BASE64_WINDOW = Math.ceil((2 + KEY_PREFIX.length + 129) / 3) * 4;

/** Decode the base64 quantum run that holds a needle found at `at`. */
export function decodeBase64Around(text: string, at: number, needle: Base64Needle): DecodedWindow | undefined {
  const start = at - needle.quantumOffset;
  if (start < 0) return undefined;
  let end = start;
  const limit = Math.min(text.length, start + BASE64_WINDOW);
  while (end < limit && BASE64_CHAR.test(text[end])) end++;
  const usable = end - ((end - start) % 4 === 1 ? 1 : 0);
  const bytes = Buffer.from(text.slice(start, usable), 'base64');
  const decoded = bytes.toString('latin1');
  const starts: number[] = [];
  const ends: number[] = [];
  // Byte i of a group of three takes its bits from characters i and i+1 of the group's quantum.
  for (let i = 0; i < decoded.length; i++) {
    starts.push(start + Math.floor(i / 3) * 4 + (i % 3));
    ends.push(starts[i] + 2);
  }
  return { text: decoded, starts, ends };
}

// --- percent-encoding -----------------------------------------------------------------------------------

/** `sk%2Daisa%2D…` (only the dashes encoded) or `%73%6B%2D%61%69%73%61%2D…` (every byte encoded). */
export const PERCENT_NEEDLES = ['%2daisa', '%2Daisa', 'aisa%2d', 'aisa%2D', '%61%69%73%61'];
const PERCENT_WINDOW_BEFORE = 3 * 3; // room for `%73%6B%2D` before `%61…`
const PERCENT_WINDOW_AFTER = 3 * (KEY_PREFIX.length + 129);

export function decodePercentAround(text: string, at: number): DecodedWindow {
  const start = Math.max(0, at - PERCENT_WINDOW_BEFORE);
  const end = Math.min(text.length, at + PERCENT_WINDOW_AFTER);
  let decoded = '';
  const starts: number[] = [];
  const ends: number[] = [];
  for (let i = start; i < end; ) {
    const hex = text[i] === '%' ? text.slice(i + 1, i + 3) : '';
    const width = /^[0-9A-Fa-f]{2}$/.test(hex) ? 3 : 1;
    decoded += width === 3 ? String.fromCharCode(parseInt(hex, 16)) : text[i];
    starts.push(i);
    ends.push(i + width);
    i += width;
  }
  return { text: decoded, starts, ends };
}

// --- UTF-16 ----------------------------------------------------------------------------------------------

export type TextEncoding = 'utf8' | 'utf16le' | 'utf16be';

/**
 * UTF-16 text is recognised by its byte-order mark, or (without one) by NULs falling on one byte parity
 * only, as ASCII-heavy UTF-16 does. Anything else with a NUL is binary.
 */
export function sniffEncoding(head: Uint8Array): TextEncoding | 'binary' {
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe) return 'utf16le';
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff) return 'utf16be';
  const nul = head.indexOf(0);
  if (nul === -1) return 'utf8';
  let even = 0;
  let odd = 0;
  const n = Math.min(head.length, 8192) & ~1;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) even++;
    if (head[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  if (pairs >= 2 && odd >= pairs * 0.6 && even <= pairs * 0.05) return 'utf16le';
  if (pairs >= 2 && even >= pairs * 0.6 && odd <= pairs * 0.05) return 'utf16be';
  return 'binary';
}

export function decodeUtf16(bytes: Uint8Array, encoding: 'utf16le' | 'utf16be'): string {
  // TextDecoder drops the BOM and replaces unpaired surrogates instead of throwing.
  return new TextDecoder(encoding === 'utf16le' ? 'utf-16le' : 'utf-16be').decode(bytes);
}
