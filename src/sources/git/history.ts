// The history scan. A full scan reads every object the repository holds, reachable or not, in one
// `git cat-file --batch-all-objects` pass; a selection (branches, ranges, pre-push) reads what one
// `git rev-list --objects | git cat-file --batch` pipeline names. Either way every blob, commit and tag
// is read once and scanned (objects.ts), ref names and Git LFS content too; only the objects with
// findings are then attributed to commits (attribute.ts) and, in a full scan, placed as reachable or not.
import type { Finding, ScanResult } from '../../types.js';
import { redactKeysIn } from '../../detect/index.js';
import { scanName } from '../../engine/scanner.js';
import { Git, openRepo, resolveRev, type RepoInfo, type RevSelection } from '../../git/index.js';
import { UsageError } from '../../errors.js';
import { ResultBuilder } from '../result.js';
import type { Progress, Source, SourceSettings } from '../source.js';
import type { Writable } from 'node:stream';
import { detachedHead, findIntroductions, headCommit, listRefs, refsContaining, treeBlobs, type RefInfo } from './attribute.js';
import { listUnreachable, type Unreachable } from './unreachable.js';
import { readObjects, type MessageHit, type NameHit, type ObjectsProgress, type UnnamedWarning } from './objects.js';
import { listNames } from './listing.js';
import { commonGitDir, scanLfsObjects } from './lfs.js';
import { scanRefNames } from './ref-names.js';
import { Reachability, type Reachable } from './reach.js';

export type HistoryProgress = ObjectsProgress;

export interface HistoryOptions {
  onProgress?: (progress: HistoryProgress) => void;
  fetchMissing?: boolean;
  /** Also scan the objects no ref reaches (reflog-only and dangling ones): `--all-objects`. */
  allObjects?: boolean;
  /** Scan every ref's name (scans that cover every ref: full, `--state`). */
  refNames?: boolean;
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
      scanHistory(new Git(repo.root, signal), repo, selection, settings, {
        onProgress: progress && historyProgress(progress),
        fetchMissing,
        allObjects,
        refNames: full || scope.selection !== undefined,
      }),
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

export { COMMIT_MESSAGE, TAG_MESSAGE } from './objects.js';

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
  const refs = options.refNames ? listRefs(git) : undefined;
  refs?.catch(() => {}); // awaited below
  // A partial clone lacks objects that only a walk names: it keeps the walk (and the second one for unreachable objects).
  if (options.allObjects && !repo.partial) await scanEveryObject(git, repo, settings, options, builder);
  else await scanSelection(git, repo, selection, settings, options, builder);
  if (refs) builder.add(await scanRefNames(await refs, builder));
  return builder.result();
}

/**
 * A full scan: every object the repository holds, reachable or not, in one `cat-file --batch-all-objects`
 * pass in pack order (the total known up front). Only the objects holding a key are then attributed,
 * and only for them is it worked out whether a ref, only a reflog, or nothing reaches them.
 */
