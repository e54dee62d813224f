// What `git commit` would record: the index compared with HEAD (or the empty tree before the first
// commit). Blobs are read from the index, never from the working tree, so a key that was staged and then
// edited away is still found and a key that is only in the working tree is not.
//
// A key is new when the staged blob holds it and the same path in HEAD (the rename source for a rename)
// does not. Comparing keys rather than diff hunks makes deleted lines, pure renames, moved lines and keys
// already committed at that path all "not new", with no patch parsing and no quoting of odd file names.
import { readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Finding, ScanResult } from '../../types.js';
import { mayContainKey, scanBytes, type BytesVerdict, type DetectOptions, type ScanContext } from '../../detect/index.js';
import { OperationalError } from '../../errors.js';
import { gitStartError, runGit, spawnGit } from './spawn.js';
import { batchObjects, scanBlobStream } from './catfile.js';
import { CHUNK_SIZE } from '../read.js';
import { byLocation } from '../../detect/findings.js';

/** The empty tree: what the first commit of a repository is compared with. */
const EMPTY_TREE: Record<string, string> = {
  sha1: '4b825dc642cb6eb9a060e54bf8d69288fbee4904',
  sha256: '6ef19b41225c5369f1c104d45d8d85efa9b057b53b14b4b9b939dd74decc5321',
};

/** A gitlink (submodule) names a commit of another repository: there is no blob to read. */
const GITLINK = '160000';

export interface StagedOptions extends DetectOptions {
  /** Print keys in full in snippets (`--no-redact`). */
  reveal?: boolean;
}

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

export async function scanStaged(repo: StagedIndex, options: StagedOptions = {}): Promise<ScanResult> {
  const started = performance.now();
  const changes = repo.changes.filter((c) => c.status !== 'D' && c.newMode !== GITLINK && !isNull(c.newBlob));
  const findings: Finding[] = [];
  const skipped: Record<string, number> = {};
  /** The patch, and then each blob read in full. */
  let bytes = repo.patch.length;
  const result = (): ScanResult => ({
    findings,
    warnings: [],
    stats: { files: changes.length, bytes, ms: Math.round(performance.now() - started), skipped },
  });
  const wanted = blobsToRead(repo.patch);
  const suspects = changes.filter((c) => wanted.has(c.newBlob));
  if (!suspects.length) return result();
  const staged = await readObjects(repo.root, suspects.map((c) => c.newBlob));
  const hits: { change: StagedChange; found: Finding[] }[] = [];
  for (const [i, change] of suspects.entries()) {
    const object = staged[i];
    bytes += object ? object.size : 0;
    const verdict = await scanObject(repo.root, object, { ...options, file: change.path });
    if (verdict.skipped) skipped[verdict.skipped] = (skipped[verdict.skipped] ?? 0) + 1;
    else if (verdict.findings.length) hits.push({ change, found: verdict.findings });
  }
  const known = await knownKeys(repo, hits.map((h) => h.change), options);
  hits.forEach(({ change, found }, i) => {
    for (const finding of found) {
      if (known[i].has(finding.fingerprint)) continue;
      finding.blob = change.newBlob;
      finding.objectKind = 'blob';
      findings.push(finding);
    }
  });
  findings.sort(byLocation);
  return result();
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
    if (blob && (mayContainKey(section) || /^Binary files /m.test(section))) wanted.add(blob);
  }
  return wanted;
}

/**
 * The keys each changed file already held: in HEAD at its old path and, while a merge is being
 * concluded, in each merged commit at its path (those keys come from commits that already exist).
 */
