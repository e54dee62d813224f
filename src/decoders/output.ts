// What every decoder shares: a bounded output buffer, character classes and the "did decoding change
// anything" test (a run that decodes to itself is the raw scan's, not a new view).
import { isBase64UrlChar } from '../detect/grammar.js';
import type { DecodedSpan } from './types.js';

/** Output bytes, never more than `max`: `push` answers false once the budget is spent. */
export class ByteOut {
  private buffer: Uint8Array;
  length = 0;
  constructor(private readonly max: number) {
    this.buffer = new Uint8Array(Math.max(0, Math.min(max, 64)));
  }

  get full(): boolean {
    return this.length >= this.max;
  }

  push(byte: number): boolean {
    if (this.length >= this.max) return false;
    if (this.length === this.buffer.length) {
      // Grown by doubling, capped by the budget: memory follows what was produced, not what was allowed.
      const next = new Uint8Array(Math.min(this.max, this.buffer.length * 2 || 64));
      next.set(this.buffer);
      this.buffer = next;
    }
    this.buffer[this.length++] = byte;
    return true;
  }

  /** A code point as UTF-8 (all or nothing). */
  pushCodePoint(code: number): boolean {
    if (code < 0x80) return this.push(code);
    const bytes = Buffer.from(String.fromCodePoint(code), 'utf8');
    if (this.length + bytes.length > this.max) return false;
    for (const b of bytes) this.push(b);
    return true;
  }

  /** True when the output equals input[start, start + length). */
  sameAs(input: Uint8Array, start: number): boolean {
    for (let i = 0; i < this.length; i++) if (this.buffer[i] !== input[start + i]) return false;
    return true;
  }

  bytes(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}

export const isKeyChar = isBase64UrlChar;

export function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 70) return code - 55;
  if (code >= 97 && code <= 102) return code - 87;
  return -1;
}

export const isSpace = (code: number) => code === 32 || code === 9 || code === 10 || code === 13;

/** The span, or undefined when it is empty or decodes to exactly its own bytes (nothing for a new view). */
export function spanOf(input: Uint8Array, start: number, end: number, out: ByteOut): DecodedSpan | undefined {
  if (out.length === 0 || end <= start) return undefined;
  if (out.length === end - start && out.sameAs(input, start)) return undefined;
  return { start, end, bytes: out.bytes() };
}

/** True when `literal` (latin1) occurs in input at `at`. */
export function startsWithAt(input: Uint8Array, at: number, literal: string): boolean {
  if (at < 0 || at + literal.length > input.length) return false;
  for (let i = 0; i < literal.length; i++) if (input[at + i] !== literal.charCodeAt(i)) return false;
  return true;
}

/**
 * The offset of the first `byte` in [from, to), or `to` if none. Decoders are called at ascending hits,
 * so the last answer is kept: a run of needles near no such byte costs one pass over the input, not
 * (to - from) bytes a hit. Bounded by `to` also when the cache is cold (decoders alternate between views).
 */
let lastFind = { input: undefined as Uint8Array | undefined, byte: -1, from: 0, at: 0 };

export function nextByte(input: Uint8Array, from: number, byte: number, to: number): number {
  to = Math.min(to, input.length);
  const cached = lastFind.input === input && lastFind.byte === byte && lastFind.from <= from;
  // The cache knows [lastFind.from, lastFind.at) holds no `byte`.
  let at = cached ? Math.max(from, lastFind.at) : from;
  if (cached && lastFind.at >= from && lastFind.at < input.length && input[lastFind.at] === byte) return Math.min(lastFind.at, to);
  while (at < to && input[at] !== byte) at++;
  lastFind = { input, byte, from, at };
  return at;
}
