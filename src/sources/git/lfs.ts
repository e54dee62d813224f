// Git LFS: a committed file is a small pointer blob (`version …`, `oid sha256:…`, `size …`) while its
// content sits in .git/lfs/objects/xx/yy/<sha256>, which `git push` uploads to the LFS server. That content
// is what leaks, so it is scanned as a fragment of its own and reported where the pointer is.
import { createReadStream, lstatSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '../../types.js';
import { scanFragment } from '../../engine/scanner.js';
import type { ResultBuilder } from '../result.js';
import type { SourceSettings } from '../source.js';

export interface LfsPointer {
  /** The sha256 of the content: its name in the LFS store. */
  sha: string;
  size: number;
  /** Where the pointer blob was seen, when known. */
  path: string;
}

const POINTER_MAX = 1024; // the spec keeps pointers under 1024 bytes
const VERSION = /^version https:\/\/(git-lfs\.github\.com|hawser\.github\.com)\/spec\/v1\n/;
const OID = /^oid sha256:([0-9a-f]{64})$/m;
const SIZE = /^size (\d+)$/m;

/** A patch or listing that may add a pointer (the spec's address is on a pointer's first line). */
export function mentionsLfsSpec(bytes: Buffer): boolean {
  return bytes.includes('github.com/spec/v1');
}

/** The git dir that holds the LFS store: a linked worktree's own git dir names the common one in `commondir`. */
export function commonGitDir(gitDir: string): string {
  try {
    return path.resolve(gitDir, readFileSync(path.join(gitDir, 'commondir'), 'utf8').trim());
  } catch {
    return gitDir;
  }
}

/** The pointer a blob holds, if it is one. */
export function lfsPointer(content: Buffer): Omit<LfsPointer, 'path'> | undefined {
  if (content.length > POINTER_MAX || content[0] !== 0x76 /* v */) return undefined;
  const text = content.toString('latin1');
  if (!VERSION.test(text)) return undefined;
  const sha = OID.exec(text)?.[1];
  const size = SIZE.exec(text)?.[1];
  return sha && size ? { sha, size: Number(size) } : undefined;
}

/**
 * Scans the local LFS content of each pointer: per pointer blob, its findings (`objectKind: lfs-object`).
 * The store is `<git dir>/lfs/objects` (the repository's own `lfs.storage` is not followed: its config
 * must not choose what we read); only regular files there are read, never through a symlink. A pointer
 * whose content is not here is not an error: the object was never fetched, and a push cannot send it.
 */
export async function scanLfsObjects(gitDir: string, pointers: ReadonlyMap<string, LfsPointer>, settings: SourceSettings, builder: ResultBuilder): Promise<Map<string, Finding[]>> {
  const found = new Map<string, Finding[]>();
  const store = path.join(gitDir, 'lfs', 'objects');
  for (const [blob, pointer] of pointers) {
    const file = path.join(store, pointer.sha.slice(0, 2), pointer.sha.slice(2, 4), pointer.sha);
    if (!isRegularFileUnder(gitDir, file)) continue;
    const shown = pointer.path || path.relative(path.dirname(gitDir), file).split(path.sep).join('/');
    const size = lstatSync(file).size;
    builder.files++;
    builder.bytes += size;
    const fragment = { path: shown, body: { stream: createReadStream(file) }, size, provenance: { blob } };
    const outcome = await scanFragment(fragment, builder.context(shown), settings);
    if (outcome.kind === 'skipped') {
      builder.skip(outcome.reason, `LFS object ${pointer.sha.slice(0, 12)} (${shown}, ${size} bytes) is larger than --max-file-size, skipped`);
      continue;
    }
    for (const problem of outcome.problems ?? []) builder.skip(problem.reason, problem.warning);
    if (outcome.findings.length) found.set(blob, outcome.findings.map((f) => ({ ...f, objectKind: 'lfs-object' as const })));
  }
  return found;
}

/** `file` and every folder between it and the git dir are real (no symlink), and `file` is a regular file. */
function isRegularFileUnder(gitDir: string, file: string): boolean {
  for (let at = file; at.length > gitDir.length; at = path.dirname(at)) {
    const info = lstatSync(at, { throwIfNoEntry: false });
    if (!info || info.isSymbolicLink() || (at === file ? !info.isFile() : !info.isDirectory())) return false;
  }
  return true;
}
