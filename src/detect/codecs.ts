// Decoders for keys stored in another form: base64 (Kubernetes Secret data, .npmrc-style auth blobs),
// percent-encoding (URLs) and UTF-16 text. Each decode looks at a bounded region after a literal needle
// and reports how far it has covered, so hostile input (the needle repeated) costs linear time.
import { KEY_PREFIX, isBase64UrlChar } from './grammar.js';

/**
 * A decoded stretch of text. `startOf(i)`/`endOf(i)` give the span of original text that decoded
 * character i came from. Every key whose encoding starts before `coveredUntil` and after the stretch's
 * start has been seen whole, so later needle hits below it need no second decode.
 */
export interface DecodedWindow {
  text: string;
  startOf(i: number): number;
  /** Exclusive. */
  endOf(i: number): number;
  coveredUntil: number;
}

/** How much encoded text one decode looks at: bounded, so hostile input costs linear time. */
const REGION = 64 * 1024;

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

/** The longest encoding of a key: a partial leading group, the prefix and the longest body. */
const BASE64_KEY_SPAN = Math.ceil((2 + KEY_PREFIX.length + 128) / 3) * 4;

function isBase64Char(code: number): boolean {
  return isBase64UrlChar(code) || code === 43 || code === 47; // + and /
}

/**
 * Decode the base64 run (standard or url alphabet) holding a needle found at `at`, on the needle's grid.
 * When the run could go on after a line break (a wrapped block), both readings are returned: the
 * detector keeps whichever yields the key, so a one-line value followed by an unrelated line is safe.
 */
export function decodeBase64Around(text: string, at: number, needle: Base64Needle): DecodedWindow[] {
  const start = at - needle.quantumOffset;
  if (start < 0) return [];
  const limit = Math.min(text.length, start + REGION);
  let end = at + needle.needle.length;
  while (end < limit && isBase64Char(text.charCodeAt(end))) end++;
  const oneLine = decodeContiguous(text, start, end, limit);
  const wraps = end < limit && (end - start) % 4 === 0 && wrapsAt(text, end, limit) !== -1;
  return wraps ? [oneLine, decodeWrapped(text, start, limit)] : [oneLine];
}

function decodeContiguous(text: string, start: number, end: number, limit: number): DecodedWindow {
  const usable = end - ((end - start) % 4 === 1 ? 1 : 0);
  const decoded = Buffer.from(text.slice(start, usable), 'base64').toString('latin1');
  // Byte i of a group of three takes its bits from characters i and i+1 of the group's quantum.
  const startOf = (i: number) => start + Math.floor(i / 3) * 4 + (i % 3);
  return {
    text: decoded,
    startOf,
    endOf: (i) => startOf(i) + 2,
    coveredUntil: end < limit || limit === text.length ? usable : usable - BASE64_KEY_SPAN,
  };
}

/**
 * Where a wrapped base64 block (MIME and PEM style: `base64` wraps at 76, others at 64) goes on after
 * a line break at `at`, indentation skipped; -1 when the run really ends there.
 */
function wrapsAt(text: string, at: number, limit: number): number {
  let next = at;
  if (text.charCodeAt(next) === 13) next++;
  if (text.charCodeAt(next) !== 10) return -1;
  next++;
  while (next < limit && (text.charCodeAt(next) === 32 || text.charCodeAt(next) === 9)) next++;
  return next < limit && isBase64Char(text.charCodeAt(next)) ? next : -1;
}

