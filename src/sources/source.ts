// One shape for every source (files, stdin, history, staged, pre-push): a command picks one, then runs
// the same filter → report/respond tail (src/pipeline.ts) on what it returns.
import type { ScanResult } from '../types.js';
import type { ArchiveSettings } from '../containers/index.js';

/** What a source needs to know of the run settings (src/settings builds them; RunSettings has these). */
export interface SourceSettings {
  /** Detector options: the config's extra placeholder words, and --no-redact for snippets. */
  detect: { extraWords?: readonly string[]; reveal?: boolean };
  /** Inputs larger than this many bytes are skipped with a warning (`--max-file-size` / `maxFileSize`). */
  maxFileSize?: number;
  /** Archive limits (`--max-archive-*`), or false (`--no-archives`); absent: the defaults. */
  archives?: ArchiveSettings;
  /** The config's `ignore` globs and the folder they are relative to: left out at listing time where exact. */
  ignore?: { dir: string; globs: readonly string[] };
}

export interface Source {
  /** Absolute folder finding paths are relative to; config lookup starts here unless configRoot says. */
  readonly root: string;
  /** Where config lookup starts when not at `root` (`scan dir` reports paths from the cwd, reads dir's config). */
  readonly configRoot?: string;
  /**
   * Range scans (`history --range A..B`): the repository's config, allowlists and baseline are read from
   * the base revision (A), so a change cannot accept its own key; `head` (B) is compared to say so.
   */
  readonly trust?: { base: string; head: string };
  /** Sources that can take long (history) name what they count, and the pipeline shows a progress bar. */
  readonly progressUnit?: string;
  scan(settings: SourceSettings, signal: AbortSignal, progress?: Progress): Promise<ScanResult>;
}

/** How far a long scan is: `done` of `total` known so far (`final`: it cannot grow any more). */
export interface ProgressState {
  done: number;
  total: number;
  final: boolean;
  bytes: number;
}

export type Progress = (state: ProgressState) => void;
