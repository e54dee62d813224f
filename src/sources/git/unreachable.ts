// Objects no ref reaches (`history --all-objects`): held only by a reflog (an older stash entry, an
// amended or reset commit) or by nothing at all (dangling: a dropped stash, a blob added then reset, a
// deleted branch's commits) until git gc prunes them. A key in one is still a leak: the object is in the
// repository, and a mirror or backup of it carries the key along. A full scan reads them in its one pass
// (reach.ts places the hits); this listing is for a partial clone, whose scan must walk the refs anyway
// to learn which objects it lacks.
import { gitError, type Git } from '../../git/index.js';

export type Reachable = 'reflog-only' | 'dangling';

export interface Unreachable {
  /** cat-file request lines, `<oid>` or `<oid> <path>` (the path a reflog commit's tree gives the blob). */
  names: string[];
  reach: Map<string, Reachable>;
  /** The unreachable commits: blobs found are attributed to the one that introduced them. */
  commits: string[];
}

const READABLE = new Set(['blob', 'commit', 'tag']);

/**
 * Every blob, commit and tag the repository holds, loose or packed, that the reachable pass did not read
 * (`seen`): `cat-file --batch-all-objects` lists them all; `rev-list --reflog --not --all` tells those
 * a reflog still holds (with their paths) from the dangling ones. Staged blobs are not dangling (git
 * counts the index as a root, as fsck and gc do): they are `aisa-guard staged`'s, not history's.
 */
export async function listUnreachable(git: Git, seen: Promise<ReadonlySet<string>>): Promise<Unreachable> {
  const reflogArgs = ['rev-list', '--objects', '--missing=print', '--reflog', '--not', '--all'];
  const allArgs = ['cat-file', '--batch-all-objects', '--unordered', '--batch-check=%(objectname) %(objecttype)'];
  // Listed while the reachable pass runs (the other core is free then); filtered once it is done.
  const [reflog, all, staged] = await Promise.all([git.run(reflogArgs), git.run(allArgs), stagedBlobs(git)]);
  const read = await seen;
  if (reflog.code !== 0) throw gitError(git.cwd, reflogArgs, reflog.stderr);
  if (all.code !== 0) throw gitError(git.cwd, allArgs, all.stderr);
  const reflogPaths = new Map<string, string>();
  for (const line of reflog.stdout.toString('utf8').split('\n')) {
    if (!line || line.startsWith('?')) continue;
    const space = line.indexOf(' ');
    const oid = space === -1 ? line : line.slice(0, space);
    if (!reflogPaths.has(oid)) reflogPaths.set(oid, space === -1 ? '' : line.slice(space + 1));
  }
  const found: Unreachable = { names: [], reach: new Map(), commits: [] };
  for (const line of all.stdout.toString('latin1').split('\n')) {
    const [oid, type] = line.split(' ');
    if (!READABLE.has(type) || read.has(oid) || staged.has(oid)) continue;
    const path = reflogPaths.get(oid);
    found.reach.set(oid, path === undefined ? 'dangling' : 'reflog-only');
    found.names.push(path ? `${oid} ${path}` : oid);
    if (type === 'commit') found.commits.push(oid);
  }
  return found;
}

/** The blobs the index names (none in a bare repository, which has no index). */
export async function stagedBlobs(git: Git): Promise<Set<string>> {
  const listed = await git.run(['ls-files', '--stage', '-z']);
  const blobs = new Set<string>();
  if (listed.code !== 0) return blobs;
  for (const entry of listed.stdout.toString('latin1').split('\0')) {
    const [, oid] = entry.split(' ', 2);
    if (oid) blobs.add(oid);
  }
  return blobs;
}
