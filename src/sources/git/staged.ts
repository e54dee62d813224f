// What `git commit` would record: the index compared with HEAD (or the empty tree before the first
// commit). Blobs are read from the index, never from the working tree, so a key that was staged and then
// edited away is still found and a key that is only in the working tree is not.
//
// A key is new when the staged blob holds it and the same path in HEAD (the rename source for a rename)
// does not. Comparing keys rather than diff hunks makes deleted lines, pure renames, moved lines and keys
// already committed at that path all "not new", with no patch parsing and no quoting of odd file names.
import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Finding, ScanResult } from '../../types.js';
import { scanBytes, type DetectOptions } from '../../detect/index.js';
import { OperationalError } from '../../errors.js';

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

export async function scanStaged(repo: StagedRepo, options: StagedOptions = {}): Promise<ScanResult> {
  const started = performance.now();
  const base = repo.head ?? EMPTY_TREE[repo.objectFormat];
  if (!base) throw new OperationalError(`unsupported object format "${repo.objectFormat}"`);
  const raw = await git(repo.root, ['diff-index', '--cached', '--raw', '-z', '-M', base, '--']);
  const changes = parseRawDiff(raw).filter((c) => c.status !== 'D' && c.newMode !== GITLINK && !isNull(c.newBlob));
  const staged = await readObjects(repo.root, changes.map((c) => c.newBlob));
  const findings: Finding[] = [];
  const skipped: Record<string, number> = {};
  const hits: { change: StagedChange; found: Finding[] }[] = [];
  let bytes = 0;
  changes.forEach((change, i) => {
    const blob = staged[i] ?? Buffer.alloc(0);
    bytes += blob.length;
    const verdict = scanBytes(blob, { ...options, file: change.path });
    if (verdict.skipped) skipped[verdict.skipped] = (skipped[verdict.skipped] ?? 0) + 1;
    else if (verdict.findings.length) hits.push({ change, found: verdict.findings });
  });
  const known = await knownKeys(repo, hits.map((h) => h.change), options);
  hits.forEach(({ change, found }, i) => {
    for (const finding of found) {
      if (known[i].has(finding.fingerprint)) continue;
      finding.blob = change.newBlob;
      finding.objectKind = 'blob';
      findings.push(finding);
    }
  });
  findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
  return { findings, warnings: [], stats: { files: changes.length, bytes, ms: Math.round(performance.now() - started), skipped } };
}

/** `:oldmode newmode oldsha newsha status\0path\0` (a second path after renames and copies). */
export function parseRawDiff(raw: Buffer): StagedChange[] {
  const fields = raw.toString('utf8').split('\0');
  const changes: StagedChange[] = [];
  for (let i = 0; i + 1 < fields.length; ) {
    const [, newMode, oldBlob, newBlob, status] = fields[i++].slice(1).split(' ');
    const oldPath = fields[i++];
    const path = status.startsWith('R') || status.startsWith('C') ? fields[i++] : oldPath;
    changes.push({ status: status[0], newMode, oldBlob, newBlob, oldPath, path });
  }
  return changes;
}

/**
 * The keys each changed file already held: in HEAD at its old path and, while a merge is being
 * concluded, in each merged commit at its path (those keys come from commits that already exist).
 */
async function knownKeys(repo: StagedRepo, changes: readonly StagedChange[], options: DetectOptions): Promise<Set<string>[]> {
  if (!changes.length) return [];
  const mergeHeads = await readMergeHeads(repo.mergeHeadFile);
  // cat-file reads one name per line: a path with a newline cannot be named, only its HEAD blob can.
  const names = changes.map((c) => [
    ...(isNull(c.oldBlob) ? [] : [c.oldBlob]),
    ...(c.path.includes('\n') ? [] : mergeHeads.map((commit) => `${commit}:${c.path}`)),
  ]);
  const blobs = await readObjects(repo.root, names.flat());
  let next = 0;
  return names.map((list) => {
    const keys = new Set<string>();
    for (const _ of list) {
      const blob = blobs[next++];
      if (blob) for (const f of scanBytes(blob, { ...options, file: '' }).findings) keys.add(f.fingerprint);
    }
    return keys;
  });
}

