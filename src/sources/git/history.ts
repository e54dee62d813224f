// The history scan: every unique blob, commit message and tag message reachable from the selection is
// read once through one `git rev-list --objects | git cat-file --batch` pipeline and run through the
// detector; only the blobs with findings are then attributed to commits (attribute.ts).
import type { Finding, ScanResult } from '../../types.js';
import { CHUNK_SIZE, redactKeysIn } from '../../detect/index.js';
import { scanFragment, scanName, type FragmentOutcome } from '../../engine/scanner.js';
import { Git, batchObjects, gitError, openRepo, resolveRev, revArgs, type GitObject, type RepoInfo, type RevSelection } from '../../git/index.js';
import { UsageError } from '../../errors.js';
import { ResultBuilder } from '../result.js';
import { scanBlob } from './blobs.js';
import type { Progress, Source, SourceSettings } from '../source.js';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { detachedHead, findIntroductions, headCommit, listRefs, refsContaining, treeBlobs, type RefInfo } from './attribute.js';
import { listUnreachable, type Unreachable } from './unreachable.js';

export interface HistoryProgress {
  objects: number;
  bytes: number;
  /** Objects listed so far by rev-list; final once `listed` is true. */
  total: number;
  listed: boolean;
}

export interface HistoryOptions {
  onProgress?: (progress: HistoryProgress) => void;
  fetchMissing?: boolean;
  /** Also scan the objects no ref reaches (reflog-only and dangling ones): `--all-objects`. */
  allObjects?: boolean;
}

/** Which history `aisa-guard history` covers (`--branch`, `--since`, `--range`); all refs by default. */
export interface HistoryScope {
  branches?: readonly string[];
  since?: string;
  range?: string;
  /** A selection already worked out (`--state`: from the recorded ref tips). */
  selection?: RevSelection;
  /** `--fetch-missing`: let a partial clone fetch the objects it lacks instead of counting them missing. */
  fetchMissing?: boolean;
  /** `--all-objects` / `--no-all-objects`; unset: on for a full scan (no branch, since, range or state). */
  allObjects?: boolean;
}

/** The history of the repository at `dir`; a range scan trusts its base revision's config. */
export async function historySource(dir: string, scope: HistoryScope = {}): Promise<Source> {
  const repo = await openRepo(dir);
  const selection = scope.selection ?? (await selectionFor(new Git(repo.root), scope));
  const fetchMissing = scope.fetchMissing === true;
  const full = scope.selection === undefined && !scope.branches?.length && scope.since === undefined && scope.range === undefined;
  if (scope.allObjects === true && !full) {
    throw new UsageError('--all-objects reads every object the repository holds: it cannot be combined with --branch, --since, --range or --state');
  }
  const allObjects = scope.allObjects ?? full;
  return {
    root: repo.root,
    trust: scope.range !== undefined ? { base: selection.exclude[0], head: selection.include[0] } : undefined,
    progressUnit: 'objects',
    scan: (settings, signal, progress) =>
      scanHistory(new Git(repo.root, signal), repo, selection, settings, { onProgress: progress && historyProgress(progress), fetchMissing, allObjects }),
  };
}

/** History scans that already have their selection (pre-push). */
export function selectionSource(repo: RepoInfo, selection: RevSelection): Source {
  return {
    root: repo.root,
    scan: async (settings, signal) =>
      selection.include.length ? scanHistory(new Git(repo.root, signal), repo, selection, settings) : new ResultBuilder(settings).result(),
  };
}

const historyProgress = (progress: Progress) => (p: HistoryProgress) =>
  progress({ done: p.objects, total: p.total, final: p.listed, bytes: p.bytes });

async function selectionFor(git: Git, scope: HistoryScope): Promise<RevSelection> {
  const branches = scope.branches ?? [];
  const { since, range } = scope;
  if (range !== undefined && (since !== undefined || branches.length)) {
    throw new UsageError('--range cannot be combined with --since or --branch');
  }
  if (range !== undefined) {
    const ends = range.split('..');
    if (ends.length !== 2 || ends.some((end) => end === '' || end.startsWith('.'))) {
      throw new UsageError(`--range takes A..B (got "${range}")`);
    }
    return { all: false, include: [await resolveRev(git, ends[1], '--range')], exclude: [await resolveRev(git, ends[0], '--range')] };
  }
  const include: string[] = [];
  for (const branch of branches) include.push(await resolveRev(git, branch, '--branch'));
  const exclude = since !== undefined ? [await resolveRev(git, since, '--since')] : [];
  return { all: include.length === 0, include, exclude };
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
  /** Tag messages: the tag's own name and the object it points to. */
  tag?: { name: string; target: string; type: string };
}

