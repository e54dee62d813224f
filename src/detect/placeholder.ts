// Decides whether a key body is something people type as a stand-in rather than a secret.
// Every test here is chosen so that a truly random 43-character body trips it with negligible
// probability (none in millions of random keys): long words must appear case-consistently, short words
// need separators or the body's edges around them, runs and periods must cover most of the body.

import { characterClasses, shannonEntropy } from './entropy.js';

/** Words people put in fake keys. Compared case-insensitively but only in one consistent case. */
export const DEFAULT_PLACEHOLDER_WORDS = [
  'example', 'sample', 'placeholder', 'changeme', 'change', 'replace', 'redacted', 'dummy', 'fake',
  'test', 'testing', 'your', 'yourkey', 'mykey', 'insert', 'secret', 'apikey', 'demo', 'mock', 'here',
  'xxxx', 'todo', 'fixme', 'invalid', 'notreal', 'fixture', 'lorem', 'ipsum', 'foobar',
];

const SEPARATORS = new Set(['-', '_']);
const NO_WORDS: readonly string[] = [];

export interface PlaceholderOptions {
  extraWords?: readonly string[];
}

/** True when `body` (the part after `sk-aisa-`) is a placeholder, not a key. */
export function isPlaceholderBody(body: string, options: PlaceholderOptions = {}): boolean {
  return placeholderEvidence(body, options) !== undefined;
}

/**
 * Why a body is a placeholder: `shape` (typed patterns: few characters, periods, runs, identifiers), or
 * the placeholder words it holds (a body that is a key but for them may still be a key: see
 * isRandomBesides).
 */
export function placeholderEvidence(body: string, options: PlaceholderOptions = {}): 'shape' | string[] | undefined {
  if (hasPlaceholderShape(body)) return 'shape';
  return placeholderWords(body, options.extraWords ?? NO_WORDS);
}

/** The word's first occurrence has only separators (or nothing) between it and the body's start or end. */
function opensOrCloses(body: string, word: string): boolean {
  const at = body.indexOf(word);
  return /^[-_]*$/.test(body.slice(0, at)) || /^[-_]*$/.test(body.slice(at + word.length));
}

function hasPlaceholderShape(body: string): boolean {
  return hasFewDistinctChars(body) || isMostlyPeriodic(body) || isMostlySequential(body) || looksLikeIdentifier(body);
}

/**
 * A short placeholder word (five letters or fewer) turns up in a random key by chance; a long one never
 * does (under 1 in 10^8), nor does a word opening or closing the body (`test-…`, `…-here`: how people
 * write stand-ins, and rarer by chance than anywhere else). So a body whose only evidence is short words
 * inside it, and whose other characters look
 * as random as a key's (entropy at least 4.0 over 30 or more characters, which a random run of that length
 * falls below about once in 10^4, two character classes or more, no typed shape), is kept as a key.
 */
export function isRandomBesides(body: string, words: readonly string[]): boolean {
  if (words.some((w) => w.length > 5 || opensOrCloses(body, w))) return false;
  let rest = body;
  for (const word of words) rest = rest.split(word).join(' ');
  rest = rest.replace(/[-_]* [-_]*/g, '');
  return rest.length >= 30 && shannonEntropy(rest) >= 4 && characterClasses(rest) >= 2 && !hasPlaceholderShape(rest);
}

function hasFewDistinctChars(body: string): boolean {
  // A random 43-char base64url body has ~31 distinct characters; under a third of the length is typed.
  return new Set(body).size < Math.max(6, Math.min(12, Math.floor(body.length / 3)));
}

/** `abc123abc123…`: some short period repeats over nearly the whole body. */
function isMostlyPeriodic(body: string): boolean {
  for (let period = 1; period <= 16 && period < body.length / 2; period++) {
    let same = 0;
    for (let i = period; i < body.length; i++) if (body[i] === body[i - period]) same++;
    if (same >= (body.length - period) * 0.8) return true;
  }
  return false;
}

/**
 * `abcdefgh…`, `0123456789…`, `zyxw…`, `AbCdEf…`, `a1b2c3…`: neighbours (or every other character) one
 * letter or digit apart, case aside, over most of the body.
 */