/** The slow path for a run that wraps across lines: each encoded character's offset is kept. */
function decodeWrapped(text: string, start: number, limit: number): DecodedWindow {
  const offsets: number[] = [];
  let at = start;
  while (at < limit) {
    if (isBase64Char(text.charCodeAt(at))) offsets.push(at++);
    else if (offsets.length % 4 === 0 && (at = wrapsAt(text, at, limit)) !== -1) continue;
    else break;
  }
  const usable = offsets.length - (offsets.length % 4 === 1 ? 1 : 0);
  const encoded = offsets.slice(0, usable).map((offset) => text[offset]).join('');
  const decoded = Buffer.from(encoded, 'base64').toString('latin1');
  const charOf = (i: number) => Math.floor(i / 3) * 4 + (i % 3);
  const reachedLimit = at === -1 ? false : at >= limit && limit < text.length;
  const last = offsets[usable - 1] ?? start;
  return {
    text: decoded,
    startOf: (i) => offsets[charOf(i)],
    endOf: (i) => offsets[charOf(i) + 1] + 1,
    coveredUntil: reachedLimit ? last - BASE64_KEY_SPAN : last + 1,
  };
}

// --- percent-encoding -----------------------------------------------------------------------------------

/** `sk%2Daisa%2D…` (dashes encoded, as strict encoders do) or `%73%6B%2D%61%69%73%61%2D…` (every byte). */
export const PERCENT_NEEDLES = ['%2daisa', '%2Daisa', '%61%69%73%61'];
const PERCENT_BEFORE = 3 * 3; // room for `%73%6B%2D` before `%61…`
const PERCENT_KEY_SPAN = 3 * (KEY_PREFIX.length + 128);

export function decodePercentAround(text: string, at: number): DecodedWindow {
  const start = Math.max(0, at - PERCENT_BEFORE);
  const end = Math.min(text.length, start + REGION);
  const encoded = text.slice(start, end);
  const decoded = percentDecode(encoded);
  // Where each decoded character came from is only needed for a hit, which is rare: map lazily.
  let starts: number[] | undefined;
  const origin = () => (starts ??= percentOrigins(encoded, start));
  return {
    text: decoded,
    startOf: (i) => origin()[i],
    endOf: (i) => origin()[i + 1],
    coveredUntil: end === text.length ? end : end - PERCENT_KEY_SPAN,
  };
}

/** `%XX` → the byte, anything else kept; a tight loop over bytes (hostile input can be all escapes). */
function percentDecode(encoded: string): string {
  // One byte per character keeps the offset mapping simple; characters beyond Latin-1 keep their low
  // byte, which at worst lets a key look-alike through to the grammar's checks.
  const input = Buffer.from(encoded, 'latin1');
  const output = Buffer.allocUnsafe(input.length);
  let length = 0;
  for (let i = 0; i < input.length; ) {
    const byte = input[i] === 37 && i + 2 < input.length ? hexByte(input[i + 1], input[i + 2]) : -1;
    output[length++] = byte === -1 ? input[i] : byte;
    i += byte === -1 ? 1 : 3;
  }
  return output.toString('latin1', 0, length);
}

/** The offset (in the whole text) where each decoded character starts, plus one past the last. */
function percentOrigins(encoded: string, offset: number): number[] {
  const starts: number[] = [];
  for (let i = 0; i < encoded.length; ) {
    starts.push(offset + i);
    const escaped = encoded.charCodeAt(i) === 37 && hexByte(encoded.charCodeAt(i + 1), encoded.charCodeAt(i + 2)) !== -1;
    i += escaped ? 3 : 1;
  }
  starts.push(offset + encoded.length);
  return starts;
}

function hexByte(high: number, low: number): number {
  const h = hexDigit(high);
  const l = hexDigit(low);
  return h === -1 || l === -1 ? -1 : h * 16 + l;
}

function hexDigit(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

// --- UTF-16 ----------------------------------------------------------------------------------------------

export type TextEncoding = 'utf8' | 'utf16le' | 'utf16be';

/**
 * `sk-aisa-` as UTF-16 bytes, little- and big-endian: every plain key stored as UTF-16 (text with or
 * without a BOM, or strings compiled into a binary) holds one. The detector registers both with the
 * prefilter; binary scans (binary.ts) search the bytes for them at either parity.
 */
export const UTF16_NEEDLES = {
  utf16le: Buffer.from(KEY_PREFIX, 'utf16le'),
  utf16be: Buffer.from(KEY_PREFIX, 'utf16le').swap16(),
} as const;

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
