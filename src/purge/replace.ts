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

/** A base64 run, on one line or wrapped at a fixed width (PEM, MIME), with optional padding. */
const RUN = /[A-Za-z0-9+/_-]{16,}(?:\r?\n[A-Za-z0-9+/_-]{4,})*={0,2}/g;

function purgeBase64Runs(bytes: Buffer, keys: readonly string[], depth: number): Buffer {
  const text = bytes.toString('latin1');
  let out = '';
  let at = 0;
  for (const match of text.matchAll(RUN)) {
    const replaced = purgeRun(match[0], keys, depth);
    if (replaced === undefined) continue;
    out += text.slice(at, match.index) + replaced;
    at = match.index + match[0].length;
  }
  return at === 0 ? bytes : Buffer.from(out + text.slice(at), 'latin1');
}

/** The run with its keys purged, in its own layout; undefined when it is not base64 or holds none. */
function purgeRun(run: string, keys: readonly string[], depth: number): string | undefined {
  const newline = run.includes('\r\n') ? '\r\n' : '\n';
  const lines = run.split(/\r?\n/);
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
