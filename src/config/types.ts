// The shape of aisa-guard.config.json (validated against schema/aisa-guard.schema.json before use).
import type { Confidence } from '../types.js';

export interface AisaGuardConfig {
  /** Gitignore-style globs, relative to the config file's folder: never scanned or reported. */
  ignore?: string[];
  /** sha256 hex fingerprints of accepted keys. */
  allowFingerprints?: string[];
  /** Extra words that mark a token as a placeholder (the detector's `extraWords`). */
  placeholderWords?: string[];
  minConfidence?: Confidence;
  /** Bytes, or a size like "10MB". */
  maxFileSize?: number | string;
  /** false: archives and compressed files are read as plain bytes (`--no-archives`). */
  archives?: boolean;
  maxArchiveDepth?: number;
  /** Bytes, or a size like "1GB". */
  maxArchiveBytes?: number | string;
  maxArchiveEntries?: number;
  maxArchiveRatio?: number;
  /** Default report format. */
  format?: string;
  aisa?: { baseUrl?: string };
  revoke?: { url?: string; auth?: 'key' | 'admin' };
}

/**
 * Where a config came from. Only `user` (~/.config/aisa-guard/config.json) and `explicit` (--config)
 * may choose endpoints and credentials; a `repository` config is part of the scanned, untrusted content.
 */
export type ConfigOrigin = 'repository' | 'explicit' | 'user' | 'none';

export interface LoadedConfig {
  config: AisaGuardConfig;
  /** Absolute path of the file it came from (`<rev>:<name>` for a base revision's); undefined when none. */
  file?: string;
  /** Folder `ignore` globs are relative to. */
  dir: string;
  origin?: ConfigOrigin;
}
