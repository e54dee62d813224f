// GitLab Code Quality (a Code Climate subset): GitLab shows these in the merge request widget and diff.
import type { Reporter } from './types.js';
import { RULES, findingMessage } from './rules.js';
import { locationFingerprint } from './summary.js';

export const codequalityReporter: Reporter = (result) =>
  JSON.stringify(
    result.findings.map((f) => ({
      type: 'issue',
      check_name: f.ruleId,
      description: findingMessage(f),
      categories: ['Security'],
      severity: RULES[f.ruleId].level === 'error' ? 'critical' : 'major',
      // Unique per key and place, stable across line moves (like the baseline).
      fingerprint: locationFingerprint(f, { withCommit: true }),
      location: { path: f.file, lines: { begin: f.line, end: f.endLine } },
    })),
    null,
    2,
  ) + '\n';
