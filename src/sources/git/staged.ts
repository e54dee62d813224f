// What `git commit` would record: the index compared with HEAD (or the empty tree before the first
// commit). Blobs are read from the index, never from the working tree, so a key that was staged and then
// edited away is still found and a key that is only in the working tree is not.
//
// A key is new when the staged blob holds it and the same path in HEAD (the rename source for a rename)
// does not. Comparing keys rather than diff hunks makes deleted lines, pure renames, moved lines and keys
// already committed at that path all "not new", with no patch parsing and no quoting of odd file names.
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Finding, ScanResult } from '../../types.js';
import { CHUNK_SIZE, mayContainKey, mayHoldDecodedKey, type ScanContext } from '../../detect/index.js';
import { scanName } from '../../engine/scanner.js';
import { OperationalError } from '../../errors.js';
import { Git, findWorkTree, gitError } from '../../git/index.js';
import { readBlobRefs, scanBlob } from './blobs.js';
import { commonGitDir, lfsPointer, mentionsLfsSpec, scanLfsObjects, type LfsPointer } from './lfs.js';
import { ResultBuilder } from '../result.js';
import type { Source, SourceSettings } from '../source.js';

/** The empty tree: what the first commit of a repository is compared with. */
const EMPTY_TREE: Record<string, string> = {
  sha1: '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
  sha256: '6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321',
};

/** A gitlink (submodule) names a commit of another repository: there is no blob to read. */
const GITLINK = '160000';

/** One staged change, from `git diff-index --raw -z`. */
export interface StagedChange {
  status: string;
  newMode: string;
  /** Blob in HEAD at the old path; all zeros for an added file. */
  oldBlob: string;
  newBlob: string;
  /** Path in HEAD: differs from `path` for a rename. */
  oldPath: string;
  path: string;
}

/** `aisa-guard staged`: the index of the repository at `cwd`. */
export async function stagedSource(cwd: string): Promise<Source> {
  const index = await openStaged(cwd);
  return { root: index.root, scan: (settings, signal) => scanStaged(index, settings, signal) };
}

export async function scanStaged(repo: StagedIndex, settings: SourceSettings, signal?: AbortSignal): Promise<ScanResult> {
  const git = new Git(repo.root, signal);
  const builder = new ResultBuilder(settings);
  const changes = repo.changes.filter((c) => c.status !== 'D' && c.newMode !== GITLINK && !isNull(c.newBlob));
  builder.files = changes.length;
  /** The patch, and then each blob read in full. */
  builder.bytes = repo.patch.length;
  builder.add(newKeysInNames(changes, (file) => builder.context(file)));
  // A staged Git LFS pointer stands for content in the LFS store, which the push uploads.
  if (mentionsLfsSpec(repo.patch)) builder.add(await stagedLfsContent(git, repo, changes, settings, builder));
  const wanted = blobsToRead(repo.patch);
  const suspects = changes.filter((c) => wanted.has(c.newBlob));
  if (!suspects.length) return builder.result();
  // Streamed: a blob larger than a chunk is scanned from its own cat-file, never held (RSS stays flat).
  const staged = await readBlobRefs(git, suspects.map((c) => c.newBlob));
  const hits: { change: StagedChange; found: Finding[] }[] = [];
  for (const [i, change] of suspects.entries()) {
    const blob = staged[i];
    if (!blob) continue;
    const outcome = await scanBlob(git, blob, change.path, builder.context(change.path), settings);
    if (outcome.kind === 'skipped') {
      builder.skip(outcome.reason, `${change.path}: ${outcome.message}, skipped`);
      continue;
    }
    builder.bytes += outcome.bytes;
    for (const problem of outcome.problems ?? []) builder.skip(problem.reason, problem.warning);
    if (outcome.findings.length) hits.push({ change, found: outcome.findings });
  }
  const known = await knownKeys(git, repo, hits.map((h) => h.change), builder, settings);
  hits.forEach(({ change, found }, i) => {
    for (const finding of found) {
      if (known[i].has(finding.fingerprint)) continue;
      finding.blob = change.newBlob;
      finding.objectKind = 'blob';
      builder.findings.push(finding);
    }
  });
  return builder.result();
}

