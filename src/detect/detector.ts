// Finds key matches in text: the plain pattern first, then the decoders around their literal needles.
// Pure: offsets in, offsets out. Line/column and Finding objects are made only for hits (findings.ts).
import type { Encoding } from '../types.js';
import { KEY_PATTERN, KEY_PREFIX, classifyBody, type BodyVerdict } from './grammar.js';
import type { PlaceholderOptions } from './placeholder.js';
import { BASE64_NEEDLES, PERCENT_NEEDLES, UTF16_NEEDLES, decodeBase64Around, decodePercentAround, type DecodedWindow } from './codecs.js';
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

// The needles of the forms decoded here; new decoders register theirs the same way (see prefilter.ts).
registerNeedles([
  KEY_PREFIX,
  ...PERCENT_NEEDLES,
  ...BASE64_NEEDLES.map((n) => n.needle),
  ...Object.values(UTF16_NEEDLES).map((n) => n.toString('latin1')),
]);

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
  if (text.includes(KEY_PREFIX)) for (const m of plainMatches(text, options)) add(m);
  // One decode covers a whole region: the search resumes where its coverage ends, not at the next hit.
  const percent = new NeedleCursor(text, PERCENT_NEEDLES);
  for (let hit = percent.seek(0); hit; ) {
    const window = decodePercentAround(text, hit.at);
    for (const m of matchesInWindow(window, options, 'percent')) add(m);
    hit = percent.seek(Math.max(hit.at + 1, window.coveredUntil));
  }
  // One decode serves every later hit on the same 4-character grid until its coverage ends.
  const base64Covered = [-1, -1, -1, -1];
  const base64 = new NeedleCursor(text, BASE64_NEEDLES.map((n) => n.needle));
  for (let hit = base64.seek(0); hit; hit = base64.seek(hit.at + 1)) {
    const needle = BASE64_NEEDLES[hit.index];
    const grid = (hit.at - needle.quantumOffset) & 3;
    if (hit.at < base64Covered[grid]) continue;
    const windows = decodeBase64Around(text, hit.at, needle);
    for (const window of windows) for (const m of matchesInWindow(window, options, 'base64')) add(m);
    if (windows.length) base64Covered[grid] = Math.max(...windows.map((w) => w.coveredUntil));
  }
  return [...found.values()].sort((a, b) => a.start - b.start);
}

function plainMatches(text: string, options: DetectOptions): KeyMatch[] {
  const matches: KeyMatch[] = [];
  for (const m of text.matchAll(KEY_PATTERN)) {
    const verdict = classifyBody(m[1], options);
    if (verdict) matches.push({ start: m.index, end: m.index + m[0].length, key: m[0], verdict });
  }
  return matches;
}

/** Keys in decoded text, mapped back to the encoded span. Spans that needed no decoding are the plain scan's. */
function matchesInWindow(window: DecodedWindow, options: DetectOptions, encoding: Encoding): KeyMatch[] {
  if (!window.text.includes(KEY_PREFIX)) return [];
  return plainMatches(window.text, options).flatMap((m) => {
    const start = window.startOf(m.start);
    const end = window.endOf(m.end - 1);
    if (end - start === m.end - m.start) return [];
    return [{ ...m, start, end, encoding }];
  });
}

/** The next occurrence of any of several needles; each needle's position is searched for only once it is passed. */
class NeedleCursor {
  private readonly next: number[];
  constructor(
    private readonly text: string,
    private readonly needles: readonly string[],
  ) {
    this.next = needles.map((needle) => text.indexOf(needle));
  }

  seek(from: number): { at: number; index: number } | undefined {
    let best = -1;
    for (let i = 0; i < this.next.length; i++) {
      if (this.next[i] !== -1 && this.next[i] < from) this.next[i] = this.text.indexOf(this.needles[i], from);
      if (this.next[i] !== -1 && (best === -1 || this.next[i] < this.next[best])) best = i;
    }
    return best === -1 ? undefined : { at: this.next[best], index: best };
  }
}
