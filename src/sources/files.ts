// The files source: list files and directories, read and detect each, count what was skipped.
import { existsSync, statSync } from 'node:fs';
import { readlink, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ScanResult } from '../types.js';
import { OperationalError } from '../errors.js';
import { listFiles } from './walk.js';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { scanFile, sieveFile, type ReadOptions, type SieveVerdict } from './read.js';
import { IN_FLIGHT, NEXT, NOT_TAKEN, TAKEN, VERDICTS, type SieveShare } from './sieve-worker.js';
import { matcherFor } from '../config/allowlist.js';
import { plural } from '../words.js';
import { mayContainKey } from '../detect/index.js';
import { scanFragment, scanName } from '../engine/scanner.js';
import { ResultBuilder } from './result.js';
import { STDIN_NAME, STDIN_PATH, readStdinInto, stdinSource } from './stdin.js';
import type { Source, SourceSettings } from './source.js';
import type { ArchiveSettings } from '../containers/index.js';

export { STDIN_NAME, STDIN_PATH };

export interface ScanFilesOptions {
  /** Paths are reported relative to this folder (the current directory), `/`-separated. */
  root: string;
  noIgnore?: boolean;
  /** Follow symlinks out of a scanned directory (`--follow`). */
  follow?: boolean;
  maxFileSize?: number;
  archives?: ArchiveSettings;
  /** Config `ignore` globs and the folder they are relative to: such files are not even read. */
  exclude?: { dir: string; globs: readonly string[] };
  /** Print keys in full in snippets (`--no-redact`). */
  reveal?: boolean;
  extraWords?: readonly string[];
  signal?: AbortSignal;
}

/**
 * `aisa-guard scan [paths…]`. Paths are reported relative to the current directory, whatever was named
 * (`scan src` reports `src/app.ts`, so annotations and SARIF point at real files); the config is looked
 * up from the one directory named, else from the current directory.
 */
export function filesSource(paths: readonly string[], options: { noIgnore?: boolean; follow?: boolean } = {}): Source {
  const given = paths.length ? paths : ['.'];
  if (given.length === 1 && given[0] === STDIN_PATH) return stdinSource();
  const root = process.cwd();
  return {
    root,
    configRoot: configRoot(given),
    scan: (settings: SourceSettings, signal: AbortSignal) =>
      scanPaths(given, {
        root,
        noIgnore: options.noIgnore,
        follow: options.follow,
        maxFileSize: settings.maxFileSize,
        archives: settings.archives,
        ...settings.detect,
        // The filter applies these to every finding anyway; at listing time they save reading the files.
        exclude: settings.ignore,
        signal,
      }),
  };
}

/** Links not followed are named in one line, not one warning each: a vendored tree can hold thousands. */
const NAMED_LINKS = 10;

/**
 * Scan files and directories. The current directory (`.`, or no path), and a directory that is a work
 * tree's top (`scan path/to/repo`), are listed as git would consider them (tracked files always); any
 * other directory named is read whole, honouring only the ignore files inside it (ripgrep's
 * rule); a file named directly is always read, even when ignored, so lint-staged and hooks can hand over
 * exactly what they want checked.
 */
export async function scanPaths(paths: readonly string[], options: ScanFilesOptions): Promise<ScanResult> {
  const builder = new ResultBuilder({ detect: { extraWords: options.extraWords, reveal: options.reveal } });
  const targets = new Set<string>();
  const special = new Set<string>();
  const notFollowed: string[] = [];
  const here = process.cwd();
  const exclude = options.exclude?.globs.length ? { matcher: matcherFor(options.exclude.globs), base: options.exclude.dir } : undefined;
  for (const given of paths) {
    if (given === STDIN_PATH) {
      await readStdinInto(builder, process.stdin, options.archives);
      continue;
    }
    const full = path.resolve(given);
    let info;
    try {
      info = await stat(full);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new OperationalError(`${given}: no such file or directory`);
      builder.skip('unreadable', `${given}: cannot read (${code ?? 'error'})`);
      continue;
    }
    if (info.isDirectory()) {
      const listing = await listFiles(full, { noIgnore: options.noIgnore, gitAware: full === here || existsSync(path.join(full, '.git')), follow: options.follow, exclude });
      for (const file of listing.files) targets.add(file);
      for (const file of listing.special) special.add(file);
      for (const warning of listing.warnings) builder.warn(warning.split(options.root + path.sep).join(''));
      for (const link of listing.notFollowed) notFollowed.push(relativeTo(options.root, link));
      for (const link of listing.links) await scanLinkTarget(link, builder, options.root);
      // Nothing behind a broken link or a loop was read: the scan is incomplete (its warning is above).
      for (let i = 0; i < listing.broken.length; i++) builder.skip('broken-symlink');
      // Folders that could not be listed (their warnings are above): the scan is incomplete.
      for (let i = 0; i < listing.unreadable; i++) builder.skip('unreadable');
    } else if (info.isFile()) {
      targets.add(full);
    } else {
      special.add(full);
    }
  }
  for (const full of special) builder.skip('not-a-file', `${relativeTo(options.root, full)}: not a regular file, skipped`);
  if (notFollowed.length) {
    const named = notFollowed.slice(0, NAMED_LINKS).join(', ') + (notFollowed.length > NAMED_LINKS ? `, and ${notFollowed.length - NAMED_LINKS} more` : '');
    builder.warn(`${plural(notFollowed.length, 'symlink')} out of the scanned folder not followed (--follow to read them): ${named}`);
    for (let i = 0; i < notFollowed.length; i++) builder.skip('symlink');
  }
  await scanList([...targets], builder, options);
  return builder.result();
}

