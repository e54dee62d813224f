// Git blobs of any size for the detector: small ones held, large ones streamed through the chunk scanner
// from their own `git cat-file blob`, so memory stays at one chunk whatever a blob's size.
import { CHUNK_SIZE, type ScanContext } from '../../detect/index.js';
import { scanBuffer, scanStream, type ArchiveSettings, type ContainerVerdict } from '../../containers/index.js';
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

/** Scans a blob held in memory, or streams one too large to hold; an archive is opened (src/containers). */
export async function scanBlob(git: Git, blob: BlobRef, context: ScanContext, archives?: ArchiveSettings): Promise<ContainerVerdict> {
  if (blob.content) return scanBuffer(blob.content, context, archives);
  return scanLargeBlob(git, blob.oid, context, archives);
}

/** A blob too large to hold: streamed from its own `git cat-file blob` through the detector's chunk scanner. */
export async function scanLargeBlob(git: Git, oid: string, context: ScanContext, archives?: ArchiveSettings): Promise<ContainerVerdict> {
  const args = ['cat-file', 'blob', oid];
  const child = git.spawn(args);
  const exited = git.exitOf(child);
  const verdict = await scanStream(child.stdout!, context, archives);
  child.stdout!.resume(); // should the scan stop early, let git finish writing
  const { code, stderr } = await exited;
  if (code !== 0) throw gitError(git.cwd, args, stderr);
  return verdict;
}
