// The limits that keep an archive bomb harmless, and the problems a container scan reports. Every
// limit hit and every corrupt part is a warning plus a counted skip: the scan says it is incomplete.

export interface ArchiveLimits {
  /** Containers opened inside one another, the file itself being level 1 (`--max-archive-depth`). */
  maxDepth: number;
  /** Bytes all decompressors together may produce for one top-level file (`--max-archive-bytes`). */
  maxBytes: number;
  /** Entries, at every level, of one top-level file (`--max-archive-entries`). */
  maxEntries: number;
  /** Inflated : compressed bytes of one entry or stream, checked once it passed RATIO_GRACE (`--max-archive-ratio`). */
  maxRatio: number;
}

/** `false`: `--no-archives`, containers are read as plain bytes. Absent: the defaults. */
export type ArchiveSettings = ArchiveLimits | false;

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxDepth: 4,
  maxBytes: 1024 ** 3,
  maxEntries: 100_000,
  // Text deflates 3-10:1, logs up to ~20:1; a bomb entry of zeros 1000:1 (deflate's ceiling is 1032:1).
  maxRatio: 100,
};

/** Small entries may compress far better than any limit (a file of spaces): the ratio counts after this. */
export const RATIO_GRACE = 1 << 20;

/**
 * A zip or asar reached as a stream (inside another archive, or a git blob too large to hold) is held in
 * memory to be read from its index at the end; above this size it is not opened.
 */
export const HELD_ARCHIVE_MAX = 64 * 1024 * 1024;

export type ProblemReason = 'archive-limit' | 'archive-corrupt' | 'archive-unsupported';

export interface ContainerProblem {
  reason: ProblemReason;
  /** Absent past the first few of one file (a bomb cut at each of its thousand entries): counted, not listed. */
  warning?: string;
}

/** Problems of one top-level file listed one by one; the rest are counted in one more line. */
export const LISTED_PROBLEMS = 10;

/** A part of a container that cannot be read; `message` is completed with the path by the walker. */
export class ArchiveError extends Error {
  constructor(
    readonly reason: ProblemReason,
    message: string,
    /** A limit for the whole top-level file: nothing more of it is read. */
    readonly final = false,
  ) {
    super(message);
  }
}

/** Counts what the decompressors of one top-level file produce, and stops them at the limits. */
export class Budget {
  inflated = 0;
  entries = 0;
  constructor(readonly limits: ArchiveLimits) {}

  /** `out` more bytes from a stream that has consumed `consumed` compressed bytes and produced `produced`. */
  inflate(out: number, produced: number, consumed: number): void {
    this.inflated += out;
    if (this.inflated > this.limits.maxBytes) {
      throw new ArchiveError('archive-limit', `more than ${this.limits.maxBytes} bytes inflated (--max-archive-bytes), the rest not scanned`, true);
    }
    if (produced > RATIO_GRACE && produced > this.limits.maxRatio * Math.max(consumed, 1)) {
      throw new ArchiveError('archive-limit', `compression ratio above ${this.limits.maxRatio}:1 (--max-archive-ratio), the rest of this entry not scanned`);
    }
  }

  /** Bytes that may still be inflated. */
  left(): number {
    return this.limits.maxBytes - this.inflated;
  }

  /** Counts a whole entry's output if it stays within the limits (else the caller streams it). */
  take(out: number, consumed: number): boolean {
    if (out > this.left() || (out > RATIO_GRACE && out > this.limits.maxRatio * Math.max(consumed, 1))) return false;
    this.inflated += out;
    return true;
  }

  entry(): void {
    if (++this.entries > this.limits.maxEntries) {
      throw new ArchiveError('archive-limit', `more than ${this.limits.maxEntries} entries (--max-archive-entries), the rest not scanned`, true);
    }
  }
}