async function knownKeys(repo: StagedIndex, changes: readonly StagedChange[], options: DetectOptions): Promise<Set<string>[]> {
  if (!changes.length) return [];
  const mergeHeads = await readMergeHeads(repo.mergeHeadFile);
  // cat-file reads one name per line: a path with a newline cannot be named, only its HEAD blob can.
  const names = changes.map((c) => [
    ...(isNull(c.oldBlob) ? [] : [c.oldBlob]),
    ...(c.path.includes('\n') ? [] : mergeHeads.map((commit) => `${commit}:${c.path}`)),
  ]);
  const blobs = await readObjects(repo.root, names.flat());
  let next = 0;
  const known: Set<string>[] = [];
  for (const list of names) {
    const keys = new Set<string>();
    for (let n = 0; n < list.length; n++) {
      for (const f of (await scanObject(repo.root, blobs[next++], { ...options, file: '' })).findings) keys.add(f.fingerprint);
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
  const local = findWorkTree(cwd);
  if (local) {
    const diff = await runGit(cwd, diffArgs('HEAD'));
    if (diff.code === 0) return { root: local.root, mergeHeadFile: path.join(local.gitDir, 'MERGE_HEAD'), ...parseDiffIndex(diff.stdout) };
  }
  return openWithRevParse(cwd);
}

/** The diff against HEAD starts alongside `git rev-parse`; only without HEAD is it run again. */
async function openWithRevParse(cwd: string): Promise<StagedIndex> {
  const againstHead = runGit(cwd, diffArgs('HEAD'));
  againstHead.catch(() => {}); // if git cannot start, rev-parse below reports it
  const facts = await runGit(cwd, ['rev-parse', '--show-toplevel', '--show-object-format', '--git-path', 'MERGE_HEAD', '--verify', '-q', 'HEAD']);
  const [root, objectFormat, mergeHead, head] = facts.stdout.toString('utf8').split('\n');
  if ((facts.code !== 0 && facts.code !== 1) || !root || !objectFormat || !mergeHead) {
    throw gitFailure(cwd, facts.stderr);
  }
  const hasHead = facts.code === 0 && head !== '';
  const emptyTree = EMPTY_TREE[objectFormat];
  if (!hasHead && !emptyTree) throw new OperationalError(`unsupported object format "${objectFormat}"`);
  let diff = await againstHead;
  if (!hasHead) diff = await runGit(cwd, diffArgs(emptyTree));
  if (diff.code !== 0) throw gitFailure(cwd, diff.stderr);
  return { root, mergeHeadFile: path.resolve(cwd, mergeHead), ...parseDiffIndex(diff.stdout) };
}

/**
 * The top of the work tree and its git folder, read from disk: the nearest `.git` folder, or `.git`
 * file (`gitdir: …`) of a linked worktree or submodule. Undefined when GIT_DIR or GIT_WORK_TREE decide.
 */
function findWorkTree(cwd: string): { root: string; gitDir: string } | undefined {
  if (process.env.GIT_DIR || process.env.GIT_WORK_TREE) return undefined;
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const dotGit = path.join(dir, '.git');
    const info = statSync(dotGit, { throwIfNoEntry: false });
    if (info?.isDirectory()) return { root: dir, gitDir: dotGit };
    if (info?.isFile()) {
      const pointer = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1];
      return pointer ? { root: dir, gitDir: path.resolve(dir, pointer) } : undefined;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * Index against a tree. `--raw -z` lists changes immune to odd file names, `-M` pairs renames with their
 * source, `-p -U0 --full-index` adds only the changed lines. Plumbing: no colour, external diff or textconv.
 * A file larger than a chunk is diffed as binary (core.bigFileThreshold), so the patch stays small and
 * its blob is streamed, not held.
 */
const diffArgs = (tree: string) => ['-c', `core.bigFileThreshold=${CHUNK_SIZE}`, 'diff-index', '--cached', '--raw', '-p', '-U0', '--full-index', '-z', '-M', tree, '--'];

/** A staged or committed blob: its bytes when small, only its id when it must be streamed. */
export interface BlobRef {
  oid: string;
  size: number;
  content: Buffer | undefined;
}

/**
 * Reads objects (ids or `rev:path` names) through one streamed `git cat-file --batch`, answers in request
 * order; anything but a blob is undefined. Blobs larger than a chunk are not held (`content` undefined):
 * scanObject streams them from their own cat-file, so memory stays bounded whatever a file's size.
 * Spawns nothing when there is nothing to read.
 */
export async function readObjects(cwd: string, names: readonly string[]): Promise<(BlobRef | undefined)[]> {
  if (!names.length) return [];
  const child = spawnGit(cwd, ['cat-file', '--batch']);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<number>((resolve, reject) => {
    child.once('error', (error) => reject(gitStartError(error)));
    child.once('close', (code) => resolve(code ?? 128));
  });
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
  if ((await exited) !== 0) throw gitFailure(cwd, stderr);
  if (objects.length < names.length) throw new OperationalError('git cat-file ended early');
  return objects;
}

/** Scans a blob held in memory, or streams one too large to hold through the chunk scanner. */
async function scanObject(root: string, blob: BlobRef | undefined, context: ScanContext): Promise<BytesVerdict> {
  if (!blob) return { findings: [] };
  if (blob.content) return scanBytes(blob.content, context);
  const outcome = await scanBlobStream(root, blob.oid, context);
  if (outcome.kind === 'scanned') return { findings: outcome.findings };
  if (outcome.reason === 'binary') return { findings: [], skipped: 'binary' };
  throw new OperationalError(`blob ${blob.oid.slice(0, 12)}: ${outcome.message ?? outcome.reason}`);
}

/** git's first line, made specific for the two mistakes users make: outside a repository, or in a bare one. */
function gitFailure(cwd: string, stderr: string): OperationalError {
  const reason = stderr.split('\n').find((line) => line.trim()) ?? 'git failed';
  if (/not a git repository/i.test(reason)) return new OperationalError(`${cwd} is not inside a git repository`);
  if (/must be run in a work tree|--show-toplevel/i.test(reason)) return new OperationalError(`${cwd}: staged needs a work tree (this is a bare repository)`);
  return new OperationalError(reason.replace(/^fatal:\s*/, ''));
}
