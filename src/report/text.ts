// Human output: one block per finding, a summary, and how to fix it. Colour only on a TTY, never
// with NO_COLOR.
import type { Finding } from '../types.js';
import type { Reporter } from './types.js';
import { FIX_TEXT, INCOMPLETE_REASONS, fixTextFor, positionText, summaryLine } from './summary.js';
import { REACHABLE_TEXT } from './rules.js';
import { escapeControl as e } from './escape.js';
import { plural } from '../words.js';

export { formatBytes } from '../words.js';

const paint = (on: boolean, code: number) => (text: string) => (on ? `\u001b[${code}m${text}\u001b[0m` : text);

export const FIX_HINT = `Fix: ${FIX_TEXT}.`;

export const textReporter: Reporter = (result, context) => {
  const red = paint(context.color, 31);
  const dim = paint(context.color, 2);
  const bold = paint(context.color, 1);
  const lines: string[] = [];
  for (const f of result.findings) {
    const where = f.location === 'path' ? `${e(f.file)} (in the file name)` : `${e(f.file)}${positionText(f)}`;
    const shown = f.secret ?? f.redacted;
    lines.push(`${bold(where)}  ${red(f.ruleId)}  ${f.confidence}  ${shown}${f.encoding ? ` (${f.encoding})` : ''}${statusText(f)}`);
    // Binary content has no line to number: its snippet is the printable text around the key.
    if (f.location !== 'path') lines.push(`    ${dim(f.offset === undefined ? `${f.line} |` : '|')} ${e(f.snippet)}`);
    if (context.showFingerprints) lines.push(`    ${dim(`fingerprint ${f.fingerprint}`)}`);
    if (f.tag) lines.push(`    ${dim(`tag ${e(f.tag)}`)}`);
    if (f.commit) {
      const who = f.author ? ` by ${e(f.author)}${f.email ? ` <${e(f.email)}>` : ''}` : '';
      const when = f.date ? ` on ${e(f.date)}` : '';
      const refs = f.refs?.length ? `  refs: ${e(f.refs.join(', '))}` : '';
      lines.push(`    ${dim(`commit ${f.commit.slice(0, 12)}${who}${when}${refs}`)}`);
      const reach = [
        // Messages are never "removed": only file contents can leave the tips.
        f.presentAtTip === false && (f.objectKind ?? 'blob') === 'blob' && !f.reachable ? 'removed since: in history only, still revoke it' : '',
        f.onlyNonBranchRefs ? 'reachable only from tags, stash, notes or remotes' : '',
      ].filter(Boolean);
      if (reach.length) lines.push(`    ${dim(reach.join('; '))}`);
    }
    if (f.reachable) lines.push(`    ${dim(`reachable: no (${REACHABLE_TEXT[f.reachable]}): git still holds the object, so the key is not gone`)}`);
  }
  const count = result.findings.length;
  const summary = summaryLine(result, { timing: true });
  const { files } = result.stats;
  const skipped = skippedText(result.stats.skipped);
  if (count) lines.push('', red(`✖ ${summary}`), `Fix: ${fixTextFor(context.command)}.`, allowHint(result.findings));
  // Never a bare ✔ over a scan that read nothing or left something out: say what and why.
  else if (files === 0) lines.push(`! nothing was scanned: ${summary}`);
  else if (INCOMPLETE_REASONS.some((reason) => result.stats.skipped?.[reason])) lines.push(`! incomplete: ${summary}`);
  else lines.push(`✔ ${summary}`);
  if (skipped) lines.push(`  skipped: ${skipped}`);
  return lines.join('\n') + '\n';
};

/** How to accept a known, revoked key: the exact fingerprints to allow-list (at most a few, then a pointer). */
export function allowHint(findings: Finding[]): string {
  const unique = [...new Set(findings.map((f) => f.fingerprint))];
  const shown = unique.slice(0, 3).map((fp) => `"${fp}"`).join(', ');
  const more = unique.length > 3 ? ` and ${unique.length - 3} more (--show-fingerprints lists them)` : '';
  return `Allow-list a key only once it is revoked: add ${shown}${more} to "allowFingerprints" in aisa-guard.config.json.`;
}

const SKIP_REASONS: Record<string, (n: number) => string> = {
  'too-large': (n) => `${plural(n, 'input')} larger than --max-file-size, not read (the scan is incomplete)`,
  'not-a-file': (n) => `${plural(n, 'special file')} (FIFO, socket or device)`,
  unreadable: (n) => `${plural(n, 'input')} that could not be read (the scan is incomplete)`,
  'archive-limit': (n) => `${plural(n, 'archive part')} past an archive limit (the scan is incomplete)`,
  'archive-corrupt': (n) => `${plural(n, 'corrupt archive part')} (the scan is incomplete)`,
  'archive-unsupported': (n) => `${plural(n, 'archive part')} in an unsupported format (the scan is incomplete)`,
  'broken-symlink': (n) => `${plural(n, 'broken symlink')} or loops with nothing behind them to read (the scan is incomplete)`,
  shallow: () => 'history before the shallow clone boundary (the scan is incomplete: git fetch --unshallow)',
  symlink: (n) => `${plural(n, 'symlink')} out of the scanned folder, not followed (--follow to read)`,
};

/** `2 files larger than --max-file-size; 1 input that could not be read …`, or '' when nothing was skipped. */
export function skippedText(skipped: Record<string, number> | undefined): string {
  return Object.entries(skipped ?? {})
    .filter(([, n]) => n > 0)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([reason, n]) => SKIP_REASONS[reason]?.(n) ?? `${n} ${reason}`)
    .join('; ');
}

function statusText(f: Finding): string {
  if (!f.status) return '';
  return `  [${f.status}${f.revocation ? `, ${f.revocation}` : ''}]`;
}
