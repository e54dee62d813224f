// The baseline: findings a team has accepted, recorded by fingerprint, rule and path. No line numbers
// (edits above a key would churn it), no key. Sorted and deduplicated, so the file is the same bytes
// whatever order the scan found things in and never causes merge conflicts.
import { UsageError } from '../errors.js';
import { MAX_BASELINE_BYTES, readRegularFile } from './read.js';
import type { Finding } from '../types.js';

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  file: string;
}

export const BASELINE_VERSION = 1;
export const DEFAULT_BASELINE_FILE = '.aisa-guard-baseline.json';

/** Membership test for the filter step. */
export type Baseline = ReadonlySet<string>;

const keyOf = (entry: BaselineEntry) => `${entry.fingerprint}\0${entry.ruleId}\0${entry.file}`;

export function isBaselined(baseline: Baseline, finding: Finding): boolean {
  return baseline.has(keyOf(finding));
}

export function baselineEntries(findings: readonly BaselineEntry[]): BaselineEntry[] {
  const unique = new Map<string, BaselineEntry>();
  for (const { fingerprint, ruleId, file } of findings) unique.set(keyOf({ fingerprint, ruleId, file }), { fingerprint, ruleId, file });
  return [...unique.values()].sort((a, b) => compare(a.file, b.file) || compare(a.fingerprint, b.fingerprint) || compare(a.ruleId, b.ruleId));
}

/** Stable JSON: fixed key order, 2-space indent, trailing newline. */
export function serializeBaseline(findings: readonly BaselineEntry[]): string {
  return JSON.stringify({ version: BASELINE_VERSION, findings: baselineEntries(findings) }, null, 2) + '\n';
}

export function readBaseline(file: string): Baseline {
  const text = readRegularFile(file, `--baseline ${file}`, MAX_BASELINE_BYTES);
  if (text === undefined) throw new UsageError(`--baseline ${file}: no such file (create it with "aisa-guard baseline")`);
  return parseBaseline(text, file);
}

/** A baseline file's text (from disk, or from git for a range scan's base revision); `file` names it in errors. */
export function parseBaseline(text: string, file: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UsageError(`--baseline ${file}: not valid JSON`);
  }
  const version = (data as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version !== BASELINE_VERSION) {
    throw new UsageError(
      `--baseline ${file}: baseline version ${version} is not supported (this aisa-guard reads version ${BASELINE_VERSION}; re-record it with "aisa-guard baseline")`,
    );
  }
  const findings = (data as { findings?: unknown } | null)?.findings;
  if (version !== BASELINE_VERSION || !Array.isArray(findings) || !findings.every(isEntry)) {
    throw new UsageError(`--baseline ${file}: not an aisa-guard baseline (expected {"version": 1, "findings": [{"fingerprint", "ruleId", "file"}]})`);
  }
  return new Set(findings.map(keyOf));
}

function isEntry(value: unknown): value is BaselineEntry {
  const entry = value as Record<string, unknown> | null;
  return (
    typeof entry === 'object' &&
    entry !== null &&
    typeof entry.fingerprint === 'string' &&
    typeof entry.ruleId === 'string' &&
    typeof entry.file === 'string'
  );
}

/** Code-unit order, not locale order: the same on every machine. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
