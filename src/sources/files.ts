// The directory scan: list files, read and detect each, gather findings, stats and warnings.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Finding, ScanResult } from '../types.js';
import type { DetectOptions } from '../detect/index.js';
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
  concurrency?: number;
}

/**
 * Scan files and directories. A directory is walked honouring .gitignore; a file named directly is
 * always read, even when ignored, so lint-staged and hooks can hand over exactly what they want checked.
 */
export async function scanPaths(paths: readonly string[], options: ScanFilesOptions): Promise<ScanResult> {
  const started = performance.now();
  const warnings: string[] = [];
  const targets: string[] = [];
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
      warnings.push(...listing.warnings.map((w) => w.split(options.root + path.sep).join('')));
    } else {
      targets.push(full);
    }
  }
  const unique = [...new Set(targets)];
  const findings: Finding[] = [];
  const skipped: Record<string, number> = {};
  let bytes = 0;
  let files = 0;
  let next = 0;
  const worker = async () => {
    while (next < unique.length) {
      const full = unique[next++];
      const file = relativeTo(options.root, full);
      const outcome = await scanFile(full, { ...options, file }, { maxFileSize: options.maxFileSize });
      bytes += outcome.bytes;
      if (outcome.kind === 'scanned') {
        files++;
        findings.push(...outcome.findings);
      } else {
        skipped[outcome.reason] = (skipped[outcome.reason] ?? 0) + 1;
        if (outcome.reason !== 'binary') warnings.push(`${file}: ${outcome.message ?? outcome.reason}, skipped`);
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  findings.sort(byLocation);
  return {
    findings,
    warnings,
    stats: { files, bytes, ms: Math.round(performance.now() - started), skipped },
  };
}

export function relativeTo(root: string, full: string): string {
  const relative = path.relative(root, full);
  const shown = relative === '' ? path.basename(full) : relative;
  return shown.split(path.sep).join('/');
}

export function byLocation(a: Finding, b: Finding): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column;
}
