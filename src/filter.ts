// Findings the user has accepted are taken out here and counted, never silently lost.
import type { Confidence, ScanResult } from './types.js';
import { isBaselined, type Baseline } from './config/baseline.js';

export interface FilterOptions {
  /** Report only findings at or above this confidence. */
  minConfidence?: Confidence;
  /** Keys the config file accepts (`allowFingerprints`): counted as suppressed. */
  allowFingerprints?: readonly string[];
  /** Paths the config file ignores: dropped as if never scanned. */
  isIgnored?: (file: string) => boolean;
  /** `--baseline FILE`: findings already accepted, counted as baselined. */
  baseline?: Baseline;
}

export function applyFilters(result: ScanResult, options: FilterOptions): ScanResult {
  let suppressed = 0;
  let baselined = 0;
  const allowed = new Set(options.allowFingerprints ?? []);
  const findings = result.findings.filter((f) => {
    // Ignoring an archive ignores what is inside it (history and staged read it even so).
    if (options.isIgnored?.(f.file) || (f.container !== undefined && options.isIgnored?.(f.container))) return false;
    if (f.suppressed || allowed.has(f.fingerprint)) {
      suppressed++;
      return false;
    }
    if (options.minConfidence === 'high' && f.confidence !== 'high') return false;
    if (options.baseline && isBaselined(options.baseline, f)) {
      baselined++;
      return false;
    }
    return true;
  });
  const stats = { ...result.stats, suppressed: (result.stats.suppressed ?? 0) + suppressed };
  if (options.baseline) stats.baselined = (result.stats.baselined ?? 0) + baselined;
  return { ...result, findings, stats };
}
