// Reads and scans git objects through one `git cat-file --batch`: either the names a rev-list listing
// writes (a selection of history) or every object the repository holds (`--batch-all-objects`, one pass
// in pack order). Blobs go to the scanner whole (larger ones are streamed afterwards); commits and tags
// are scanned as headers (idents, the tag's name) and message; trees are looked into only for names that
// may hold a key and for the formats known by their extension alone. Attribution is not done here.
import type { Finding } from '../../types.js';
import { CHUNK_SIZE, bytesMayContainKey, type ScanContext } from '../../detect/index.js';
import { scanFragment, scanName, type FragmentOutcome } from '../../engine/scanner.js';
import { gitError, type Git, type GitObject, batchObjects } from '../../git/index.js';
import type { ResultBuilder } from '../result.js';
import { scanBlob } from './blobs.js';
import type { SourceSettings } from '../source.js';
import type { Writable } from 'node:stream';
import { lfsPointer, type LfsPointer } from './lfs.js';

export interface ObjectsProgress {
  objects: number;
  bytes: number;
  /** Objects to read: listed so far by rev-list, or every object (known up front). */
  total: number;
  listed: boolean;
}

export interface ReadOptions {
  onProgress?: (progress: ObjectsProgress) => void;
  /** Record every object id read (the unreachable pass of a partial clone reads only the others). */
  keepSeen?: boolean;
}

/** What cat-file reads: the names `list` writes, or (no list) every object, `total` of them. */
export interface ObjectRequest {
  list?: (target: Writable, progress: ObjectsProgress) => Promise<void>;
  total?: number;
}

/** A key in a commit's or tag's headers (an ident, the tag's name) or message. */
export interface MessageHit {
  findings: Finding[];
  type: 'commit' | 'tag';
  oid: string;
  author: string;
  email: string;
  date: string;
  /** Tags: the tag's own name and the object it points to. */
  tag?: { name: string; target: string; type: string };
}

/** A tree entry whose name holds a key: the blob, or the folder whose every blob is under that name. */
export interface NameHit {
  oid: string;
  tree: boolean;
}

export interface ObjectsRead {
  /** Per blob, its findings (keys in its content, or in the paths rev-list gave it). */
  blobs: Map<string, Finding[]>;
  messages: MessageHit[];
  /** Every commit read (one pass: the unreachable ones are found among them, when a hit needs it). */
  commits: string[];
  /** Tag object → the object it names. */
  tags: Map<string, string>;
  names: NameHit[];
  /** Git LFS pointer blobs: their content is a file under .git/lfs/objects. */
  pointers: Map<string, LfsPointer>;
  /** Warnings about blobs read without a path (one pass), their id standing for it until one is found. */
  unnamedWarnings: UnnamedWarning[];
  seen?: Set<string>;
}

export interface UnnamedWarning {
  oid: string;
  warning: string;
}

export const COMMIT_MESSAGE = '<commit message>';
export const TAG_MESSAGE = '<tag message>';
/** Blobs up to this size are scanned from the batch stream; larger ones are streamed one by one in chunks. */
const IN_MEMORY_BLOB = CHUNK_SIZE;
/** Formats recognised by their name, not their bytes (containers/magic.ts): a one-pass read learns names from trees. */
const NAMED_FORMAT = /\.(br|lzma|tlz)$/i;
/** The same, as a tree entry's name ends (a NUL follows it): one regular expression beats a search per spelling. */
const NAMED_FORMAT_IN_TREE = /\.(?:br|lzma|tlz)\0/i;

