// Base32 (RFC 4648: TOTP seeds, DNS-safe tokens, some config stores): upper or lower case, padded or
// not. Decoded on the needle's 8-character grid, so the bytes before the key need no guessing.
import { KEY_PREFIX } from '../detect/grammar.js';
import { ByteOut, spanOf } from './output.js';
import type { DecodedSpan, Decoder } from './types.js';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(bytes: Uint8Array): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) out += ALPHABET[(value >>> (bits -= 5)) & 31];
    value &= (1 << bits) - 1;
  }
  if (bits) out += ALPHABET[(value << (5 - bits)) & 31];
  return out.padEnd(Math.ceil(out.length / 8) * 8, '=');
}

interface GridNeedle {
  needle: string;
  /** Where the needle starts inside its 8-character group. */
  offset: number;
}

/**
 * `sk-aisa-` starts at byte 0-4 of a 5-byte group; each alignment fixes a different run of characters
 * (those whose 5 bits all come from the prefix). Found by encoding the prefix between different
 * neighbours and keeping the characters that agree; each in upper and lower case.
 */
const GRID_NEEDLES: readonly GridNeedle[] = [0, 1, 2, 3, 4].flatMap((lead) => {
  const encodings = [0x00, 0xff, 0x55, 0xaa].flatMap((n) => [0x00, 0xff].map((m) =>
    base32Encode(Buffer.concat([Buffer.alloc(lead, n), Buffer.from(KEY_PREFIX), Buffer.alloc(5, m)]))));
  let start = -1;
  let end = -1;
  for (let i = 0; i < encodings[0].length; i++) {
    if (encodings.every((e) => e[i] === encodings[0][i])) {
      if (start < 0) start = i;
      end = i + 1;
    } else if (start >= 0) break;
  }
  const needle = encodings[0].slice(start, end);
  return [{ needle, offset: start % 8 }, { needle: needle.toLowerCase(), offset: start % 8 }];
});

const BACK_GROUPS = 4;

const value = (c: number) => (c >= 65 && c <= 90 ? c - 65 : c >= 97 && c <= 122 ? c - 97 : c >= 50 && c <= 55 ? c - 24 : -1);

export const base32Decoder: Decoder = {
  name: 'base32',
  needles: GRID_NEEDLES.map((n) => n.needle),
  decodeAt(input, at, maxBytes) {
    const grid = GRID_NEEDLES.find((n) => matches(input, at, n.needle));
    if (!grid || at < grid.offset) return undefined;
    let start = at - grid.offset;
    for (let g = 0; g < BACK_GROUPS && start >= 8 && isGroup(input, start - 8); g++) start -= 8;
    return decode(input, start, maxBytes);
  },
};

function matches(input: Uint8Array, at: number, needle: string): boolean {
  for (let i = 0; i < needle.length; i++) if (input[at + i] !== needle.charCodeAt(i)) return false;
  return true;
}

function isGroup(input: Uint8Array, from: number): boolean {
  for (let i = from; i < from + 8; i++) if (value(input[i]) === -1) return false;
  return true;
}

function decode(input: Uint8Array, start: number, maxBytes: number): DecodedSpan | undefined {
  const out = new ByteOut(maxBytes);
  let bits = 0;
  let acc = 0;
  let p = start;
  while (p < input.length && !out.full) {
    const v = value(input[p]);
    if (v === -1) break;
    acc = ((acc << 5) | v) & 0x1fff;
    bits += 5;
    if (bits >= 8) out.push((acc >>> (bits -= 8)) & 0xff);
    p++;
  }
  // Padding closes the last group.
  while (p < input.length && input[p] === 61 && (p - start) % 8 !== 0) p++;
  return spanOf(input, start, p, out);
}
