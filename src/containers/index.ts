// Archives and compressed streams, opened recursively with bomb limits (walk.ts), raw bytes first
// (raw.ts). Formats are told by their magic bytes (magic.ts). The one scanner (src/engine/scanner.ts)
// decides when to open one.
import { redactKeysIn, type ChunkVerdict, type ScanContext } from '../detect/index.js';
import type { ByteStream, RandomAccess } from './bytes.js';
import { containerKind, type ContainerKind } from './magic.js';
import { DEFAULT_ARCHIVE_LIMITS, LISTED_PROBLEMS, type ArchiveSettings, type ContainerProblem } from './limits.js';

export { HEAD_BYTES, containerKind, type ContainerKind } from './magic.js';
export { ByteStream, accessFill, bufferAccess, fileAccess, streamFill, type RandomAccess } from './bytes.js';
export { DEFAULT_ARCHIVE_LIMITS, type ArchiveLimits, type ArchiveSettings, type ContainerProblem, type ProblemReason } from './limits.js';

/** What the detector found in an input that may be a container, and what of it could not be read. */
export type ContainerVerdict = ChunkVerdict & { problems?: ContainerProblem[] };

/** Is `head` (an input's first HEAD_BYTES) a container to open under these settings? */
export function isContainer(head: Uint8Array, archives: ArchiveSettings | undefined, name?: string): boolean {
  return archives !== false && containerKind(head, name) !== undefined;
}

/** Opens a container of `kind` (its raw bytes scanned too) and lists what of it could not be read. */
export async function openContainer(input: RandomAccess | ByteStream, kind: ContainerKind, bytes: number, context: ScanContext, archives?: ArchiveSettings): Promise<ContainerVerdict> {
  // The readers (some twenty modules) load when the first container is met: a hook or a scan of plain
  // text never pays for them.
  const { Walk } = await import('./walk.js');
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
