// The directory scan: list files, read and detect each, gather findings, stats and warnings.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Finding, ScanResult } from '../types.js';
import { byLocation } from '../detect/findings.js';
import type { DetectOptions } from '../detect/index.js';
import { OperationalError } from '../errors.js';
import { listFiles } from './walk.js';
import { matcherFor } from '../config/allowlist.js';
import { plural } from '../words.js';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { scanFile, scanInChunks, sieveFile, streamFill, type FileOutcome, type ReadOptions, type SieveVerdict } from './read.js';
import { VERDICTS, type SieveAnswer, type SieveRequest } from './sieve-worker.js';

export interface ScanFilesOptions extends DetectOptions {
  /** Paths are reported relative to this folder (the current directory), `/`-separated. */
  root: string;
  noIgnore?: boolean;
  maxFileSize?: number;
  /** Config `ignore` globs, relative to `base` (the config's folder): such files are not even read. */
  exclude?: { globs: readonly string[]; base: string };
  /** Follow symlinks out of a scanned directory (`--follow`). */
  follow?: boolean;
  /** Print keys in full in snippets (`--no-redact`). */
  reveal?: boolean;
}

/** Links not followed are named in one line, not one warning each: a vendored tree can hold thousands. */
const NAMED_LINKS = 10;

/**
 * Scan files and directories. The current directory (`.`, or no path) is listed as git would consider
 * it; any other directory named is read whole, honouring only the ignore files inside it (ripgrep's
 * rule); a file named directly is always read, even when ignored, so lint-staged and hooks can hand over
 * exactly what they want checked.
 */
export async function scanPaths(paths: readonly string[], options: ScanFilesOptions): Promise<ScanResult> {
  const started = performance.now();
  const warnings: string[] = [];
  const targets = new Set<string>();
  const special = new Set<string>();
  const notFollowed: string[] = [];
  const tally = emptyTally();
  let stdin: Tally | undefined;
  const here = process.cwd();
  const exclude = options.exclude?.globs.length ? { matcher: matcherFor(options.exclude.globs), base: options.exclude.base } : undefined;
  for (const given of paths) {
    if (given === STDIN_PATH) {
      stdin = await scanStdin(options);
      continue;
    }
    const full = path.resolve(given);
    let info;
    try {
      info = await stat(full);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new OperationalError(`${given}: no such file or directory`);
      warnings.push(`${given}: cannot read (${code ?? 'error'})`);
      count(tally, 'unreadable');
      continue;
    }
    if (info.isDirectory()) {
      const listing = await listFiles(full, { noIgnore: options.noIgnore, gitAware: full === here, follow: options.follow, exclude });
      for (const file of listing.files) targets.add(file);
      for (const file of listing.special) special.add(file);
      for (const warning of listing.warnings) warnings.push(warning.split(options.root + path.sep).join(''));
      for (const link of listing.notFollowed) notFollowed.push(relativeTo(options.root, link));
      if (listing.unreadable) count(tally, 'unreadable', listing.unreadable);
    } else if (info.isFile()) {
      targets.add(full);
    } else {
      special.add(full);
    }
  }
  for (const full of special) {
    count(tally, 'not-a-file');
    tally.warnings.push(`${relativeTo(options.root, full)}: not a regular file, skipped`);
  }
  if (notFollowed.length) {
    count(tally, 'symlink', notFollowed.length);
    const named = notFollowed.slice(0, NAMED_LINKS).join(', ') + (notFollowed.length > NAMED_LINKS ? `, and ${notFollowed.length - NAMED_LINKS} more` : '');
    tally.warnings.push(`${plural(notFollowed.length, 'symlink')} out of the scanned folder not followed (--follow to read them): ${named}`);
  }
  const parts = await scanList(targets, options);
  const total = merge([tally, parts, ...(stdin ? [stdin] : [])]);
  total.findings.sort(byLocation);
  for (const warning of total.warnings) warnings.push(warning);
  return {
    findings: total.findings,
    warnings,
    stats: { files: total.files, bytes: total.bytes, ms: Math.round(performance.now() - started), skipped: total.skipped },
  };
}

/** `-` on the command line: standard input, reported as `<stdin>` (`git diff | aisa-guard scan -`). */
export const STDIN_PATH = '-';
export const STDIN_NAME = '<stdin>';

