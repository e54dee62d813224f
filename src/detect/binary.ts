// Binary content (a .dex, a SQLite page, a .pyc, a bundle with a NUL): the bytes are searched as they are,
// never decoded as a whole. Plain keys (and their percent and base64 forms) through a latin1 view, where
// each character is one byte; UTF-16 keys around each hit of their needle, at whichever byte parity it
// falls. Positions are byte offsets (findings.ts toBinaryFindings). No I/O.
import type { Finding } from '../types.js';
import { UTF16_NEEDLES } from './codecs.js';
import { findKeys, type DetectOptions, type KeyMatch } from './detector.js';
import { toBinaryFindings, type FindingContext } from './findings.js';
import { KEY_BODY_LENGTH, KEY_PREFIX, MAX_BODY, classifyBody } from './grammar.js';

/** Characters of printable context decoded on each side of a UTF-16 key for its snippet. */
const UTF16_CONTEXT = 60;
/** The longest UTF-16 key and the character after it (a longer run is not a key). */
const UTF16_KEY_UNITS = KEY_PREFIX.length + MAX_BODY + 1;

type BinaryContext = FindingContext & DetectOptions;

export interface BinarySpan {
  /** Byte offset of `bytes[0]` in the whole input (chunked scans). */
  base: number;
  /** Only keys starting before this index of `bytes` are reported (the rest is a chunk's look-ahead). */
  owned: number;
}

/** `prefer`: the byte order that wins when a UTF-16 string reads both ways (see oneReadingEach). */
export function scanBinary(
  bytes: Buffer,
  context: BinaryContext,
  span: BinarySpan = { base: 0, owned: bytes.length },
  prefer: 'utf16le' | 'utf16be' = 'utf16le',
): Finding[] {
  const text = bytes.toString('latin1');
  const plain = findKeys(text, context).map((m) => exactShape(m, context));
  const placement = { byteAt: (i: number) => span.base + i, keep: (m: KeyMatch) => m.start < span.owned };
  const findings = plain.length ? toBinaryFindings(text, plain, context, placement) : [];
  const wide: Finding[] = [];
  for (const encoding of ['utf16le', 'utf16be'] as const) {
    const needle = UTF16_NEEDLES[encoding];
    for (let hit = bytes.indexOf(needle); hit !== -1 && hit < span.owned; hit = bytes.indexOf(needle, hit + 1)) {
      wide.push(...utf16KeyAt(bytes, hit, encoding, context, span.base));
    }
  }
  return [...findings, ...oneReadingEach(wide, prefer)];
}

/** The UTF-16 key whose first byte is `hit`, decoded with some context on the same parity. */
function utf16KeyAt(bytes: Buffer, hit: number, encoding: 'utf16le' | 'utf16be', context: BinaryContext, base: number): Finding[] {
  const from = Math.max(hit % 2, hit - 2 * UTF16_CONTEXT);
  const to = Math.min(bytes.length - ((bytes.length - from) % 2), hit + 2 * (UTF16_KEY_UNITS + UTF16_CONTEXT));
  const window = bytes.subarray(from, to);
  const text = encoding === 'utf16le' ? window.toString('utf16le') : Buffer.from(window).swap16().toString('utf16le');
  const start = (hit - from) / 2;
  const matches = findKeys(text, context)
    .filter((m) => m.encoding === undefined)
    .map((m) => ({ ...exactShape(m, context), encoding }));
  const placement = { byteAt: (i: number) => base + from + 2 * i, keep: (m: KeyMatch) => m.start === start };
  return toBinaryFindings(text, matches, context, placement);
}

/**
 * Bytes after a string in a binary belong to whatever comes next (a type tag, a length), not to the
 * string: a run longer than a key whose first 43 characters are a key of the exact shape is that key.
 */
function exactShape(match: KeyMatch, options: DetectOptions): KeyMatch {
  const body = match.key.slice(KEY_PREFIX.length);
  if (match.encoding !== undefined || body.length <= KEY_BODY_LENGTH) return match;
  const verdict = classifyBody(body.slice(0, KEY_BODY_LENGTH), options);
  if (verdict?.confidence !== 'high') return match;
  const key = match.key.slice(0, KEY_PREFIX.length + KEY_BODY_LENGTH);
  return { ...match, key, end: match.start + key.length, verdict };
}

/**
 * ASCII in UTF-16 reads the same little-endian from byte h and big-endian from h - 1 (`0 s 0 k …`): the
 * two readings of one string overlap by all but a byte. Keep one per overlap: the higher confidence,
 * then the longer, then `prefer` (by default little-endian, the commoner order: Windows, .NET, Android
 * resources; for bytes sniffed as UTF-16, the sniffed order).
 */
function oneReadingEach(findings: Finding[], prefer: 'utf16le' | 'utf16be'): Finding[] {
  const rank = (f: Finding) => (f.confidence === 'high' ? 2e6 : 0) + (f.endColumn - f.column) * 2 + (f.encoding === prefer ? 1 : 0);
  const kept: Finding[] = [];
  for (const finding of [...findings].sort((a, b) => rank(b) - rank(a))) {
    if (!kept.some((k) => k.column < finding.endColumn && finding.column < k.endColumn)) kept.push(finding);
  }
  return kept.sort((a, b) => a.column - b.column);
}
