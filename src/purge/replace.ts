// The new bytes of a blob or message that holds keys: each key replaced by AISA_API_KEY_REMOVED in the
// form it is stored in. Forms whose encoding of the key does not depend on its neighbours (plain, hex,
// percent, UTF-16, \u and \x escapes, HTML entities) are literal substitutions, the marker encoded the
// same way. Base64 does depend on them (the key's characters shift with the bytes before it), so each
// base64 run is decoded whole, purged (recursively: base64 of base64) and encoded again in the same
// alphabet, padding and line width. Everything else in the bytes is left exactly as it was.

export const MARKER = 'AISA_API_KEY_REMOVED';

type Pair = [from: Buffer, to: Buffer];

const hex = (c: string, width: number) => c.charCodeAt(0).toString(16).padStart(width, '0');
const each = (text: string, encode: (c: string) => string) => [...text].map(encode).join('');

/** Encoders of text whose output for a string is the concatenation of its characters' outputs. */
const LITERAL_ENCODINGS: ((text: string) => Buffer)[] = [
  (t) => Buffer.from(t, 'latin1'),
  (t) => Buffer.from(Buffer.from(t).toString('hex')),
  (t) => Buffer.from(Buffer.from(t).toString('hex').toUpperCase()),
  (t) => Buffer.from(each(t, (c) => `%${hex(c, 2).toUpperCase()}`)),
  (t) => Buffer.from(each(t, (c) => `%${hex(c, 2)}`)),
  (t) => Buffer.from(t.replace(/-/g, '%2D')),
  (t) => Buffer.from(t.replace(/-/g, '%2d')),
  (t) => Buffer.from(t, 'utf16le'),
  (t) => Buffer.from(t, 'utf16le').swap16(),
  (t) => Buffer.from(each(t, (c) => `\\u${hex(c, 4)}`)),
  (t) => Buffer.from(each(t, (c) => `\\x${hex(c, 2)}`)),
  (t) => Buffer.from(each(t, (c) => `&#x${hex(c, 2)};`)),
  (t) => Buffer.from(each(t, (c) => `&#${c.charCodeAt(0)};`)),
];

/** Each key's literal forms and the marker in the same form, longest first (so no form cuts another). */
export function literalPairs(keys: readonly string[]): Pair[] {
  const pairs = keys.flatMap((key) => LITERAL_ENCODINGS.map((encode): Pair => [encode(key), encode(MARKER)]));
  return pairs.sort((a, b) => b[0].length - a[0].length);
}

/** `bytes` with every form of every key replaced; the same Buffer when nothing matched. */
export function purgeBytes(bytes: Buffer, keys: readonly string[], depth = 0): Buffer {
  let out = bytes;
  for (const [from, to] of literalPairs(keys)) out = replaceAll(out, from, to);
  return depth < MAX_DEPTH ? purgeBase64Runs(out, keys, depth) : out;
}

const MAX_DEPTH = 3;

function replaceAll(bytes: Buffer, from: Buffer, to: Buffer): Buffer {
  let at = bytes.indexOf(from);
  if (at === -1) return bytes;
  const parts: Buffer[] = [];
  let start = 0;
  for (; at !== -1; at = bytes.indexOf(from, start)) {
    parts.push(bytes.subarray(start, at), to);
    start = at + from.length;
  }
  parts.push(bytes.subarray(start));
  return Buffer.concat(parts);
}

/** A base64 run on one line; runs filling whole lines of one width are joined (PEM, MIME wrapping). */
const RUN = /[A-Za-z0-9+/_-]+={0,2}/g;
/** Shorter runs only ever end a wrapped block: alone they are words, not encoded keys. */
const MIN_RUN = 16;

interface Run {
  start: number;
  end: number;
  lines: string[];
  newline: string;
}

/** The runs of `text`, wrapped blocks joined: every line but the last as wide as the first, each a whole line. */
function runsOf(text: string): Run[] {
  const runs: Run[] = [];
  for (const match of text.matchAll(RUN)) {
    const start = match.index;
    const end = start + match[0].length;
    const last = runs.at(-1);
    const gap = last ? text.slice(last.end, start) : '';
    const joins =
      last !== undefined &&
      (gap === '\n' || gap === '\r\n') &&
      (last.lines.length === 1 || gap === last.newline) &&
      last.lines.every((line) => line.length === last.lines[0].length && !line.endsWith('=')) &&
      match[0].length <= last.lines[0].length &&
      (last.lines.length > 1 || last.start === 0 || text[last.start - 1] === '\n') &&
      (end === text.length || text[end] === '\r' || text[end] === '\n');
    if (joins) {
      last.lines.push(match[0]);
      last.end = end;
      last.newline = gap;
    } else if (match[0].length >= MIN_RUN) runs.push({ start, end, lines: [match[0]], newline: '\n' });
  }
  return runs;
}

function purgeBase64Runs(bytes: Buffer, keys: readonly string[], depth: number): Buffer {
  const text = bytes.toString('latin1');
  let out = '';
  let at = 0;
  for (const run of runsOf(text)) {
    // A block that is not one base64 text may be lines that each are: tried one by one then.
    const pieces = purgeRun(run.lines, run.newline, keys, depth) ?? joinLines(run, keys, depth);
    if (pieces === undefined) continue;
    out += text.slice(at, run.start) + pieces;
    at = run.end;
  }
  return at === 0 ? bytes : Buffer.from(out + text.slice(at), 'latin1');
}

function joinLines(run: Run, keys: readonly string[], depth: number): string | undefined {
  if (run.lines.length === 1) return undefined;
  const lines = run.lines.map((line) => purgeRun([line], run.newline, keys, depth));
  return lines.some((line) => line !== undefined) ? lines.map((line, i) => line ?? run.lines[i]).join(run.newline) : undefined;
}

/** The run with its keys purged, in its own layout; undefined when it is not base64 or holds none. */
function purgeRun(lines: string[], newline: string, keys: readonly string[], depth: number): string | undefined {
  const body = lines.join('');
  const url = /[-_]/.test(body);
  if (url && /[+/]/.test(body)) return undefined;
  // Standard base64 is padded unless its writer chose not to; a padded run says so, so does a length of 4n.
  const padded = body.endsWith('=') || (!url && body.length % 4 === 0);
  const encode = (data: Buffer) => {
    const plain = data.toString('base64').replace(/=+$/, '');
    const alphabet = url ? plain.replace(/\+/g, '-').replace(/\//g, '_') : plain;
    return padded ? alphabet.padEnd(Math.ceil(alphabet.length / 4) * 4, '=') : alphabet;
  };
  const decoded = Buffer.from(body, url ? 'base64url' : 'base64');
  if (encode(decoded) !== body) return undefined; // not base64 as a whole (a word, an identifier)
  const purged = purgeBytes(decoded, keys, depth + 1);
  if (purged === decoded) return undefined;
  const encoded = encode(purged);
  const width = lines.length > 1 ? lines[0].length : encoded.length;
  const wrapped: string[] = [];
  for (let i = 0; i < encoded.length; i += width) wrapped.push(encoded.slice(i, i + width));
  return wrapped.join(newline);
}
