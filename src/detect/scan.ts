// The detector's front: text or bytes in, Findings out. No I/O.
import type { Finding } from '../types.js';
import { decodeUtf16, sniffEncoding, utf16TextOrder } from './codecs.js';
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
 * Sniffing decides only how positions are shown: text (UTF-8, or UTF-16 by BOM or NUL parity) by line
 * and column, anything else with a NUL by byte offset (binary.ts). Every input is scanned.
 */
export function scanBytes(bytes: Buffer, context: ScanContext): BytesVerdict {
  const encoding = sniffEncoding(bytes.subarray(0, 8192));
  if (encoding === 'utf16le' || encoding === 'utf16be') {
    const findings = scanText(decodeUtf16(bytes, encoding), { ...context, encoding });
    if (hasBom(bytes) || !bytesMayContainKey(bytes)) return { findings };
    // Taken for UTF-16 by NUL parity alone, the bytes may be a binary that only looks so (a table of
    // 16-bit numbers): its plain keys, and UTF-16 keys the decode above cannot see (the other byte order,
    // the other parity) are found as in any binary. Those it did see (same order, even offset) are its.
    const seen = (f: Finding) => f.encoding === encoding && f.offset! % 2 === 0;
    return { findings: [...findings, ...scanBinary(bytes, context, undefined, encoding).filter((f) => !seen(f))] };
  }
  if (!bytesMayContainKey(bytes)) return { findings: [] };
  if (encoding === 'binary') {
    // UTF-16 without a BOM in a script whose text has no NULs (CJK, Cyrillic…): text after all.
    const order = utf16TextOrder(bytes);
    if (order) return { findings: scanText(decodeUtf16(bytes, order), { ...context, encoding: order }) };
    return { findings: scanBinary(bytes, context) };
  }
  return { findings: scanText(decodeUtf8(bytes), context) };
}

function hasBom(bytes: Buffer): boolean {
  return bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
}

/** Invalid sequences become U+FFFD instead of throwing; a UTF-8 BOM is dropped as editors do. */
export function decodeUtf8(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
