// Decides whether a key body is something people type as a stand-in rather than a secret.
// Every test here is chosen so that a truly random 43-character body trips it with negligible
// probability: long words must appear case-consistently, short words need a separator or the body's
// edge around them, runs and periods must cover most of the body.

/** Words people put in fake keys. Compared case-insensitively but only in one consistent case. */
export const DEFAULT_PLACEHOLDER_WORDS = [
  'example', 'sample', 'placeholder', 'changeme', 'change', 'replace', 'redacted', 'dummy', 'fake',
  'test', 'testing', 'your', 'yourkey', 'mykey', 'insert', 'secret', 'apikey', 'demo', 'mock', 'here',
  'xxxx', 'todo', 'fixme', 'invalid', 'notreal', 'fixture', 'lorem', 'ipsum', 'foobar', 'key',
];

const SEPARATORS = new Set(['-', '_']);

export interface PlaceholderOptions {
  extraWords?: readonly string[];
}

/** True when `body` (the part after `sk-aisa-`) is a placeholder, not a key. */
export function isPlaceholderBody(body: string, options: PlaceholderOptions = {}): boolean {
  return (
    hasFewDistinctChars(body) ||
    isMostlyPeriodic(body) ||
    isMostlySequential(body) ||
    looksLikeIdentifier(body) ||
    hasPlaceholderWord(body, options.extraWords ?? [])
  );
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
 * `guard-eslint-plugin-recommended-config`, `myAisaKeyForStaging`: a name made of words. Random text
 * splits into one- and two-letter pieces and vowel-less runs, so it never passes.
 */
function looksLikeIdentifier(body: string): boolean {
  const words = body.split(/[-_]+|(?<=[a-z0-9])(?=[A-Z])/).filter(Boolean);
  if (words.length < 3) return false;
  let letters = 0;
  for (const word of words) {
    if (!/^(?:[A-Za-z][a-z]*|[A-Z]+)[0-9]{0,2}$|^[0-9]{1,4}$/.test(word)) return false;
    const alpha = word.replace(/[0-9]/g, '');
    if (alpha.length >= 3 && !/[aeiouy]/i.test(alpha)) return false;
    letters += alpha.length;
  }
  return letters / words.length >= 3;
}

function hasPlaceholderWord(body: string, extraWords: readonly string[]): boolean {
  const variants = [body.toLowerCase() === body ? body : undefined, body.toUpperCase() === body ? body : undefined];
  for (const word of [...DEFAULT_PLACEHOLDER_WORDS, ...extraWords]) {
    const lower = word.toLowerCase();
    for (const form of [lower, lower.toUpperCase(), capitalize(lower)]) {
      let at = body.indexOf(form);
      while (at !== -1) {
        if (isWordEvidence(body, at, form.length)) return true;
        at = body.indexOf(form, at + 1);
      }
    }
    // A body entirely in one case holding the word anywhere is typed text, not random.
    if (variants.some((v) => v !== undefined && v.toLowerCase().includes(lower) && lower.length >= 4)) return true;
  }
  return false;
}

/** Long words count anywhere; short ones only at the body's edge or between separators. */
function isWordEvidence(body: string, at: number, length: number): boolean {
  if (length >= 6) return true;
  const before = at === 0 || SEPARATORS.has(body[at - 1]);
  const after = at + length === body.length || SEPARATORS.has(body[at + length]);
  // Three letters occur by chance at an edge of one random key in ~10^5: demand both sides.
  return length <= 3 ? before && after : before || after;
}

function capitalize(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
