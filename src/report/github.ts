// GitHub Actions: one workflow command per finding (an annotation on the PR's diff) and a Markdown
// job summary. Pure: the pipeline appends the summary to $GITHUB_STEP_SUMMARY.
import type { Finding, ScanResult } from '../types.js';
import type { Reporter } from './types.js';
import { RULES, findingMessage } from './rules.js';
import { HELP_TEXT, positionText, summaryLine } from './summary.js';
import { markdownCode, workflowData, workflowProperty } from './escape.js';

export const githubReporter: Reporter = (result) => {
  const lines = result.findings.map(annotation);
  const count = result.findings.length;
  lines.push(count ? `aisa-guard: ${summaryLine(result)} ${HELP_TEXT}` : `aisa-guard: ${summaryLine(result)}`);
  return lines.join('\n') + '\n';
};

function annotation(f: Finding): string {
  const properties = [
    // An annotation needs a real file: the archive; the message names the path inside it.
    ['file', f.container ?? f.file],
    ['line', String(f.line)],
    // Binary content has no columns to point at: the byte offset is in the message.
    ...(f.offset === undefined ? [['col', String(f.column)]] : []),
    ...(f.endLine !== f.line ? [['endLine', String(f.endLine)]] : []),
    ...(f.offset === undefined ? [['endColumn', String(f.endColumn)]] : []),
    ['title', `${RULES[f.ruleId].title} (${f.ruleId})`],
  ];
  const list = properties.map(([name, value]) => `${name}=${workflowProperty(value)}`).join(',');
  return `::${RULES[f.ruleId].level} ${list}::${workflowData(findingMessage(f))}`;
}

/** Markdown for the job summary page: a table of findings, or a one-line all-clear. */
export function githubSummary(result: ScanResult): string {
  const lines = ['## aisa-guard', '', `${result.findings.length ? '❌' : '✅'} ${summaryLine(result)}`];
  if (result.findings.length) {
    const history = result.findings.some((f) => f.commit);
    lines.push('', `| Rule | Key | Location |${history ? ' Commit | Author | Date |' : ''}`, `|---|---|---|${history ? '---|---|---|' : ''}`);
    for (const f of result.findings) {
      const where = f.location === 'path' ? `${f.file} (file name)` : `${f.file}${positionText(f)}`;
      const cells = [f.ruleId, f.redacted, where];
      if (history) cells.push(f.commit?.slice(0, 12) ?? '', f.author ?? '', f.date ?? '');
      lines.push(`| ${f.ruleId} | ${cells.slice(1).map(markdownCode).join(' | ')} |`);
    }
    lines.push('', `**Fix:** ${HELP_TEXT}`);
  }
  return lines.join('\n') + '\n';
}