export async function readObjects(git: Git, request: ObjectRequest, settings: SourceSettings, options: ReadOptions, builder: ResultBuilder): Promise<ObjectsRead> {
  const format = '%(objectname) %(objecttype) %(objectsize)';
  const catArgs = request.list
    ? ['cat-file', '--buffer', `--batch=${format} %(rest)`]
    : ['cat-file', '--batch-all-objects', '--unordered', `--batch=${format}`];
  const catFile = git.spawn(catArgs);
  const read = git.exitOf(catFile);
  read.catch(() => {}); // awaited below; a failure to start also ends the stream
  catFile.stdin!.on('error', () => {});
  const progress: ObjectsProgress = { objects: 0, bytes: 0, total: request.total ?? 0, listed: !request.list };
  // A failed write means cat-file died: its exit code below says why.
  const listing = request.list ? request.list(catFile.stdin!, progress).catch((error: unknown) => error) : (catFile.stdin!.end(), undefined);

  const large: { oid: string; path: string; size: number }[] = [];
  const reached: ObjectsRead = { blobs: new Map(), messages: [], commits: [], tags: new Map(), names: [], pointers: new Map(), unnamedWarnings: [], seen: options.keepSeen ? new Set() : undefined };
  const add = (oid: string, findings: Finding[]) => {
    if (findings.length) reached.blobs.set(oid, [...(reached.blobs.get(oid) ?? []), ...findings]);
  };
  // One pass: a tree read after a blob it names in a format known by name means reading that blob again.
  const named = new Map<string, string>();
  const readUnnamed = new Map<string, number>(); // blob → size, read whole without a name
  const again: { oid: string; path: string; size: number }[] = [];
  // One detector context for every object (the scanner sets each fragment's path in it).
  const context = builder.context('');
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
      if (item.rest) add(item.oid, scanName(item.rest, context));
      if (!item.content && !(settings.maxFileSize !== undefined && item.size > settings.maxFileSize)) {
        large.push({ oid: item.oid, path: item.rest, size: item.size });
        continue;
      }
      const path = item.rest || named.get(item.oid) || '';
      if (!path) readUnnamed.set(item.oid, item.size);
      const pointer = item.content && lfsPointer(item.content);
      if (pointer) reached.pointers.set(item.oid, { ...pointer, path });
      // An archive is opened while the batch stream waits: item.content stays valid until the next item.
      const shown = path || item.oid;
      const fragment = { path: shown, body: { bytes: item.content ?? Buffer.alloc(0) }, size: item.size, provenance: { blob: item.oid } };
      const outcome = await scanFragment(fragment, context, settings);
      record(builder, item.oid, path, item.size, outcome, reached.unnamedWarnings);
      if (outcome.kind === 'scanned') add(item.oid, outcome.findings);
    } else if (item.type === 'tree') {
      for (const entry of lookIntoTree(item, reached.names)) {
        named.set(entry.oid, entry.name);
        const size = readUnnamed.get(entry.oid);
        if (size !== undefined) again.push({ oid: entry.oid, path: entry.name, size });
        readUnnamed.delete(entry.oid);
      }
    } else {
      if (item.type === 'commit') {
        builder.commits!++;
        reached.commits.push(item.oid);
      }
      const hit = await scanHeadersAndMessage(item, context);
      if (hit?.tag) reached.tags.set(item.oid, hit.tag.target);
      if (hit?.findings.length) reached.messages.push(hit);
    }
  }
  builder.objects = (builder.objects ?? 0) + objects;
  options.onProgress?.({ ...progress, listed: true, total: objects });
  const listed = await listing;
  if (listed instanceof Error) throw listed;
  const { code, stderr } = await read;
  if (code !== 0) throw gitError(git.cwd, catArgs, stderr);
  for (const blob of large) {
    const path = blob.path || named.get(blob.oid) || '';
    const outcome = await scanBlob(git, { ...blob, content: undefined }, path || blob.oid, builder.context(path || blob.oid), settings);
    record(builder, blob.oid, path, blob.size, outcome, reached.unnamedWarnings);
    if (outcome.kind === 'scanned') add(blob.oid, outcome.findings);
  }
  for (const blob of again) {
    // Read under its name, the blob's findings are its raw ones and the opened views', each place once.
    const outcome = await scanBlob(git, { ...blob, content: undefined }, blob.path, builder.context(blob.path), settings);
    if (outcome.kind !== 'scanned') continue;
    reached.blobs.delete(blob.oid);
    add(blob.oid, outcome.findings);
    for (const problem of outcome.problems ?? []) builder.skip(problem.reason, problem.warning);
  }
  return reached;
}

/**
 * A blob's skips: too large (--max-file-size), or the parts of an archive that could not be read (warned).
 * A blob read without its path (one pass) names itself by id: its warnings wait until a path is found.
 */
function record(builder: ResultBuilder, oid: string, path: string, size: number, outcome: FragmentOutcome, unnamed: UnnamedWarning[]): void {
  if (outcome.kind === 'skipped') {
    builder.skip(outcome.reason, `blob ${oid.slice(0, 12)} (${path || 'no path'}, ${size} bytes) is larger than --max-file-size, skipped`);
    return;
  }
  for (const problem of outcome.problems ?? []) {
    if (path || !problem.warning) builder.skip(problem.reason, problem.warning);
    else {
      builder.skip(problem.reason);
      unnamed.push({ oid, warning: problem.warning });
    }
  }
}

/**
 * A tree's entries, parsed only when needed: those whose name holds a key go to `names`; those named
 * like a format recognised by name alone are returned (one pass: the blob's name for the scanner).
 */
function lookIntoTree(tree: GitObject, names: NameHit[]): { oid: string; name: string }[] {
  const content = tree.content;
  if (!content) return [];
  const mayHoldKey = bytesMayContainKey(content);
  const mayBeNamedFormat = NAMED_FORMAT_IN_TREE.test(content.toString('latin1'));
  if (!mayHoldKey && !mayBeNamedFormat) return [];
  const formats: { oid: string; name: string }[] = [];
  for (const entry of treeEntries(content, tree.oid.length / 2)) {
    if (mayHoldKey && scanName(entry.name).length) names.push({ oid: entry.oid, tree: entry.tree });
    if (mayBeNamedFormat && !entry.tree && NAMED_FORMAT.test(entry.name)) formats.push(entry);
  }
  return formats;
}

