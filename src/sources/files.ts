// The directory scan: list files, read and detect each, gather findings, stats and warnings.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Finding, ScanResult } from '../types.js';
import { byLocation } from '../detect/findings.js';
import { keysInName, type DetectOptions } from '../detect/index.js';
import { OperationalError } from '../errors.js';
import { listFiles } from './walk.js';
import { scanFile, scanInChunks, streamFill, type FileOutcome } from './read.js';

export interface ScanFilesOptions extends DetectOptions {
  /** Paths are reported relative to this folder, `/`-separated. */
  root: string;
  noIgnore?: boolean;
  maxFileSize?: number;
  exclude?: readonly string[];
  /** Print keys in full in snippets (`--no-redact`). */
  reveal?: boolean;
}

/**
 * Scan files and directories. A directory is walked honouring .gitignore; a file named directly is
 * always read, even when ignored, so lint-staged and hooks can hand over exactly what they want checked.
 */
export async function scanPaths(paths: readonly string[], options: ScanFilesOptions): Promise<ScanResult> {
  const started = performance.now();
  const warnings: string[] = [];
  const targets: string[] = [];
  let stdin: Tally | undefined;
  const special: string[] = [];
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
  // One thread: reading is system calls, and on the two-core bench machine a second reading thread
  // (worker_threads) made the scan slower; ripgrep gains nothing from its second thread there either.
  const parts = await scanList([...new Set(targets)], options);
  const total = merge([tally, parts, ...(stdin ? [stdin] : [])]);
  total.findings.sort(byLocation);
  return {
    findings: total.findings,
    warnings: [...warnings, ...total.warnings],
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
    record(tally, file, await scanFile(full, { ...options, file }, { maxFileSize: options.maxFileSize }));
    tally.findings.push(...keysInName(file, options));
  }
  return tally;
}

function record(tally: Tally, file: string, outcome: FileOutcome): void {
  tally.bytes += outcome.bytes;
  if (outcome.kind === 'scanned') {
    tally.files++;
    tally.findings.push(...outcome.findings);
  } else {
    tally.skipped[outcome.reason] = (tally.skipped[outcome.reason] ?? 0) + 1;
    if (outcome.reason !== 'binary') tally.warnings.push(`${file}: ${outcome.message ?? outcome.reason}, skipped`);
  }
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

