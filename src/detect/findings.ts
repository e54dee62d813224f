// Turns offset matches into Findings: line/column (computed only for hits), redaction, fingerprint,
// snippet and inline allow comments.
import { createHash } from 'node:crypto';
import type { Encoding, Finding } from '../types.js';
import { KEY_PREFIX } from './grammar.js';
import { findKeys, mayContainKey, type KeyMatch } from './detector.js';
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

/** `text` with every key in it (plain or encoded) replaced by its redacted form: for names, refs, messages. */
export function redactKeysIn(text: string): string {
  if (!mayContainKey(text)) return text;
  const matches = findKeys(text);
  let out = '';
  let at = 0;
  for (const m of matches) {
    if (m.start < at) continue;
    out += text.slice(at, m.start) + redactSpan(m);
    at = m.end;
  }
  return out + text.slice(at);
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
  const file = redactKeysIn(context.file); // a name holding a key is shown like any other text: redacted
  const lines = new LineFacts(text);
  const neighbours = new Neighbours(matches);
  return matches.map((match) => {
    const start = cursor.locate(match.start);
    const end = cursor.locateAfter(start, match.start, match.end);
    const position = {
      line: origin.line + start.line,
      column: (start.line === 0 ? origin.column - 1 : 0) + start.column + 1,
      endLine: origin.line + end.line,
      endColumn: (end.line === 0 ? origin.column - 1 : 0) + end.column + 1,
    };
    const snippet = snippetFor(text, match, neighbours, start.lineStart, lines.endOf(start.lineStart), context.reveal === true);
    return findingOf(match, context, file, position, snippet, lines.allowed(start.lineStart));
  });
}

/** Where binary content's matches are: the byte each text index came from (text may be latin1 or UTF-16). */
export interface BinaryPlacement {
  byteAt(index: number): number;
  /** Only these matches become findings; the others are context (redacted in snippets). */
  keep(match: KeyMatch): boolean;
}

/**
 * Findings in binary content: the byte offset of the key's first byte, as line 1, column offset + 1 (a
 * binary has no lines). The snippet and the allow-comment test take the run of printable ASCII around
 * the key, never the surrounding bytes (they could be anything, a terminal escape among them).
 */
export function toBinaryFindings(text: string, matches: readonly KeyMatch[], context: FindingContext, placement: BinaryPlacement): Finding[] {
  const file = redactKeysIn(context.file);
  const neighbours = new Neighbours(matches);
  return matches.filter(placement.keep).map((match) => {
    const offset = placement.byteAt(match.start);
    const endOffset = placement.byteAt(match.end);
    let from = match.start;
    while (from > 0 && from > match.start - SNIPPET_CONTEXT && isPrintable(text.charCodeAt(from - 1))) from--;
    let to = match.end;
    while (to < text.length && to < match.end + SNIPPET_CONTEXT && isPrintable(text.charCodeAt(to))) to++;
    const snippet = snippetFor(text, match, neighbours, from, to, context.reveal === true);
    const position = { line: 1, column: offset + 1, endLine: 1, endColumn: endOffset + 1 };
    return { ...findingOf(match, context, file, position, snippet, isAllowed(text.slice(from, to), undefined)), offset };
  });
}

const isPrintable = (code: number) => code >= 0x20 && code < 0x7f;

function findingOf(
  match: KeyMatch,
  context: FindingContext,
  file: string,
  position: Pick<Finding, 'line' | 'column' | 'endLine' | 'endColumn'>,
  snippet: string,
  allowed: boolean,
): Finding {
  const fingerprint = fingerprintOf(match.key);
  context.keys?.remember(fingerprint, match.key);
  const finding: Finding = {
    ruleId: match.verdict.ruleId,
    confidence: match.verdict.confidence,
    file,
    ...position,
    redacted: redactKey(match.key),
    fingerprint,
    entropy: match.verdict.entropy,
    snippet,
  };
  const encoding = match.encoding ?? context.encoding;
  if (encoding) finding.encoding = encoding;
  if (allowed) finding.suppressed = 'inline';
  return finding;
}

interface Location {
  line: number;
  column: number;
  lineStart: number;
}

/**
 * Walks forward through the text once for ascending offsets (matches come sorted by start). A match's
 * end is located from its start without moving the cursor, so overlapping matches never rewind it:
 * the cost is the text's length plus the matches' lengths, whatever their number.
 */
class LineCursor {
  private line = 0;
  private lineStart = 0;
  private scanned = 0;
  constructor(private readonly text: string) {}