export async function scanHistory(git: Git, repo: RepoInfo, selection: RevSelection, settings: SourceSettings, options: HistoryOptions = {}): Promise<ScanResult> {
  const builder = new ResultBuilder(settings);
  builder.objects = 0;
  builder.commits = 0;
  if (!repo.hasCommits) {
    builder.warn('repository has no commits yet: nothing to scan');
    return builder.result();
  }
  if (repo.shallow) {
    builder.skip('shallow', 'shallow clone: history before the shallow boundary is not scanned, and keys older than it are attributed to the boundary commit (run `git fetch --unshallow` for a full scan)');
  }
  const reachable = readReachable(git, selection, settings, options, builder);
  const seen = reachable.then((r) => r.seen!);
  const unreachable = options.allObjects ? listUnreachable(git, seen) : undefined;
  // Both are awaited below once the reachable pass has succeeded; should it fail (or the scan be
  // cancelled), their rejections are that same failure, not unhandled ones.
  seen.catch(() => {});
  unreachable?.catch(() => {});
  const read = await reachable;
  if (read.missing.length) {
    for (let i = 0; i < read.missing.length; i++) builder.skip('missing');
    builder.warn(missingWarning(read.missing, repo.partial === true));
  }
  // Rename detection would read (and in a partial clone fetch) the missing blobs: exact paths only then.
  builder.add(await attributeBlobs(git, selection, read.blobs, read.missing.length > 0));
  builder.add(await attributeMessages(git, read.messages));
  if (unreachable) await scanUnreachable(git, await unreachable, settings, options, builder);
  return builder.result();
}

/**
 * `--all-objects`: the objects the reachable pass did not read, scanned the same way; their blobs are
 * attributed to the unreachable commit that introduced them where there is one, and every finding
 * says how the object is (not) reachable.
 */
async function scanUnreachable(git: Git, unreachable: Unreachable, settings: SourceSettings, options: HistoryOptions, builder: ResultBuilder): Promise<void> {
  if (!unreachable.names.length) return;
  const list = async (target: Writable) => {
    target.end(unreachable.names.join('\n') + '\n');
  };
  const read = await readObjects(git, list, settings, { ...options, allObjects: false }, builder);
  const selection: RevSelection = { all: false, include: unreachable.commits, exclude: [], excludeAll: true };
  const found = [...(await attributeBlobs(git, selection, read.blobs, false)), ...(await attributeMessages(git, read.messages))];
  for (const finding of found) {
    const oid = finding.objectKind === 'commit-message' ? finding.commit : finding.blob;
    const reach = oid === undefined ? undefined : unreachable.reach.get(oid);
    builder.add([reach ? { ...finding, reachable: reach } : finding]);
  }
}

/** What the object pass found: per blob its findings, and the messages holding keys. */
interface Reached {
  blobs: Map<string, Finding[]>;
  messages: MessageHit[];
  /** With --all-objects: every object read, so the unreachable pass reads only the others. */
  seen?: Set<string>;
  /** Objects rev-list names but this repository lacks (partial clone, incomplete mirror). */
  missing: string[];
}

/** One warning naming the missing objects (the first few) and how to get them. */
function missingWarning(missing: string[], partial: boolean): string {
  const names = missing.slice(0, 5).map((oid) => oid.slice(0, 12)).join(', ');
  const more = missing.length > 5 ? ` and ${missing.length - 5} more` : '';
  const fix = partial ? 'run again with --fetch-missing to fetch them from the promisor remote' : 'fetch or repair them (git fsck) and run again';
  return `${missing.length} object${missing.length === 1 ? ' is' : 's are'} missing from this repository and not scanned (${names}${more}): the scan is incomplete; ${fix}`;
}

async function readReachable(git: Git, selection: RevSelection, settings: SourceSettings, options: HistoryOptions, builder: ResultBuilder): Promise<Reached> {
  const missing: string[] = [];
  const list = (target: Writable, progress: HistoryProgress) => listNames(git, selection, target, progress, options.fetchMissing === true, missing);
  return { ...(await readObjects(git, list, settings, options, builder)), missing };
}

