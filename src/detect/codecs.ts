// Decoders for keys stored in another form: base64 (Kubernetes Secret data, .npmrc-style auth blobs),
// hex, percent-encoding (URLs) and UTF-16 text (source escapes and HTML references: escapes.ts). Each
// decode looks at a bounded region after a literal needle and reports how far it has covered, so hostile
// input (the needle repeated) costs linear time.
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
  /** Wrapped base64 only: whether the character at `offset` starts a 4-character quantum of this reading. */
  startsQuantum?(offset: number): boolean;
}

/** How much encoded text one decode looks at: bounded, so hostile input costs linear time. */
const REGION = 64 * 1024;

// --- base64 -------------------------------------------------------------------------------------------

export interface Base64Needle {
  /** Characters fixed by the bytes of `sk-aisa-` alone, whatever surrounds them. */
  needle: string;
  /** Index of the needle's first character inside its 4-character quantum. */
  quantumOffset: number;
  /** Quanta decoded before the needle's own, when present (the inner needle of base64 of base64 needs its grid). */
  leadQuanta?: number;
}

/**
 * The prefix starts at byte 0, 1 or 2 of a 3-byte group; each alignment gives a different run of fixed
 * characters. Found by encoding the prefix between different neighbour bytes and keeping what agrees.
 */
export const BASE64_NEEDLES: readonly Base64Needle[] = needlesFor(Buffer.from(KEY_PREFIX), [0x00, 0xff, 0x0f, 0xf0, 0x33, 0xcc]);

/**
 * Base64 of base64 (a Secret's value that is itself a base64 blob, `.dockerconfigjson` auths): the outer
 * encoding of each needle above, its neighbours being base64 characters. Looked for whole (not wrapped).
 */
export const DOUBLE_BASE64_NEEDLES: readonly Base64Needle[] = BASE64_NEEDLES.flatMap((inner) =>
  needlesFor(Buffer.from(inner.needle), [...Buffer.from('AZaz09+/-_QgwKe5')]).map((n) => ({ ...n, leadQuanta: 2 })),
);