function isMostlySequential(body: string): boolean {
  const folded = body.toLowerCase();
  for (const stride of [1, 2]) {
    let steps = 0;
    for (let i = stride; i < folded.length; i++) {
      const delta = folded.charCodeAt(i) - folded.charCodeAt(i - stride);
      if (delta === 1 || delta === -1) steps++;
    }
    if (steps >= (folded.length - stride) * 0.5) return true;
  }
  return false;
}

/**
 * `guard-eslint-plugin-recommended-config`, `YOUR_AISA_KEY_GOES_HERE`: separated words, each in one case.
 * A random body never holds several long single-case runs, so this costs real keys nothing.
 */
function looksLikeIdentifier(body: string): boolean {
  const words = body.split(/[-_]+/).filter(Boolean);
  if (words.length < 3 || !words.every((w) => /^(?:[a-z]*|[A-Z]*)[0-9]*$/.test(w))) return false;
  const letters = words.map((w) => w.replace(/[0-9]+$/, '').toLowerCase());
  return (
    letters.join('').length >= words.length * 3 &&
    letters.filter((w) => w.length === 1).length <= 1 &&
    letters.every((w) => w.length < 3 || /[aeiouy]/.test(w))
  );
}

/**
 * A placeholder word is strong evidence when long (six letters or more, anywhere), standing alone
 * between separators or the body's edges, or five letters at an edge: a four-letter word touching only one separator turns up by
 * chance in about one random key in 10^5. A short word merely bounded by case changes (`myFakeKey`) is
 * weak evidence; two different ones are needed.
 */
function placeholderWords(body: string, extraWords: readonly string[]): string[] | undefined {
  const weak = new Map<string, string>();
  const singleCase = body.toLowerCase() === body || body.toUpperCase() === body ? body.toLowerCase() : undefined;
  for (const { lower, forms } of wordForms(extraWords)) {
    // A body entirely in one case holding the word anywhere is typed text, not random.
    if (singleCase !== undefined && lower.length >= 4 && singleCase.includes(lower)) return [body.slice(singleCase.indexOf(lower), singleCase.indexOf(lower) + lower.length)];
    for (const form of forms) {
      for (let at = body.indexOf(form); at !== -1; at = body.indexOf(form, at + 1)) {
        const evidence = wordEvidence(body, at, form);
        if (evidence === 'strong') return [form];
        if (evidence === 'weak') weak.set(lower, form);
        if (weak.size >= 2) return [...weak.values()];
      }
    }
  }
  return undefined;
}

const formsCache = new WeakMap<readonly string[], { lower: string; forms: string[] }[]>();

/** Each word in the three cases it is looked for in, built once per word list (not once per match). */
function wordForms(extraWords: readonly string[]): { lower: string; forms: string[] }[] {
  let list = formsCache.get(extraWords);
  if (!list) {
    list = [...DEFAULT_PLACEHOLDER_WORDS, ...extraWords].map((word) => {
      const lower = word.toLowerCase();
      return { lower, forms: [lower, lower.toUpperCase(), capitalize(lower)] };
    });
    formsCache.set(extraWords, list);
  }
  return list;
}

function wordEvidence(body: string, at: number, form: string): 'strong' | 'weak' | undefined {
  if (form.length >= 6) return 'strong';
  const prev = at === 0 ? '' : body[at - 1];
  const next = at + form.length === body.length ? '' : body[at + form.length];
  const before = prev === '' || SEPARATORS.has(prev);
  const after = next === '' || SEPARATORS.has(next);
  if (before && after) return 'strong';
  const upperForm = form === form.toUpperCase();
  const camelBefore = before || (isUpper(form[0]) && !(upperForm && isUpper(prev))) || isDigit(prev);
  const camelAfter = after || (upperForm ? !isUpper(next) : !isLower(next));
  if (!camelBefore || !camelAfter) return undefined;
  // Five letters opening or closing the body (`dummy0aB3…`) are as rare by chance as six anywhere.
  return form.length >= 5 && (prev === '' || next === '') ? 'strong' : 'weak';
}

const isUpper = (c: string) => c >= 'A' && c <= 'Z';
const isLower = (c: string) => c >= 'a' && c <= 'z';
const isDigit = (c: string) => c >= '0' && c <= '9';

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
