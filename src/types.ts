// The types every part of aisa-guard shares: sources make Fragments, the detector makes Findings,
// filters, reporters and responders only ever read or annotate Findings.

/** `high`: the exact shape AIsa issues today. `low`: a random-looking `sk-aisa-` token of another length. */
export type Confidence = 'high' | 'low';

/** Rule ids, one per kind of finding; reporters and SARIF use them as rule identifiers. */
export type RuleId = 'aisa-api-key' | 'aisa-api-key-variant';

/** How the key was stored when found (absent: as plain text). */
export type Encoding = 'base64' | 'base64x2' | 'percent' | 'hex' | 'escape' | 'entity' | 'utf16le' | 'utf16be';

/** Result of live verification (set only by the responder). */
export type KeyStatus = 'live' | 'revoked' | 'invalid' | 'unknown';

export interface Finding {
  ruleId: RuleId;
  confidence: Confidence;
  /**
   * Path relative to the scan root, `/`-separated. For history, the path at the commit. A key inside an
   * archive or compressed file names the path through the containers, one `!` per level:
   * `dist/app.apk!assets/index.android.bundle` (see CONTAINER_SEPARATOR).
   */
  file: string;
  /** Set when `file` is inside a container: the outermost real file (what SARIF's artifactLocation names). */
  container?: string;
  /**
   * Set when the key is in binary content: the byte offset of its first byte in the file (or archive
   * entry). line/column then count bytes as one line: line 1, column offset + 1.
   */
  offset?: number;
  /** 1-based line and column (UTF-16 code units, like editors and SARIF). endColumn is exclusive. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** `sk-aisa-AbCd…wXyZ`: the only form of the key that is ever printed by default. */
  redacted: string;
  /** sha256 hex of the key: stable, safe to store, never reversible. */
  fingerprint: string;
  /** Shannon entropy of the key body, bits per character. */
  entropy: number;
  encoding?: Encoding;
  /** Set when the key was found in a registry decoder's view: the decodings, outermost first (`['hex', 'utf-32le']`). */
  encodingChain?: string[];
  /** The line holding the key, every key in it redacted, shortened around the key. */
  snippet: string;
  /** The full key: set only under `--no-redact`, for the reporters to print. */
  secret?: string;
  /** Set when an inline `aisa-guard:allow` comment covers the line. */
  suppressed?: 'inline';
  // Git history fields (history, staged and pre-push scans).
  commit?: string;
  author?: string;
  email?: string;
  date?: string;
  /** Refs whose history holds the finding. */
  refs?: string[];
  /** True when the key is still present at the tip of at least one ref. */
  presentAtTip?: boolean;
  /** True when only non-branch refs (tags, stash, notes, remotes) reach it. */
  onlyNonBranchRefs?: boolean;
  /** `path`: the key is in the file's name (or a folder's), not its content. */
  location?: 'path';
  /**
   * Where the key sits in git: a file's blob, a commit/tag message, a commit/tag header (an ident, the tag's
   * name: `file` names the field), a ref's name, or the Git LFS content a pointer blob stands for.
   */
  objectKind?: 'blob' | 'commit-message' | 'tag-message' | 'commit-header' | 'tag-header' | 'ref-name' | 'lfs-object';
  blob?: string;
  /** Tag-message findings: the tag's name (its commit is in `commit`). */
  tag?: string;
  /** Absent: reachable from a ref. Otherwise the object is held only by a reflog, or by nothing (dangling). */
  reachable?: 'reflog-only' | 'dangling';
  // Response.
  status?: KeyStatus;
  /** What --revoke did for this key. */
  revocation?: 'revoked' | 'already-revoked' | 'failed' | 'skipped';
}

/** Separates the levels of a path through containers: `outer.zip!inner.tar!file.js`. */
export const CONTAINER_SEPARATOR = '!';

export interface ScanStats {
  files: number;
  bytes: number;
  ms: number;
  /** Files skipped, by reason (binary, too large, unreadable, …). */
  skipped?: Record<string, number>;
  suppressed?: number;
  baselined?: number;
  objects?: number;
  commits?: number;
}

export interface ScanResult {
  findings: Finding[];
  stats: ScanStats;
  warnings: string[];
  /** The full keys this scan found (never serialised): for the responder and --no-redact only. */
  keys?: KeyLookup;
}

/** Where a scan's full keys are (src/detect/secrets.ts KeyStore), by fingerprint. */
export interface KeyLookup {
  keyFor(fingerprint: string): string | undefined;
}
