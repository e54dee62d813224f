// A key split into string literals that the language joins: adjacent literals (`"sk-aisa-" "…"` in
// Python, C, C++), `+` (JavaScript, Java, C#, Python, Go), `.` (PHP, Perl), `..` (Lua), `&` (VB, with
// `_` continuations), `\` line continuations, across line breaks. Yields the joined contents, as the
// ESLint rule folds them; the contents are taken as written (escapes are another decoder's).
import { ByteOut, spanOf } from './output.js';
import type { DecodedSpan, Decoder } from './types.js';

/**
 * A split inside `sk-aisa-` after its first three characters leaves a literal ending in `sk-a…`; any other
 * (or a split in the body) leaves `aisa-` whole.
 */
const NEEDLES = ['aisa-', 'sk-a'];

/** One literal's longest content, the joiner between two, how many literals either way of the hit. */
const MAX_LITERAL = 1024;
const MAX_JOINER = 64;
const MAX_LITERALS = 16;

const isQuote = (c: number) => c === 34 || c === 39 || c === 96; // " ' `
/** Spaces, line breaks and the concatenation operators (`+`, `.`, `..`, `&`, `_`, `\`). */
const isJoiner = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 43 || c === 46 || c === 38 || c === 95 || c === 92;
/** String prefixes (`f"…"`, `b'…'`, `L"…"`, `u8"…"`) before an opening quote. */
const isPrefix = (c: number) => c === 102 || c === 70 || c === 98 || c === 66 || c === 114 || c === 82 || c === 117 || c === 85 || c === 76 || c === 56;

interface Literal {
  open: number;
  close: number;
}

export const concatDecoder: Decoder = {
  name: 'concat',
  needles: NEEDLES,
  decodeAt(input, at, maxBytes) {
    const hit = literalAround(input, at);
    if (!hit) return undefined;
    const literals = [hit];
    for (let before = previousLiteral(input, hit); before && literals.length < MAX_LITERALS; before = previousLiteral(input, before)) literals.unshift(before);
    for (let after = nextLiteral(input, hit); after && literals.length < 2 * MAX_LITERALS; after = nextLiteral(input, after)) literals.push(after);
    return literals.length < 2 ? undefined : join(input, literals, maxBytes);
  },
};

/** The literal holding `at`: the nearest quote before it on its line opens it; the same quote closes it. */
function literalAround(input: Uint8Array, at: number): Literal | undefined {
  const open = quoteOrBreakBefore(input, at);
  if (open < 0 || at - open >= MAX_LITERAL || !isQuote(input[open])) return undefined;
  const close = closingQuote(input, open);
  return close === -1 || close < at ? undefined : { open, close };
}

/**
 * The last quote or line break before `at` (-1 if none). Hits come in ascending order, so the last call's
 * answer is kept: the bytes between the two hits are read once, and a long line of needles without a
 * quote costs a pass, not MAX_LITERAL bytes a hit.
 */
let last = { input: undefined as Uint8Array | undefined, at: 0, found: -1 };

function quoteOrBreakBefore(input: Uint8Array, at: number): number {
  const from = last.input === input && last.at <= at ? last.at : 0;
  let found = from === 0 ? -1 : last.found;
  for (let p = Math.max(from, at - MAX_LITERAL); p < at; p++) if (isQuote(input[p]) || input[p] === 10) found = p;
  last = { input, at, found };
  return found;
}

function closingQuote(input: Uint8Array, open: number): number {
  const quote = input[open];
  for (let p = open + 1; p < input.length && p - open < MAX_LITERAL; p++) {
    if (input[p] === 92) p++;
    else if (input[p] === quote) return p;
    else if (input[p] === 10 && quote !== 96) return -1;
  }
  return -1;
}

function nextLiteral(input: Uint8Array, literal: Literal): Literal | undefined {
  let p = literal.close + 1;
  const from = p;
  while (p < input.length && p - from < MAX_JOINER && isJoiner(input[p])) p++;
  for (let n = 0; n < 2 && isPrefix(input[p]); n++) p++;
  if (!isQuote(input[p]) || !validJoiner(input, from, p)) return undefined;
  const close = closingQuote(input, p);
  return close === -1 ? undefined : { open: p, close };
}

function previousLiteral(input: Uint8Array, literal: Literal): Literal | undefined {
  let p = literal.open;
  for (let n = 0; n < 2 && p > 0 && isPrefix(input[p - 1]); n++) p--;
  const to = p;
  while (p > 0 && to - p < MAX_JOINER && isJoiner(input[p - 1])) p--;
  const close = p - 1;
  if (close < 0 || !isQuote(input[close]) || !validJoiner(input, p, to)) return undefined;
  let open = close - 1;
  while (open >= 0 && close - open < MAX_LITERAL && input[open] !== input[close] && (input[open] !== 10 || input[close] === 96)) open--;
  if (open < 0 || input[open] !== input[close] || (open > 0 && input[open - 1] === 92)) return undefined;
  return closingQuote(input, open) === close ? { open, close } : undefined;
}

/** At most one operator (`..` counts as one), and a `\` or `_` only before a line break. */
function validJoiner(input: Uint8Array, from: number, to: number): boolean {
  let operators = 0;
  for (let p = from; p < to; p++) {
    const c = input[p];
    if (c === 92 || c === 95) {
      let q = p + 1;
      while (q < to && (input[q] === 32 || input[q] === 9 || input[q] === 13)) q++;
      if (input[q] !== 10) return false;
    } else if (c === 43 || c === 38 || (c === 46 && input[p + 1] !== 46)) operators++;
  }
  return operators <= 1;
}

function join(input: Uint8Array, literals: Literal[], maxBytes: number): DecodedSpan | undefined {
  const out = new ByteOut(maxBytes);
  for (const { open, close } of literals) for (let p = open + 1; p < close && out.push(input[p]); p++);
  return spanOf(input, literals[0].open, literals[literals.length - 1].close + 1, out);
}
