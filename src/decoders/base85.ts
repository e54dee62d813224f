// Base85: Ascii85 (Adobe `<~ … ~>`, btoa, Git binary patches' cousins; `z` for four zero bytes; whitespace
// ignored) and Z85 (ZeroMQ). Four bytes are one big-endian number written as five digits.
import { KEY_PREFIX } from '../detect/grammar.js';
import { ByteOut, isSpace, spanOf } from './output.js';
import type { DecodedSpan, Decoder } from './types.js';

const Z85 = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#';

interface Alphabet {
  name: 'ascii85' | 'z85';
  digit(code: number): number;
  char(digit: number): string;
}

const ASCII85: Alphabet = {
  name: 'ascii85',
  digit: (c) => (c >= 33 && c <= 117 ? c - 33 : -1),
  char: (d) => String.fromCharCode(d + 33),
};
const Z85_DIGITS = new Int8Array(128).fill(-1);
for (let i = 0; i < Z85.length; i++) Z85_DIGITS[Z85.charCodeAt(i)] = i;
const Z85_ALPHABET: Alphabet = { name: 'z85', digit: (c) => (c < 128 ? Z85_DIGITS[c] : -1), char: (d) => Z85[d] };

export function base85Encode(bytes: Uint8Array, alphabet: 'ascii85' | 'z85'): string {
  const a = alphabet === 'z85' ? Z85_ALPHABET : ASCII85;
  let out = '';
  for (let i = 0; i < bytes.length; i += 4) {
    const group = Buffer.alloc(4);
    group.set(bytes.subarray(i, i + 4));
    let n = group.readUInt32BE(0);
    const digits: string[] = [];
    for (let d = 0; d < 5; d++, n = Math.floor(n / 85)) digits.unshift(a.char(n % 85));
    out += digits.slice(0, Math.min(5, bytes.length - i + 1)).join('');
  }
  return out;
}

/**
 * Each digit depends on all four bytes of its group, so the needles are whole groups inside the prefix:
 * at each of the four alignments one group lies wholly in `sk-aisa-` (`sk-a`, `aisa`, `-ais`, `k-ai`).
 * The needle starts a group, which gives the grid.
 */
const GROUPS = [0, 3, 2, 1].map((from) => KEY_PREFIX.slice(from, from + 4));
const needlesOf = (alphabet: 'ascii85' | 'z85') => GROUPS.map((g) => base85Encode(Buffer.from(g), alphabet));

const BACK_GROUPS = 4;

function decoderFor(alphabet: Alphabet): Decoder {
  const needles = needlesOf(alphabet.name);
  return {
    name: alphabet.name,
    needles,
    decodeAt(input, at, maxBytes) {
      if (!needles.some((n) => Buffer.from(input.buffer, input.byteOffset + at, Math.min(5, input.length - at)).toString('latin1') === n)) return undefined;
      let start = at;
      for (let g = 0; g < BACK_GROUPS && start >= 5 && isGroup(input, start - 5, alphabet); g++) start -= 5;
      return decode(input, start, alphabet, maxBytes);
    },
  };
}

function isGroup(input: Uint8Array, from: number, alphabet: Alphabet): boolean {
  for (let i = from; i < from + 5; i++) if (alphabet.digit(input[i]) === -1 || (alphabet === ASCII85 && input[i] === 122)) return false;
  return true;
}

function decode(input: Uint8Array, start: number, alphabet: Alphabet, maxBytes: number): DecodedSpan | undefined {
  const out = new ByteOut(maxBytes);
  const ascii85 = alphabet === ASCII85;
  let p = start;
  let end = start;
  let n = 0;
  let count = 0;
  while (p < input.length && !out.full) {
    const c = input[p];
    if (ascii85 && isSpace(c)) {
      p++;
      continue;
    }
    if (ascii85 && c === 122 && count === 0) {
      for (let i = 0; i < 4; i++) out.push(0);
      end = ++p;
      continue;
    }
    const d = alphabet.digit(c);
    if (d === -1) break;
    n = n * 85 + d;
    p++;
    if (++count === 5) {
      if (n > 0xffffffff) break;
      for (let shift = 24; shift >= 0; shift -= 8) out.push(Math.floor(n / 2 ** shift) & 0xff);
      end = p;
      n = count = 0;
    }
  }
  // Ascii85's last group may be short: padded with the highest digit, its extra bytes dropped.
  if (ascii85 && count >= 2 && !out.full) {
    for (let i = count; i < 5; i++) n = n * 85 + 84;
    for (let b = 0, shift = 24; b < count - 1; b++, shift -= 8) out.push(Math.floor(n / 2 ** shift) & 0xff);
    end = p;
  }
  return spanOf(input, start, end, out);
}

export const ascii85Decoder = decoderFor(ASCII85);
export const z85Decoder = decoderFor(Z85_ALPHABET);
