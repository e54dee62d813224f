import type { Reporter } from './types.js';
import { jsonText } from './escape.js';

/** `{"findings":[…],"stats":{…},"warnings":[…]}`; findings carry fingerprints and redacted keys only. */
export const jsonReporter: Reporter = (result) =>
  jsonText({ findings: result.findings, stats: result.stats, warnings: result.warnings });