  locate(offset: number): Location {
    if (offset < this.scanned) {
      this.line = 0;
      this.lineStart = 0;
      this.scanned = 0;
    }
    for (let i = this.scanned; i < offset; i++) {
      if (isLineEnd(this.text, i)) {
        this.line++;
        this.lineStart = i + 1;
      }
    }
    this.scanned = offset;
    return { line: this.line, column: offset - this.lineStart, lineStart: this.lineStart };
  }

  locateAfter(from: Location, fromOffset: number, offset: number): Location {
    let { line, lineStart } = from;
    for (let i = fromOffset; i < offset; i++) {
      if (isLineEnd(this.text, i)) {
        line++;
        lineStart = i + 1;
      }
    }
    return { line, column: offset - lineStart, lineStart };
  }
}

/** \n, \r\n and a lone \r each end a line, as in ESLint. */
function isLineEnd(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  return code === 10 || (code === 13 && text.charCodeAt(i + 1) !== 10);
}

function lineEndFrom(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code === 10 || code === 13) break;
    i++;
  }
  return i;
}

/** Per-line facts, computed once per line: findings on one long line share them (no quadratic rescans). */
class LineFacts {
  private start = -1;
  private end = 0;
  private allow = false;
  constructor(private readonly text: string) {}

  endOf(lineStart: number): number {
    this.load(lineStart);
    return this.end;
  }

  allowed(lineStart: number): boolean {
    this.load(lineStart);
    return this.allow;
  }

  private load(lineStart: number): void {
    if (lineStart === this.start) return;
    this.start = lineStart;
    this.end = lineEndFrom(this.text, lineStart);
    this.allow = allowedAt(this.text, lineStart, this.end);
  }
}

/** Longer than any key in any encoding we decode (a wrapped base64 block is the longest). */
const LONGEST_MATCH = 4096;

/** The matches overlapping a window, found by binary search in the sorted list (not by a scan of it). */
class Neighbours {
  constructor(private readonly all: readonly KeyMatch[]) {}

  overlapping(from: number, to: number): KeyMatch[] {
    const { all } = this;
    let low = 0;
    let high = all.length;
    const earliest = from - LONGEST_MATCH;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (all[mid].start < earliest) low = mid + 1;
      else high = mid;
    }
    const out: KeyMatch[] = [];
    for (let i = low; i < all.length && all[i].start < to; i++) if (all[i].end > from) out.push(all[i]);
    return out;
  }
}

function snippetFor(text: string, match: KeyMatch, neighbours: Neighbours, lineStart: number, lineEnd: number, reveal: boolean): string {
  let from = Math.max(lineStart, match.start - SNIPPET_CONTEXT);
  let to = Math.min(lineEnd, match.end + SNIPPET_CONTEXT);
  const onLine = neighbours.overlapping(from, to);
  // Never cut through another key: widen to cover any key at the window's edges.
  for (const m of onLine) {
    from = Math.min(from, Math.max(lineStart, m.start));
    to = Math.max(to, Math.min(lineEnd, m.end));
  }
  let out = '';
  let at = from;
  for (const m of onLine) {
    out += text.slice(at, m.start) + (reveal ? revealSpan(m) : redactSpan(m));
    at = m.end;
  }
  out += text.slice(at, to);
  return (from > lineStart ? '…' : '') + out.trim() + (to < lineEnd ? '…' : '');
}

/** `--no-redact`: the key itself, decoded; never the encoded copy (a second form of the key to leak). */
function revealSpan(match: KeyMatch): string {
  return isTextEncoding(match) ? `<${match.encoding}:${match.key}>` : match.key;
}

/** base64 and percent spans are shown tagged; UTF-16 text is already decoded. */
const isTextEncoding = (match: KeyMatch) => match.encoding !== undefined && match.encoding !== 'utf16le' && match.encoding !== 'utf16be';

function redactSpan(match: KeyMatch): string {
  const redacted = redactKey(match.key);
  return isTextEncoding(match) ? `<${match.encoding}:${redacted}>` : redacted;
}

/** The allow-comment rule (allow.ts) applied to the line [lineStart, lineEnd) and the one above it. */
function allowedAt(text: string, lineStart: number, lineEnd: number): boolean {
  const line = text.slice(lineStart, lineEnd);
  if (lineStart === 0) return isAllowed(line, undefined);
  let prevEnd = lineStart - 1;
  if (text[prevEnd] === '\n' && text[prevEnd - 1] === '\r') prevEnd--;
  // Back to the previous line end by hand: lastIndexOf('\r') would scan the whole text when it has none.
  let prevStart = prevEnd;
  while (prevStart > 0 && text.charCodeAt(prevStart - 1) !== 10 && text.charCodeAt(prevStart - 1) !== 13) prevStart--;
  return isAllowed(line, text.slice(prevStart, prevEnd));
}

/** Report order: by file, then line, then column. */
export function byLocation(a: Finding, b: Finding): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column;
}
