// Archives and compressed streams, opened recursively with bomb limits: the one call each source makes
// (files, stdin, git blobs in history and staged). Formats are told by their magic bytes (magic.ts).
import { redactKeysIn, scanBytes, scanChunks, type ChunkVerdict, type ScanContext } from '../detect/index.js';
import { ByteStream, bufferAccess, fileAccess, streamFill, type RandomAccess } from './bytes.js';
import { HEAD_BYTES, containerKind, type ContainerKind } from './magic.js';
import { DEFAULT_ARCHIVE_LIMITS, LISTED_PROBLEMS, type ArchiveSettings, type ContainerProblem } from './limits.js';
import { Walk } from './walk.js';

export { HEAD_BYTES, containerKind, type ContainerKind } from './magic.js';
export { DEFAULT_ARCHIVE_LIMITS, type ArchiveLimits, type ArchiveSettings, type ContainerProblem, type ProblemReason } from './limits.js';

/** What the detector found in an input that may be a container, and what of it could not be read. */
export type ContainerVerdict = ChunkVerdict & { problems?: ContainerProblem[] };

/** Is `head` (an input's first HEAD_BYTES) a container to open under these settings? */
export function isContainer(head: Uint8Array, archives: ArchiveSettings | undefined, name?: string): boolean {
  return archives !== false && containerKind(head, name) !== undefined;
}

/** A whole input in memory. `bytes` may be a reused buffer: a container is copied before any await. */
export async function scanBuffer(bytes: Buffer, context: ScanContext, archives?: ArchiveSettings): Promise<ContainerVerdict> {
  const kind = archives === false ? undefined : containerKind(bytes.subarray(0, HEAD_BYTES), context.file);
  if (kind) return open(bufferAccess(Buffer.from(bytes)), kind, bytes.length, context, archives);
  return { findings: scanBytes(bytes, context).findings, bytes: bytes.length };
}

/** An open file of `size` bytes that containerKind recognised: read at random positions, never whole. */
export function scanContainerFile(fd: number, size: number, kind: ContainerKind, context: ScanContext, archives?: ArchiveSettings): Promise<ContainerVerdict> {
  return open(fileAccess(fd, size), kind, size, context, archives);
}

/** A stream of any size (standard input, a large git blob): a container opened as it flows, else chunk-scanned. */
export async function scanStream(source: AsyncIterable<Buffer>, context: ScanContext, archives?: ArchiveSettings): Promise<ContainerVerdict> {
  const stream = new ByteStream(source);
  const kind = archives === false ? undefined : containerKind(await stream.peek(HEAD_BYTES), context.file);
  if (!kind) return scanChunks(streamFill(stream.rest()), context);
  let bytes = 0;
  async function* counted() {
    for await (const piece of stream.rest()) {
      bytes += piece.length;
      yield piece;
    }
  }
  const verdict = await open(new ByteStream(counted()), kind, 0, context, archives);
  await stream.close();
  return { ...verdict, bytes };
}

async function open(input: RandomAccess | ByteStream, kind: ContainerKind, bytes: number, context: ScanContext, archives?: ArchiveSettings): Promise<ContainerVerdict> {
  const walk = new Walk(context, archives || DEFAULT_ARCHIVE_LIMITS);
  await walk.open(input, kind, context.file, 1);
  const problems = walk.problems;
  if (problems.length > LISTED_PROBLEMS) {
    const unlisted = problems.length - LISTED_PROBLEMS;
    problems.forEach((problem, i) => i >= LISTED_PROBLEMS && delete problem.warning);
    problems.push({ ...problems.pop()!, warning: `${redactKeysIn(context.file)}: ${unlisted} more archive parts not read (past a limit, corrupt or unsupported), not listed` });
  }
  if (walk.stoppedBy) problems.push(walk.stoppedBy);
  return { findings: walk.findings, bytes, problems };
}
