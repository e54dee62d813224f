import { describe, expect, it } from 'vitest';
import { percentDecoder } from '../../src/decoders/percent.js';
import { fakeKey } from '../helpers/keys.js';
import { decodeAll, holdsNoKey, texts } from './helpers.js';

const key = fakeKey('percent-decoder');
const pct = (c: string) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`;

describe('percent decoder', () => {
  it.each([
    ['one letter of the prefix encoded', key.replace('aisa', 'a%69sa')],
    ['upper-case k', key.replace('sk', 's%6B')],
    ['every byte encoded', [...key].map(pct).join('')],
    ['only the second dash encoded', key.replace('aisa-', 'aisa%2D')],
    ['a random mix', [...key].map((c, i) => (i % 3 === 1 ? pct(c) : c)).join('')],
  ])('reads %s', (_name, encoded) => {
    const input = `https://example.com/cb?token=${encoded}&x=1`;
    const spans = decodeAll(percentDecoder, input);
    expect(texts(spans)).toEqual([key]);
    expect([spans[0].start, spans[0].end]).toEqual([29, 29 + encoded.length]);
  });

  it('decodes every escape of the run and stops at the budget', () => {
    const [span] = decodeAll(percentDecoder, `q=a%2Fb${key.replace('k', '%6b')}`);
    expect(Buffer.from(span.bytes).toString()).toBe(`a/b${key}`);
    expect(decodeAll(percentDecoder, [...key].map(pct).join(''), 10)[0].bytes.length).toBe(10);
  });

  it('finds no key in ordinary URLs and placeholders', () => {
    for (const text of [
      'https://example.com/search?q=caf%C3%A9&lang=%61%62',
      'path/to%2Daisa-guard%2Dreport',
      `sk-a%69sa-${'x'.repeat(43)}`,
      '100%69 of 200%73',
    ]) {
      expect(holdsNoKey(percentDecoder, text), text).toBe(true);
    }
  });
});
