// The detector's front: text or bytes in, Findings out. No I/O.
import type { Finding } from '../types.js';
import { decodeUtf16, readAsUtf16Text, sniffEncoding } from './codecs.js';
import { findKeys, mayContainKey, type DetectOptions } from './detector.js';
import { bytesMayContainKey } from './prefilter.js';
import { toFindings, type FindingContext } from './findings.js';
import { scanBinary } from './binary.js';

export type ScanContext = FindingContext & DetectOptions;

export function scanText(text: string, context: ScanContext): Finding[] {
  const matches = findKeys(text, context);
  return matches.length ? toFindings(text, matches, context) : [];
}

/** What a scan of bytes found; binary content's findings carry byte offsets (`offset`). */
export interface BytesVerdict {
  findings: Finding[];
}

/**
 * A key in a path (a file or folder name) is a leak too: `location: path`, the name redacted, the
 * column the key's place in the name. The snippet is the redacted name.
 */
export function keysInName(name: string, context: Omit<ScanContext, 'file'> = {}): Finding[] {
  if (!mayContainKey(name)) return [];
  return scanText(name, { ...context, file: name }).map((f) => ({ ...f, location: 'path' as const, snippet: f.file, suppressed: undefined }));
}

/** Literal prefilter straight on the bytes (prefilter.ts): most files never become a string at all. */
export { bytesMayContainKey };

/**
 * Sniffing decides only how positions are shown: text (UTF-8, or UTF-16 by BOM, NUL parity or, for a
 * script without NULs, a whole-file check) by line and column, anything else by byte offset (binary.ts).
 * Every input is scanned.
 */
export function scanBytes(bytes: Buffer, context: ScanContext): BytesVerdict {
  const sniffed = sniffEncoding(bytes.subarray(0, 8192));
  // UTF-16 text is decoded whole whatever the prefilter says: its base64 or percent keys are no byte needle.
  if (sniffed === 'utf16le' || sniffed === 'utf16be') return scanUtf16(bytes, sniffed, context);
  if (!bytesMayContainKey(bytes)) return { findings: [] };
  if (sniffed === 'utf8') return { findings: scanText(decodeUtf8(bytes), context) };
  // UTF-16 without a BOM in a script whose text has no NULs (CJK, Cyrillic…): text after all.
  const utf16 = readAsUtf16Text(bytes);
  return utf16 ? scanUtf16(bytes, utf16.order, context, utf16.text) : { findings: scanBinary(bytes, context) };
}

function scanUtf16(bytes: Buffer, order: 'utf16le' | 'utf16be', context: ScanContext, text = decodeUtf16(bytes, order)): BytesVerdict {
  const findings = scanText(text, { ...context, encoding: order });
  if (hasBom(bytes) || !bytesMayContainKey(bytes)) return { findings };
  // Taken for UTF-16 without a BOM, the bytes may be something else that only reads so (a table of
  // 16-bit numbers; ASCII text around a planted UTF-16 key, which reads as CJK): its plain keys, and
  // UTF-16 keys the decode above cannot see (the other byte order, the other parity) are found as in any
  // binary. Those it did see (same order, even offset) are its.
  const seen = (f: Finding) => f.encoding === order && f.offset! % 2 === 0;
  return { findings: [...findings, ...scanBinary(bytes, context, undefined, order).filter((f) => !seen(f))] };
}

function hasBom(bytes: Buffer): boolean {
  return bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
}

/** Invalid sequences become U+FFFD instead of throwing; a UTF-8 BOM is dropped as editors do. */
export function decodeUtf8(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
