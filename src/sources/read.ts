// Reads one file and runs the detector over it. Small files in one read; large ones in overlapping
// chunks so memory stays flat and no key across a chunk boundary is lost.
import { closeSync, constants, fstatSync, openSync, read, readSync } from 'node:fs';
import { promisify } from 'node:util';
import type { Finding } from '../types.js';
import { scanBytes, findKeys, toFindings, bytesMayContainKey, type ScanContext } from '../detect/index.js';
import { sniffEncoding, decodeUtf16, type TextEncoding } from '../detect/codecs.js';
import type { TextOrigin } from '../detect/findings.js';

const readAsync = promisify(read);

export const CHUNK_SIZE = 16 * 1024 * 1024;
/** Longer than any encoded key (percent-encoding of prefix + 128 body chars is under 420 bytes). */
export const CHUNK_OVERLAP = 4096;

export type SkipReason = 'binary' | 'too-large' | 'not-a-file' | 'unreadable';

export type FileOutcome =
  | { kind: 'scanned'; findings: Finding[]; bytes: number }
  | { kind: 'skipped'; reason: SkipReason; message?: string; bytes: number };

export interface ReadOptions {
  maxFileSize?: number;
  /** Files larger than this are read in chunks of this size (tests make it small). */
  chunkSize?: number;
}

/**
 * Scan one regular file; callers list FIFOs, sockets and devices apart and never hand them over (the
 * walk and scanPaths sort them out without opening them). Small files are read synchronously into one
 * reused buffer: on a warm cache a read is a memory copy, and a fresh buffer or a promise per file
 * would cost more than the read itself.
 */
export async function scanFile(fullPath: string, context: ScanContext, options: ReadOptions = {}): Promise<FileOutcome> {
  const chunkSize = options.chunkSize ?? CHUNK_SIZE;
  let fd: number;
  try {
    // Non-blocking, so that a FIFO swapped in since the listing cannot hang the scan.
    fd = openSync(fullPath, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return { kind: 'skipped', reason: 'unreadable', message: errnoText(error), bytes: 0 };
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return { kind: 'skipped', reason: 'not-a-file', message: 'not a regular file', bytes: 0 };
    if (options.maxFileSize !== undefined && info.size > options.maxFileSize) {
      return { kind: 'skipped', reason: 'too-large', message: `${info.size} bytes > --max-file-size`, bytes: 0 };
    }
    if (info.size > chunkSize) return await scanInChunks((buffer, position) => readAt(fd, buffer, position), context, chunkSize);
    const bytes = readWhole(fd, info.size);
    const verdict = scanBytes(bytes, context);
    return verdict.skipped
      ? { kind: 'skipped', reason: 'binary', bytes: bytes.length }
      : { kind: 'scanned', findings: verdict.findings, bytes: bytes.length };
  } catch (error) {
    return { kind: 'skipped', reason: 'unreadable', message: errnoText(error), bytes: 0 };
  } finally {
    closeSync(fd);
  }
}

/**
 * What a helper thread can decide about a file without the detector: `clean` (text without any needle)
 * or `binary`, with the bytes read; anything else (a needle, UTF-16, too large, not a file, an error) is
 * `scan`: the main thread reads it again with scanFile, which reports it exactly as it would have.
 */
export type SieveVerdict = 'clean' | 'binary' | 'scan';

export function sieveFile(fullPath: string, options: ReadOptions = {}): { verdict: SieveVerdict; bytes: number } {
  let fd: number;
  try {
    fd = openSync(fullPath, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch {
    return { verdict: 'scan', bytes: 0 };
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile() || info.size > (options.chunkSize ?? CHUNK_SIZE) || info.size > (options.maxFileSize ?? Infinity)) {
      return { verdict: 'scan', bytes: 0 };
    }
    const bytes = readWhole(fd, info.size);
    const encoding = sniffEncoding(bytes.subarray(0, 8192));
    if (encoding === 'binary') return { verdict: 'binary', bytes: bytes.length };
    return { verdict: encoding === 'utf8' && !bytesMayContainKey(bytes) ? 'clean' : 'scan', bytes: bytes.length };
  } catch {
    return { verdict: 'scan', bytes: 0 };
  } finally {
    closeSync(fd);
  }
}

let shared = Buffer.allocUnsafe(1 << 20);

/**
 * The file's bytes in the shared buffer: valid until the next call, so use them synchronously (the
 * detector copies what it keeps into strings). Files of size 0 may still have content (/proc).
 */
function readWhole(fd: number, size: number): Buffer {
  if (shared.length < size + 1) shared = Buffer.allocUnsafe(Math.max(size + 1, shared.length * 2));
  let filled = 0;
  for (;;) {
    if (filled === shared.length) shared = Buffer.concat([shared, Buffer.allocUnsafe(shared.length)]);
    const read = readSync(fd, shared, filled, shared.length - filled, null);
    if (read === 0) break;
    filled += read;
    if (size > 0 && filled === size) break;
  }
  return shared.subarray(0, filled);
}

/** Fills `buffer` with the bytes at `position` onwards; fewer only at the end. Positions only move forward. */
export type Fill = (buffer: Buffer, position: number) => Promise<number>;

/**
 * Scans bytes too large to hold at once, from a file or a stream alike. Each chunk owns `chunkSize`
 * bytes (cut back to a character boundary) and reads CHUNK_OVERLAP more as look-ahead, so a key
 * starting in the owned part is always whole. Only matches starting in the owned part are kept; the
 * next chunk starts where ownership ended.
 */
export async function scanInChunks(fill: Fill, context: ScanContext, chunkSize = CHUNK_SIZE): Promise<FileOutcome> {
  const buffer = Buffer.alloc(chunkSize + CHUNK_OVERLAP);
  const headRead = await fill(buffer, 0);
  const head = buffer.subarray(0, Math.min(headRead, 8192));
  const encoding = sniffEncoding(head);
  if (encoding === 'binary') return { kind: 'skipped', reason: 'binary', bytes: 0 };
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
  return { kind: 'scanned', findings, bytes: position };
}

/**
 * A Fill over a stream (git cat-file's output): the look-ahead a chunk read is kept and handed out again,
 * since a stream cannot seek back.
 */
export function streamFill(stream: AsyncIterable<Buffer>): Fill {
  const source = stream[Symbol.asyncIterator]();
  let held: Buffer = Buffer.alloc(0); // bytes from heldAt onwards, already taken from the stream
  let heldAt = 0;
  let ended = false;
  return async (buffer, position) => {
    held = position < heldAt + held.length ? held.subarray(position - heldAt) : Buffer.alloc(0);
    heldAt = position;
    const parts: Buffer[] = [held];
    let size = held.length;
    while (size < buffer.length && !ended) {
      const next = await source.next();
      if (next.done) ended = true;
      else {
        parts.push(next.value);
        size += next.value.length;
      }
    }
    if (parts.length > 1) held = Buffer.concat(parts, size);
    return held.copy(buffer, 0, 0, Math.min(held.length, buffer.length));
  };
}

/** Fill `buffer` from `position` (fewer bytes only at the end of the file). */
async function readAt(fd: number, buffer: Buffer, position: number): Promise<number> {
  let filled = 0;
  while (filled < buffer.length) {
    const { bytesRead } = await readAsync(fd, buffer, filled, buffer.length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled;
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

function errnoText(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
  if (e.code === 'ELOOP') return 'symlink loop';
  if (e.code === 'ENOENT') return 'no such file';
  if (e.code === 'EISDIR') return 'is a directory';
  return e.code ?? (e.message || 'read error');
}
