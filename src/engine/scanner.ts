// The one scanner: every fragment any source yields goes through here, the same way. The size policy
// (--max-file-size), container recognition (raw bytes first, opened views on top: src/containers), and
// the detector (held whole, or in chunks when large). Sources never call the detector themselves.
import type { Finding } from '../types.js';
import { CHUNK_SIZE, keysInName, mayContainKey, mayHoldDecodedKey, scanChunks, scanWithDecoders, type ScanContext } from '../detect/index.js';
import { ByteStream, HEAD_BYTES, accessFill, bufferAccess, containerKind, isContainer, openContainer, streamFill, type ArchiveSettings, type ContainerProblem } from '../containers/index.js';
import type { Fragment } from './fragment.js';

/** How fragments are scanned: from the run settings, the same for every source. */
export interface ScanPolicy {
  /** Whole inputs larger than this are skipped (`--max-file-size`); metadata fragments are not sized. */
  maxFileSize?: number;
  /** Archive limits, or false (`--no-archives`): containers are then plain bytes. */
  archives?: ArchiveSettings;
  /** Inputs larger than this are read in chunks of this size (tests make it small). */
  chunkSize?: number;
}

export type FragmentOutcome =
  | { kind: 'scanned'; findings: Finding[]; bytes: number; problems?: ContainerProblem[] }
  | { kind: 'skipped'; reason: 'too-large'; message: string; bytes: number };

/** Scans one fragment under `policy`; `context` carries the detector options and the scan's key store. */
export async function scanFragment(fragment: Fragment, context: ScanContext, policy: ScanPolicy = {}): Promise<FragmentOutcome> {
  const { body, size } = fragment;
  if (fragment.sized !== false && policy.maxFileSize !== undefined && size !== undefined && size > policy.maxFileSize) {
    return { kind: 'skipped', reason: 'too-large', message: `${size} bytes > --max-file-size`, bytes: 0 };
  }
  context = { ...context, file: fragment.path };
  const chunkSize = policy.chunkSize ?? CHUNK_SIZE;
  if ('stream' in body) return scanned(await scanForward(body.stream, context, policy.archives, chunkSize));
  const access = 'bytes' in body ? bufferAccess(body.bytes) : body.access;
  const kind = policy.archives === false ? undefined : containerKind(access.read(0, HEAD_BYTES), fragment.path);
  if (kind) {
    // A buffer may be reused by its source after an await: the container gets its own copy.
    const input = 'bytes' in body ? bufferAccess(Buffer.from(body.bytes)) : access;
    return scanned(await openContainer(input, kind, access.size, context, policy.archives));
  }
  if (access.size > chunkSize) return scanned(await scanChunks(accessFill(access), context, chunkSize));
  const bytes = 'bytes' in body ? body.bytes : access.read(0, access.size);
  // The sieve's one pass first (exact: it passes everything the scan below could find), so most blobs
  // and entries cost one pass of the kernel instead of the detector's pass and the registry's.
  return { kind: 'scanned', findings: mayHoldDecodedKey(bytes) ? scanWithDecoders(bytes, context) : [], bytes: bytes.length };
}

/**
 * The sieve both threads of a directory scan run on every file first: false only when scanFragment could
 * find nothing (no needle, not UTF-16, not a container), so the file is just counted.
 */
export function mayHoldKey(bytes: Buffer, path: string, archives: ArchiveSettings | undefined): boolean {
  // Compressed bytes never hold a needle: an archive always goes to the scanner.
  return isContainer(bytes.subarray(0, HEAD_BYTES), archives, path) || mayHoldDecodedKey(bytes);
}

/** Keys in a path (a file's or folder's name): `location: path`. */
export function scanName(path: string, context: Omit<ScanContext, 'file'> = {}): Finding[] {
  return mayContainKey(path) ? keysInName(path, context) : [];
}

function scanned(verdict: { findings: Finding[]; bytes: number; problems?: ContainerProblem[] }): FragmentOutcome {
  return { kind: 'scanned', findings: verdict.findings, bytes: verdict.bytes, problems: verdict.problems };
}

/** A stream of any size: a container opened as it flows, else chunk-scanned. */
async function scanForward(source: AsyncIterable<Buffer>, context: ScanContext, archives: ArchiveSettings | undefined, chunkSize: number) {
  const stream = new ByteStream(source);
  const kind = archives === false ? undefined : containerKind(await stream.peek(HEAD_BYTES), context.file);
  if (!kind) return scanChunks(streamFill(stream.rest()), context, chunkSize);
  let bytes = 0;
  async function* counted() {
    for await (const piece of stream.rest()) {
      bytes += piece.length;
      yield piece;
    }
  }
  const verdict = await openContainer(new ByteStream(counted()), kind, 0, context, archives);
  await stream.close();
  return { ...verdict, bytes };
}
