// Runs a decoder as the engine does: every needle hit outside the spans already decoded, in order.
import { expect } from 'vitest';
import { findKeys } from '../../src/detect/detector.js';
import type { DecodedSpan, Decoder } from '../../src/decoders/types.js';

export const MAX = 1 << 20;

export function hits(decoder: Decoder, input: Uint8Array): number[] {
  const buffer = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  const found = new Set<number>();
  for (const needle of decoder.needles) {
    const bytes = Buffer.from(needle, 'latin1');
    for (let at = buffer.indexOf(bytes); at !== -1; at = buffer.indexOf(bytes, at + 1)) found.add(at);
  }
  // A magic number counts only where the view starts.
  if (decoder.magic?.some((m) => buffer.subarray(0, m.length).equals(Buffer.from(m, 'latin1')))) found.add(0);
  return [...found].sort((a, b) => a - b);
}

export function decodeAll(decoder: Decoder, input: Uint8Array | string, maxBytes = MAX): DecodedSpan[] {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
  const spans: DecodedSpan[] = [];
  let coveredUntil = -1;
  for (const at of hits(decoder, bytes)) {
    if (at < coveredUntil) continue;
    const span = decoder.decodeAt(bytes, at, maxBytes);
    if (!span) continue;
    expect(span.bytes.length).toBeLessThanOrEqual(maxBytes);
    // The run holds the hit or starts right after it (`fromCharCode(` then the numbers).
    if (span.bytes.length < maxBytes) expect(span.end).toBeGreaterThan(at);
    spans.push(span);
    coveredUntil = span.end;
  }
  return spans;
}

/** The decoded views as text (latin1), for assertions. */
export const texts = (spans: DecodedSpan[]) => spans.map((s) => Buffer.from(s.bytes).toString('latin1'));

/** What a scan of the decoded views would find: no key (placeholders are the detector's to reject). */
export function holdsNoKey(decoder: Decoder, input: string): boolean {
  return texts(decodeAll(decoder, input)).every((t) => findKeys(t).length === 0);
}
