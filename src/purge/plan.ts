// From a history scan's findings to a rewrite: which blobs get new content (each key replaced by the
// marker in its own encoding), which are replaced whole (a key inside an archive member, a compressed
// file or binary content: rewriting bytes inside them would corrupt them, so the file becomes a short
// text saying why, or is dropped with --drop-path), and which messages change.
import type { Finding, KeyLookup } from '../types.js';
import { CatFile, Git, gitError, readBlobs } from '../git/index.js';
import { KeyStore, redactKeysIn } from '../detect/index.js';
import { scanFragment } from '../engine/scanner.js';
import type { SourceSettings as ScanSettings } from '../sources/source.js';
import { MARKER, purgeBytes } from './replace.js';
import type { Rewrite } from './filter-repo.js';

export interface ReplacedFile {
  path: string;
  why: string;
  /** `replaced`: the file now holds a short note; `dropped`: removed from every commit. */
  action: 'replaced' | 'dropped';
}

export interface SourceSettings extends ScanSettings {
  /** `--drop-path`: removed from every commit instead of rewritten. */
  dropPaths: readonly string[];
}

export interface Plan extends Rewrite {
  /** Fingerprint → redacted key, for the report. */
  purged: Map<string, string>;
  replacedFiles: ReplacedFile[];
  editedBlobs: number;
}

export async function planRewrite(git: Git, findings: readonly Finding[], keys: KeyLookup, settings: SourceSettings): Promise<Plan> {
  const purged = new Map(findings.map((f) => [f.fingerprint, f.redacted]));
  const keyList = [...purged.keys()].map((fp) => keys.keyFor(fp)).filter((k): k is string => k !== undefined);
  const dropPaths = settings.dropPaths;
  const plan: Plan = { blobs: new Map(), messages: new Map(), keys: keyList, dropPaths, purged, replacedFiles: [], editedBlobs: 0 };
  const candidates = await candidateBlobs(git, findings);
  const oids = [...candidates.keys()];
  const contents = await readBlobs(git, oids);
  const replaced = new Set<string>();
  for (const [i, oid] of oids.entries()) {
    const content = contents[i];
    const file = candidates.get(oid)!;
    if (!content) continue;
    // Each version is scanned again: a finding names only the version that brought the key to its path.
    const outcome = await scanFragment({ path: file, body: { bytes: content }, sized: false }, { ...settings.detect, file, keys: new KeyStore() }, { archives: settings.archives });
    const found = outcome.kind === 'scanned' ? outcome.findings.filter((f) => purged.has(f.fingerprint)) : [];
    if (!found.length) continue;
    const opaque = found.find((f) => f.container !== undefined || f.offset !== undefined);
    const rewritten = opaque ? undefined : purgeBytes(content, keyList);
    if (rewritten && rewritten !== content) {
      plan.blobs.set(oid, rewritten);
      plan.editedBlobs++;
      continue;
    }
    const shown = redactKeysIn(file);
    const why = opaque?.container !== undefined ? `a key inside ${redactKeysIn(opaque.file)}` : opaque ? 'a key in binary content' : 'a key in a form purge cannot rewrite in place';
    const dropped = dropPaths.some((p) => shown === p || shown.startsWith(p.endsWith('/') ? p : `${p}/`));
    if (!replaced.has(`${shown}\0${why}`)) plan.replacedFiles.push({ path: shown, why, action: dropped ? 'dropped' : 'replaced' });
    replaced.add(`${shown}\0${why}`);
    if (!dropped) plan.blobs.set(oid, Buffer.from(`${MARKER}: "aisa-guard purge" replaced this file: it held ${why}.\n`));
  }
  const inMessages = new Set(findings.map((f) => (f.objectKind === 'commit-message' ? f.commit : f.objectKind === 'tag-message' ? f.blob : undefined)));
  inMessages.delete(undefined);
  const objects = new CatFile(git); // commits and tags
  try {
    for (const oid of inMessages as Set<string>) {
      const content = (await objects.read(oid))?.content;
      const split = content?.indexOf('\n\n') ?? -1;
      if (!content || split === -1) continue;
      const message = content.subarray(split + 2);
      const rewritten = purgeBytes(message, keyList);
      if (rewritten !== message) plan.messages.set(message, rewritten);
    }
  } finally {
    objects.close();
  }
  return plan;
}

/**
 * Every version of every file a finding names, at that path or any path it was renamed from or to,
 * with the path it was first seen at: one `git log --raw` over all refs, merges against each parent.
 */
async function candidateBlobs(git: Git, findings: readonly Finding[]): Promise<Map<string, string>> {
  const blobs = new Map<string, string>();
  const paths = new Set<string>();
  for (const f of findings) {
    if (f.objectKind !== 'blob' || !f.blob || f.location === 'path') continue;
    paths.add(f.container ?? f.file);
    blobs.set(f.blob, f.container ?? f.file);
  }
  const args = ['log', '--all', '-m', '-M', '--raw', '-z', '--no-abbrev', '--no-ext-diff', '--no-textconv', '--format='];
  const result = await git.run(args);
  if (result.code !== 0) throw gitError(git.cwd, args, result.stderr);
  const changes: { oid: string; path: string; from?: string }[] = [];
  const fields = result.stdout.toString('utf8').split('\0');
  for (let i = 0; i < fields.length; i++) {
    const meta = /^\n*:\d+ \d+ [0-9a-f]+ ([0-9a-f]+) ([A-Z])\d*$/.exec(fields[i]);
    if (!meta) continue;
    const renamed = meta[2] === 'R' || meta[2] === 'C';
    const from = renamed ? fields[++i] : undefined;
    changes.push({ oid: meta[1], path: fields[++i], from });
  }
  // Renames join paths into one file's history, both ways, until nothing new joins.
  for (let grew = true; grew; ) {
    grew = false;
    for (const c of changes) {
      if (c.from === undefined || paths.has(c.from) === paths.has(c.path)) continue;
      paths.add(c.from);
      paths.add(c.path);
      grew = true;
    }
  }
  for (const c of changes) if (paths.has(c.path) && !/^0+$/.test(c.oid) && !blobs.has(c.oid)) blobs.set(c.oid, c.path);
  return blobs;
}