/** `<mode> <name>\0<binary object id>` entries. */
function treeEntries(content: Buffer, hashBytes: number): { name: string; oid: string; tree: boolean }[] {
  const entries: { name: string; oid: string; tree: boolean }[] = [];
  for (let at = 0; at < content.length; ) {
    const space = content.indexOf(0x20, at);
    const nul = content.indexOf(0, space + 1);
    if (space === -1 || nul === -1 || nul + 1 + hashBytes > content.length) break;
    entries.push({ name: content.toString('utf8', space + 1, nul), oid: content.toString('hex', nul + 1, nul + 1 + hashBytes), tree: content.toString('latin1', at, space) === '40000' });
    at = nul + 1 + hashBytes;
  }
  return entries;
}

/** Where a commit's or tag's headers end (the blank line before the message), or its whole length. */
function headerEnd(content: Buffer): number {
  const split = content.indexOf('\n\n');
  return split === -1 ? content.length : split;
}

/**
 * A commit or tag object: headers (tree, parents, author and committer idents; a tag's name and tagger),
 * a blank line, then the message. Both are metadata git publishes, scanned as one fragment (never sized,
 * never opened as an archive); a finding is then named for where it is: a header field (`<author>`,
 * `<tag name>`), or the message, positioned within the message.
 */
async function scanHeadersAndMessage(object: GitObject, context: ScanContext): Promise<MessageHit | undefined> {
  const content = object.content!;
  const type = object.type === 'commit' ? 'commit' : 'tag';
  const split = headerEnd(content);
  const provenance = type === 'commit' ? { commit: object.oid } : { blob: object.oid };
  const path = `<${type}>`;
  const verdict = await scanFragment({ path, body: { bytes: content }, sized: false, provenance }, context, { archives: false });
  const found = verdict.kind === 'scanned' ? verdict.findings : [];
  if (!found.length && type === 'commit') return undefined;
  const text = content.toString('utf8', 0, split);
  const headerLines = text.split('\n');
  const headerFinding = (f: Finding) => (f.offset !== undefined ? f.offset < split : f.line <= headerLines.length);
  const findings = found.map((f) => (headerFinding(f) ? inHeader(f, content, headerLines, type) : inMessage(f, headerLines.length + 1, split + 2, type)));
  const who = new RegExp(`^${type === 'commit' ? 'author' : 'tagger'} (.*) <(.*)> (\\d+) ([+-]\\d{4})$`, 'm').exec(text);
  return {
    findings,
    type,
    oid: object.oid,
    author: who?.[1] ?? '',
    email: who?.[2] ?? '',
    date: who ? isoDate(Number(who[3]), who[4]) : '',
    ...(type === 'tag' && { tag: tagHeaders(text) }),
  };
}

function inHeader(f: Finding, content: Buffer, lines: string[], type: 'commit' | 'tag'): Finding {
  const line = f.offset === undefined ? f.line : content.subarray(0, f.offset).toString('latin1').split('\n').length;
  return { ...f, file: headerName(lines, line), objectKind: `${type}-header` };
}

/** A message finding, positioned from the message's own start. */
function inMessage(f: Finding, skipLines: number, skipBytes: number, type: 'commit' | 'tag'): Finding {
  const file = type === 'commit' ? COMMIT_MESSAGE : TAG_MESSAGE;
  const placed = f.offset !== undefined
    ? { offset: f.offset - skipBytes, column: f.column - skipBytes, endColumn: f.endColumn - skipBytes }
    : { line: f.line - skipLines, endLine: f.endLine - skipLines };
  return { ...f, ...placed, file, objectKind: `${type}-message` };
}

/** The header a finding's line is in (continuation lines of a signature start with a space). */
function headerName(lines: string[], line: number): string {
  let at = Math.min(line, lines.length) - 1;
  while (at > 0 && lines[at].startsWith(' ')) at--;
  const field = lines[at]?.split(' ')[0] ?? '';
  return field === 'tag' ? '<tag name>' : ['author', 'committer', 'tagger'].includes(field) ? `<${field}>` : `<${field} header>`;
}

/** An annotated tag's name and what it points to (`object`, `type`, `tag` headers). */
function tagHeaders(headers: string): NonNullable<MessageHit['tag']> {
  const field = (name: string) => new RegExp(`^${name} (.*)$`, 'm').exec(headers)?.[1] ?? '';
  return { name: field('tag'), target: field('object'), type: field('type') };
}

/** `1700000000`, `+0130` → `2023-11-14T23:43:20+01:30`, as `git log --format=%aI` prints it. */
export function isoDate(epoch: number, zone: string): string {
  const sign = zone.startsWith('-') ? -1 : 1;
  const offset = sign * (Number(zone.slice(1, 3)) * 3600 + Number(zone.slice(3, 5)) * 60);
  const local = new Date((epoch + offset) * 1000).toISOString().slice(0, 19);
  return `${local}${zone.slice(0, 3)}:${zone.slice(3, 5)}`;
}
