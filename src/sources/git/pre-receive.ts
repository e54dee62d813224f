// The server side of a push: git's pre-receive input ("<old> <new> <ref>" per line) turned into what the
// push adds to this repository. While the hook runs, the pushed objects sit in a quarantine directory
// (GIT_QUARANTINE_PATH; git hands the hook GIT_OBJECT_DIRECTORY and GIT_ALTERNATE_OBJECT_DIRECTORIES,
// which every git child inherits) and no ref has moved yet, so `rev-list <new tips> --not --all` is
// exactly the new objects: for a new ref, a fast-forward and a force push alike. A delete adds nothing.
// Ref names are pushed content too: a key in a branch or tag name is a finding.
//
// Speed: the hook's whole budget is "about what git itself takes to list and read the new objects".
// `readPush` starts git before the scanner is even loaded: rev-list names the new blobs, commits and
// tags, and one `git cat-file --batch` writes them straight into a private temp file (no pipe round
// trip through node per 64 KB); the source then parses that file and hands every object to the one
// scanner. Only blobs that hold a key are attributed to the commit that brought them (one `git log`).
import { closeSync, createReadStream, openSync } from 'node:fs';
import { mkdtemp, rm, rmdir, unlink } from 'node:fs/promises';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import type { Writable } from 'node:stream';
import type { Finding, ScanResult } from '../../types.js';
import { UsageError } from '../../errors.js';
import { Git, batchObjects, gitError, type GitObject } from '../../git/index.js';
import type { Source, SourceSettings } from '../source.js';
import { findIntroductions } from './attribute.js';

export interface RefUpdate {
  old: string;
  new: string;
  ref: string;
  /** `force`: the old tip is not in the new one's history (a rewrite). */
  kind: 'create' | 'update' | 'force' | 'delete';
}

const OID = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
const ZERO = /^0+$/;

/** The hook's stdin, one update per line; anything else is a usage error (git never sends it). */
export function parseUpdates(input: string): Omit<RefUpdate, 'kind'>[] {
  return input
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const [old, now, ref, ...rest] = line.trim().split(' ');
      if (!OID.test(old ?? '') || !OID.test(now ?? '') || !ref || rest.length) {
        throw new UsageError(`pre-receive: expected "<old sha> <new sha> <ref>" on stdin (got "${line.slice(0, 120)}")`);
      }
      return { old, new: now, ref };
    });
}

/** The new tips a push brings (deletes bring none). */
export function pushedTips(updates: readonly Omit<RefUpdate, 'kind'>[]): string[] {
  return [...new Set(updates.filter((u) => !ZERO.test(u.new)).map((u) => u.new))];
}

/** Each update with its kind: a force push is told apart from a fast-forward by ancestry. */
export async function classify(git: Git, updates: Omit<RefUpdate, 'kind'>[]): Promise<RefUpdate[]> {
  return Promise.all(
    updates.map(async (u): Promise<RefUpdate> => {
      if (ZERO.test(u.new)) return { ...u, kind: 'delete' };
      if (ZERO.test(u.old)) return { ...u, kind: 'create' };
      const fastForward = await git.run(['merge-base', '--is-ancestor', u.old, u.new]);
      return { ...u, kind: fastForward.code === 0 ? 'update' : 'force' };
    }),
  );
}

/** The new objects as git wrote them (`cat-file --batch` format) into a private temp file. */
export interface PushObjects {
  file: string;
  /** Objects rev-list names but the repository lacks (a broken quarantine): the check is incomplete. */
  missing: string[];
}

export interface PushRead {
  /** Settles once git has written every new object. */
  objects: Promise<PushObjects>;
  /** Removes the temp file (and stops git if it still runs: cancel through the Git's signal). */
  dispose(): Promise<void>;
}

const BATCH_FORMAT = '--batch=%(objectname) %(objecttype) %(objectsize) %(rest)';

