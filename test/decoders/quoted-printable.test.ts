import { describe, expect, it } from 'vitest';
import { quotedPrintableDecoder } from '../../src/decoders/quoted-printable.js';
import { fakeKey } from '../helpers/keys.js';
import { decodeAll, holdsNoKey, texts } from './helpers.js';

const key = fakeKey('qp-decoder');

describe('quoted-printable decoder', () => {
  it('joins a key across a soft break at every position, CRLF and LF', () => {
    for (const eol of ['\r\n', '\n']) {
      for (let cut = 1; cut < key.length; cut++) {
        const encoded = `${key.slice(0, cut)}=${eol}${key.slice(cut)}`;
        const input = `Content-Transfer-Encoding: quoted-printable${eol}${eol}Your key: ${encoded}${eol}Thanks=3D${eol}`;
        const spans = decodeAll(quotedPrintableDecoder, input);
        expect(texts(spans), `${cut}`).toEqual([key]);
        const start = input.indexOf(encoded);
        expect([spans[0].start, spans[0].end]).toEqual([start, start + encoded.length]);
      }
    }
  });

  it('reads =XX escapes and several soft breaks', () => {
    const encoded = `${key.slice(0, 5)}=\n${key.slice(5, 20)}=\r\n=${key.charCodeAt(20).toString(16).toUpperCase()}${key.slice(21)}`;
    expect(texts(decodeAll(quotedPrintableDecoder, ` ${encoded} `))).toEqual([key]);
  });

  it('yields nothing for a plain key or plain text, and nothing without a break in a line`s length', () => {
    expect(decodeAll(quotedPrintableDecoder, `token ${key} and aisa-guard`)).toEqual([]);
    expect(decodeAll(quotedPrintableDecoder, `aisa-${'A'.repeat(200)}=\nB`)).toEqual([]);
  });

  it('finds no key in ordinary mail and placeholders', () => {
    for (const text of ['Hi=\nthere, aisa-guard=3D1', 'sk-ai=\nsa-YOUR_KEY_HERE_xxxxxxxxxxxxxxxxxxxxxxxxxxxxx']) {
      expect(holdsNoKey(quotedPrintableDecoder, text), text).toBe(true);
    }
  });
});
