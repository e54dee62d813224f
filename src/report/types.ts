import type { ScanResult } from '../types.js';

export interface ReportContext {
  /** scan | history | staged | pre-push */
  command: string;
  /** Absolute folder the finding paths are relative to. */
  root: string;
  color: boolean;
  version: string;
  /** Text report: print each finding's fingerprint (`--show-fingerprints`). */
  showFingerprints?: boolean;
  /** When the report was made (default: now); fixed in golden tests. */
  date?: Date;
}

/** Every reporter is a pure function of the result: easy to golden-test. */
export type Reporter = (result: ScanResult, context: ReportContext) => string;