/**
 * Starts reading the objects `tips` add to the repository, at once: blobs with the path rev-list first
 * saw them at, then the tips themselves (an annotated tag's message) and every new commit.
 */
export function readPush(git: Git, tips: readonly string[]): PushRead {
  let dir: string | undefined;
  const objects = (async (): Promise<PushObjects> => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'aisa-guard-push-'));
    const file = path.join(dir, 'objects');
    const fd = openSync(file, 'wx', 0o600);
    const catArgs = ['cat-file', '--buffer', BATCH_FORMAT];
    let cat;
    try {
      cat = git.spawn(catArgs, fd);
    } finally {
      closeSync(fd);
    }
    const read = git.exitOf(cat);
    read.catch(() => {}); // awaited below; a failure to start also fails the listing
    cat.stdin!.on('error', () => {});
    const missing: string[] = [];
    const listed = await listNewObjects(git, tips, cat.stdin!, missing).catch((error: unknown) => error);
    const { code, stderr } = await read;
    if (code !== 0) throw gitError(git.cwd, catArgs, stderr);
    if (listed instanceof Error) throw listed;
    return { file, missing };
  })();
  objects.catch(() => {}); // the scan awaits it; a push that is not scanned (all deletes) never does
  return {
    objects,
    async dispose() {
      await objects.catch(() => {});
      if (!dir) return;
      // The one file, then its folder (a recursive rm walks and stats: slower, for nothing).
      await unlink(path.join(dir, 'objects')).catch(() => {});
      await rmdir(dir).catch(() => rm(dir!, { recursive: true, force: true }));
    },
  };
}

/**
 * Writes to `target` the names of what the tips add: new blobs (with paths) from a blob-filtered
 * `rev-list --objects`, then the tips and the new commits from a plain `rev-list`, each name once.
 */
async function listNewObjects(git: Git, tips: readonly string[], target: Writable, missing: string[]): Promise<void> {
  const stdin = tips.map((tip) => `${tip}\n`).join('');
  const start = (args: string[]) => {
    const list = git.spawn(args);
    const exit = git.exitOf(list);
    exit.catch(() => {}); // awaited below
    list.stdin!.on('error', () => {});
    list.stdin!.end(stdin);
    return { list, exit, args };
  };
  const blobs = start(['rev-list', '--objects', '--filter=object:type=blob', '--missing=print', '--stdin', '--not', '--all']);
  const commits = start(['rev-list', '--missing=print', '--stdin', '--not', '--all']);
  const seen = new Set(tips);
  const commitNames: Buffer[] = [];
  commits.list.stdout!.on('data', (chunk: Buffer) => commitNames.push(chunk));
  const write = async (text: string) => {
    if (text.length && !target.write(text, 'latin1')) await once(target, 'drain');
  };
  try {
    let partial = '';
    for await (const chunk of blobs.list.stdout! as AsyncIterable<Buffer>) {
      const lines = (partial + chunk.toString('latin1')).split('\n');
      partial = lines.pop()!;
      let kept = '';
      for (const line of lines) {
        if (line.startsWith('?')) missing.push(line.slice(1));
        // A tip (bare, or named after itself when a tag) is listed below, once.
        else if (line.includes(' ') && !seen.has(line.slice(0, line.indexOf(' ')))) kept += line + '\n';
      }
      await write(kept);
    }
    for (const listed of [blobs, commits]) {
      const { code, stderr } = await listed.exit;
      if (code !== 0) throw gitError(git.cwd, listed.args, stderr);
    }
    let names = stdin;
    for (const line of Buffer.concat(commitNames).toString('latin1').split('\n')) {
      if (line.startsWith('?')) missing.push(line.slice(1));
      else if (line && !seen.has(line)) names += line + '\n';
    }
    await write(names);
  } finally {
    target.end();
  }
}

