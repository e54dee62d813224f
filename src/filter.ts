// Findings the user has accepted are taken out here and counted, never silently lost.
import type { Confidence, ScanResult } from './types.js';

export interface FilterOptions {
  /** Report only findings at or above this confidence. */
  minConfidence?: Confidence;
}

export function applyFilters(result: ScanResult, options: FilterOptions): ScanResult {
  let suppressed = 0;
  const findings = result.findings.filter((f) => {
    if (f.suppressed) {
      suppressed++;
      return false;
    }
    return !(options.minConfidence === 'high' && f.confidence !== 'high');
  });
  return { ...result, findings, stats: { ...result.stats, suppressed: (result.stats.suppressed ?? 0) + suppressed } };
}
