// Report pieces every format shares: the summary line, the location fingerprint and the fix text, so
// the terminal, GitHub, SARIF and the rest say the same thing in the same words.
import { createHash } from 'node:crypto';
import type { Finding, ScanResult } from '../types.js';
import { formatBytes, plural } from '../words.js';

/** What was scanned: `3 files`, or for git scans `12 file versions and 4 commits`. */
export function scopeText(result: ScanResult): string {
  const { files, commits } = result.stats;
  return commits === undefined ? plural(files, 'file') : `${plural(files, 'file version')} and ${plural(commits, 'commit')}`;
}

/**
 * `2 AIsa keys found in 3 files (1.2 KB, 4 ms); 1 suppressed, 2 in baseline.` The size and time only
 * where a person reads it live (`timing`).
 */
export function summaryLine(result: ScanResult, options: { timing?: boolean } = {}): string {
  const { bytes, ms, suppressed, baselined } = result.stats;
  const accepted = [suppressed ? `${suppressed} suppressed` : '', baselined ? `${baselined} in baseline` : ''].filter(Boolean).join(', ');
  const timing = options.timing ? ` (${formatBytes(bytes)}, ${ms} ms)` : '';
  return `${keysText(result.findings)} found in ${scopeText(result)}${timing}${accepted ? `; ${accepted}` : ''}.`;
}

/**
 * The one count every format gives: distinct keys (by fingerprint), and the places they are in when
 * that differs: `1 AIsa key`, `2 AIsa keys in 3 places`.
 */
export function keysText(findings: readonly Finding[]): string {
  const keys = new Set(findings.map((f) => f.fingerprint)).size;
  return keys === findings.length ? plural(keys, 'AIsa key') : `${plural(keys, 'AIsa key')} in ${plural(findings.length, 'place')}`;
}

/** After the path: `:line:column` in text, ` (byte N)` in binary content (which has no lines). */
export function positionText(f: Finding): string {
  return f.offset !== undefined ? ` (byte ${f.offset})` : `:${f.line}:${f.column}`;
}

/**
 * One alert per key and place, stable across line moves (like the baseline): sha256 of the key's
 * fingerprint, the rule and the path, and for formats that keep history apart, the commit.
 */
export function locationFingerprint(f: Finding, options: { withCommit?: boolean } = {}): string {
  const parts = [f.fingerprint, f.ruleId, f.file, ...(options.withCommit ? [f.commit ?? ''] : [])];
  return createHash('sha256').update(parts.join('\0')).digest('hex');
}

/** How to fix a leak, in one sentence every format and hook message uses. */
export const FIX_TEXT =
  'remove the key from the file, load it from AISA_API_KEY in a .env file that git ignores, ' +
  'and revoke it at AIsa if it was ever committed or pushed';

/**
 * A push is refused for what its commits hold: editing the file and committing again leaves the key in
 * the commits being pushed, so the fix rewrites them.
 */
export const PUSH_FIX_TEXT =
  'remove the key from the commits being pushed (git rebase -i <remote>/<branch> and edit each commit that adds it, ' +
  'or git commit --amend when it is the last one), load it from AISA_API_KEY in a .env file that git ignores, push again, ' +
  'and revoke it at AIsa if it was ever pushed';

/** The fix that fits a command: rewriting commits for a push, editing the file otherwise. */
export const fixTextFor = (command: string): string => (command === 'pre-push' ? PUSH_FIX_TEXT : FIX_TEXT);

/** The fix, plus the ways to accept a known key: for reports that carry help text. */
export const HELP_TEXT =
  `${FIX_TEXT[0].toUpperCase()}${FIX_TEXT.slice(1)} (deleting it from the latest commit does not remove it from history). ` +
  'To accept a known, already revoked key, add its fingerprint to "allowFingerprints" in aisa-guard.config.json, ' +
  'record it with "aisa-guard baseline", or put an "aisa-guard:allow" comment on the line or on a comment line above.';

/** Skip reasons that leave part of the input unread: the run ends with exit 2 and every report says so. */
export const INCOMPLETE_REASONS: readonly string[] = ['unreadable', 'missing', 'too-large', 'broken-symlink', 'shallow', 'archive-limit', 'archive-corrupt', 'archive-unsupported'];