async function readMergeHeads(file: string): Promise<string[]> {
  try {
    return (await readFile(file, 'utf8')).split('\n').filter((line) => /^[0-9a-f]{40,64}$/.test(line));
  } catch {
    return [];
  }
}

const isNull = (oid: string) => /^0+$/.test(oid);

export interface StagedRepo {
  /** Top level of the work tree: finding paths are relative to it. */
  root: string;
  objectFormat: string;
  /** Present while a merge is being concluded. */
  mergeHeadFile: string;
  /** Absent before the first commit. */
  head?: string;
}

/** One `git rev-parse` for the top level, the hash algorithm and HEAD (which fails quietly when unborn). */
export async function stagedRepo(cwd: string): Promise<StagedRepo> {
  const { code, stdout, stderr } = await spawnGit(cwd, [
    'rev-parse',
    '--show-toplevel',
    '--show-object-format',
    '--git-path',
    'MERGE_HEAD',
    '--verify',
    '-q',
    'HEAD',
  ]);
  const [root, objectFormat, mergeHead, head] = stdout.toString('utf8').split('\n');
  if ((code !== 0 && code !== 1) || !root || !objectFormat || !mergeHead) throw gitFailure(cwd, stderr);
  return { root, objectFormat, mergeHeadFile: path.resolve(cwd, mergeHead), head: code === 0 && head ? head : undefined };
}

/**
 * Reads objects (ids or `rev:path` names) through one `git cat-file --batch`, answers in request order:
 * `<oid> <type> <size>\n<bytes>\n`, or one `<name> missing` line. Anything but a blob is undefined.
 * Spawns nothing when there is nothing to read.
 */
export async function readObjects(cwd: string, names: readonly string[]): Promise<(Buffer | undefined)[]> {
  if (!names.length) return [];
  const { code, stdout, stderr } = await spawnGit(cwd, ['cat-file', '--batch'], names.join('\n') + '\n');
  if (code !== 0) throw gitFailure(cwd, stderr);
  const objects: (Buffer | undefined)[] = [];
  let at = 0;
  while (objects.length < names.length) {
    const eol = stdout.indexOf(10, at);
    if (eol === -1) throw new OperationalError('git cat-file ended early');
    const header = stdout.toString('utf8', at, eol);
    at = eol + 1;
    const size = /^[0-9a-f]+ (\w+) (\d+)$/.exec(header);
    if (!size) {
      objects.push(undefined);
      continue;
    }
    const end = at + Number(size[2]);
    objects.push(size[1] === 'blob' ? stdout.subarray(at, end) : undefined);
    at = end + 1;
  }
  return objects;
}

async function git(cwd: string, args: string[]): Promise<Buffer> {
  const { code, stdout, stderr } = await spawnGit(cwd, args);
  if (code !== 0) throw gitFailure(cwd, stderr);
  return stdout;
}

interface GitOutput {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

function spawnGit(cwd: string, args: string[], input?: string): Promise<GitOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error: NodeJS.ErrnoException) =>
      reject(new OperationalError(error.code === 'ENOENT' ? 'git is not installed or not on PATH' : `cannot run git: ${error.message}`)),
    );
    child.on('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }));
    if (input !== undefined) {
      // git may exit before reading everything (it reports why on stderr): no EPIPE crash.
      child.stdin!.on('error', () => {});
      child.stdin!.end(input);
    }
  });
}

function gitFailure(cwd: string, stderr: string): OperationalError {
  const reason = stderr.split('\n').find((line) => line.trim()) ?? 'git failed';
  if (/not a git repository/i.test(reason)) return new OperationalError(`${cwd} is not inside a git repository`);
  if (/must be run in a work tree|--show-toplevel/i.test(reason)) return new OperationalError(`${cwd}: staged needs a work tree (this is a bare repository)`);
  return new OperationalError(reason.replace(/^fatal:\s*/, ''));
}