/** Where commit and tag message findings are shown, as in `aisa-guard history`. */
const COMMIT_MESSAGE = '<commit message>';
const TAG_MESSAGE = '<tag message>';

/** The objects a push adds, scanned once each; the blobs holding keys are then attributed to commits. */
export function preReceiveSource(root: string, updates: readonly RefUpdate[], read: PushRead): Source {
  return {
    root,
    scan: (settings, signal) => scanPush(new Git(root, signal), updates, read, settings, signal),
  };
}

async function scanPush(git: Git, updates: readonly RefUpdate[], read: PushRead, settings: SourceSettings, signal: AbortSignal): Promise<ScanResult> {
  // The scanner loads while git reads the objects.
  const [{ scanFragment, scanName, mayHoldKey }, { CHUNK_SIZE, redactKeysIn }, { ResultBuilder }, { scanBlob }] = await Promise.all([
    import('../../engine/scanner.js'),
    import('../../detect/index.js'),
    import('../result.js'),
    import('./blobs.js'),
  ]);
  const builder = new ResultBuilder(settings);
  builder.objects = 0;
  builder.commits = 0;
  for (const u of updates) if (u.kind !== 'delete') builder.add(scanName(u.ref, builder.context(u.ref)));
  const { file, missing } = await read.objects;
  for (const oid of missing) builder.skip('missing', `object ${oid.slice(0, 12)} is missing from the pushed objects, not scanned`);

  // One detector context for the whole push: scanFragment names each fragment's file itself.
  const context = builder.context('');
  const blobHits = new Map<string, Finding[]>();
  const addHits = (oid: string, findings: Finding[]) => {
    if (findings.length) blobHits.set(oid, [...(blobHits.get(oid) ?? []), ...findings]);
  };
  const messageHits: Finding[] = [];
  const large: { oid: string; path: string; size: number }[] = [];
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  try {
    for await (const item of batchObjects(stream, { maxContent: CHUNK_SIZE, reuse: true })) {
      if (signal.aborted) throw signal.reason;
      if ('missing' in item) {
        builder.skip('unreadable', `object ${item.oid.slice(0, 12)} cannot be read (corrupt or missing), not scanned`);
        continue;
      }
      builder.objects++;
      builder.bytes += item.size;
      if (item.type === 'blob') {
        builder.files++;
        const shown = item.rest || item.oid;
        addHits(item.oid, scanName(item.rest, context));
        if (!item.content) {
          if (settings.maxFileSize !== undefined && item.size > settings.maxFileSize) skipLarge(builder, item.oid, shown, item.size);
          else large.push({ oid: item.oid, path: shown, size: item.size });
          continue;
        }
        // The scanner's own sieve first: most blobs of a push hold no needle and need no more than that.
        if (!mayHoldKey(item.content, shown, settings.archives)) continue;
        const outcome = await scanFragment({ path: shown, body: { bytes: item.content }, size: item.size, provenance: { blob: item.oid } }, context, settings);
        if (outcome.kind === 'skipped') skipLarge(builder, item.oid, shown, item.size);
        else {
          for (const problem of outcome.problems ?? []) builder.skip(problem.reason, problem.warning);
          addHits(item.oid, outcome.findings);
        }
      } else if (item.type === 'commit' || item.type === 'tag') {
        if (item.type === 'commit') builder.commits++;
        messageHits.push(...(await scanMessage(item, scanFragment, mayHoldKey, context, redactKeysIn)));
      }
    }
  } finally {
    stream.destroy();
    await read.dispose();
  }
  for (const blob of large) {
    const outcome = await scanBlob(git, { oid: blob.oid, size: blob.size, content: undefined }, blob.path, builder.context(blob.path), settings);
    if (outcome.kind === 'skipped') skipLarge(builder, blob.oid, blob.path, blob.size);
    else {
      for (const problem of outcome.problems ?? []) builder.skip(problem.reason, problem.warning);
      addHits(blob.oid, outcome.findings);
    }
  }
  builder.add(messageHits);
  builder.add(await attributeBlobs(git, pushedTips(updates), blobHits, redactKeysIn));
  return builder.result();
}

