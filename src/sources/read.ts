// Reads one file for the detector: small files in one read, large ones through the detector's chunk
// scanner (src/detect/chunks.ts) fed by positioned reads. Only I/O lives here.
import { closeSync, constants, fstatSync, openSync, read, readSync } from 'node:fs';
import { promisify } from 'node:util';
import type { Finding } from '../types.js';
import { CHUNK_SIZE, bytesMayContainKey, scanBytes, scanChunks, sniffEncoding, type ScanContext } from '../detect/index.js';
import { HEAD_BYTES, containerKind, isContainer, scanContainerFile, type ArchiveSettings, type ContainerProblem, type ContainerVerdict } from '../containers/index.js';

const readAsync = promisify(read);

export { CHUNK_SIZE };

export type SkipReason = 'too-large' | 'not-a-file' | 'unreadable';

export { streamFill } from '../containers/bytes.js';

export type FileOutcome =
  | { kind: 'scanned'; findings: Finding[]; bytes: number; problems?: ContainerProblem[] }
  | { kind: 'skipped'; reason: SkipReason; message?: string; bytes: number };

export interface ReadOptions {
  maxFileSize?: number;
  /** Files larger than this are read in chunks of this size (tests make it small). */
  chunkSize?: number;
  /** Archive limits, or false (`--no-archives`): archives are then plain bytes. */
  archives?: ArchiveSettings;
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
    const kind = options.archives === false ? undefined : containerKind(readHead(fd), fullPath);
    if (kind) return chunkOutcome(await scanContainerFile(fd, info.size, kind, context, options.archives));
    if (info.size > chunkSize) return chunkOutcome(await scanChunks((buffer, position) => readAt(fd, buffer, position), context, chunkSize));
    const bytes = readWhole(fd, info.size);
    return { kind: 'scanned', findings: scanBytes(bytes, context).findings, bytes: bytes.length };
  } catch (error) {
    return { kind: 'skipped', reason: 'unreadable', message: errnoText(error), bytes: 0 };
  } finally {
    closeSync(fd);
  }
}

export type SieveVerdict = 'clean' | 'scan';

/**
 * What can be decided about a file without the detector: `clean` (text or binary bytes without any
 * needle), with the bytes read; anything else (a needle, UTF-16, too large, not a file, an error) is `scan`: the
 * caller reads it again with scanFile, which reports it exactly as always. Both threads of a directory
 * scan run this first (see files.ts).
 */
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
    // Compressed bytes never hold a needle: an archive always goes to scanFile.
    if (isContainer(bytes.subarray(0, HEAD_BYTES), options.archives, fullPath)) return { verdict: 'scan', bytes: 0 };
    // UTF-16 text is decoded whole (its keys may be percent- or base64-encoded): always the detector's.
    const utf16 = sniffEncoding(bytes.subarray(0, 8192)).startsWith('utf16');
    return { verdict: !utf16 && !bytesMayContainKey(bytes) ? 'clean' : 'scan', bytes: bytes.length };
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

/** The chunk scanner's (or a container scan's) verdict as a file outcome. */
export function chunkOutcome(verdict: ContainerVerdict): FileOutcome {
  return { kind: 'scanned', findings: verdict.findings, bytes: verdict.bytes, problems: verdict.problems };
}

/** The first bytes of an open file, for its magic number. */
function readHead(fd: number): Buffer {
  const head = Buffer.allocUnsafe(HEAD_BYTES);
  return head.subarray(0, readSync(fd, head, 0, HEAD_BYTES, 0));
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

function errnoText(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
  if (e.code === 'ELOOP') return 'symlink loop';
  if (e.code === 'ENOENT') return 'no such file';
  if (e.code === 'EISDIR') return 'is a directory';
  return e.code ?? (e.message || 'read error');
}