/** A link's target text, scanned as git stores a link (its blob is the target): `ln -s sk-aisa-… x` is found. */
async function scanLinkTarget(link: string, builder: ResultBuilder, root: string): Promise<void> {
  let target: string;
  try {
    target = await readlink(link);
  } catch {
    return;
  }
  if (!mayContainKey(target)) return;
  const file = relativeTo(root, link);
  const outcome = await scanFragment({ path: file, body: { bytes: Buffer.from(target) }, sized: false }, builder.context(file));
  if (outcome.kind === 'scanned') builder.add(outcome.findings);
}

/**
 * A second thread is opt-in (`AISA_GUARD_THREADS=2`), for scans of at least this many files (below, its
 * ~40 ms start-up costs more than it saves). It sieves files taken from the same counter as this thread
 * (see sieve-worker.ts). On the 2-core machine this was built on, shared with five other builds (load
 * average 6–12), it lost more often than it won: 0.85–1.35x the wall time of one thread across runs;
 * bench/scan.bench.ts prints `worker on / off`, so the default can follow a measurement on a quiet
 * machine.
 */
const SIEVE_MIN_FILES = 8000;

/**
 * Reads are synchronous memory copies on a warm cache (see read.ts). Every file is sieved first: a
 * clean one (text or binary) is only counted (no name, no context, no outcome object: for 20,000 files that
 * garbage cost more than their detection); any other is read again by scanFile. With a second thread it
 * sieves too; findings, warnings and the key store stay in this thread.
 */
async function scanList(files: readonly string[], builder: ResultBuilder, options: ScanFilesOptions): Promise<void> {
  const read = { maxFileSize: options.maxFileSize, archives: options.archives };
  const share = files.length >= SIEVE_MIN_FILES && process.env.AISA_GUARD_THREADS === '2' ? startSieve(files, read) : undefined;
  const take = async (full: string, verdict: SieveVerdict, bytes: number) => {
    // A key in a file or folder name is a leak too (location: path); the name test is a few string probes.
    if (mayContainKey(full)) {
      const file = relativeTo(options.root, full);
      builder.add(scanName(file, builder.context(file)));
    }
    if (verdict === 'scan') {
      const file = relativeTo(options.root, full);
      builder.record(file, await scanFile(full, builder.context(file), read));
    } else {
      builder.bytes += bytes;
      builder.files++;
    }
  };
  const control = share?.control ?? new Int32Array(2);
  for (let i = Atomics.add(control, NEXT, 1); i < files.length; i = Atomics.add(control, NEXT, 1)) {
    options.signal?.throwIfAborted();
    const { verdict, bytes } = sieveFile(files[i], read);
    await take(files[i], verdict, bytes);
  }
  if (!share) return;
  // The counter is spent: wait for the file the worker may still be sieving, then act on its verdicts.
  for (let busy = Atomics.load(control, IN_FLIGHT); busy > 0; busy = Atomics.load(control, IN_FLIGHT)) {
    Atomics.wait(control, IN_FLIGHT, busy, 50);
  }
  for (let i = 0; i < files.length; i++) {
    const verdict = Atomics.load(share.verdicts, i);
    if (verdict === NOT_TAKEN) continue;
    options.signal?.throwIfAborted();
    await take(files[i], verdict === TAKEN ? 'scan' : VERDICTS[verdict], verdict === TAKEN ? 0 : share.bytes[i]);
  }
}

/** Starts the worker on shared memory; undefined when it cannot run (this thread then takes every file). */
function startSieve(files: readonly string[], options: ReadOptions): SieveShare | undefined {
  const entry = new URL('./sieve-worker.js', import.meta.url);
  if (!existsSync(fileURLToPath(entry))) return undefined; // running from TypeScript sources (tests)
  const share: SieveShare = {
    files: [...files],
    options,
    control: new Int32Array(new SharedArrayBuffer(8)),
    verdicts: new Uint8Array(new SharedArrayBuffer(files.length)).fill(NOT_TAKEN),
    bytes: new Float64Array(new SharedArrayBuffer(files.length * 8)),
  };
  try {
    const worker = new Worker(entry, { workerData: share });
    worker.unref(); // it ends by itself once the counter is spent; it never holds the process
    // A worker that dies mid-file never clears its in-flight mark: count it out so this thread stops waiting.
    worker.once('error', () => Atomics.store(share.control, IN_FLIGHT, 0));
    return share;
  } catch {
    return undefined;
  }
}

/**
 * How a path is reported: relative to `root` (the current directory) when inside it, `/`-separated;
 * absolute when outside it (`scan /tmp/x` reports `/tmp/x/a.env`, not `../../tmp/x/a.env`).
 */
export function relativeTo(root: string, full: string): string {
  // The common case, a (normalised) path below the root, without path.relative's cost.
  if (full.startsWith(root + path.sep)) {
    const inner = full.slice(root.length + 1);
    return path.sep === '/' ? inner : inner.split(path.sep).join('/');
  }
  // Listed paths are absolute and normalised: one that is not below the root is outside it.
  if (path.isAbsolute(full) && full !== root && !full.includes(`${path.sep}..`)) return path.sep === '/' ? full : full.split(path.sep).join('/');
  const relative = path.relative(root, full);
  const shown = relative === '' ? path.basename(full) : relative === '..' || relative.startsWith('..' + path.sep) ? path.resolve(full) : relative;
  return shown.split(path.sep).join('/');
}

/** One directory named: config lookup starts there. Otherwise at the working directory. */
function configRoot(paths: readonly string[]): string {
  if (paths.length === 1 && paths[0] !== STDIN_PATH) {
    const only = path.resolve(paths[0]);
    // A missing path is reported by the scan itself.
    if (statSync(only, { throwIfNoEntry: false })?.isDirectory()) return only;
  }
  return process.cwd();
}
