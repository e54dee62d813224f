// Finds key matches in text: the plain pattern first, then the decoders around their literal needles.
// Pure: offsets in, offsets out. Line/column and Finding objects are made only for hits (findings.ts).
import type { Encoding } from '../types.js';
import { KEY_PATTERN, KEY_PREFIX, MAX_BODY, classifyBody, type BodyVerdict } from './grammar.js';
import type { PlaceholderOptions } from './placeholder.js';
import {
  BASE64_NEEDLES,
  DOUBLE_BASE64_NEEDLES,
  decodeBase64Around,
  decodeWrappedFrom,
  isBase64Run,
  wrappedNeedleStart,
  type Base64Needle,
} from './base64.js';
import { HEX_NEEDLES, PERCENT_NEEDLES, UTF16_NEEDLES, decodeHexAround, decodePercentAround, type DecodedWindow } from './codecs.js';
import { ESCAPE_FAMILIES, ESCAPE_NEEDLES, decodeEscapesAround, escapeKind } from './escapes.js';
import { registerNeedles, registeredNeedles, textMayContainKey } from './prefilter.js';

export interface KeyMatch {
  /** Offsets in the scanned text; `end` is exclusive. */
  start: number;
  end: number;
  key: string;
  verdict: BodyVerdict;
  encoding?: Encoding;
}

export type DetectOptions = PlaceholderOptions;

/**
 * A base64 needle is looked for in two overlapping halves: a wrapped block may break a line anywhere,
 * also inside the needle, and one side of any break holds a whole half (halves of 5 and 6 characters of
 * a 10-character needle: every break position leaves one of them intact).
 */
interface Base64Piece {
  needle: Base64Needle;
  offset: number;
  text: string;
}
const BASE64_PIECES: readonly Base64Piece[] = [
  ...BASE64_NEEDLES.flatMap((needle) => {
    const first = Math.ceil(needle.needle.length / 2);
    const second = needle.needle.length + 1 - first;
    return [
      { needle, offset: 0, text: needle.needle.slice(0, first) },
      { needle, offset: needle.needle.length - second, text: needle.needle.slice(-second) },
    ];
  }),
  ...DOUBLE_BASE64_NEEDLES.map((needle) => ({ needle, offset: 0, text: needle.needle })),
];

// The needles of the forms decoded here; new decoders register theirs the same way (see prefilter.ts).
registerNeedles([
  KEY_PREFIX,
  ...PERCENT_NEEDLES,
  ...BASE64_PIECES.map((p) => p.text),
  ...HEX_NEEDLES,
  ...Object.values(UTF16_NEEDLES).map((n) => n.toString('latin1')),
]);
for (const [gate, family] of ESCAPE_FAMILIES) registerNeedles(family, gate);

/** Every literal the prefilter looks for (its probes are shorter pieces of these). */
export const PREFILTER_NEEDLES: readonly string[] = registeredNeedles();

export const mayContainKey = textMayContainKey;

export function findKeys(text: string, options: DetectOptions = {}): KeyMatch[] {
  const found = new Map<number, KeyMatch>();
  // Two readings of one span (a wrapped base64 block read as one line or as several) can both match:
  // the exact key shape wins over a variant.
  const add = (match: KeyMatch) => {
    const held = found.get(match.start);
    if (!held || (held.verdict.confidence === 'low' && match.verdict.confidence === 'high')) found.set(match.start, match);
  };
  const escapedFrom: number[] = [];
  if (text.includes(KEY_PREFIX)) for (const m of plainMatches(text, options, escapedFrom)) add(m);
  // One decode covers a whole region: the search resumes where its coverage ends, not at the next hit.
  // Hex has two grids (a hit's parity), each with its own coverage; the others read any offset. Escapes
  // are also decoded from a plain prefix whose run stops at one (`sk-aisa-AbC\u0064…`).
  const regions: [readonly string[], (at: number) => DecodedWindow | undefined, Encoding | undefined, number, number[]][] = [
    [PERCENT_NEEDLES, (at) => decodePercentAround(text, at), 'percent', 1, []],
    [ESCAPE_NEEDLES, (at) => decodeEscapesAround(text, at), undefined, 1, escapedFrom],
    [HEX_NEEDLES, (at) => decodeHexAround(text, at), 'hex', 2, []],
  ];
  for (const [needles, decode, encoding, grids, extraHits] of regions) {
    const covered = new Array<number>(grids).fill(-1);
    const cursor = new NeedleCursor(text, needles, extraHits);
    for (let hit = cursor.seek(0); hit; ) {
      const grid = hit.at % grids;
      const window = hit.at < covered[grid] ? undefined : decode(hit.at);
      if (window) for (const m of matchesInWindow(window, options, encoding ?? escapeEncoding(text))) add(m);
      if (window) covered[grid] = window.coveredUntil;
      hit = cursor.seek(grids === 1 ? Math.max(hit.at + 1, covered[0]) : hit.at + 1);
    }
  }
  for (const m of base64Matches(text, options, true)) add(m);
  return [...found.values()].sort((a, b) => a.start - b.start);
}

const escapeEncoding = (text: string) => (start: number, end: number) => escapeKind(text.slice(start, end));

/**
 * Keys in base64, wrapped or not; with `nested`, also keys base64-encoded twice (one level: a Secret
 * whose value is itself a base64 blob), their spans mapped through both decodes.
 */
