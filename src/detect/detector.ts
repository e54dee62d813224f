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

/** Every literal whose absence proves a text holds no key in any form we decode. */
export const PREFILTER_NEEDLES: readonly string[] = [
  KEY_PREFIX,
  ...PERCENT_NEEDLES,
  ...BASE64_NEEDLES.map((n) => n.needle),
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
  for (const needle of PERCENT_NEEDLES) {
    for (const at of occurrences(text, needle)) {
      for (const m of matchesInWindow(decodePercentAround(text, at), options, 'percent')) add(m);
    }
  }
  for (const needle of BASE64_NEEDLES) {
    for (const at of occurrences(text, needle.needle)) {
      const window = decodeBase64Around(text, at, needle);
      if (window) for (const m of matchesInWindow(window, options, 'base64')) add(m);
    }
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
  return plainMatches(window.text, options).flatMap((m) => {
    const start = window.starts[m.start];
    const end = window.ends[m.end - 1];
    if (end - start === m.end - m.start) return [];
    return [{ ...m, start, end, encoding }];
  });
}

function* occurrences(text: string, needle: string): Generator<number> {
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + 1)) yield at;
}
