// Attribution: for the few blobs that hold findings, the commit that first introduced each key on each
// path, which refs reach it, and whether it is still at a ref's tip. Merges are diffed against every
// parent (`-m`): content new versus all parents was introduced by the merge itself, which is exactly
// what `git log -p` scanners miss.
import { gitError, revArgs, type Git, type RevSelection } from '../../git/index.js';

export interface CommitMeta {
  commit: string;
  author: string;
  email: string;
  /** Strict ISO 8601 with the author's offset, like `git log --format=%aI`. */
  date: string;
}

/** A blob appearing at a path in a commit where no parent had it there. */
export interface Introduction extends CommitMeta {
  blob: string;
  path: string;
  /** The path this file had when it was first added, following renames. */
  origin: string;
}

interface RawChange {
  status: string;
  oldOid: string;
  newOid: string;
  path: string;
  oldPath?: string;
}

interface LoggedCommit extends CommitMeta {
  parents: number;
  changes: RawChange[];
}

const HEADER = '\x01';

/** Introductions of `blobs`, oldest first, within the scanned selection. Renames map paths to their origin. */
export async function findIntroductions(git: Git, selection: RevSelection, blobs: readonly string[], noRenames = false): Promise<Introduction[]> {
  if (!blobs.length) return [];
  const wanted = new Set(blobs);
  const { args, stdin } = revArgs(selection);
  const logArgs = [
    'log', '--no-ext-diff', '--no-textconv', '-m', noRenames ? '--no-renames' : '-M', '--raw', '-z', '--no-abbrev', '--no-color',
    `--format=${HEADER}%H %P%x00%an%x00%ae%x00%aI`,
    // --find-object (pickaxe) and -M read blob contents, which a repository with missing objects may
    // lack (a partial clone would fetch them): then every raw change is listed and filtered here.
    ...(noRenames ? [] : blobs.map((oid) => `--find-object=${oid}`)),
    ...args,
  ];
  const result = await git.run(logArgs, stdin);
  if (result.code !== 0) throw gitError(git.cwd, logArgs, result.stderr);
  const commits = parseLog(result.stdout.toString('utf8')).reverse();
  const origins = new Map<string, string>(); // renamed path → first path
  const found: Introduction[] = [];
  for (const logged of commits) {
    // With -m a merge is listed once per parent: count in how many parent diffs each blob is new.
    const newIn = new Map<string, number>();
    for (const change of logged.changes) {
      if (change.oldPath !== undefined && change.status.startsWith('R')) {
        origins.set(change.path, origins.get(change.oldPath) ?? change.oldPath);
      }
      if (change.status === 'D' || !wanted.has(change.newOid) || change.oldOid === change.newOid) continue;
      const key = `${change.newOid}\0${change.path}`;
      newIn.set(key, (newIn.get(key) ?? 0) + 1);
    }
    for (const [key, count] of newIn) {
      if (count < Math.max(1, logged.parents)) continue;
      const [blob, path] = key.split('\0');
      const { commit, author, email, date } = logged;
      found.push({ commit, author, email, date, blob, path, origin: origins.get(path) ?? path });
    }
  }
  return found;
}

/** `git log -z --raw` with our header: tokens are NUL-separated; a header token starts with \x01. */
function parseLog(text: string): LoggedCommit[] {
  const tokens = text.split('\0');
  const commits: LoggedCommit[] = [];
  let current: LoggedCommit | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i].replace(/^\n/, '');
    if (token.startsWith(HEADER)) {
      const [commit, ...parents] = token.slice(1).split(' ').filter(Boolean);
      const [author, email, date] = tokens.slice(i + 1, i + 4);
      i += 3;
      if (current?.commit === commit) continue; // the same merge, next parent's diff
      current = { commit, author, email, date, parents: parents.length, changes: [] };
      commits.push(current);
    } else if (token.startsWith(':') && current) {
      const [, , oldOid, newOid, status] = token.slice(1).split(' ');
      if (status.startsWith('R') || status.startsWith('C')) {
        current.changes.push({ status, oldOid, newOid, oldPath: tokens[i + 1], path: tokens[i + 2] });
        i += 2;
      } else {
        current.changes.push({ status, oldOid, newOid, path: tokens[i + 1] });
        i += 1;
      }
    }
  }
  return commits;
}

export interface RefInfo {
  name: string;
  /** The commit the ref finally points to (tags peeled); empty when it points at no commit. */
  commit: string;
  /** The object the ref points to (an annotated tag's own id for annotated tags). */
  target: string;
  /** The object an annotated tag points to, else `target`: a blob or tree a ref names directly. */
  peeled: string;
}

export async function listRefs(git: Git): Promise<RefInfo[]> {
  const text = await git.text(['for-each-ref', '--format=%(refname)%00%(objectname)%00%(objecttype)%00%(*objectname)%00%(*objecttype)']);
  const refs: RefInfo[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const [name, target, type, peeled, peeledType] = line.split('\0');
    const commit = type === 'commit' ? target : peeledType === 'commit' ? peeled : '';
    refs.push({ name, commit, target, peeled: peeled || target });
  }
  return refs;
}

export async function detachedHead(git: Git): Promise<boolean> {
  return (await git.run(['symbolic-ref', '-q', 'HEAD'])).code !== 0;
}

/** Refs (and a detached HEAD) whose history contains `commit`. */
export async function refsContaining(git: Git, commit: string, detached: boolean): Promise<string[]> {
  const text = await git.text(['for-each-ref', '--format=%(refname)', '--contains', commit]);
  const refs = text.split('\n').filter(Boolean);
  if (detached && (await git.run(['merge-base', '--is-ancestor', commit, 'HEAD'])).code === 0) refs.unshift('HEAD');
  return refs;
}

/** `path → blob` of a commit's whole tree. */
export async function treeBlobs(git: Git, commit: string): Promise<Map<string, string>> {
  const text = await git.text(['ls-tree', '-r', '-z', '--full-tree', commit]);
  const entries = new Map<string, string>();
  for (const entry of text.split('\0')) {
    const tab = entry.indexOf('\t');
    if (tab === -1) continue;
    const [, type, oid] = entry.slice(0, tab).split(' ');
    if (type === 'blob') entries.set(entry.slice(tab + 1), oid);
  }
  return entries;
}

export async function headCommit(git: Git): Promise<string> {
  return (await git.run(['rev-parse', '-q', '--verify', 'HEAD^{commit}'])).stdout.toString('utf8').trim();
}
