// The directory scan: list files, read and detect each, gather findings, stats and warnings.
import { stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Finding, ScanResult } from '../types.js';
import type { DetectOptions } from '../detect/index.js';
import { rememberSecret } from '../detect/secrets.js';
import { OperationalError } from '../errors.js';
import { listFiles } from './walk.js';
import { scanFile } from './read.js';

export interface ScanFilesOptions extends DetectOptions {
  /** Paths are reported relative to this folder, `/`-separated. */
  root: string;
  noIgnore?: boolean;
  maxFileSize?: number;
  exclude?: readonly string[];
  /** Print keys in full in snippets (`--no-redact`). */
  reveal?: boolean;
  /** Threads reading files (default: one per core for large scans; see threadsFor). */
  threads?: number;
}

/**
 * Scan files and directories. A directory is walked honouring .gitignore; a file named directly is
 * always read, even when ignored, so lint-staged and hooks can hand over exactly what they want checked.
 */
export async function scanPaths(paths: readonly string[], options: ScanFilesOptions): Promise<ScanResult> {
  const started = performance.now();
  const warnings: string[] = [];
  const targets: string[] = [];
  const special: string[] = [];
  for (const given of paths) {
    const full = path.resolve(given);
    let info;
    try {
      info = await stat(full);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new OperationalError(`${given}: no such file or directory`);
      warnings.push(`${given}: cannot read (${code ?? 'error'})`);
      continue;
    }
    if (info.isDirectory()) {
      const listing = await listFiles(full, { noIgnore: options.noIgnore, exclude: options.exclude });
      targets.push(...listing.files);
      special.push(...listing.special);
      warnings.push(...listing.warnings.map((w) => w.split(options.root + path.sep).join('')));
    } else if (info.isFile()) {
      targets.push(full);
    } else {
      special.push(full);
    }
  }
  const tally = emptyTally();
  for (const full of new Set(special)) {
    tally.skipped['not-a-file'] = (tally.skipped['not-a-file'] ?? 0) + 1;
    tally.warnings.push(`${relativeTo(options.root, full)}: not a regular file, skipped`);
  }
  const unique = [...new Set(targets)];
  const shards = shard(unique, threadsFor(unique.length, options));
  // The first shard is scanned here while workers (if any) scan the others.
  const parts = await Promise.all([scanList(shards[0], options), ...shards.slice(1).map((s) => scanInWorker(s, options))]);
  const total = merge([tally, ...parts]);
  total.findings.sort(byLocation);
  return {
    findings: total.findings,
    warnings: [...warnings, ...total.warnings],
    stats: { files: total.files, bytes: total.bytes, ms: Math.round(performance.now() - started), skipped: total.skipped },
  };
}

/** What scanning a list of files adds up to; each worker sends one back. */
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
    total.findings.push(...t.findings);
    total.warnings.push(...t.warnings);
    for (const [reason, count] of Object.entries(t.skipped)) total.skipped[reason] = (total.skipped[reason] ?? 0) + count;
    total.files += t.files;
    total.bytes += t.bytes;
  }
  return total;
}

/** One file at a time: reads are synchronous memory copies on a warm cache (see read.ts). */
export async function scanList(list: readonly string[], options: ScanFilesOptions): Promise<Tally> {
  const tally = emptyTally();
  for (const full of list) {
    const file = relativeTo(options.root, full);
    const outcome = await scanFile(full, { ...options, file }, { maxFileSize: options.maxFileSize });
    tally.bytes += outcome.bytes;
    if (outcome.kind === 'scanned') {
      tally.files++;
      tally.findings.push(...outcome.findings);
    } else {
      tally.skipped[outcome.reason] = (tally.skipped[outcome.reason] ?? 0) + 1;
      if (outcome.reason !== 'binary') tally.warnings.push(`${file}: ${outcome.message ?? outcome.reason}, skipped`);
    }
  }
  return tally;
}

/**
 * Reading is system calls (open, fstat, read, close) more than detection, so large scans spread the
 * files over worker threads, one per core (up to 4). Small scans stay on one thread: a worker costs
 * tens of milliseconds to start. Workers run the compiled module, so scans from TypeScript sources
 * (the test runner) use one thread.
 */
const WORKER = new URL('./scan-worker.js', import.meta.url);
const PARALLEL_MIN_FILES = 1000;

function threadsFor(files: number, options: ScanFilesOptions): number {
  if (options.threads !== undefined) return Math.max(1, options.threads);
  if (files < PARALLEL_MIN_FILES || !import.meta.url.endsWith('.js')) return 1;
  return Math.min(4, os.availableParallelism());
}

/** Interleaved, so that every shard gets a fair share of each folder's (similar) files. */
function shard<T>(items: readonly T[], count: number): T[][] {
  const shards: T[][] = Array.from({ length: count }, () => []);
  items.forEach((item, i) => shards[i % count].push(item));
  return shards;
}

function scanInWorker(files: string[], options: ScanFilesOptions): Promise<Tally> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: { files, options } });
    worker.once('message', (message: { tally: Tally; secrets: [string, string][] }) => {
      // Keys stay in memory only, in the thread that reports (for --no-redact and verification).
      for (const [fingerprint, key] of message.secrets) rememberSecret(fingerprint, key);
      resolve(message.tally);
    });
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`scan worker stopped (exit code ${code})`)));
  });
}

export function relativeTo(root: string, full: string): string {
  // The common case, a (normalised) path below the root, without path.relative's cost.
  if (full.startsWith(root + path.sep)) {
    const inner = full.slice(root.length + 1);
    return path.sep === '/' ? inner : inner.split(path.sep).join('/');
  }
  const relative = path.relative(root, full);
  const shown = relative === '' ? path.basename(full) : relative;
  return shown.split(path.sep).join('/');
}

export function byLocation(a: Finding, b: Finding): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column;
}