/** Reads and scans what `list` names through one `git cat-file --batch`: blobs, commits and tags. */
async function readObjects(
  git: Git,
  list: (target: Writable, progress: HistoryProgress) => Promise<void>,
  settings: SourceSettings,
  options: HistoryOptions,
  builder: ResultBuilder,
): Promise<Omit<Reached, 'missing'>> {
  const catArgs = ['cat-file', '--buffer', '--batch=%(objectname) %(objecttype) %(objectsize) %(rest)'];
  const catFile = git.spawn(catArgs);
  const read = git.exitOf(catFile);
  read.catch(() => {}); // awaited below; a failure to start also ends the stream
  catFile.stdin!.on('error', () => {});
  const progress: HistoryProgress = { objects: 0, bytes: 0, total: 0, listed: false };
  // A failed write means cat-file died: its exit code below says why.
  const listing = list(catFile.stdin!, progress).catch((error: unknown) => error);

  const large: { oid: string; path: string; size: number }[] = [];
  const reached: Omit<Reached, 'missing'> = { blobs: new Map(), messages: [], seen: options.allObjects ? new Set() : undefined };
  const add = (oid: string, findings: Finding[]) => {
    if (findings.length) reached.blobs.set(oid, [...(reached.blobs.get(oid) ?? []), ...findings]);
  };
  let objects = 0;
  for await (const item of batchObjects(catFile.stdout!, { maxContent: IN_MEMORY_BLOB, reuse: true })) {
    if ('missing' in item) {
      // rev-list named it, so it should be here: a corrupt or missing object is a hole in the scan.
      builder.skip('unreadable', `object ${item.oid.slice(0, 12)} cannot be read (corrupt or missing), not scanned`);
      continue;
    }
    objects++;
    reached.seen?.add(item.oid);
    builder.bytes += item.size;
    progress.objects = objects;
    progress.bytes = builder.bytes;
    if ((objects & 255) === 0) options.onProgress?.(progress);
    if (item.type === 'blob') {
      builder.files++;
      add(item.oid, scanName(item.rest, builder.context(item.rest)));
      if (!item.content && !(settings.maxFileSize !== undefined && item.size > settings.maxFileSize)) {
        large.push({ oid: item.oid, path: item.rest, size: item.size });
        continue;
      }
      // An archive is opened while the batch stream waits: item.content stays valid until the next item.
      const path = item.rest || item.oid;
      const fragment = { path, body: { bytes: item.content ?? Buffer.alloc(0) }, size: item.size, provenance: { blob: item.oid } };
      const outcome = await scanFragment(fragment, builder.context(path), settings);
      record(builder, item.oid, item.rest, item.size, outcome);
      if (outcome.kind === 'scanned') add(item.oid, outcome.findings);
    } else if (item.type === 'commit' || item.type === 'tag') {
      if (item.type === 'commit') builder.commits!++;
      const hit = await scanMessage(item, builder);
      if (hit) reached.messages.push(hit);
    }
  }
  builder.objects = (builder.objects ?? 0) + objects;
  options.onProgress?.({ ...progress, listed: true, total: objects });
  const listed = await listing;
  if (listed instanceof Error) throw listed;
  const { code, stderr } = await read;
  if (code !== 0) throw gitError(git.cwd, catArgs, stderr);
  for (const blob of large) {
    const path = blob.path || blob.oid;
    const outcome = await scanBlob(git, { ...blob, content: undefined }, path, builder.context(path), settings);
    record(builder, blob.oid, blob.path, blob.size, outcome);
    if (outcome.kind === 'scanned') add(blob.oid, outcome.findings);
  }
  return reached;
}

/** A blob's skips: too large (--max-file-size), or the parts of an archive that could not be read (warned). */
function record(builder: ResultBuilder, oid: string, path: string, size: number, outcome: FragmentOutcome): void {
  if (outcome.kind === 'skipped') {
    builder.skip(outcome.reason, `blob ${oid.slice(0, 12)} (${path || 'no path'}, ${size} bytes) is larger than --max-file-size, skipped`);
    return;
  }
  for (const problem of outcome.problems ?? []) builder.skip(problem.reason, problem.warning);
}

/**
 * Names what cat-file reads: blobs and annotated tags (trees are never read), then commits. The blob
 * filter drops commits except the tips, so commits come from a plain rev-list run alongside, whose
 * small output is held until the blobs are listed (node discards a child's unread output at exit).
 */