function needlesFor(literal: Buffer, neighbours: readonly number[]): Base64Needle[] {
  return [0, 1, 2].map((lead) => {
    const [first] = neighbours;
    const encode = (before: number, after: number) =>
      Buffer.concat([Buffer.alloc(lead, before), literal, Buffer.alloc(3, after)]).toString('base64');
    // A character's bits come from the bytes either side, never from both ends at once: varying one end
    // at a time covers every combination.
    const encodings = neighbours.flatMap((n) => [encode(n, first), encode(first, n)]);
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
}

/** The longest encoding of a key: a partial leading group, the prefix and the longest body. */
const BASE64_KEY_SPAN = Math.ceil((2 + KEY_PREFIX.length + 128) / 3) * 4;

export function isBase64Run(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isBase64Char(text.charCodeAt(i))) return false;
  return true;
}

function isBase64Char(code: number): boolean {
  return isBase64UrlChar(code) || code === 43 || code === 47; // + and /
}

/**
 * Decode the base64 run (standard or url alphabet) holding a needle found at `at`, on the needle's grid.
 * When the run could go on after a line break (a wrapped block), both readings are returned: the
 * detector keeps whichever yields the key, so a one-line value followed by an unrelated line is safe.
 */
export function decodeBase64Around(text: string, at: number, needle: Base64Needle, readWrapped = true): DecodedWindow[] {
  let start = at - needle.quantumOffset;
  if (start < 0) return [];
  for (let q = 0; q < (needle.leadQuanta ?? 0) && start >= 4 && isBase64Run(text, start - 4, start); q++) start -= 4;
  const limit = Math.min(text.length, start + REGION);
  let end = at + needle.needle.length;
  while (end < limit && isBase64Char(text.charCodeAt(end))) end++;
  const oneLine = decodeContiguous(text, start, end, limit);
  return readWrapped && end < limit && wrapsAt(text, end, limit) !== -1 ? [oneLine, decodeWrapped(text, start, limit)] : [oneLine];
}

/**
 * A needle piece found at `at`, `offset` characters into the needle, read across line breaks: where the
 * needle's grid starts (its quantum's first character), or -1 when the needle is not there. A wrapped block
 * may break anywhere, also inside the needle or just before it.
 */
export function wrappedNeedleStart(text: string, at: number, offset: number, needle: Base64Needle): number {
  let first = at;
  for (let i = 0; i < offset && first !== -1; i++) first = previousBase64(text, first);
  if (first === -1) return -1;
  let p = first;
  for (let i = 0; i < needle.needle.length; i++) {
    if (p === -1 || text[p] !== needle.needle[i]) return -1;
    p = i + 1 < needle.needle.length ? nextBase64(text, p) : p;
  }
  let start = first;
  for (let i = 0; i < needle.quantumOffset && start !== -1; i++) start = previousBase64(text, start);
  return start;
}

/** The wrapped reading from a grid start found by wrappedNeedleStart. */
export function decodeWrappedFrom(text: string, start: number): DecodedWindow {
  return decodeWrapped(text, start, Math.min(text.length, start + REGION));
}

function nextBase64(text: string, at: number): number {
  const next = at + 1;
  if (next < text.length && isBase64Char(text.charCodeAt(next))) return next;
  return wrapsAt(text, next, text.length);
}

/** The base64 character before `at`, stepping back over one line break and its indentation; -1 if none. */
function previousBase64(text: string, at: number): number {
  let p = at - 1;
  if (p >= 0 && isBase64Char(text.charCodeAt(p))) return p;
  while (p >= 0 && (text.charCodeAt(p) === 32 || text.charCodeAt(p) === 9)) p--;
  if (p < 0 || text.charCodeAt(p) !== 10) return -1;
  p--;
  if (p >= 0 && text.charCodeAt(p) === 13) p--;
  return p >= 0 && isBase64Char(text.charCodeAt(p)) ? p : -1;
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
 * Where a wrapped base64 block (MIME and PEM style: `base64` wraps at 76, others at 64, hand-wrapped
 * blocks anywhere) goes on after a line break at `at`, indentation skipped; -1 when the run really ends.
 */
function wrapsAt(text: string, at: number, limit: number): number {
  let next = at;
  if (text.charCodeAt(next) === 13) next++;
  if (text.charCodeAt(next) !== 10) return -1;
  next++;
  while (next < limit && (text.charCodeAt(next) === 32 || text.charCodeAt(next) === 9)) next++;
  return next < limit && isBase64Char(text.charCodeAt(next)) ? next : -1;
}

/** The slow path for a run that wraps across lines (at any column): each encoded character's offset is kept. */
function decodeWrapped(text: string, start: number, limit: number): DecodedWindow {
  const offsets = new Int32Array(limit - start);
  const chars = Buffer.allocUnsafe(limit - start);
  let count = 0;
  let at = start;
  while (at < limit) {
    const code = text.charCodeAt(at);
    if (isBase64Char(code)) {
      offsets[count] = at++;
      chars[count++] = code;
    } else if ((at = wrapsAt(text, at, limit)) === -1) break;
  }
  const usable = count - (count % 4 === 1 ? 1 : 0);
  const decoded = Buffer.from(chars.toString('latin1', 0, usable), 'base64').toString('latin1');
  const charOf = (i: number) => Math.floor(i / 3) * 4 + (i % 3);
  const reachedLimit = at === -1 ? false : at >= limit && limit < text.length;
  const last = usable ? offsets[usable - 1] : start;
  return {
    text: decoded,
    startOf: (i) => offsets[charOf(i)],
    endOf: (i) => offsets[charOf(i) + 1] + 1,
    coveredUntil: reachedLimit ? last - BASE64_KEY_SPAN : last + 1,
    startsQuantum: (offset) => {
      let low = 0;
      let high = usable;
      while (low < high) {
        const mid = (low + high) >>> 1;
        if (offsets[mid] < offset) low = mid + 1;
        else high = mid;
      }
      return low < usable && offsets[low] === offset && low % 4 === 0;
    },
  };
}

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
 * the prefilter, so its full decode is rare.
 */
export function utf16TextOrder(bytes: Buffer): 'utf16le' | 'utf16be' | undefined {
  if (bytes.length % 2 !== 0) return undefined;
  for (const order of ['utf16le', 'utf16be'] as const) {
    const needle = UTF16_NEEDLES[order];
    let hit = bytes.indexOf(needle);
    while (hit !== -1 && hit % 2 !== 0) hit = bytes.indexOf(needle, hit + 1);
    if (hit !== -1 && isPlainUtf16Text(bytes, order)) return order;
  }
  return undefined;
}

function isPlainUtf16Text(bytes: Buffer, order: 'utf16le' | 'utf16be'): boolean {
  let text: string;
  try {
    text = new TextDecoder(order === 'utf16le' ? 'utf-16le' : 'utf-16be', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  // No C0 control but tab, line feed, form feed and carriage return; no DEL, C1 control or noncharacter.
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 32 && code !== 9 && code !== 10 && code !== 12 && code !== 13) || (code >= 0x7f && code <= 0x9f) || code >= 0xfffe) return false;
  }
  return true;
}

export function decodeUtf16(bytes: Uint8Array, encoding: 'utf16le' | 'utf16be'): string {
  // TextDecoder drops the BOM and replaces unpaired surrogates instead of throwing.
  return new TextDecoder(encoding === 'utf16le' ? 'utf-16le' : 'utf-16be').decode(bytes);
}