/** Standard input of any size, streamed through the chunked scanner. */
async function scanStdin(options: ScanFilesOptions): Promise<Tally> {
  const tally = emptyTally();
  const outcome = await scanInChunks(streamFill(process.stdin), { ...options, file: STDIN_NAME });
  record(tally, STDIN_NAME, outcome);
  return tally;
}

/** What scanning a list of files adds up to. */
export interface Tally {
  findings: Finding[];
  warnings: string[];
  skipped: Record<string, number>;
  files: number;
  bytes: number;
}

function emptyTally(): Tally {
  return { findings: [], warnings: [], skipped: {}, files: 0, bytes: 0 };
}

function merge(tallies: Tally[]): Tally {
  const total = emptyTally();
  for (const t of tallies) {
    // Loops, not push(...list): a spread of 150,000 items overflows the call stack.
    for (const finding of t.findings) total.findings.push(finding);
    for (const warning of t.warnings) total.warnings.push(warning);
    for (const [reason, count] of Object.entries(t.skipped)) total.skipped[reason] = (total.skipped[reason] ?? 0) + count;
    total.files += t.files;
    total.bytes += t.bytes;
  }
  return total;
}

/**
 * Below this many files a helper thread costs more to start (~40 ms) than it saves. Above it, a worker
 * reads and prefilters every other file while this thread scans the rest: on the 2-core bench machine
 * (shared, loaded) the 20,000-file corpus took 0.88x the wall time of one thread, medians of 9
 * interleaved runs. bench/scan.bench.ts measures both; AISA_GUARD_THREADS=1 turns the worker off.
 */
const SIEVE_MIN_FILES = 8000;

/**
 * Reads are synchronous memory copies on a warm cache (see read.ts). With many files the second core
 * sieves half of them; findings, warnings and the per-scan key store stay in this thread.
 */
export async function scanList(list: Iterable<string>, options: ScanFilesOptions): Promise<Tally> {
  const files = Array.isArray(list) ? (list as string[]) : [...list];
  const tally = emptyTally();
  const read = { maxFileSize: options.maxFileSize };
  const sieve = files.length >= SIEVE_MIN_FILES && process.env.AISA_GUARD_THREADS !== '1' ? startSieve(files.filter((_, i) => i % 2 === 1), read) : undefined;
  const step = sieve ? 2 : 1;
  // Sieve first: a clean or binary file is only counted (no name, no context, no outcome object: the
  // garbage of 20,000 such files cost more than their detection). Any other is read again by scanFile.
  const take = async (full: string, verdict: SieveVerdict, bytes: number) => {
    if (verdict === 'scan') {
      const file = relativeTo(options.root, full);
      record(tally, file, await scanFile(full, { ...options, file }, read));
    } else {
      tally.bytes += bytes;
      if (verdict === 'clean') tally.files++;
      else count(tally, 'binary');
    }
  };
  for (let i = 0; i < files.length; i += step) {
    const { verdict, bytes } = sieveFile(files[i], read);
    await take(files[i], verdict, bytes);
  }
  if (!sieve) return tally;
  const answer = await sieve;
  for (let i = 1, j = 0; i < files.length; i += 2, j++) {
    await take(files[i], answer ? VERDICTS[answer.verdicts[j]] : 'scan', answer ? answer.bytes[j] : 0);
  }
  return tally;
}

/** The worker's verdicts, or undefined when it cannot run (then this thread reads those files too). */
function startSieve(files: string[], options: ReadOptions): Promise<SieveAnswer | undefined> | undefined {
  const entry = new URL('./sieve-worker.js', import.meta.url);
  if (!existsSync(fileURLToPath(entry))) return undefined; // running from TypeScript sources (tests)
  return new Promise((resolve) => {
    const worker = new Worker(entry, { workerData: { files, options } satisfies SieveRequest });
    worker.once('message', (answer: SieveAnswer) => {
      resolve(answer);
      void worker.terminate();
    });
    worker.once('error', () => resolve(undefined));
    worker.once('exit', () => resolve(undefined));
  });
}

function record(tally: Tally, file: string, outcome: FileOutcome): void {
  tally.bytes += outcome.bytes;
  if (outcome.kind === 'scanned') {
    tally.files++;
    for (const finding of outcome.findings) tally.findings.push(finding);
  } else {
    count(tally, outcome.reason);
    if (outcome.reason !== 'binary') tally.warnings.push(`${file}: ${outcome.message ?? outcome.reason}, skipped`);
  }
}

function count(tally: Tally, reason: string, by = 1): void {
  tally.skipped[reason] = (tally.skipped[reason] ?? 0) + by;
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
