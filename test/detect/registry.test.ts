// The decoder registry's runner: registered decoders found by one multi-needle pass, decoded views scanned
// by the same detector, recursively, so chains compose; each key once, placed at its encoded run.
import { describe, expect, it } from 'vitest';
import type { Decoder } from '../../src/decoders/types.js';
import { scanWithDecoders } from '../../src/detect/registry.js';
import { mayHoldDecodedKey } from '../../src/detect/sieve.js';
import { compileNeedles } from '../../src/detect/needles/index.js';
import { fakeKey } from '../helpers/keys.js';

/**
 * Test codecs no built-in decoding reads, framed as `<tag>[` five-digit length `:` content: `X` holds the
 * text reversed, `S` every byte plus one.
 */
function framed(tag: string, transform: (bytes: Buffer) => Buffer): Decoder {
  return {
    name: tag === 'X' ? 'X-reversed' : 'shifted',
    needles: [`${tag}[`],
    decodeAt(input, at, maxBytes) {
      const head = Buffer.from(input.subarray(at + 2, at + 8)).toString('latin1');
      if (!/^\d{5}:$/.test(head)) return undefined;
      const end = at + 8 + Number(head.slice(0, 5));
      if (end > input.length) return undefined;
      return { start: at, end, bytes: transform(Buffer.from(input.subarray(at + 8, end))).subarray(0, maxBytes) };
    },
  };
}
const frame = (tag: string, content: Buffer) => Buffer.concat([Buffer.from(`${tag}[${String(content.length).padStart(5, '0')}:`), content]);
const reversed = () => framed('X', (b) => b.reverse());
const shifted = framed('S', (b) => Buffer.from(b.map((x) => (x - 1) & 0xff)));
const rev = (text: string | Buffer) => frame('X', Buffer.from(text).reverse());
const shift = (text: string | Buffer) => frame('S', Buffer.from(Buffer.from(text).map((x) => (x + 1) & 0xff)));

describe('decoder registry', () => {
  it('a key in a registered encoding is found at its run, naming the decoder', () => {
    const key = fakeKey('registry-one');
    const bytes = Buffer.concat([Buffer.from('lead\n'), rev(key), Buffer.from(' tail\n')]);
    const found = scanWithDecoders(bytes, { file: 'a.txt' }, [reversed()]);
    expect(found.map((f) => [f.line, f.column, f.encodingChain])).toEqual([[2, 1, ['X-reversed']]]);
  });

  it('chains compose: a view decoded by one decoder is decoded again by another', () => {
    const key = fakeKey('registry-chain');
    const bytes = rev(shift(`k=${key}`));
    const found = scanWithDecoders(bytes, { file: 'a.txt' }, [reversed(), shifted]);
    expect(found.map((f) => [f.line, f.column, f.encodingChain])).toEqual([[1, 1, ['X-reversed', 'shifted']]]);
  });

  it('built-in encodings inside a decoded view name both (registry first)', () => {
    const key = fakeKey('registry-builtin');
    const bytes = rev(`v=${Buffer.from(key).toString('base64')}`);
    const found = scanWithDecoders(bytes, { file: 'a.txt' }, [reversed()]);
    expect(found.map((f) => f.encodingChain)).toEqual([['X-reversed', 'base64']]);
  });

  it('a key the raw bytes already show is reported once, by the raw view', () => {
    const key = fakeKey('registry-dup');
    const bytes = Buffer.concat([Buffer.from(`${key}\n`), rev(key)]);
    const found = scanWithDecoders(bytes, { file: 'a.txt' }, [reversed()]);
    expect(found.map((f) => [f.line, f.column, f.encodingChain])).toEqual([[1, 1, undefined]]);
  });

  it('nesting stops at the depth limit', () => {
    let run = Buffer.from(`k=${fakeKey('registry-deep')}`);
    for (let i = 0; i < 3; i++) run = shift(run);
    expect(scanWithDecoders(run, { file: 'a.txt' }, [shifted]).map((f) => f.encodingChain)).toEqual([['shifted', 'shifted', 'shifted']]);
    for (let i = 0; i < 3; i++) run = shift(run);
    expect(scanWithDecoders(run, { file: 'a.txt' }, [shifted])).toEqual([]);
  });
});

describe('the sieve (one pass over key and decoder needles)', () => {
  /** The sieve may say yes to more than the scan finds (placeholders, entropy), never to less. */
  const agrees = (bytes: Buffer, decoders: Decoder[]) => {
    const found = scanWithDecoders(bytes, { file: 'a.txt' }, decoders).length > 0;
    const sieved = mayHoldDecodedKey(bytes, decoders);
    return { found, sieved };
  };

  it('passes a key in any decoded view, at any depth the registry reads, and only those', () => {
    const key = fakeKey('sieve-chain');
    expect(agrees(rev(shift(`k=${key}`)), [reversed(), shifted])).toEqual({ found: true, sieved: true });
    // A needle whose run decodes to text without a key: not passed, so the file is never scanned.
    expect(agrees(Buffer.from(`lead X[00005:olleh ${rev('no key here')}`), [reversed()])).toEqual({ found: false, sieved: false });
    expect(agrees(Buffer.from('X[ is not a frame'), [reversed()])).toEqual({ found: false, sieved: false });
    let run = Buffer.from(`k=${key}`);
    for (let i = 0; i < 4; i++) run = shift(run);
    expect(agrees(run, [shifted])).toEqual({ found: true, sieved: true });
    run = shift(run);
    expect(agrees(run, [shifted])).toEqual({ found: false, sieved: false });
  });

  it('tries a magic-number decoder only where a view starts', () => {
    const key = fakeKey('sieve-magic');
    const magic: Decoder = { name: 'MAGIC', needles: [], magic: ['MZQ'], decodeAt: (input, at, max) => (at === 0 ? { start: 0, end: input.length, bytes: Buffer.from(input.subarray(3)).reverse().subarray(0, max) } : undefined) };
    const packed = Buffer.concat([Buffer.from('MZQ'), Buffer.from(`k=${key}`).reverse()]);
    expect(agrees(packed, [magic])).toEqual({ found: true, sieved: true });
    expect(scanWithDecoders(packed, { file: 'a.txt' }, [magic]).map((f) => [f.line, f.column, f.encodingChain])).toEqual([[1, 1, ['MAGIC']]]);
    expect(agrees(Buffer.concat([Buffer.from(' '), packed]), [magic])).toEqual({ found: false, sieved: false });
  });
});

describe('multi-needle search (plain JS)', () => {
  it('reports every occurrence, overlapping ones too, in ascending order, and stops on false', () => {
    const search = compileNeedles(['aba', 'ba', 'x'].map((s) => Buffer.from(s)));
    const hits: [number, number][] = [];
    search.scan(Buffer.from('ababa x'), (n, at) => void hits.push([n, at]));
    expect(hits).toEqual([[0, 0], [1, 1], [0, 2], [1, 3], [2, 6]]);
    let count = 0;
    search.scan(Buffer.from('ababa'), () => ++count < 2);
    expect(count).toBe(2);
    expect(search.test(Buffer.from('zzzab'))).toBe(false);
    expect(search.test(Buffer.from('zzzab'), 0, 4)).toBe(false);
    expect(search.test(Buffer.from('zxz'), 1, 2)).toBe(true);
  });
});