async function scanEveryObject(git: Git, repo: RepoInfo, settings: SourceSettings, options: HistoryOptions, builder: ResultBuilder): Promise<void> {
  const read = await readObjects(git, { total: await objectCount(git) }, settings, options, builder);
  await warnWithPaths(git, read.unnamedWarnings, builder);
  addLfsFindings(read.blobs, await scanLfsObjects(commonGitDir(repo.gitDir), read.pointers, settings, builder));
  const reach = new Reachability(git, read.commits, read.tags);
  const names = await blobsUnderNames(git, read.names);
  const nameFindings = (path: string) => scanName(path, builder.context(path));
  const ALL: RevSelection = { all: true, include: [], exclude: [] };
  const reachable = await attributeBlobs(git, ALL, read.blobs, false, { blobs: names, findings: nameFindings });
  builder.add(reachable.findings);
  const outside = new Map<string, Finding[]>();
  const how = new Map<string, Reachable>();
  const byRef: [string, Finding[]][] = [];
  const named = reachable.unattributed.length ? await listRefs(git) : [];
  for (const [oid, list] of reachable.unattributed) {
    const verdict = await reach.ofBlob(oid, named.some((r) => r.peeled === oid));
    if (verdict === 'reachable') byRef.push([oid, list]);
    else if (verdict !== 'staged') {
      how.set(oid, verdict);
      outside.set(oid, list);
    }
  }
  builder.add(placeByRefs(byRef, named));
  if (outside.size) {
    const unreachable: RevSelection = { all: false, include: await reach.unreachableCommits(), exclude: [], excludeAll: true };
    const placed = await attributeBlobs(git, unreachable, outside, false, { blobs: names, findings: nameFindings });
    for (const finding of placed.findings) builder.add([{ ...finding, reachable: how.get(finding.blob!) }]);
    for (const [oid, list] of placed.unattributed) {
      const path = await reach.reflogPath(oid);
      // Shown under the path a reflog commit gives it, else its id.
      const shown = (f: Finding) => (path && f.file.startsWith(oid) ? redactKeysIn(path) + f.file.slice(oid.length) : f.file);
      builder.add(list.map((f) => ({ ...f, file: shown(f), ...(f.container !== undefined && { container: shown({ ...f, file: f.container }) }), blob: oid, objectKind: f.objectKind ?? 'blob', reachable: how.get(oid) })));
    }
  }
  const refTargets = read.messages.some((m) => m.type === 'tag') ? new Set((await listRefs(git)).map((r) => r.target)) : new Set<string>();
  const found = await attributeMessages(git, read.messages);
  for (const finding of found) {
    const oid = finding.objectKind === 'commit-message' || finding.objectKind === 'commit-header' ? finding.commit! : finding.blob!;
    const verdict = finding.objectKind?.startsWith('commit') ? await reach.ofCommit(oid) : await reach.ofTag(oid, refTargets);
    builder.add([verdict ? { ...finding, reachable: verdict } : finding]);
  }
}

/** Warnings about blobs read by id: each named by a path a commit gives the blob, where there is one. */
async function warnWithPaths(git: Git, warnings: readonly UnnamedWarning[], builder: ResultBuilder): Promise<void> {
  if (!warnings.length) return;
  const introductions = await findIntroductions(git, { all: true, include: [], exclude: [] }, [...new Set(warnings.map((w) => w.oid))], true);
  const paths = new Map<string, string>();
  for (const intro of introductions) if (!paths.has(intro.blob)) paths.set(intro.blob, redactKeysIn(intro.path));
  for (const { oid, warning } of warnings) builder.warn(paths.has(oid) ? warning.split(oid).join(paths.get(oid)!) : warning);
}

/** How many objects the repository holds (loose and packed), for the progress bar's total. */
async function objectCount(git: Git): Promise<number> {
  const counted = await git.run(['count-objects', '-v']);
  const field = (name: string) => Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(counted.stdout.toString('utf8'))?.[1] ?? 0);
  return field('count') + field('in-pack');
}

/** A selection (branches, ranges, pre-push, a partial clone): what rev-list names, then the unreachable rest when asked. */
async function scanSelection(git: Git, repo: RepoInfo, selection: RevSelection, settings: SourceSettings, options: HistoryOptions, builder: ResultBuilder): Promise<void> {
  const missing: string[] = [];
  const list = (target: Writable, progress: ObjectsProgress) => listNames(git, selection, target, progress, options.fetchMissing === true, missing);
  const reachable = readObjects(git, { list }, settings, { ...options, keepSeen: options.allObjects }, builder);
  const seen = reachable.then((r) => r.seen!);
  const unreachable = options.allObjects ? listUnreachable(git, seen) : undefined;
  // Both are awaited below once the reachable pass has succeeded; should it fail (or the scan be
  // cancelled), their rejections are that same failure, not unhandled ones.
  seen.catch(() => {});
  unreachable?.catch(() => {});
  const read = await reachable;
  addLfsFindings(read.blobs, await scanLfsObjects(commonGitDir(repo.gitDir), read.pointers, settings, builder));
  if (missing.length) {
    for (let i = 0; i < missing.length; i++) builder.skip('missing');
    builder.warn(missingWarning(missing, repo.partial === true));
  }
  // Rename detection would read (and in a partial clone fetch) the missing blobs: exact paths only then.
  const placed = await attributeBlobs(git, selection, read.blobs, missing.length > 0);
  builder.add(placed.findings);
  builder.add(placeByRefs(placed.unattributed, placed.unattributed.length ? await listRefs(git) : []));
  builder.add(await attributeMessages(git, read.messages));
  if (unreachable) await scanUnreachable(git, repo, await unreachable, settings, options, builder);
}

