// Keys written with source-code escapes (JSON/JS `\u002d`, `\x2d`, `\u{2d}`, Python/C `\U0000002d`,
// octal `\055`, regex `\-`) or with HTML/XML character references (`&#45;`, `&#x2D;`, `&#0045;`, named
// ones such as `&lowbar;`). One tokenizer reads both, since a key holds neither `\` nor `&`: decoding a
// region after a needle hit yields the key whichever was used, and every decoded character keeps the
// offset it came from. Bounded regions, as in codecs.ts, keep hostile input linear.
import { hexDigit, type DecodedWindow } from './codecs.js';

/**
 * Every escaped form of `sk-aisa-` escapes its dashes (an encoder that escapes letters escapes `-` too;
 * one that escapes only `-` writes exactly these), so the dash's escapes are the needles. Hex digits come
 * in both cases; leading zeros of numeric references are covered by their tail (`045;`, `02d;`). By
 * family, for the prefilter (prefilter.ts registerNeedles): each family's needles are searched only in
 * files holding its gate, which every encoding in the family contains.
 */
export const ESCAPE_FAMILIES: readonly [gate: string, needles: readonly string[]][] = [
  ['\\u', ['\\u002d', '\\u002D', '\\u{2d}', '\\u{2D}']],
  ['\\x', ['\\x2d', '\\x2D']],
  ['\\U', ['\\U0000002']],
  ['&#', ['&#45;', '045;', 'x2d;', 'x2D;', 'X2d;', 'X2D;', '02d;', '02D;']],
];
export const ESCAPE_NEEDLES: readonly string[] = ESCAPE_FAMILIES.flatMap(([, needles]) => needles);

/** Room before the first dash for `sk` in the longest escapes (`\U00000073\U0000006b`) or references. */
const BEFORE = 64;
/** The longest escaped key: prefix and 128 body characters at ten characters each, and the byte after. */
const KEY_SPAN = 10 * (8 + 128 + 1);
/** Several keys' spans: a region decoded for one hit also covers the next ones (the needle repeated). */
const REGION = BEFORE + 8 * KEY_SPAN;

/** Named references a key's characters (base64url) or its quotes can take; the rest stay as written. */
const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", lowbar: '_', UnderBar: '_',
};

const SIMPLE: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v' };

/** The region around a needle hit at `at`, decoded; `start` may be earlier to take in a key's plain start. */
export function decodeEscapesAround(text: string, at: number): DecodedWindow {
  const start = Math.max(0, at - BEFORE);
  const end = Math.min(text.length, start + REGION);
  const origins: number[] = [];
  let decoded = '';
  for (let i = start; i < end; ) {
    const token = readToken(text, i, end);
    // Every decoded unit keeps its escape's offset: none for a line continuation, two for a code point
    // beyond U+FFFF.
    for (let unit = 0; unit < token.text.length; unit++) origins.push(i);
    decoded += token.text;
    i = token.next;
  }
  origins.push(end);
  return {
    text: decoded,
    startOf: (i) => origins[i],
    endOf: (i) => origins[i + 1],
    coveredUntil: end === text.length ? end : end - KEY_SPAN,
  };
}

interface Token {
  text: string;
  next: number;
}

function readToken(text: string, at: number, end: number): Token {
  const c = text.charCodeAt(at);
  if (c === 92 && at + 1 < end) return readEscape(text, at, end); // \
  if (c === 38 && at + 1 < end) return readReference(text, at, end) ?? literal(text, at); // &
  return literal(text, at);
}

function readEscape(text: string, at: number, end: number): Token {
  const kind = text[at + 1];
  if (kind === 'u' && text[at + 2] === '{') {
    const close = hexRun(text, at + 3, Math.min(end, at + 9));
    if (close > at + 3 && text[close] === '}') return codePoint(parseInt(text.slice(at + 3, close), 16), close + 1) ?? literal(text, at);
    return literal(text, at);
  }
  const width = kind === 'u' ? 4 : kind === 'x' ? 2 : kind === 'U' ? 8 : 0;
  if (width) {
    const digits = hexRun(text, at + 2, Math.min(end, at + 2 + width));
    return digits === at + 2 + width ? codePoint(parseInt(text.slice(at + 2, digits), 16), digits) ?? literal(text, at) : literal(text, at);
  }
  if (kind >= '0' && kind <= '7') {
    let next = at + 1;
    while (next < end && next < at + 4 && text[next] >= '0' && text[next] <= '7') next++;
    return { text: String.fromCharCode(parseInt(text.slice(at + 1, next), 8)), next };
  }
  if (kind === '\n' || kind === '\r') {
    // A line continuation inside a string: the break is not part of the value.
    return { text: '', next: kind === '\r' && text[at + 2] === '\n' ? at + 3 : at + 2 };
  }
  return { text: SIMPLE[kind] ?? kind, next: at + 2 };
}

/** `&#45;`, `&#x2d;`, `&#X2D;` (the `;` optional, as browsers read it), or a named reference from NAMED. */
function readReference(text: string, at: number, end: number): Token | undefined {
  if (text[at + 1] === '#') {
    const hex = text[at + 2] === 'x' || text[at + 2] === 'X';
    const from = at + (hex ? 3 : 2);
    const limit = Math.min(end, from + 12);
    let to = from;
    if (hex) to = hexRun(text, from, limit);
    else while (to < limit && isDigit(text.charCodeAt(to))) to++;
    if (to === from) return undefined;
    return codePoint(parseInt(text.slice(from, to), hex ? 16 : 10), text[to] === ';' ? to + 1 : to);
  }
  let to = at + 1;
  while (to < end && to < at + 10 && isLetter(text.charCodeAt(to))) to++;
  const named = text[to] === ';' ? NAMED[text.slice(at + 1, to)] : undefined;
  return named === undefined ? undefined : { text: named, next: to + 1 };
}

function hexRun(text: string, from: number, limit: number): number {
  let to = from;
  while (to < limit && hexDigit(text.charCodeAt(to)) !== -1) to++;
  return to;
}

const isDigit = (code: number) => code >= 48 && code <= 57;
const isLetter = (code: number) => (code | 32) >= 97 && (code | 32) <= 122;

function codePoint(value: number, next: number): Token | undefined {
  return value <= 0x10ffff ? { text: String.fromCodePoint(value), next } : undefined;
}

/** A backslash that starts no valid escape stands for itself. */
function literal(text: string, at: number): Token {
  return { text: text[at], next: at + 1 };
}

/** Which notation a span of original text used, for the finding's `encoding`. */
export function escapeKind(span: string): 'escape' | 'entity' {
  const backslash = span.indexOf('\\');
  const ampersand = span.indexOf('&');
  return ampersand !== -1 && (backslash === -1 || ampersand < backslash) ? 'entity' : 'escape';
}
