// Git blobs of any size for the detector: small ones held, large ones streamed through the chunk scanner
// from their own `git cat-file blob`, so memory stays at one chunk whatever a blob's size.
import { CHUNK_SIZE, type ScanContext } from '../../detect/index.js';
import { scanFragment, type FragmentOutcome, type ScanPolicy } from '../../engine/scanner.js';
import { OperationalError } from '../../errors.js';
import { batchObjects, gitError, type Git } from '../../git/index.js';

/** A blob as read: its bytes when at most a chunk, only its id (and size) when it must be streamed. */
export interface BlobRef {
  oid: string;
  size: number;
  content: Buffer | undefined;
}

/**
 * Reads blobs (ids or `rev:path` names) through one streamed `git cat-file --batch`, answered in request
 * order; anything missing or not a blob is undefined. Spawns nothing when there is nothing to read.
 */
export async function readBlobRefs(git: Git, names: readonly string[]): Promise<(BlobRef | undefined)[]> {
  if (!names.length) return [];
  const args = ['cat-file', '--batch'];
  const child = git.spawn(args);
  const exited = git.exitOf(child);
  child.stdin!.on('error', () => {}); // the exit code below says why
  child.stdin!.end(names.join('\n') + '\n');
  const objects: (BlobRef | undefined)[] = [];
  try {
    for await (const item of batchObjects(child.stdout!, { maxContent: CHUNK_SIZE })) {
      objects.push('missing' in item || item.type !== 'blob' ? undefined : { oid: item.oid, size: item.size, content: item.content });
    }
  } finally {
    child.stdout!.resume();
  }
  const { code, stderr } = await exited;
  if (code !== 0) throw gitError(git.cwd, args, stderr);
  if (objects.length < names.length) throw new OperationalError('git cat-file ended early');
  return objects;
}

/**
 * Scans a blob held in memory, or streams one too large to hold from its own `git cat-file blob`, so
 * memory stays at one chunk whatever its size. `path`: where it is shown (its path, else its id).
 */
export function scanBlob(git: Git, blob: BlobRef, path: string, context: ScanContext, policy: ScanPolicy): Promise<FragmentOutcome> {
  const body = blob.content ? { bytes: blob.content } : { stream: catBlob(git, blob.oid) };
  return scanFragment({ path, body, size: blob.size, provenance: { blob: blob.oid } }, context, policy);
}

/** One blob's bytes from its own `git cat-file blob`, started only when read (a skipped blob spawns nothing). */
async function* catBlob(git: Git, oid: string): AsyncGenerator<Buffer> {
  const args = ['cat-file', 'blob', oid];
  const child = git.spawn(args);
  const exited = git.exitOf(child);
  exited.catch(() => {}); // awaited below unless the scan stops early
  try {
    yield* child.stdout! as AsyncIterable<Buffer>;
  } finally {
    child.stdout!.resume(); // should the scan stop early, let git finish writing
  }
  const { code, stderr } = await exited;
  if (code !== 0) throw gitError(git.cwd, args, stderr);
}