async function listNames(
  git: Git,
  selection: RevSelection,
  target: Writable,
  progress: HistoryProgress,
  fetchMissing: boolean,
  missing: string[],
): Promise<void> {
  const { args, stdin } = revArgs(selection);
  // `--missing=print` lists a missing object as `?<oid>` instead of failing (or fetching it).
  const tolerate = fetchMissing ? [] : ['--missing=print'];
  const start = (listArgs: string[]) => {
    const list = git.spawn(listArgs);
    const exit = git.exitOf(list);
    exit.catch(() => {}); // awaited below
    list.stdin!.on('error', () => {});
    list.stdin!.end(stdin);
    return { list, exit };
  };
  const objects = start(['rev-list', '--objects', '--filter=object:type=blob', ...tolerate, ...args]);
  const commits = start(['rev-list', ...tolerate, ...args]);
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
      for (const line of lines) if (line.startsWith('?')) missing.push(line.slice(1));
      const kept = lines.filter((line) => line.includes(' ')); // a bare name is a tip commit (or missing)
      progress.total += kept.length;
      if (kept.length) await write(Buffer.from(kept.join('\n') + '\n', 'latin1'));
    }
    for (const listed of [objects, commits]) {
      const { code, stderr } = await listed.exit;
      if (code !== 0) throw gitError(git.cwd, ['rev-list'], stderr);
    }
    let names = Buffer.concat(commitNames);
    if (names.includes('?')) {
      const lines = names.toString('latin1').split('\n');
      for (const line of lines) if (line.startsWith('?') && !missing.includes(line.slice(1))) missing.push(line.slice(1));
      names = Buffer.from(lines.filter((line) => line && !line.startsWith('?')).map((line) => line + '\n').join(''), 'latin1');
    }
    for (let at = names.indexOf(10); at !== -1; at = names.indexOf(10, at + 1)) progress.total++;
    await write(names);
  } finally {
    progress.listed = true;
    target.end();
  }
}

/** A commit or tag object: headers, a blank line, then the message the user wrote. */
async function scanMessage(object: GitObject, builder: ResultBuilder): Promise<MessageHit | undefined> {
  const content = object.content!;
  const split = content.indexOf('\n\n');
  if (split === -1) return undefined;
  const kind = object.type === 'commit' ? 'commit-message' : 'tag-message';
  const file = kind === 'commit-message' ? COMMIT_MESSAGE : TAG_MESSAGE;
  // Metadata, not a file: never sized, never opened as an archive.
  const fragment = { path: file, body: { bytes: content.subarray(split + 2) }, sized: false, provenance: { commit: object.oid } };
  const verdict = await scanFragment(fragment, builder.context(file), { archives: false });
  if (verdict.kind !== 'scanned' || !verdict.findings.length) return undefined;
  const headers = content.toString('utf8', 0, split);
  const who = new RegExp(`^${object.type === 'commit' ? 'author' : 'tagger'} (.*) <(.*)> (\\d+) ([+-]\\d{4})$`, 'm').exec(headers);
  const tag = kind === 'tag-message' ? tagHeaders(headers) : undefined;
  return {
    findings: verdict.findings,
    kind,
    oid: object.oid,
    author: who?.[1] ?? '',
    email: who?.[2] ?? '',
    date: who ? isoDate(Number(who[3]), who[4]) : '',
    ...(tag && { tag }),
  };
}

/** An annotated tag's name and what it points to (`object`, `type`, `tag` headers). */
function tagHeaders(headers: string): MessageHit['tag'] {
  const field = (name: string) => new RegExp(`^${name} (.*)$`, 'm').exec(headers)?.[1] ?? '';
  return { name: field('tag'), target: field('object'), type: field('type') };
}

