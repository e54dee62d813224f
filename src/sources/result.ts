// The one result builder every source counts with: findings, the scan's key store, stats, skips and
// warnings, so "files", "skipped" and "bytes" mean the same in every command.
import type { Finding, ScanResult, ScanStats } from '../types.js';
import { KeyStore, byLocation, type ScanContext } from '../detect/index.js';
import type { SourceSettings } from './source.js';
import type { FileOutcome } from './read.js';

export class ResultBuilder {
  readonly keys = new KeyStore();
  readonly findings: Finding[] = [];
  readonly warnings: string[] = [];
  readonly skipped: Record<string, number> = {};
  /** Files (or file versions) read and scanned, and the bytes read. */
  files = 0;
  bytes = 0;
  /** Git scans: objects read and commits listed. */
  objects?: number;
  commits?: number;
  private readonly started = performance.now();

  constructor(private readonly settings: SourceSettings) {}

  /** The detector context for one input: the run's detect options, this scan's key store. */
  context(file: string): ScanContext {
    return { ...this.settings.detect, file, keys: this.keys };
  }

  /** One input not scanned, counted by reason, with a warning when the scan is the poorer for it. */
  skip(reason: string, warning?: string): void {
    this.skipped[reason] = (this.skipped[reason] ?? 0) + 1;
    if (warning) this.warnings.push(warning);
  }

  warn(warning: string): void {
    this.warnings.push(warning);
  }

  /** One file's (or blob's, or stdin's) outcome: scanned and counted, or skipped with a warning. */
  record(file: string, outcome: FileOutcome): void {
    this.bytes += outcome.bytes;
    if (outcome.kind === 'scanned') {
      this.files++;
      this.add(outcome.findings);
      for (const problem of outcome.problems ?? []) this.skip(problem.reason, problem.warning);
    } else {
      this.skip(outcome.reason, `${file}: ${outcome.message ?? outcome.reason}, skipped`);
    }
  }

  add(findings: readonly Finding[]): void {
    for (const finding of findings) this.findings.push(finding);
  }

  result(): ScanResult {
    const stats: ScanStats = { files: this.files, bytes: this.bytes, ms: Math.round(performance.now() - this.started), skipped: this.skipped };
    if (this.objects !== undefined) stats.objects = this.objects;
    if (this.commits !== undefined) stats.commits = this.commits;
    return { findings: this.findings.sort(byLocation), stats, warnings: this.warnings, keys: this.keys };
  }
}
