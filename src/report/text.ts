// Human output: one block per finding, a summary, and how to fix it. Colour only on a TTY, never
// with NO_COLOR.
import type { Finding } from '../types.js';
import type { Reporter } from './types.js';
import { FIX_TEXT, summaryLine } from './summary.js';
import { escapeControl as e } from './escape.js';

export { formatBytes } from '../words.js';

const paint = (on: boolean, code: number) => (text: string) => (on ? `\u001b[${code}m${text}\u001b[0m` : text);

export const FIX_HINT = `Fix: ${FIX_TEXT}.`;

export const textReporter: Reporter = (result, context) => {
  const red = paint(context.color, 31);
  const dim = paint(context.color, 2);
  const bold = paint(context.color, 1);
  const lines: string[] = [];
  for (const f of result.findings) {
    const where = f.location === 'path' ? `${e(f.file)} (in the file name)` : `${e(f.file)}:${f.line}:${f.column}`;
    const shown = f.secret ?? f.redacted;
    lines.push(`${bold(where)}  ${red(f.ruleId)}  ${f.confidence}  ${shown}${f.encoding ? ` (${f.encoding})` : ''}${statusText(f)}`);
    if (f.location !== 'path') lines.push(`    ${dim(`${f.line} |`)} ${e(f.snippet)}`);
    if (context.showFingerprints) lines.push(`    ${dim(`fingerprint ${f.fingerprint}`)}`);
    if (f.commit) {
      const who = f.author ? ` by ${e(f.author)}${f.email ? ` <${e(f.email)}>` : ''}` : '';
      const when = f.date ? ` on ${e(f.date)}` : '';
      const refs = f.refs?.length ? `  refs: ${e(f.refs.join(', '))}` : '';
      lines.push(`    ${dim(`commit ${f.commit.slice(0, 12)}${who}${when}${refs}`)}`);
      const reach = [
        // Messages are never "removed": only file contents can leave the tips.
        f.presentAtTip === false && (f.objectKind ?? 'blob') === 'blob' ? 'removed since: in history only, still revoke it' : '',
        f.onlyNonBranchRefs ? 'reachable only from tags, stash, notes or remotes' : '',
      ].filter(Boolean);
      if (reach.length) lines.push(`    ${dim(reach.join('; '))}`);
    }
  }
  const count = result.findings.length;
  const summary = summaryLine(result, { timing: true });
  if (count) lines.push('', red(`✖ ${summary}`), FIX_HINT, allowHint(result.findings));
  else lines.push(`✔ ${summary}`);
  return lines.join('\n') + '\n';
};

/** How to accept a known, revoked key: the exact fingerprints to allow-list (at most a few, then a pointer). */
export function allowHint(findings: Finding[]): string {
  const unique = [...new Set(findings.map((f) => f.fingerprint))];
  const shown = unique.slice(0, 3).map((fp) => `"${fp}"`).join(', ');
  const more = unique.length > 3 ? ` and ${unique.length - 3} more (--show-fingerprints lists them)` : '';
  return `Allow-list a key only once it is revoked: add ${shown}${more} to "allowFingerprints" in aisa-guard.config.json.`;
}

function statusText(f: Finding): string {
  if (!f.status) return '';
  return `  [${f.status}${f.revocation ? `, ${f.revocation}` : ''}]`;
}
