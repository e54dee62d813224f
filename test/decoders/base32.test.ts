import { describe, expect, it } from 'vitest';
import { base32Decoder, base32Encode } from '../../src/decoders/base32.js';
import { fakeKey } from '../helpers/keys.js';
import { decodeAll, holdsNoKey, texts } from './helpers.js';

const key = fakeKey('base32-decoder');

describe('base32 decoder', () => {
  it('declares ten needles: five alignments, two cases', () => {
    expect(base32Decoder.needles).toHaveLength(10);
    for (const n of base32Decoder.needles) expect(n.length).toBeGreaterThanOrEqual(10);
  });

  it('reads every alignment, upper and lower case, padded or not, with the exact span', () => {
    for (const lead of ['', 'a', 'ab', 'abc', 'abcd', 'abcde', 'abcdefghijklmnopq']) {
      const payload = `${lead}${key}`;
      for (const encoded of [base32Encode(Buffer.from(payload)), base32Encode(Buffer.from(payload)).toLowerCase().replace(/=+$/, '')]) {
        const input = `secret: ${encoded}\n`;
        const spans = decodeAll(base32Decoder, input);
        expect(texts(spans), `${lead} ${encoded}`).toEqual([payload]);
        expect([spans[0].start, spans[0].end]).toEqual([8, 8 + encoded.length]);
      }
    }
  });

  it('stops at the budget', () => {
    expect(decodeAll(base32Decoder, base32Encode(Buffer.from(key.repeat(20))), 16)[0].bytes.length).toBe(16);
  });

  it('finds no key in ordinary base32 and placeholders', () => {
    for (const text of [
      'otpauth://totp/x?secret=JBSWY3DPEHPK3PXP',
      base32Encode(Buffer.from('sk-aisa-' + 'x'.repeat(43))),
      'ONVS2YLJONQS2 broken ONVS2YLJONQS2 MFUXGYJN',
    ]) {
      expect(holdsNoKey(base32Decoder, text), text).toBe(true);
    }
  });
});
