// The chunk scanner: bytes too large to hold at once (big files, standard input, big git blobs) are
// decoded and scanned in overlapping chunks, with line and column (binary content: the byte offset)
// carried from chunk to chunk, so memory stays flat and no key across a chunk boundary is lost. No I/O:
// the caller hands over a Fill.
import type { Finding } from '../types.js';
import { REGION, sniffEncoding, decodeUtf16, type TextEncoding } from './codecs.js';
import { findKeys } from './detector.js';
import { toFindings, type TextOrigin } from './findings.js';
import { bytesMayContainKey, type ScanContext } from './scan.js';
import { scanBinary } from './binary.js';

export const CHUNK_SIZE = 16 * 1024 * 1024;
/**
 * The look-ahead covers a decoder's whole run from a start in the owned part: one decode reads at most
 * REGION characters (a wrapped base64 block with long indentation is that long, and its runs are ASCII),
 * plus any encoded key whole (percent-encoding of prefix + 128 body chars is under 420 bytes).
 */
export const CHUNK_OVERLAP = REGION + 4096;

/** Fills `buffer` with the bytes at `position` onwards; fewer only at the end. Positions only move forward. */
export type Fill = (buffer: Buffer, position: number) => Promise<number>;

/** `bytes`: how many were scanned. */
export interface ChunkVerdict {
  findings: Finding[];
  bytes: number;
}

/**
 * Each chunk owns `chunkSize` bytes (cut back to a character boundary) and reads CHUNK_OVERLAP more as
 * look-ahead, so a key starting in the owned part is always whole. Only matches starting in the owned
 * part are kept; the next chunk starts where ownership ended.
 */
export async function scanChunks(fill: Fill, context: ScanContext, chunkSize = CHUNK_SIZE): Promise<ChunkVerdict> {
  const buffer = Buffer.alloc(chunkSize + CHUNK_OVERLAP);
  const headRead = await fill(buffer, 0);
  const head = buffer.subarray(0, Math.min(headRead, 8192));
  const encoding = sniffEncoding(head);
  if (encoding === 'binary') return scanBinaryChunks(fill, buffer, context, chunkSize);
  const findings: Finding[] = [];
  const origin: TextOrigin = { line: 1, column: 1 };
  let position = bomLength(head, encoding);
  for (;;) {
    const bytesRead = await fill(buffer, position);
    if (bytesRead === 0) break;
    const last = bytesRead < buffer.length;
    const owned = last ? bytesRead : characterBoundary(buffer, chunkSize, encoding);
    const window = buffer.subarray(0, bytesRead);
    if (encoding === 'utf8' && !bytesMayContainKey(window)) {
      // Nothing to find: count lines on the bytes, and never build the chunk's string (memory stays flat).
      advanceOriginOverBytes(origin, window, owned);
    } else {
      // UTF-8: the owned part ends on a character boundary, so decoding it and the look-ahead apart equals
      // one decode and gives the owned length for free. UTF-16: two bytes a code unit.
      const ownedText = encoding === 'utf8' ? window.toString('utf8', 0, owned) : '';
      const text = encoding === 'utf8' ? ownedText + window.toString('utf8', owned) : decodeUtf16(window, encoding);
      const ownedChars = encoding === 'utf8' ? ownedText.length : owned / 2;
      const matches = findKeys(text, context).filter((m) => m.start < ownedChars);
      const chunkContext = { ...context, origin: { ...origin }, ...(encoding !== 'utf8' && { encoding }) };
      if (matches.length) for (const finding of toFindings(text, matches, chunkContext)) findings.push(finding);
      advanceOrigin(origin, text, ownedChars);
    }
    position += owned;
    if (last) break;
  }
  return { findings, bytes: position };
}

/** Binary content: each chunk's bytes as they are (binary.ts), keys reported by their offset in the whole input. */
async function scanBinaryChunks(fill: Fill, buffer: Buffer, context: ScanContext, chunkSize: number): Promise<ChunkVerdict> {
  const findings: Finding[] = [];
  let position = 0;
  for (;;) {
    const bytesRead = await fill(buffer, position);
    if (bytesRead === 0) break;
    const last = bytesRead < buffer.length;
    const owned = last ? bytesRead : chunkSize;
    const window = buffer.subarray(0, bytesRead);
    if (bytesMayContainKey(window)) for (const finding of scanBinary(window, context, { base: position, owned })) findings.push(finding);
    position += owned;
    if (last) break;
  }
  return { findings, bytes: position };
}

function bomLength(head: Buffer, encoding: TextEncoding): number {
  if (encoding === 'utf8') return head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  return (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff) ? 2 : 0;
}

/** Back off so the owned part never ends inside a multi-byte character. */
function characterBoundary(buffer: Buffer, at: number, encoding: TextEncoding): number {
  if (encoding !== 'utf8') return at & ~1;
  let cut = at;
  while (cut > at - 4 && (buffer[cut] & 0xc0) === 0x80) cut--;
  return cut;
}

/**
 * Move `origin` past text[0, end). Line ends count as the detector counts them (\n, \r\n, lone \r); a \r
 * that ends the owned part is decided by the look-ahead character after it.
 */
function advanceOrigin(origin: TextOrigin, text: string, end: number): void {
  let lineStart = -1;
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code === 10 || (code === 13 && text.charCodeAt(i + 1) !== 10)) {
      origin.line++;
      lineStart = i + 1;
    }
  }
  origin.column = lineStart === -1 ? origin.column + end : end - lineStart + 1;
}

/**
 * advanceOrigin for UTF-8 bytes: the same line ends (\n, \r\n, a lone \r), found by memchr for each
 * byte (each searched once, forward); the column in UTF-16 units from the last line's text.
 */
function advanceOriginOverBytes(origin: TextOrigin, bytes: Buffer, end: number): void {
  let lineStart = -1; // offset of the last line end seen
  let lf = bytes.indexOf(10);
  let cr = bytes.indexOf(13);
  for (;;) {
    const at = Math.min(lf === -1 ? end : lf, cr === -1 ? end : cr, end);
    if (at >= end) break;
    if (at === lf) {
      lf = bytes.indexOf(10, at + 1);
    } else {
      cr = bytes.indexOf(13, at + 1);
      if (at + 1 < bytes.length && bytes[at + 1] === 10) continue; // \r\n: the \n ends the line
    }
    origin.line++;
    lineStart = at;
  }
  const tail = bytes.toString('utf8', lineStart + 1, end).length;
  origin.column = lineStart === -1 ? origin.column + tail : tail + 1;
}
