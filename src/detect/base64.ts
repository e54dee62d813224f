// Base64 (Kubernetes Secret data, .npmrc-style auth blobs, PEM-like wrapped blocks, base64 of base64):
// the needles every encoding of `sk-aisa-` holds at each alignment, and the decoders of the run around a
// hit, one line or wrapped at any column, each encoded character's offset kept for exact positions.
import { KEY_PREFIX, isBase64UrlChar } from './grammar.js';
import { REGION, type DecodedWindow } from './codecs.js';

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
  // Buffers sized to the run, not to the region: hostile input (a short wrapped run on every line) made
  // each decode allocate and clear REGION-sized buffers.
  let count = 0;
  let at = start;
  while (at < limit) {
    if (isBase64Char(text.charCodeAt(at))) {
      at++;
      count++;
    } else if ((at = wrapsAt(text, at, limit)) === -1) break;
  }
  const offsets = new Int32Array(count);
  const chars = Buffer.allocUnsafe(count);
  for (let p = start, i = 0; i < count; ) {
    const code = text.charCodeAt(p);
    if (isBase64Char(code)) {
      offsets[i] = p++;
      chars[i++] = code;
    } else p = wrapsAt(text, p, limit);
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
