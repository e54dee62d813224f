// What a source hands to the scanner: bytes in one of three shapes, the path they are shown under, and
// where they came from. Sources only read; everything a scan does to bytes happens in scanner.ts.
import type { RandomAccess } from '../containers/index.js';

/** Where a fragment's bytes live. */
export type FragmentBody =
  /** Held whole (a small file, a git blob from a batch read, a commit message). */
  | { bytes: Buffer }
  /** Read forward only, any size (standard input, a large git blob). */
  | { stream: AsyncIterable<Buffer> }
  /** Read at any position, never held whole when large (an open file). */
  | { access: RandomAccess };

/** Where the bytes came from, for findings and attribution; none of it changes how they are scanned. */
export interface Provenance {
  /** The git object holding the bytes. */
  blob?: string;
  commit?: string;
  ref?: string;
}

export interface Fragment {
  /** Shown in findings: relative, `/`-separated (`<stdin>`, a path at a commit, `(commit message)`). */
  path: string;
  body: FragmentBody;
  /** Known size in bytes, for the size policy before a byte is read (a stream's may be unknown). */
  size?: number;
  /** Whole inputs (files, blobs) obey --max-file-size; metadata (messages, names) is always read. */
  sized?: boolean;
  provenance?: Provenance;
}
