// GitLab Code Quality (a Code Climate subset): GitLab shows these in the merge request widget and diff.
import type { Reporter } from './types.js';
import { jsonText } from './escape.js';
import { RULES, findingMessage } from './rules.js';
import { locationFingerprint } from './summary.js';

export const codequalityReporter: Reporter = (result) =>
  jsonText(
    result.findings.map((f) => ({
      type: 'issue',
      check_name: f.ruleId,
      description: findingMessage(f),
      categories: ['Security'],
      severity: RULES[f.ruleId].level === 'error' ? 'critical' : 'major',
      // Unique per key and place, stable across line moves (like the baseline).
      fingerprint: locationFingerprint(f, { withCommit: true }),
      // GitLab links a real file: the archive (the message names the path inside it).
      location: { path: f.container ?? f.file, lines: { begin: f.line, end: f.endLine } },
    })),
  );
