// Finds key matches in text: the plain pattern first, then the decoders around their literal needles.
// Pure: offsets in, offsets out. Line/column and Finding objects are made only for hits (findings.ts).
import type { Encoding } from '../types.js';
import { KEY_PATTERN, KEY_PREFIX, classifyBody, type BodyVerdict } from './grammar.js';
import type { PlaceholderOptions } from './placeholder.js';
import { BASE64_NEEDLES, PERCENT_NEEDLES, decodeBase64Around, decodePercentAround, type DecodedWindow } from './codecs.js';

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
 * Literals whose absence proves a text holds no key in any form we decode: each is part of a detection
 * needle (`-aisa-` of `sk-aisa-`, `YWlzYS` of `c2stYWlzYS`) chosen to start with a character that is rare
 * in source text, since substring search skips ahead to the first character (memchr). That makes the
 * prefilter run at memory speed instead of stopping at every `s` and `c`.
 */
export const PREFILTER_NEEDLES: readonly string[] = [
  '-aisa-',
  ...PERCENT_NEEDLES,
  ...BASE64_NEEDLES.map((n) => (n.needle.startsWith('c2st') ? n.needle.slice(4) : n.needle)),
];

export function mayContainKey(text: string): boolean {
  return PREFILTER_NEEDLES.some((needle) => text.includes(needle));
}

export function findKeys(text: string, options: DetectOptions = {}): KeyMatch[] {
  const found = new Map<number, KeyMatch>();
  const add = (match: KeyMatch) => {
    if (!found.has(match.start)) found.set(match.start, match);
  };
  if (text.includes(KEY_PREFIX)) for (const m of plainMatches(text, options)) add(m);
  let percentCovered = -1;
  for (const { at } of occurrences(text, PERCENT_NEEDLES)) {
    if (at < percentCovered) continue;
    const window = decodePercentAround(text, at);
    for (const m of matchesInWindow(window, options, 'percent')) add(m);
    percentCovered = window.coveredUntil;
  }
  // One decode serves every later hit on the same 4-character grid until its coverage ends.
  const base64Covered = [-1, -1, -1, -1];
  for (const { at, index } of occurrences(text, BASE64_NEEDLES.map((n) => n.needle))) {
    const needle = BASE64_NEEDLES[index];
    const grid = (at - needle.quantumOffset) & 3;
    if (at < base64Covered[grid]) continue;
    const window = decodeBase64Around(text, at, needle);
    if (!window) continue;
    for (const m of matchesInWindow(window, options, 'base64')) add(m);
    base64Covered[grid] = window.coveredUntil;
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

/** Every occurrence of any of the needles, in text order, found lazily (hostile text has millions). */
function* occurrences(text: string, needles: readonly string[]): Generator<{ at: number; index: number }> {
  const next = needles.map((needle) => text.indexOf(needle));
  for (;;) {
    let index = -1;
    for (let i = 0; i < next.length; i++) if (next[i] !== -1 && (index === -1 || next[i] < next[index])) index = i;
    if (index === -1) return;
    const at = next[index];
    yield { at, index };
    next[index] = text.indexOf(needles[index], at + 1);
  }
}
