// The history scan: every unique blob, commit message and tag message reachable from the selection is
// read once through one `git rev-list --objects | git cat-file --batch` pipeline and run through the
// detector; only the blobs with findings are then attributed to commits (attribute.ts).
import type { Finding, ScanResult } from '../../types.js';
import { scanBytes, type DetectOptions, type ScanContext } from '../../detect/index.js';
import { OperationalError } from '../../errors.js';
import { byLocation } from '../../detect/findings.js';
import { CHUNK_SIZE } from '../read.js';
import { batchObjects, scanBlobStream, type GitObject } from './catfile.js';
import { gitFailure, gitStartError, spawnGit } from './spawn.js';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { ChildProcess } from 'node:child_process';
import { revArgs, type RevSelection } from './revs.js';
import { detachedHead, findIntroductions, headCommit, listRefs, refsContaining, treeBlobs, type RefInfo } from './attribute.js';
import type { RepoInfo } from './repo.js';

export interface HistoryProgress {
  objects: number;
  bytes: number;
  /** Objects listed so far by rev-list; final once `listed` is true. */
  total: number;
  listed: boolean;
}

export interface HistoryOptions extends DetectOptions {
  /** Print keys in full in snippets (`--no-redact`). */
  reveal?: boolean;
  /** Blobs above this size are skipped with a warning (`--max-file-size`; default: none). */
  maxBlobSize?: number;
  onProgress?: (progress: HistoryProgress) => void;
}

/** Blobs up to this size are scanned from the batch stream; larger ones are streamed one by one in chunks. */
const IN_MEMORY_BLOB = CHUNK_SIZE;
export const COMMIT_MESSAGE = '<commit message>';
export const TAG_MESSAGE = '<tag message>';

interface MessageHit {
  findings: Finding[];
  kind: 'commit-message' | 'tag-message';
  oid: string;
  author: string;
  email: string;
  date: string;
}

export async function scanHistory(repo: RepoInfo, selection: RevSelection, options: HistoryOptions = {}): Promise<ScanResult> {
  const started = performance.now();
  const warnings: string[] = [];
  if (!repo.hasCommits) {
    warnings.push('repository has no commits yet: nothing to scan');
    return { findings: [], warnings, stats: { files: 0, bytes: 0, ms: 0, objects: 0, commits: 0 } };
  }
  if (repo.shallow) {
    warnings.push('shallow clone: history before the shallow boundary is not scanned, and keys older than it are attributed to the boundary commit (run `git fetch --unshallow` for a full scan)');
  }
  const read = await readObjects(repo.root, selection, options, warnings);
  const blobFindings = await attributeBlobs(repo, selection, read.blobs);
  const messageFindings = await attributeMessages(repo.root, read.messages);
  const findings = [...blobFindings, ...messageFindings].sort(byLocation);
  return {
    findings,
    warnings,
    stats: {
      files: read.blobCount,
      bytes: read.bytes,
      ms: Math.round(performance.now() - started),
      skipped: read.skipped,
      objects: read.objects,
      commits: read.commits,
    },
  };
}

interface ReadOutcome {
  blobs: Map<string, Finding[]>;
  messages: MessageHit[];
  objects: number;
  blobCount: number;
  commits: number;
  bytes: number;
  skipped: Record<string, number>;
}

