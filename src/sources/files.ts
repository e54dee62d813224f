// The files source: list files and directories, read and detect each, count what was skipped.
import { statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { ScanResult } from '../types.js';
import { OperationalError } from '../errors.js';
import { listFiles } from './walk.js';
import { scanFile } from './read.js';
import { ResultBuilder } from './result.js';
import { STDIN_NAME, STDIN_PATH, readStdinInto, stdinSource } from './stdin.js';
import type { Source, SourceSettings } from './source.js';

export { STDIN_NAME, STDIN_PATH };

export interface ScanFilesOptions {
  /** Paths are reported relative to this folder, `/`-separated. */
  root: string;
  noIgnore?: boolean;
  maxFileSize?: number;
  /** Globs (relative to `root`) left out of directory listings. */
  exclude?: readonly string[];
  /** Print keys in full in snippets (`--no-redact`). */
  reveal?: boolean;
  extraWords?: readonly string[];
  signal?: AbortSignal;
}

/** `aisa-guard scan [paths…]`: one directory given, paths are relative to it; else to the working directory. */
export function filesSource(paths: readonly string[], options: { noIgnore?: boolean } = {}): Source {
  const given = paths.length ? paths : ['.'];
  if (given.length === 1 && given[0] === STDIN_PATH) return stdinSource();
  const root = scanRoot(given);
  return {
    root,
    scan: (settings: SourceSettings, signal: AbortSignal) =>
      scanPaths(given, {
        root,
        noIgnore: options.noIgnore,
        maxFileSize: settings.maxFileSize,
        ...settings.detect,
        // Skipping at walk time is exact only when the globs are relative to the one folder walked; the
        // filter step applies them to every finding anyway.
        exclude: given.length === 1 && settings.ignore?.dir === root ? settings.ignore.globs : undefined,
        signal,
      }),
  };
}

/**
 * Scan files and directories. A directory is walked honouring .gitignore; a file named directly is
 * always read, even when ignored, so lint-staged and hooks can hand over exactly what they want checked.
 */
export async function scanPaths(paths: readonly string[], options: ScanFilesOptions): Promise<ScanResult> {
  const builder = new ResultBuilder({ detect: { extraWords: options.extraWords, reveal: options.reveal } });
  const targets: string[] = [];
  const special: string[] = [];
  for (const given of paths) {
    if (given === STDIN_PATH) {
      await readStdinInto(builder);
      continue;
    }
    const full = path.resolve(given);
    let info;
    try {
      info = await stat(full);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') throw new OperationalError(`${given}: no such file or directory`);
      builder.warn(`${given}: cannot read (${code ?? 'error'})`);
      continue;
    }
    if (info.isDirectory()) {
      const listing = await listFiles(full, { noIgnore: options.noIgnore, exclude: options.exclude });
      targets.push(...listing.files);
      special.push(...listing.special);
      for (const warning of listing.warnings) builder.warn(warning.split(options.root + path.sep).join(''));
    } else if (info.isFile()) {
      targets.push(full);
    } else {
      special.push(full);
    }
  }
  for (const full of new Set(special)) builder.skip('not-a-file', `${relativeTo(options.root, full)}: not a regular file, skipped`);
  // One thread: reading is system calls, and on the two-core bench machine a second reading thread
  // (worker_threads) made the scan slower; ripgrep gains nothing from its second thread there either.
  for (const full of new Set(targets)) {
    options.signal?.throwIfAborted();
    const file = relativeTo(options.root, full);
    builder.record(file, await scanFile(full, builder.context(file), { maxFileSize: options.maxFileSize }));
  }
  return builder.result();
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

function scanRoot(paths: readonly string[]): string {
  if (paths.length === 1 && paths[0] !== STDIN_PATH) {
    const only = path.resolve(paths[0]);
    // A missing path is reported by the scan itself.
    if (statSync(only, { throwIfNoEntry: false })?.isDirectory()) return only;
  }
  return process.cwd();
}
