// Decoders for keys stored in another form: hex, percent-encoding (URLs) and UTF-16 text (base64:
// base64.ts; source escapes and HTML references: escapes.ts). Each decode looks at a bounded region
// after a literal needle and reports how far it has covered, so hostile input (the needle repeated)
// costs linear time.
import { KEY_PREFIX } from './grammar.js';

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
  /** Wrapped base64 only: whether the character at `offset` starts a 4-character quantum of this reading. */
  startsQuantum?(offset: number): boolean;
}

/** How much encoded text one decode looks at: bounded, so hostile input costs linear time. */
export const REGION = 64 * 1024;

// --- hex -------------------------------------------------------------------------------------------------

/**
 * `sk-aisa-` in hex is `736b2d61 6973612d`; `6973612` (`isa-` but the dash's last digit) has no letter,
 * so one needle serves upper- and lower-case hex. The key's hex starts eight digits before it.
 */
export const HEX_NEEDLES = ['6973612'];
const HEX_BEFORE = 8;
const HEX_KEY_SPAN = 2 * (KEY_PREFIX.length + 128 + 1);

/** The hex run from eight digits before the hit, on the hit's parity; a later hit needs its own parity's decode. */
export function decodeHexAround(text: string, at: number): DecodedWindow | undefined {
  const start = at - HEX_BEFORE;
  if (start < 0) return undefined;
  const limit = Math.min(text.length, start + REGION);
  let end = start;
  while (end + 1 < limit && hexDigit(text.charCodeAt(end)) !== -1 && hexDigit(text.charCodeAt(end + 1)) !== -1) end += 2;
  return {
    text: Buffer.from(text.slice(start, end), 'hex').toString('latin1'),
    startOf: (i) => start + 2 * i,
    endOf: (i) => start + 2 * i + 2,
    coveredUntil: end + 2 > limit && limit < text.length ? end - HEX_KEY_SPAN : end,
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
    // Hex digits read from the string itself, as percentOrigins reads them: a character beyond Latin-1
    // (a surrogate of `%𩘰`) is no digit, whatever its low byte.
    const byte = input[i] === 37 && i + 2 < input.length ? hexByte(encoded.charCodeAt(i + 1), encoded.charCodeAt(i + 2)) : -1;
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

export function hexDigit(code: number): number {
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

/**
 * Bytes that NUL parity could not place (UTF-16 without a BOM in a script whose characters have no zero
 * byte) are UTF-16 text when a UTF-16 key needle sits on an even offset and the whole input decodes to
 * well-formed UTF-16 with no control characters but whitespace. A binary's 16-bit strings fail the second
 * test: the bytes around them decode to controls and unpaired surrogates. Only run for inputs that passed
 * the prefilter, so its full decode is rare. The decoded text is handed back, so it is decoded once.
 */
export function readAsUtf16Text(bytes: Buffer): { order: 'utf16le' | 'utf16be'; text: string } | undefined {
  if (bytes.length % 2 !== 0) return undefined;
  for (const order of ['utf16le', 'utf16be'] as const) {
    const needle = UTF16_NEEDLES[order];
    let hit = bytes.indexOf(needle);
    while (hit !== -1 && hit % 2 !== 0) hit = bytes.indexOf(needle, hit + 1);
    const text = hit === -1 ? undefined : plainUtf16Text(bytes, order);
    if (text !== undefined) return { order, text };
  }
  return undefined;
}

function plainUtf16Text(bytes: Buffer, order: 'utf16le' | 'utf16be'): string | undefined {
  let text: string;
  try {
    text = new TextDecoder(order === 'utf16le' ? 'utf-16le' : 'utf-16be', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
  // No C0 control but tab, line feed, form feed and carriage return; no DEL, C1 control or noncharacter.
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 32 && code !== 9 && code !== 10 && code !== 12 && code !== 13) || (code >= 0x7f && code <= 0x9f) || code >= 0xfffe) return undefined;
  }
  return text;
}

export function decodeUtf16(bytes: Uint8Array, encoding: 'utf16le' | 'utf16be'): string {
  // TextDecoder drops the BOM and replaces unpaired surrogates instead of throwing.
  return new TextDecoder(encoding === 'utf16le' ? 'utf-16le' : 'utf-16be').decode(bytes);
}