async function readObjects(root: string, selection: RevSelection, options: HistoryOptions, warnings: string[]): Promise<ReadOutcome> {
  const catFile = spawnGit(root, ['cat-file', '--buffer', '--batch=%(objectname) %(objecttype) %(objectsize) %(rest)']);
  const read = exitOf(catFile);
  catFile.stdin!.on('error', () => {});
  const progress: HistoryProgress = { objects: 0, bytes: 0, total: 0, listed: false };
  // A failed write means cat-file died: its exit code below says why.
  const listing = listNames(root, selection, catFile.stdin!, progress).catch((error: unknown) => error);

  const maxBlob = options.maxBlobSize ?? Infinity;
  const large: { oid: string; path: string }[] = [];
  const outcome: ReadOutcome = { blobs: new Map(), messages: [], objects: 0, blobCount: 0, commits: 0, bytes: 0, skipped: {} };
  const skip = (reason: string) => (outcome.skipped[reason] = (outcome.skipped[reason] ?? 0) + 1);
  const { onProgress: _ignored, maxBlobSize: _max, ...context } = options;
  for await (const item of batchObjects(catFile.stdout!, { maxContent: IN_MEMORY_BLOB, reuse: true })) {
    if ('missing' in item) {
      // rev-list named it, so it should be here: a corrupt or missing object is a hole in the scan.
      skip('unreadable');
      warnings.push(`object ${item.oid.slice(0, 12)} cannot be read (corrupt or missing), not scanned`);
      continue;
    }
    outcome.objects++;
    outcome.bytes += item.size;
    progress.objects = outcome.objects;
    progress.bytes = outcome.bytes;
    if ((outcome.objects & 255) === 0) options.onProgress?.(progress);
    if (item.type === 'blob') {
      outcome.blobCount++;
      if (item.size > maxBlob) {
        skip('too-large');
        warnings.push(`blob ${item.oid.slice(0, 12)} (${item.rest || 'no path'}, ${item.size} bytes) is larger than --max-file-size, skipped`);
        continue;
      }
      if (!item.content) {
        large.push({ oid: item.oid, path: item.rest });
        continue;
      }
      const verdict = scanBytes(item.content, { ...context, file: item.rest || item.oid });
      if (verdict.skipped) skip(verdict.skipped);
      else if (verdict.findings.length) outcome.blobs.set(item.oid, verdict.findings);
    } else if (item.type === 'commit' || item.type === 'tag') {
      if (item.type === 'commit') outcome.commits++;
      const hit = scanMessage(item, context);
      if (hit) outcome.messages.push(hit);
    }
  }
  options.onProgress?.({ ...progress, listed: true, total: outcome.objects });
  const listed = await listing;
  if (listed instanceof Error) throw listed;
  const { code, stderr } = await read;
  if (code !== 0) throw new OperationalError(gitFailure(['cat-file'], stderr));
  for (const blob of large) {
    const verdict = await scanBlobStream(root, blob.oid, { ...context, file: blob.path || blob.oid });
    if (verdict.kind === 'skipped') skip(verdict.reason);
    else if (verdict.findings.length) outcome.blobs.set(blob.oid, verdict.findings);
  }
  return outcome;
}

function exitOf(child: ChildProcess): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.once('error', (error) => reject(gitStartError(error)));
    child.once('close', (code) => resolve({ code: code ?? 128, stderr }));
  });
}

/**
 * Names what cat-file reads: blobs and annotated tags (trees are never read), then commits. The blob
 * filter drops commits except the tips, so commits come from a plain rev-list run alongside, whose
 * small output is held until the blobs are listed (node discards a child's unread output at exit).
 */
async function listNames(root: string, selection: RevSelection, target: Writable, progress: HistoryProgress): Promise<void> {
  const { args, stdin } = revArgs(selection);
  const start = (listArgs: string[]) => {
    const list = spawnGit(root, listArgs);
    const exit = exitOf(list);
    list.stdin!.on('error', () => {});
    list.stdin!.end(stdin);
    return { list, exit };
  };
  const objects = start(['rev-list', '--objects', '--filter=object:type=blob', ...args]);
  const commits = start(['rev-list', ...args]);
  const commitNames: Buffer[] = [];
  commits.list.stdout!.on('data', (chunk: Buffer) => commitNames.push(chunk));
  const write = async (text: string | Buffer) => {
    if (text.length && !target.write(text)) await once(target, 'drain');
  };
  try {
    let partial = '';
    for await (const chunk of objects.list.stdout! as AsyncIterable<Buffer>) {
      const lines = (partial + chunk.toString('latin1')).split('\n');
      partial = lines.pop()!;
      const kept = lines.filter((line) => line.includes(' ')); // a bare name is a tip commit
      progress.total += kept.length;
      if (kept.length) await write(Buffer.from(kept.join('\n') + '\n', 'latin1'));
    }
    for (const listed of [objects, commits]) {
      const { code, stderr } = await listed.exit;
      if (code !== 0) throw new OperationalError(gitFailure(['rev-list'], stderr));
    }
    const names = Buffer.concat(commitNames);
    for (let at = names.indexOf(10); at !== -1; at = names.indexOf(10, at + 1)) progress.total++;
    await write(names);
  } finally {
    progress.listed = true;
    target.end();
  }
}

/** A commit or tag object: headers, a blank line, then the message the user wrote. */
function scanMessage(object: GitObject, context: Omit<ScanContext, 'file'>): MessageHit | undefined {
  const content = object.content!;
  const split = content.indexOf('\n\n');
  if (split === -1) return undefined;
  const kind = object.type === 'commit' ? 'commit-message' : 'tag-message';
  const file = kind === 'commit-message' ? COMMIT_MESSAGE : TAG_MESSAGE;
  const verdict = scanBytes(content.subarray(split + 2), { ...context, file });
  if (!verdict.findings.length) return undefined;
  const headers = content.toString('utf8', 0, split);
  const who = new RegExp(`^${object.type === 'commit' ? 'author' : 'tagger'} (.*) <(.*)> (\\d+) ([+-]\\d{4})$`, 'm').exec(headers);
  return {
    findings: verdict.findings,
    kind,
    oid: object.oid,
    author: who?.[1] ?? '',
    email: who?.[2] ?? '',
    date: who ? isoDate(Number(who[3]), who[4]) : '',
  };
}

