import { describe, expect, it } from 'vitest';
import { hexDecoder } from '../../src/decoders/hex.js';
import { fakeKey } from '../helpers/keys.js';
import { decodeAll, holdsNoKey, texts } from './helpers.js';

const key = fakeKey('hex-decoder');
const payload = `k=${key};`;
const hex = Buffer.from(payload).toString('hex');

function wrap(text: string, width: number): string {
  return text.match(new RegExp(`.{1,${width}}`, 'g'))!.join('\n');
}

function xxd(data: Buffer): string {
  const lines: string[] = [];
  for (let o = 0; o < data.length; o += 16) {
    const row = data.subarray(o, o + 16);
    const groups = row.toString('hex').match(/.{1,4}/g)!.join(' ');
    lines.push(`${o.toString(16).padStart(8, '0')}: ${groups.padEnd(39)}  ${row.toString('latin1')}`);
  }
  return lines.join('\n') + '\n';
}

function hexdumpC(data: Buffer): string {
  const lines: string[] = [];
  for (let o = 0; o < data.length; o += 16) {
    const row = data.subarray(o, o + 16);
    const bytes = [...row].map((b) => b.toString(16).padStart(2, '0'));
    const hexArea = `${bytes.slice(0, 8).join(' ')}  ${bytes.slice(8).join(' ')}`;
    lines.push(`${o.toString(16).padStart(8, '0')}  ${hexArea.padEnd(48)}  |${row.toString('latin1')}|`);
  }
  return lines.join('\n') + '\n';
}

describe('hex decoder', () => {
  it('reads xxd -p output wrapped at 60 columns, the key cut by a line break', () => {
    const input = `data:\n${wrap(hex, 60)}\nend\n`;
    const spans = decodeAll(hexDecoder, input);
    expect(texts(spans)).toEqual([payload]);
    expect(spans[0].start).toBe(6);
    expect(spans[0].end).toBe(input.indexOf('\nend'));
  });

  it('reads wraps at every column of 8 bytes or more (one break at most inside the prefix)', () => {
    for (let width = 16; width <= 64; width += 2) {
      for (const lead of ['', 'a', 'ab', 'abc', 'abcd', 'abcde', 'abcdef', 'abcdefg']) {
        const text = wrap(Buffer.from(lead + key).toString('hex'), width);
        expect(texts(decodeAll(hexDecoder, text)).join('|'), `${width}/${lead}`).toContain(key);
      }
    }
  });

  it.each([
    ['0x byte list (C, Java, Go)', (b: Buffer) => `byte[] k = {${[...b].map((x) => `0x${x.toString(16).padStart(2, '0')}`).join(', ')}};`],
    ['0X upper case, wrapped', (b: Buffer) => [...b].map((x) => `0X${x.toString(16).toUpperCase()}`).join(',\n    ')],
    ['\\x string with line-split literals', (b: Buffer) => `"${[...b].map((x) => `\\x${x.toString(16)}`).join('').replace(/(.{40})/g, '$1"\n  "')}"`],
    ['space-separated bytes', (b: Buffer) => b.toString('hex').match(/../g)!.join(' ')],
    ['xxd canonical dump', (b: Buffer) => xxd(b)],
    ['hexdump -C canonical dump', (b: Buffer) => hexdumpC(b)],
    ['xxd dump at an odd offset', (b: Buffer) => xxd(Buffer.concat([Buffer.from('x'), b]))],
  ])('reads %s', (_name, encode) => {
    for (const lead of ['', 'ab', 'abcde', 'abcdefghijk']) {
      const bytes = Buffer.from(lead + payload);
      const input = encode(bytes);
      const spans = decodeAll(hexDecoder, input);
      expect(texts(spans).join('|')).toContain(key);
    }
  });

  it('gives the exact span of a 0x list', () => {
    const list = [...Buffer.from(key)].map((x) => `0x${x.toString(16)}`).join(', ');
    const input = `const k = [${list}];`;
    const [span] = decodeAll(hexDecoder, input);
    expect(span.start).toBe(11);
    expect(span.end).toBe(11 + list.length);
    expect(Buffer.from(span.bytes).toString()).toBe(key);
  });

  it('stops at the output budget', () => {
    const [span] = decodeAll(hexDecoder, wrap(Buffer.from(key.repeat(50)).toString('hex'), 60), 100);
    expect(span.bytes.length).toBe(100);
  });

  it('finds no key in ordinary code, numbers and placeholders', () => {
    for (const text of [
      'const colors = [0x69, 0x73, 0x61, 0x2d]; // isa-',
      'sha256: 6973612e8d0f1c2b3a4958677685a4b3c2d1e0f1a2b3c4d5e6f708192a3b4c5d',
      '00000000: 6973 612d 2d2d 2d2d  isa-----\n',
      Buffer.from('sk-aisa-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx').toString('hex'),
      'margin: 3 6120px; version 1 6973',
    ]) {
      expect(holdsNoKey(hexDecoder, text), text).toBe(true);
    }
  });
});