function base64Matches(text: string, options: DetectOptions, nested: boolean): KeyMatch[] {
  const out: KeyMatch[] = [];
  const take = (window: DecodedWindow) => {
    for (const m of matchesInWindow(window, options, 'base64')) out.push(m);
    if (nested && textMayContainBase64(window.text)) {
      for (const m of base64Matches(window.text, options, false)) {
        out.push({ ...m, start: window.startOf(m.start), end: window.endOf(m.end - 1), encoding: 'base64x2' });
      }
    }
  };
  // One decode serves every later hit on the same 4-character grid until its coverage ends; a wrapped
  // reading serves every later hit that falls on its own grid (line breaks move the raw offsets).
  const covered = [-1, -1, -1, -1];
  let wrapped: DecodedWindow | undefined;
  const wrappedCovers = (start: number) => wrapped !== undefined && start < wrapped.coveredUntil && wrapped.startsQuantum!(start);
  const cursor = new NeedleCursor(text, BASE64_PIECES.map((p) => p.text));
  // Once every grid has a decoded window, the hits below the nearest window's end are all covered: jump
  // there instead of visiting each (a run of repeated needle pieces would cost a seek per piece).
  for (let hit = cursor.seek(0); hit; hit = cursor.seek(Math.max(hit.at + 1, Math.min(...covered)))) {
    const piece = BASE64_PIECES[hit.index];
    const at = hit.at - piece.offset;
    const start = at - piece.needle.quantumOffset;
    if (text.startsWith(piece.needle.needle, at) && onOneLine(text, start, at)) {
      // The needle on one line: the fast path, with the wrapped reading when the run goes on below.
      if (at < covered[start & 3]) continue;
      const windows = decodeBase64Around(text, at, piece.needle, !wrappedCovers(start));
      for (const window of windows) take(window);
      if (windows.length) covered[start & 3] = Math.max(...windows.map((w) => w.coveredUntil));
      if (windows.length === 2) wrapped = windows[1];
      continue;
    }
    // A line break inside the needle or its quantum: read across breaks.
    const wrappedStart = wrappedNeedleStart(text, hit.at, piece.offset, piece.needle);
    if (wrappedStart === -1 || wrappedCovers(wrappedStart)) continue;
    wrapped = decodeWrappedFrom(text, wrappedStart);
    take(wrapped);
  }
  return out;
}

/** The needle's quantum starts on the needle's line (no break between its first character and the needle). */
function onOneLine(text: string, from: number, to: number): boolean {
  return from >= 0 && isBase64Run(text, from, to);
}

/** A decoded window holds a base64 key only if it holds a whole single-encoding needle. */
function textMayContainBase64(text: string): boolean {
  return BASE64_NEEDLES.some((n) => text.includes(n.needle));
}

/** `escapedFrom`, when given, collects prefixes whose run stops at an escape (`\\` or `&`). */
function plainMatches(text: string, options: DetectOptions, escapedFrom?: number[]): KeyMatch[] {
  const matches: KeyMatch[] = [];
  for (const m of text.matchAll(KEY_PATTERN)) {
    const next = text[m.index + m[0].length];
    if (escapedFrom && (next === '\\' || next === '&') && m[1].length < MAX_BODY) escapedFrom.push(m.index);
    const verdict = classifyBody(m[1], options);
    if (verdict) matches.push({ start: m.index, end: m.index + m[0].length, key: m[0], verdict });
  }
  return matches;
}

/** Keys in decoded text, mapped back to the encoded span. Spans that needed no decoding are the plain scan's. */
function matchesInWindow(
  window: DecodedWindow,
  options: DetectOptions,
  encoding: Encoding | ((start: number, end: number) => Encoding),
): KeyMatch[] {
  if (!window.text.includes(KEY_PREFIX)) return [];
  return plainMatches(window.text, options).flatMap((m) => {
    const start = window.startOf(m.start);
    const end = window.endOf(m.end - 1);
    if (end - start === m.end - m.start) return [];
    return [{ ...m, start, end, encoding: typeof encoding === 'function' ? encoding(start, end) : encoding }];
  });
}

/** The next occurrence of any of several needles; each needle's position is searched for only once it is passed. */
class NeedleCursor {
  private readonly next: number[];
  private extra = 0;
  /** `extraHits`: ascending offsets that count as hits too (index -1). */
  constructor(
    private readonly text: string,
    private readonly needles: readonly string[],
    private readonly extraHits: readonly number[] = [],
  ) {
    this.next = needles.map((needle) => text.indexOf(needle));
  }

  seek(from: number): { at: number; index: number } | undefined {
    let best = -1;
    for (let i = 0; i < this.next.length; i++) {
      if (this.next[i] !== -1 && this.next[i] < from) this.next[i] = this.text.indexOf(this.needles[i], from);
      if (this.next[i] !== -1 && (best === -1 || this.next[i] < this.next[best])) best = i;
    }
    while (this.extra < this.extraHits.length && this.extraHits[this.extra] < from) this.extra++;
    const extra = this.extraHits[this.extra];
    if (extra !== undefined && (best === -1 || extra < this.next[best])) return { at: extra, index: -1 };
    return best === -1 ? undefined : { at: this.next[best], index: best };
  }
}
