// SARIF 2.1.0 in the subset GitHub code scanning reads: rules with help, results with a region and
// partialFingerprints. Never the key itself: SARIF files are uploaded and kept.
import type { Finding } from '../types.js';
import type { Reporter } from './types.js';
import { jsonText } from './escape.js';
import { HELP_MARKDOWN, HELP_TEXT, RULES, RULE_IDS, findingMessage, safeSnippet } from './rules.js';
import { locationFingerprint } from './summary.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://www.npmjs.com/package/aisa-guard';

export const sarifReporter: Reporter = (result, context) => {
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'aisa-guard',
            version: context.version,
            semanticVersion: context.version,
            informationUri: INFORMATION_URI,
            rules: RULE_IDS.map((id) => {
              const rule = RULES[id];
              return {
                id,
                name: rule.name,
                shortDescription: { text: rule.title },
                fullDescription: { text: rule.description },
                help: { text: HELP_TEXT, markdown: HELP_MARKDOWN },
                helpUri: INFORMATION_URI,
                defaultConfiguration: { level: rule.level },
                properties: {
                  'security-severity': rule.securitySeverity,
                  precision: id === 'aisa-api-key' ? 'very-high' : 'medium',
                  tags: ['security', 'secret', 'external/cwe/cwe-798'],
                },
              };
            }),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: result.findings.map(toResult),
      },
    ],
  };
  return jsonText(log);
};

function toResult(f: Finding) {
  const snippet = safeSnippet(f);
  return {
    ruleId: f.ruleId,
    ruleIndex: RULE_IDS.indexOf(f.ruleId),
    level: RULES[f.ruleId].level,
    message: { text: findingMessage(f) },
    locations: [
      {
        physicalLocation: {
          // Inside an archive: the archive is the artifact, the path through it a logical location.
          artifactLocation: { uri: toUri(f.container ?? f.file), uriBaseId: '%SRCROOT%' },
          region: {
            ...regionOf(f),
            ...(snippet ? { snippet: { text: snippet } } : {}),
          },
        },
        ...(f.container !== undefined && { logicalLocations: [{ name: f.file.slice(f.container.length + 1), fullyQualifiedName: f.file, kind: 'resource' }] }),
      },
    ],
    partialFingerprints: {
      // The key's own fingerprint (a hash, not reversible) and one per place, so moving a line keeps
      // the alert while the same key in two files stays two alerts.
      'aisaKeyFingerprint/v1': f.fingerprint,
      'aisaKeyLocation/v1': locationFingerprint(f),
    },
    properties: {
      confidence: f.confidence,
      redacted: f.redacted,
      entropy: Math.round(f.entropy * 100) / 100,
      ...(f.encoding ? { encoding: f.encoding } : {}),
      ...(f.commit ? { commit: f.commit } : {}),
      ...(f.tag ? { tag: f.tag } : {}),
      ...(f.reachable ? { reachable: f.reachable } : {}),
      ...(f.author ? { author: f.author } : {}),
      ...(f.date ? { date: f.date } : {}),
      ...(f.presentAtTip !== undefined ? { presentAtTip: f.presentAtTip } : {}),
      ...(f.status ? { status: f.status } : {}),
      ...(f.revocation ? { revocation: f.revocation } : {}),
    },
  };
}

/**
 * Text by line and column; binary content by bytes (SARIF 3.30: a binary region), with startLine 1 kept
 * because GitHub code scanning requires a startLine on every result.
 */
function regionOf(f: Finding) {
  if (f.offset !== undefined) return { startLine: 1, byteOffset: f.offset, byteLength: f.endColumn - f.column };
  return { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn };
}

/** A relative URI reference: each path segment percent-encoded, `/` kept. */
export function toUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}