function skipLarge(builder: { skip(reason: string, warning: string): void }, oid: string, shown: string, size: number): void {
  builder.skip('too-large', `blob ${oid.slice(0, 12)} (${shown}, ${size} bytes) is larger than --max-file-size, skipped`);
}

type ScanFragment = typeof import('../../engine/scanner.js').scanFragment;
type Sieve = typeof import('../../engine/scanner.js').mayHoldKey;
type Context = import('../../detect/index.js').ScanContext;

/** A commit's or annotated tag's message (what follows the headers): its findings, placed on it. */
async function scanMessage(object: GitObject, scanFragment: ScanFragment, mayHoldKey: Sieve, context: Context, redact: (text: string) => string): Promise<Finding[]> {
  const content = object.content!;
  const split = content.indexOf('\n\n');
  if (split === -1) return [];
  const file = object.type === 'commit' ? COMMIT_MESSAGE : TAG_MESSAGE;
  // Metadata, not a file: never sized, never opened as an archive.
  const message = content.subarray(split + 2);
  if (!mayHoldKey(message, file, false)) return [];
  const fragment = { path: file, body: { bytes: message }, sized: false, provenance: { commit: object.oid } };
  const verdict = await scanFragment(fragment, context, { archives: false });
  if (verdict.kind !== 'scanned' || !verdict.findings.length) return [];
  const headers = content.toString('utf8', 0, split);
  const field = (name: string) => new RegExp(`^${name} (.*)$`, 'm').exec(headers)?.[1];
  if (object.type === 'commit') return verdict.findings.map((f) => ({ ...f, commit: object.oid, objectKind: 'commit-message' as const }));
  // A tag message is placed at the commit the tag names (when it names one), with the tag's name.
  const target = field('type') === 'commit' ? field('object') : undefined;
  const tag = redact(field('tag') ?? '');
  return verdict.findings.map((f) => ({ ...f, blob: object.oid, tag, ...(target && { commit: target }), objectKind: 'tag-message' as const }));
}

/**
 * Each key in a blob, placed at the new commit that first brought it to a path (later versions of the
 * same file that keep it, and renames, are the same leak); a blob no new commit introduces, such as
 * one a tag points at directly, keeps just its id.
 */
async function attributeBlobs(git: Git, tips: string[], hits: Map<string, Finding[]>, redact: (text: string) => string): Promise<Finding[]> {
  if (!hits.size) return [];
  const introductions = await findIntroductions(git, { all: false, include: tips, exclude: [], excludeAll: true }, [...hits.keys()]);
  const findings: Finding[] = [];
  const first = new Map<string, string>(); // fingerprint + origin path → the blob that brought the key there
  const attributed = new Set<string>();
  for (const intro of introductions) {
    attributed.add(intro.blob);
    const shownPath = redact(intro.path);
    for (const finding of hits.get(intro.blob)!) {
      // A key in a name belongs to the paths holding that name, not to every path of the same content.
      if (finding.location === 'path' && !finding.container && finding.file !== shownPath) continue;
      const leak = `${finding.fingerprint}\0${intro.origin}`;
      if ((first.get(leak) ?? intro.blob) !== intro.blob) continue;
      first.set(leak, intro.blob);
      const inner = finding.container !== undefined ? finding.file.slice(finding.container.length) : '';
      const { commit, author, email, date, blob } = intro;
      findings.push({ ...finding, file: shownPath + inner, ...(inner && { container: shownPath }), commit, author: redact(author), email: redact(email), date, blob, objectKind: 'blob' });
    }
  }
  for (const [oid, list] of hits) if (!attributed.has(oid)) for (const f of list) findings.push({ ...f, blob: oid, objectKind: 'blob' });
  return findings;
}
