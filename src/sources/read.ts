// Reads one file as a fragment for the scanner (src/engine): small files in one read, large ones read
// where the scanner asks. Only I/O lives here.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { Finding } from '../types.js';
import { CHUNK_SIZE, type ScanContext } from '../detect/index.js';
import { fileAccess, type ArchiveSettings, type ContainerProblem } from '../containers/index.js';
import { mayHoldKey, scanFragment } from '../engine/scanner.js';

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
    // Small files in one read into the shared buffer; large ones read where the scanner asks, never whole.
    const small = info.size <= chunkSize && !(options.maxFileSize !== undefined && info.size > options.maxFileSize);
    const body = small ? { bytes: readWhole(fd, info.size) } : { access: fileAccess(fd, info.size) };
    return await scanFragment({ path: context.file ?? fullPath, body, size: info.size }, context, options);
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
    return mayHoldKey(bytes, fullPath, options.archives) ? { verdict: 'scan', bytes: 0 } : { verdict: 'clean', bytes: bytes.length };
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

function errnoText(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
  if (e.code === 'ELOOP') return 'symlink loop';
  if (e.code === 'ENOENT') return 'no such file';
  if (e.code === 'EISDIR') return 'is a directory';
  return e.code ?? (e.message || 'read error');
}