/** Keys in the LFS content the staged pointers name, at the pointer's path. */
async function stagedLfsContent(git: Git, repo: StagedIndex, changes: readonly StagedChange[], settings: SourceSettings, builder: ResultBuilder): Promise<Finding[]> {
  const blobs = await readBlobRefs(git, changes.map((c) => c.newBlob));
  const pointers = new Map<string, LfsPointer>();
  changes.forEach((change, i) => {
    const pointer = blobs[i]?.content && lfsPointer(blobs[i].content);
    if (pointer) pointers.set(change.newBlob, { ...pointer, path: change.path });
  });
  const found = await scanLfsObjects(commonGitDir(path.dirname(repo.mergeHeadFile)), pointers, settings, builder);
  return [...found].flatMap(([blob, list]) => list.map((f) => ({ ...f, blob })));
}

/** Keys in the names this commit adds (a new file, or a rename's new name); a name already in HEAD is not new. */
function newKeysInNames(changes: readonly StagedChange[], context: (file: string) => ScanContext): Finding[] {
  return changes.flatMap((change) => {
    if (change.status !== 'A' && change.status !== 'R' && change.status !== 'C') return [];
    const before = new Set(change.status === 'A' ? [] : scanName(change.oldPath).map((f) => f.fingerprint));
    return scanName(change.path, context(change.path))
      .filter((f) => !before.has(f.fingerprint))
      .map((f) => ({ ...f, blob: change.newBlob, objectKind: 'blob' as const }));
  });
}

/**
 * `git diff-index --raw -p -z` output: records `:oldmode newmode oldsha newsha status\0path\0` (a second
 * path after a rename), one more NUL, then the patch as text.
 */
export function parseDiffIndex(output: Buffer): { changes: StagedChange[]; patch: Buffer } {
  const changes: StagedChange[] = [];
  let at = 0;
  const field = (encoding: BufferEncoding) => {
    const end = output.indexOf(0, at);
    const text = output.toString(encoding, at, end === -1 ? output.length : end);
    at = end === -1 ? output.length : end + 1;
    return text;
  };
  while (output[at] === 0x3a /* ':' */) {
    const [, newMode, oldBlob, newBlob, status] = field('latin1').slice(1).split(' ');
    const oldPath = field('utf8');
    const path = status.startsWith('R') || status.startsWith('C') ? field('utf8') : oldPath;
    changes.push({ status: status[0], newMode, oldBlob, newBlob, oldPath, path });
  }
  if (output[at] === 0) at++;
  return { changes, patch: output.subarray(at) };
}

/**
 * The staged blobs that may hold a new key, from the patch. Unchanged lines are in HEAD already, so a
 * new key sits on an added line: a file section with no key-like text needs no read. git prints no
 * lines for a binary file (UTF-16 text among them), so such a blob is always read. `--full-index` makes
 * each section's `index <old>..<new>` line name the staged blob in full. Pure renames and mode changes
 * have no index line: nothing in them is new.
 */
export function blobsToRead(patch: Buffer): Set<string> {
  const wanted = new Set<string>();
  // latin1 maps bytes one to one, and every needle is ASCII.
  for (const section of patch.toString('latin1').split(/^diff --git /m)) {
    const blob = /^index [0-9a-f]+\.\.([0-9a-f]+)/m.exec(section)?.[1];
    // The sieve too: a key behind a registered decoder (a fromCharCode list, hex, zlib…) has no key needle.
    if (blob && (mayContainKey(section) || /^Binary files /m.test(section) || mayHoldDecodedKey(Buffer.from(section, 'latin1')))) wanted.add(blob);
  }
  return wanted;
}

/**
 * The keys each changed file already held: in HEAD at its old path and, while a merge is being
 * concluded, in each merged commit at its path (those keys come from commits that already exist).
 */
async function knownKeys(git: Git, repo: StagedIndex, changes: readonly StagedChange[], builder: ResultBuilder, settings: SourceSettings): Promise<Set<string>[]> {
  if (!changes.length) return [];
  const mergeHeads = await readMergeHeads(repo.mergeHeadFile);
  // cat-file reads one name per line: a path with a newline cannot be named, only its HEAD blob can.
  const names = changes.map((c) => [
    ...(isNull(c.oldBlob) ? [] : [c.oldBlob]),
    ...(c.path.includes('\n') ? [] : mergeHeads.map((commit) => `${commit}:${c.path}`)),
  ]);
  const blobs = await readBlobRefs(git, names.flat());
  let next = 0;
  const known: Set<string>[] = [];
  for (const list of names) {
    const keys = new Set<string>();
    for (let n = 0; n < list.length; n++) {
      const blob = blobs[next++];
      // Every key an older version held counts, however large that version (no size policy here).
      const outcome = blob && (await scanBlob(git, blob, '', builder.context(''), { archives: settings.archives }));
      if (outcome && outcome.kind === 'scanned') for (const f of outcome.findings) keys.add(f.fingerprint);
    }
    known.push(keys);
  }
  return known;
}