/** `1700000000`, `+0130` → `2023-11-14T23:43:20+01:30`, as `git log --format=%aI` prints it. */
export function isoDate(epoch: number, zone: string): string {
  const sign = zone.startsWith('-') ? -1 : 1;
  const offset = sign * (Number(zone.slice(1, 3)) * 3600 + Number(zone.slice(3, 5)) * 60);
  const local = new Date((epoch + offset) * 1000).toISOString().slice(0, 19);
  return `${local}${zone.slice(0, 3)}:${zone.slice(3, 5)}`;
}

/**
 * One finding per key, per path, at the commit that first introduced it there: later edits of the
 * same file that keep the key, and renames, are the same leak, not new ones.
 */
async function attributeBlobs(repo: RepoInfo, selection: RevSelection, blobs: Map<string, Finding[]>): Promise<Finding[]> {
  if (!blobs.size) return [];
  const introductions = await findIntroductions(repo.root, selection, [...blobs.keys()]);
  const first = new Map<string, Finding[]>(); // fingerprint + origin path → findings at the introduction
  const chains = new Map<string, Set<string>>(); // origin path → every path the file had
  const attributed = new Set<string>();
  for (const intro of introductions) {
    chains.set(intro.origin, (chains.get(intro.origin) ?? new Set([intro.origin])).add(intro.path));
    attributed.add(intro.blob);
    for (const finding of blobs.get(intro.blob)!) {
      const key = `${finding.fingerprint}\0${intro.origin}`;
      const group = first.get(key);
      if (group && group[0].blob !== intro.blob) continue;
      const { commit, author, email, date, blob, path } = intro;
      const placed: Finding = { ...finding, file: path, commit, author, email, date, blob, objectKind: 'blob' };
      if (group) group.push(placed);
      else first.set(key, [placed]);
    }
  }
  const refs = await refsFor(repo.root, [...first.values()].map((g) => g[0].commit!));
  const tips = await tipTrees(repo.root, new Set([...refs.values()].flat()));
  const findings: Finding[] = [];
  for (const [key, group] of first) {
    const [fingerprint, origin] = key.split('\0');
    const reaching = refs.get(group[0].commit!) ?? [];
    const paths = chains.get(origin) ?? new Set([origin]);
    const presentAtTip = tips.some((tree) =>
      [...paths].some((p) => blobs.get(tree.get(p) ?? '')?.some((f) => f.fingerprint === fingerprint)),
    );
    for (const finding of group) findings.push({ ...finding, refs: reaching, presentAtTip, onlyNonBranchRefs: onlyNonBranch(reaching) });
  }
  // Blobs reachable without a commit introducing them (a ref pointing straight at a tree or blob).
  for (const [oid, list] of blobs) {
    if (!attributed.has(oid)) for (const f of list) findings.push({ ...f, blob: oid, objectKind: 'blob' });
  }
  return findings;
}

async function attributeMessages(root: string, hits: MessageHit[]): Promise<Finding[]> {
  if (!hits.length) return [];
  const commits = hits.filter((h) => h.kind === 'commit-message').map((h) => h.oid);
  const refs = await refsFor(root, commits);
  const allRefs = hits.some((h) => h.kind === 'tag-message') ? await listRefs(root) : [];
  return hits.flatMap((hit) => {
    const reaching = hit.kind === 'commit-message' ? refs.get(hit.oid) ?? [] : allRefs.filter((r) => r.target === hit.oid).map((r) => r.name);
    return hit.findings.map((f) => ({
      ...f,
      ...(hit.kind === 'commit-message' ? { commit: hit.oid } : { blob: hit.oid }),
      author: hit.author,
      email: hit.email,
      date: hit.date,
      refs: reaching,
      presentAtTip: false,
      onlyNonBranchRefs: onlyNonBranch(reaching),
      objectKind: hit.kind,
    }));
  });
}

async function refsFor(root: string, commits: string[]): Promise<Map<string, string[]>> {
  const unique = [...new Set(commits)];
  const detached = await detachedHead(root);
  const lists = await Promise.all(unique.map((commit) => refsContaining(root, commit, detached)));
  return new Map(unique.map((commit, i) => [commit, lists[i]]));
}

/** The trees at the tips of the given refs (HEAD included), each read once. */
async function tipTrees(root: string, names: Set<string>): Promise<Map<string, string>[]> {
  const all: RefInfo[] = await listRefs(root);
  const tips = new Set(all.filter((r) => names.has(r.name) && r.commit).map((r) => r.commit));
  if (names.has('HEAD')) tips.add(await headCommit(root));
  return Promise.all([...tips].map((tip) => treeBlobs(root, tip)));
}

function onlyNonBranch(refs: string[]): boolean {
  return refs.length > 0 && refs.every((r) => !r.startsWith('refs/heads/') && r !== 'HEAD');
}
