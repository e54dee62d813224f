// Turns offset matches into Findings: line/column (computed only for hits), redaction, fingerprint,
// snippet and inline allow comments.
import { createHash } from 'node:crypto';
import type { Encoding, Finding } from '../types.js';
import { KEY_PREFIX } from './grammar.js';
import type { KeyMatch } from './detector.js';
import type { KeyStore } from './secrets.js';
import { isAllowed } from './allow.js';

export { ALLOW_MARKER } from './allow.js';
const SNIPPET_CONTEXT = 60;

export function fingerprintOf(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** `sk-aisa-AbCd…wXyZ`: prefix, the first and last four characters of the body. */
export function redactKey(key: string): string {
  const body = key.startsWith(KEY_PREFIX) ? key.slice(KEY_PREFIX.length) : key;
  return `${KEY_PREFIX}${body.slice(0, 4)}…${body.slice(-4)}`;
}

/** Where text[0] sits in the whole file (chunked scans start mid-file). */
export interface TextOrigin {
  line: number;
  column: number;
}

export interface FindingContext {
  file: string;
  encoding?: Encoding;
  origin?: TextOrigin;
  /** Print keys in full in the snippet (only `--no-redact`). */
  reveal?: boolean;
  /** The scan's key store: each found key is remembered there for the responder and --no-redact. */
  keys?: KeyStore;
}

export function toFindings(text: string, matches: readonly KeyMatch[], context: FindingContext): Finding[] {
  const origin = context.origin ?? { line: 1, column: 1 };
  const cursor = new LineCursor(text);
  return matches.map((match) => {
    const start = cursor.locate(match.start);
    const end = cursor.locate(match.end);
    const fingerprint = fingerprintOf(match.key);
    context.keys?.remember(fingerprint, match.key);
    const finding: Finding = {
      ruleId: match.verdict.ruleId,
      confidence: match.verdict.confidence,
      file: context.file,
      line: origin.line + start.line,
      column: (start.line === 0 ? origin.column - 1 : 0) + start.column + 1,
      endLine: origin.line + end.line,
      endColumn: (end.line === 0 ? origin.column - 1 : 0) + end.column + 1,
      redacted: redactKey(match.key),
      fingerprint,
      entropy: match.verdict.entropy,
      snippet: snippetFor(text, match, matches, start.lineStart, context.reveal === true),
    };
    const encoding = match.encoding ?? context.encoding;
    if (encoding) finding.encoding = encoding;
    if (allowedAt(text, start.lineStart)) finding.suppressed = 'inline';
    return finding;
  });
}

/** Walks forward through the text once for ascending offsets (matches come sorted). */
class LineCursor {
  private line = 0;
  private lineStart = 0;
  private scanned = 0;
  constructor(private readonly text: string) {}

  locate(offset: number): { line: number; column: number; lineStart: number } {
    if (offset < this.scanned) {
      this.line = 0;
      this.lineStart = 0;
      this.scanned = 0;
    }
    for (let i = this.scanned; i < offset; i++) {
      const code = this.text.charCodeAt(i);
      // \n, \r\n and a lone \r each end a line, as in ESLint.
      if (code === 10 || (code === 13 && this.text.charCodeAt(i + 1) !== 10)) {
        this.line++;
        this.lineStart = i + 1;
      }
    }
    this.scanned = offset;
    return { line: this.line, column: offset - this.lineStart, lineStart: this.lineStart };
  }
}

function lineEndFrom(text: string, from: number): number {
  const lf = text.indexOf('\n', from);
  const cr = text.indexOf('\r', from);
  const ends = [lf, cr].filter((i) => i !== -1);
  return ends.length ? Math.min(...ends) : text.length;
}

function snippetFor(text: string, match: KeyMatch, all: readonly KeyMatch[], lineStart: number, reveal: boolean): string {
  const lineEnd = lineEndFrom(text, lineStart);
  let from = Math.max(lineStart, match.start - SNIPPET_CONTEXT);
  let to = Math.min(lineEnd, match.end + SNIPPET_CONTEXT);
  const onLine = all.filter((m) => m.end > from && m.start < to);
  // Never cut through another key: widen to cover any key at the window's edges.
  for (const m of onLine) {
    from = Math.min(from, Math.max(lineStart, m.start));
    to = Math.max(to, Math.min(lineEnd, m.end));
  }
  let out = '';
  let at = from;
  for (const m of onLine) {
    out += text.slice(at, m.start) + (reveal ? text.slice(m.start, m.end) : redactSpan(m));
    at = m.end;
  }
  out += text.slice(at, to);
  return (from > lineStart ? '…' : '') + out.trim() + (to < lineEnd ? '…' : '');
}

function redactSpan(match: KeyMatch): string {
  const redacted = redactKey(match.key);
  return match.encoding && match.encoding !== 'utf16le' && match.encoding !== 'utf16be'
    ? `<${match.encoding}:${redacted}>`
    : redacted;
}

/** The allow-comment rule (allow.ts) applied to the line starting at `lineStart` and the one above it. */
function allowedAt(text: string, lineStart: number): boolean {
  const line = text.slice(lineStart, lineEndFrom(text, lineStart));
  if (lineStart === 0) return isAllowed(line, undefined);
  let prevEnd = lineStart - 1;
  if (text[prevEnd] === '\n' && text[prevEnd - 1] === '\r') prevEnd--;
  const prevStart = Math.max(text.lastIndexOf('\n', prevEnd - 1), text.lastIndexOf('\r', prevEnd - 1)) + 1;
  return isAllowed(line, text.slice(prevStart, prevEnd));
}

/** Report order: by file, then line, then column. */
export function byLocation(a: Finding, b: Finding): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column;
}
