// What each rule means, in words: shared by the CI reporters (SARIF rules, annotations, JUnit, HTML).
import type { Finding, RuleId } from '../types.js';
import { redactKeysIn } from '../detect/findings.js';
import { escapeControl } from './escape.js';

export interface RuleInfo {
  id: RuleId;
  /** PascalCase name SARIF viewers show. */
  name: string;
  title: string;
  description: string;
  /** SARIF level and GitHub annotation kind. */
  level: 'error' | 'warning';
  /** GitHub code scanning's 0–10 scale: 9+ is critical, 7+ high. */
  securitySeverity: string;
}

export const RULES: Record<RuleId, RuleInfo> = {
  'aisa-api-key': {
    id: 'aisa-api-key',
    name: 'AisaApiKey',
    title: 'AIsa API key',
    description:
      'An AIsa API key (sk-aisa- followed by 43 base64url characters) is stored in the repository. ' +
      'Anyone who can read it can spend the account\'s credit and read its data.',
    level: 'error',
    securitySeverity: '9.0',
  },
  'aisa-api-key-variant': {
    id: 'aisa-api-key-variant',
    name: 'AisaApiKeyVariant',
    title: 'Possible AIsa API key',
    description:
      'A random-looking sk-aisa- token whose length differs from today\'s keys: a truncated, older or ' +
      'differently encoded AIsa key.',
    level: 'warning',
    securitySeverity: '7.0',
  },
};

export const RULE_IDS = Object.keys(RULES) as RuleId[];

export { HELP_TEXT } from './summary.js';

export const HELP_MARKDOWN = `**Fix**

1. Remove the key from the file and read it from \`AISA_API_KEY\` instead (e.g. a \`.env\` file that git ignores).
2. If the key was ever committed or pushed, **revoke it** at AIsa (\`aisa-guard scan --verify --revoke\`):
   deleting it from the latest commit does not remove it from history.

**Accepting a known, already revoked key**

- add its fingerprint to \`allowFingerprints\` in \`aisa-guard.config.json\`,
- or record the current findings with \`aisa-guard baseline\` and scan with \`--baseline .aisa-guard-baseline.json\`,
- or put an \`aisa-guard:allow\` comment on the line or on a comment line above.`;

/** One sentence naming the finding; the key only ever appears redacted. */
export function findingMessage(f: Finding): string {
  const encoded = f.encoding ? ` (${f.encoding}-encoded)` : '';
  const where =
    f.location === 'path'
      ? ' in the file name'
      : f.objectKind === 'commit-message'
        ? ' in a commit message'
        : f.objectKind === 'tag-message'
          ? ` in a tag message${f.tag ? ` (tag ${escapeControl(f.tag)})` : ''}`
          : f.offset !== undefined
            ? ` at byte ${f.offset} of binary content`
            : '';
  // Reports that can only point at a real file (annotations, code quality) point at the archive: say where inside.
  const inside = f.container !== undefined ? ` in ${escapeControl(f.file)}` : '';
  const reachable = f.reachable ? ` Not reachable from any ref (${REACHABLE_TEXT[f.reachable]}).` : '';
  const commit = f.commit ? ` (commit ${f.commit.slice(0, 12)}${f.author ? ` by ${escapeControl(f.author)}` : ''}${f.date ? `, ${f.date}` : ''})` : '';
  const status = f.status ? ` Verified: ${f.status}${f.revocation ? `, ${f.revocation}` : ''}.` : '';
  return `${RULES[f.ruleId].title} ${f.redacted}${encoded}${where}${inside}${commit}. Fingerprint ${f.fingerprint}.${reachable}${status}`;
}

/** `reachable: no (reflog only)` in words, for every format. */
export const REACHABLE_TEXT: Record<NonNullable<Finding['reachable']>, string> = {
  'reflog-only': 'reflog only',
  dangling: 'dangling',
};

/** The snippet, keys redacted even under --no-redact (CI reports are uploaded and kept), controls escaped. */
export function safeSnippet(f: Finding): string {
  return escapeControl(f.secret ? redactKeysIn(f.snippet) : f.snippet);
}
