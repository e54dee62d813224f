// The one escaping layer between untrusted text (file names, snippets, refs, commit messages, authors,
// git's and servers' messages) and whatever shows it: a terminal, a CI log, a job summary, XML, HTML.
// File names and messages come from the scanned repository: they must not move the cursor, recolour
// the screen, rewrite a line, flip the reading order, or become a GitHub workflow command or a link.
import { redactKeysIn } from '../detect/findings.js';

/**
 * C0 controls but tab, DEL, C1 controls, the bidi embeddings, overrides, isolates and marks (U+202A–202E,
 * U+2066–2069, U+200E, U+200F, U+061C), the line and paragraph separators (U+2028, U+2029: a new line to
 * some terminals, editors and JavaScript), and the invisible ones (zero-width space and joiners, word
 * joiner and invisible operators, U+180E, the BOM, soft hyphen) that would hide what a name really is.
 * Every field escaped here is one line (a snippet is one line of a file), so CR and LF are escaped too.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r' };

/** Control characters shown as `\x1b`, `\n`, `\u202e`: visible, inert, one line. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => NAMED[c] ?? (c.charCodeAt(0) < 0x100 ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`));
}

const hex = (c: string, width: number) => c.charCodeAt(0).toString(16).padStart(width, '0');

/** Anything untrusted bound for a terminal or log line: keys redacted, control characters escaped. */
export function printable(text: string): string {
  return inertLines(escapeControl(redactKeysIn(text)));
}

/**
 * A line that starts (after blanks) with `::` or `##[` is a workflow command to GitHub's runner (and
 * Azure's): `::add-mask::`, `::stop-commands::`, `::error …`. No line of ours may: the first character
 * of such a line is shown escaped (`\x3a:add-mask::x.env`), which the runner ignores and a reader can
 * still read. Our own annotations (the github format) are the one exception and do not pass here.
 */
export function inertLines(text: string): string {
  return text.replace(/^([ \t]*)([:#])(?=:|#\[)/gm, (_match, blanks: string, c: string) => `${blanks}\\x${hex(c, 2)}`);
}

/** GitHub workflow command data (after `::`): the runner unescapes exactly %, CR and LF. */
export function workflowData(text: string): string {
  return escapeControl(text).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Workflow command properties (`file=…,line=…`) also end at `:` and `,`. */
export function workflowProperty(text: string): string {
  return workflowData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * A Markdown table cell showing `text` literally: inside a code span no emphasis, link, autolink or HTML is
 * rendered; the fence is longer than any run of backticks inside; `|` is escaped for the table.
 */
export function markdownCode(text: string): string {
  const safe = escapeControl(text);
  if (safe === '') return '';
  const longest = Math.max(0, ...(safe.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = safe.startsWith('`') || safe.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${safe.replace(/\|/g, '\\|')}${pad}${fence}`;
}

/**
 * Text for XML and HTML, content or attribute: markup escaped, control characters made visible (as in
 * the terminal), and what XML 1.0 cannot hold at all (lone surrogates, U+FFFE/U+FFFF) replaced.
 */
export function escapeMarkup(text: string): string {
  return markupEntities(escapeControl(text));
}

/** Markup escaped in text whose control characters are already escaped (its own line breaks kept). */
export function markupEntities(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * JSON for a file or terminal: JSON.stringify escapes C0 controls already; C1 controls and bidi
 * characters are written as `\u…` escapes too (same value when parsed, inert when shown).
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/[\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]/g, (c) => `\\u${hex(c, 4)}`) + '\n';
}