async function readMergeHeads(file: string): Promise<string[]> {
  try {
    return (await readFile(file, 'utf8')).split('\n').filter((line) => /^[0-9a-f]{40,64}$/.test(line));
  } catch {
    return [];
  }
}

const isNull = (oid: string) => /^0+$/.test(oid);

export interface StagedIndex {
  /** Top level of the work tree: finding paths are relative to it. */
  root: string;
  /** Present while a merge is being concluded. */
  mergeHeadFile: string;
  /** What the index changes compared with HEAD (or the empty tree before the first commit). */
  changes: StagedChange[];
  /** The `-U0` patch of those changes: tells which blobs need reading at all. */
  patch: Buffer;
}

/**
 * Finds the repository and lists the staged changes. This runs on every commit, and starting a process
 * costs a Node CLI more than anything else it does here, so the common case takes one: the work tree
 * is found on disk and only `git diff-index` runs. Before the first commit (no HEAD), or when git's
 * environment overrides discovery (GIT_DIR is set in a linked worktree's hooks), `git rev-parse` says.
 */
export async function openStaged(cwd: string): Promise<StagedIndex> {
  if (!statSync(cwd, { throwIfNoEntry: false })?.isDirectory()) throw new OperationalError(`${cwd}: no such directory`);
  const git = new Git(cwd);
  const local = findWorkTree(cwd);
  if (local) {
    const diff = await git.run(diffArgs('HEAD'));
    if (diff.code === 0) return { root: local.root, mergeHeadFile: path.join(local.gitDir, 'MERGE_HEAD'), ...parseDiffIndex(diff.stdout) };
  }
  return openWithRevParse(git);
}

/** The diff against HEAD starts alongside `git rev-parse`; only without HEAD is it run again. */
async function openWithRevParse(git: Git): Promise<StagedIndex> {
  const cwd = git.cwd;
  const againstHead = git.run(diffArgs('HEAD'));
  againstHead.catch(() => {}); // if git cannot start, rev-parse below reports it
  const factArgs = ['rev-parse', '--show-toplevel', '--show-object-format', '--git-path', 'MERGE_HEAD', '--verify', '-q', 'HEAD'];
  const facts = await git.run(factArgs);
  const [root, objectFormat, mergeHead, head] = facts.stdout.toString('utf8').split('\n');
  if ((facts.code !== 0 && facts.code !== 1) || !root || !objectFormat || !mergeHead) {
    throw stagedError(cwd, factArgs, facts.stderr);
  }
  const hasHead = facts.code === 0 && head !== '';
  const emptyTree = EMPTY_TREE[objectFormat];
  if (!hasHead && !emptyTree) throw new OperationalError(`unsupported object format "${objectFormat}"`);
  let diff = await againstHead;
  if (!hasHead) diff = await git.run(diffArgs(emptyTree));
  if (diff.code !== 0) throw stagedError(cwd, ['diff-index'], diff.stderr);
  return { root, mergeHeadFile: path.resolve(cwd, mergeHead), ...parseDiffIndex(diff.stdout) };
}

/**
 * Index against a tree. `--raw -z` lists changes immune to odd file names, `-M` pairs renames with their
 * source, `-p -U0 --full-index` adds only the changed lines. Plumbing: no colour, external diff or textconv.
 * A file larger than a chunk is diffed as binary (core.bigFileThreshold), so the patch stays small and
 * its blob is streamed, not held.
 */
const diffArgs = (tree: string) => ['-c', `core.bigFileThreshold=${CHUNK_SIZE}`, 'diff-index', '--cached', '--no-ext-diff', '--no-textconv', '--raw', '-p', '-U0', '--full-index', '-z', '-M', tree, '--'];

/** The shared mapper, plus the one mistake particular to staged: a bare repository has no index to commit. */
function stagedError(cwd: string, args: readonly string[], stderr: string): OperationalError {
  if (/must be run in a work tree|--show-toplevel/i.test(stderr)) return new OperationalError(`${cwd}: staged needs a work tree (this is a bare repository)`);
  return gitError(cwd, args, stderr);
}