/**
 * A partial clone's `--all-objects`: the objects the reachable pass did not read, scanned the same way;
 * their blobs are attributed to the unreachable commit that introduced them where there is one, and every
 * finding says how the object is (not) reachable.
 */
async function scanUnreachable(git: Git, repo: RepoInfo, unreachable: Unreachable, settings: SourceSettings, options: HistoryOptions, builder: ResultBuilder): Promise<void> {
  if (!unreachable.names.length) return;
  const list = async (target: Writable) => {
    target.end(unreachable.names.join('\n') + '\n');
  };
  const read = await readObjects(git, { list }, settings, options, builder);
  addLfsFindings(read.blobs, await scanLfsObjects(commonGitDir(repo.gitDir), read.pointers, settings, builder));
  const selection: RevSelection = { all: false, include: unreachable.commits, exclude: [], excludeAll: true };
  const placed = await attributeBlobs(git, selection, read.blobs, false);
  const found = [...placed.findings, ...placeByRefs(placed.unattributed, []), ...(await attributeMessages(git, read.messages))];
  for (const finding of found) {
    const oid = finding.objectKind === 'commit-message' || finding.objectKind === 'commit-header' ? finding.commit : finding.blob;
    const reach = oid === undefined ? undefined : unreachable.reach.get(oid);
    builder.add([reach ? { ...finding, reachable: reach } : finding]);
  }
}

function addLfsFindings(blobs: Map<string, Finding[]>, lfs: Map<string, Finding[]>): void {
  for (const [oid, findings] of lfs) blobs.set(oid, [...(blobs.get(oid) ?? []), ...findings]);
}

/** One warning naming the missing objects (the first few) and how to get them. */
function missingWarning(missing: string[], partial: boolean): string {
  const names = missing.slice(0, 5).map((oid) => oid.slice(0, 12)).join(', ');
  const more = missing.length > 5 ? ` and ${missing.length - 5} more` : '';
  const fix = partial ? 'run again with --fetch-missing to fetch them from the promisor remote' : 'fetch or repair them (git fsck) and run again';
  return `${missing.length} object${missing.length === 1 ? ' is' : 's are'} missing from this repository and not scanned (${names}${more}): the scan is incomplete; ${fix}`;
}

/** The blobs whose path may hold a key: those a tree names with one, and every blob under a folder so named. */
async function blobsUnderNames(git: Git, names: readonly NameHit[]): Promise<Set<string>> {
  const blobs = new Set<string>();
  for (const hit of names) {
    if (!hit.tree) {
      blobs.add(hit.oid);
      continue;
    }
    const listed = await git.run(['ls-tree', '-r', '-z', hit.oid]);
    if (listed.code !== 0) continue; // a tree named but missing: nothing under it was read either
    for (const entry of listed.stdout.toString('utf8').split('\0')) {
      const [, type, oid] = entry.slice(0, entry.indexOf('\t')).split(' ');
      if (type === 'blob') blobs.add(oid);
    }
  }
  return blobs;
}

/** The commit a tag points to, through tags of tags; undefined for a tag of a tree or blob. */
async function taggedCommit(git: Git, tag: NonNullable<MessageHit['tag']>): Promise<string | undefined> {
  if (tag.type === 'commit') return tag.target;
  if (tag.type !== 'tag' || !/^[0-9a-f]+$/.test(tag.target)) return undefined;
  const peeled = await git.run(['rev-parse', '-q', '--verify', `${tag.target}^{commit}`]);
  return peeled.code === 0 ? peeled.stdout.toString('utf8').trim() : undefined;
}

/** Blobs whose paths may hold a key (`blobs`), and how to find the keys in one of those paths. */
interface NameCheck {
  blobs: ReadonlySet<string>;
  findings(path: string): Finding[];
}

/**
 * One finding per key, per path, at the commit that first introduced it there: later edits of the
 * same file that keep the key, and renames, are the same leak, not new ones. Blobs no commit of the
 * selection introduced come back unattributed.
 */
