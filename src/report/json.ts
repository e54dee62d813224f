import type { Reporter } from './types.js';

/** `{"findings":[…],"stats":{…},"warnings":[…]}`; findings carry fingerprints and redacted keys only. */
export const jsonReporter: Reporter = (result) =>
  JSON.stringify({ findings: result.findings, stats: result.stats, warnings: result.warnings }, null, 2) + '\n';