/** The commit a tag points to, through tags of tags; undefined for a tag of a tree or blob. */
async function taggedCommit(git: Git, tag: NonNullable<MessageHit['tag']>): Promise<string | undefined> {
  if (tag.type === 'commit') return tag.target;
  if (tag.type !== 'tag' || !/^[0-9a-f]+$/.test(tag.target)) return undefined;
  const peeled = await git.run(['rev-parse', '-q', '--verify', `${tag.target}^{commit}`]);
  return peeled.code === 0 ? peeled.stdout.toString('utf8').trim() : undefined;
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
async function attributeBlobs(git: Git, selection: RevSelection, blobs: Map<string, Finding[]>, noRenames: boolean): Promise<Finding[]> {
  if (!blobs.size) return [];
  const introductions = await findIntroductions(git, selection, [...blobs.keys()], noRenames);
  const first = new Map<string, Finding[]>(); // fingerprint + origin path → findings at the introduction
  const chains = new Map<string, Set<string>>(); // origin path → every path the file had
  const attributed = new Set<string>();
  for (const intro of introductions) {
    chains.set(intro.origin, (chains.get(intro.origin) ?? new Set([intro.origin])).add(intro.path));
    attributed.add(intro.blob);
    const shownPath = redactKeysIn(intro.path);
    for (const finding of blobs.get(intro.blob)!) {
      // A key in a name belongs to the paths holding that name, not to every path of the same content.
      if (finding.location === 'path' && !finding.container && finding.file !== shownPath) continue;
      const key = `${finding.fingerprint}\0${intro.origin}`;
      const group = first.get(key);
      if (group && group[0].blob !== intro.blob) continue;
      const { commit, author, email, date, blob } = intro;
      // Inside an archive the path through it follows the blob's path at this commit: `dist/app.zip!a.js`.
      const inner = finding.container !== undefined ? finding.file.slice(finding.container.length) : '';
      const placed: Finding = { ...finding, file: shownPath + inner, ...(inner && { container: shownPath }), commit, author, email, date, blob, objectKind: 'blob' };
      if (group) group.push(placed);
      else first.set(key, [placed]);
    }
  }
  const refs = await refsFor(git, [...first.values()].map((g) => g[0].commit!));
  const tips = await tipTrees(git, new Set([...refs.values()].flat()));
  const findings: Finding[] = [];
  for (const [key, group] of first) {
    const [fingerprint, origin] = key.split('\0');
    const reaching = refs.get(group[0].commit!) ?? [];
    const paths = chains.get(origin) ?? new Set([origin]);
    const presentAtTip = tips.some((tree) =>
      [...paths].some((p) => blobs.get(tree.get(p) ?? '')?.some((f) => f.fingerprint === fingerprint)),
    );
    for (const finding of group) findings.push({ ...finding, author: finding.author && redactKeysIn(finding.author), refs: reaching.map(redactKeysIn), presentAtTip, onlyNonBranchRefs: onlyNonBranch(reaching) });
  }
  // Blobs reachable without a commit introducing them (a ref, often a tag, pointing straight at a blob or tree).
  const unattributed = [...blobs].filter(([oid]) => !attributed.has(oid));
  const named = unattributed.length ? await listRefs(git) : [];
  for (const [oid, list] of unattributed) {
    const reaching = named.filter((r) => r.peeled === oid).map((r) => redactKeysIn(r.name));
    for (const f of list) findings.push({ ...f, blob: oid, objectKind: 'blob', ...(reaching.length && { refs: reaching, onlyNonBranchRefs: onlyNonBranch(reaching) }) });
  }
  return findings;
}

async function attributeMessages(git: Git, hits: MessageHit[]): Promise<Finding[]> {
  if (!hits.length) return [];
  const commits = hits.filter((h) => h.kind === 'commit-message').map((h) => h.oid);
  const refs = await refsFor(git, commits);
  const allRefs = hits.some((h) => h.kind === 'tag-message') ? await listRefs(git) : [];
  const tagged = await Promise.all(hits.map((hit) => (hit.tag ? taggedCommit(git, hit.tag) : undefined)));
  return hits.flatMap((hit, i) => {
    const reaching = hit.kind === 'commit-message' ? refs.get(hit.oid) ?? [] : allRefs.filter((r) => r.target === hit.oid).map((r) => r.name);
    // A tag message is placed like a commit message: at the commit the tag names, with the tag's name.
    const place = hit.kind === 'commit-message' ? { commit: hit.oid } : { blob: hit.oid, tag: redactKeysIn(hit.tag?.name ?? ''), ...(tagged[i] && { commit: tagged[i] }) };
    return hit.findings.map((f) => ({
      ...f,
      ...place,
      author: redactKeysIn(hit.author),
      email: redactKeysIn(hit.email),
      date: hit.date,
      refs: reaching.map(redactKeysIn),
      presentAtTip: false,
      onlyNonBranchRefs: onlyNonBranch(reaching),
      objectKind: hit.kind,
    }));
  });
}

async function refsFor(git: Git, commits: string[]): Promise<Map<string, string[]>> {
  const unique = [...new Set(commits)];
  const detached = await detachedHead(git);
  const lists = await Promise.all(unique.map((commit) => refsContaining(git, commit, detached)));
  return new Map(unique.map((commit, i) => [commit, lists[i]]));
}

/** The trees at the tips of the given refs (HEAD included), each read once. */
async function tipTrees(git: Git, names: Set<string>): Promise<Map<string, string>[]> {
  const all: RefInfo[] = await listRefs(git);
  const tips = new Set(all.filter((r) => names.has(r.name) && r.commit).map((r) => r.commit));
  if (names.has('HEAD')) tips.add(await headCommit(git));
  return Promise.all([...tips].map((tip) => treeBlobs(git, tip)));
}

function onlyNonBranch(refs: string[]): boolean {
  return refs.length > 0 && refs.every((r) => !r.startsWith('refs/heads/') && r !== 'HEAD');
}