async function attributeBlobs(
  git: Git,
  selection: RevSelection,
  blobs: Map<string, Finding[]>,
  noRenames: boolean,
  names?: NameCheck,
): Promise<{ findings: Finding[]; unattributed: [string, Finding[]][] }> {
  const wanted = new Set([...blobs.keys(), ...(names?.blobs ?? [])]);
  if (!wanted.size) return { findings: [], unattributed: [] };
  const introductions = await findIntroductions(git, selection, [...wanted], noRenames);
  const first = new Map<string, Finding[]>(); // fingerprint + origin path → findings at the introduction
  const chains = new Map<string, Set<string>>(); // origin path → every path the file had
  const attributed = new Set<string>();
  for (const intro of introductions) {
    chains.set(intro.origin, (chains.get(intro.origin) ?? new Set([intro.origin])).add(intro.path));
    attributed.add(intro.blob);
    const shownPath = redactKeysIn(intro.path);
    // A key in the path (one pass: worked out here, now that the path is known).
    const inName = names?.blobs.has(intro.blob) ? names.findings(intro.path) : [];
    if (inName.length) blobs.set(intro.blob, [...(blobs.get(intro.blob) ?? []), ...inName.filter((f) => !blobs.get(intro.blob)?.some((g) => g.file === f.file && g.fingerprint === f.fingerprint && g.location === 'path'))]);
    for (const finding of blobs.get(intro.blob) ?? []) {
      // A key in a name belongs to the paths holding that name, not to every path of the same content.
      if (finding.location === 'path' && !finding.container && finding.file !== shownPath) continue;
      const key = `${finding.fingerprint}\0${intro.origin}`;
      const group = first.get(key);
      if (group && group[0].blob !== intro.blob) continue;
      const { commit, author, email, date, blob } = intro;
      // Inside an archive the path through it follows the blob's path at this commit: `dist/app.zip!a.js`.
      const inner = finding.container !== undefined ? finding.file.slice(finding.container.length) : '';
      const placed: Finding = { ...finding, file: shownPath + inner, ...(inner && { container: shownPath }), commit, author, email, date, blob, objectKind: finding.objectKind ?? 'blob' };
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
  const unattributed = [...blobs].filter(([oid, list]) => !attributed.has(oid) && list.length);
  return { findings, unattributed };
}

/** Blobs reachable without a commit introducing them (a ref, often a tag, pointing straight at a blob or tree). */
function placeByRefs(unattributed: [string, Finding[]][], refs: RefInfo[]): Finding[] {
  return unattributed.flatMap(([oid, list]) => {
    const reaching = refs.filter((r) => r.peeled === oid).map((r) => redactKeysIn(r.name));
    return list.map((f) => ({ ...f, blob: oid, objectKind: f.objectKind ?? 'blob', ...(reaching.length && { refs: reaching, onlyNonBranchRefs: onlyNonBranch(reaching) }) }));
  });
}

/** Keys in commits' and tags' headers and messages: at the commit (a tag's: the commit it names), with the refs that reach it. */
async function attributeMessages(git: Git, hits: MessageHit[]): Promise<Finding[]> {
  if (!hits.length) return [];
  const commits = hits.filter((h) => h.type === 'commit').map((h) => h.oid);
  const refs = await refsFor(git, commits);
  const allRefs = hits.some((h) => h.type === 'tag') ? await listRefs(git) : [];
  const tagged = await Promise.all(hits.map((hit) => (hit.tag ? taggedCommit(git, hit.tag) : undefined)));
  return hits.flatMap((hit, i) => {
    const reaching = hit.type === 'commit' ? refs.get(hit.oid) ?? [] : allRefs.filter((r) => r.target === hit.oid).map((r) => r.name);
    // A tag message is placed like a commit message: at the commit the tag names, with the tag's name.
    const place = hit.type === 'commit' ? { commit: hit.oid } : { blob: hit.oid, tag: redactKeysIn(hit.tag?.name ?? ''), ...(tagged[i] && { commit: tagged[i] }) };
    return hit.findings.map((f) => ({
      ...f,
      ...place,
      author: redactKeysIn(hit.author),
      email: redactKeysIn(hit.email),
      date: hit.date,
      refs: reaching.map(redactKeysIn),
      presentAtTip: false,
      onlyNonBranchRefs: onlyNonBranch(reaching),
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
