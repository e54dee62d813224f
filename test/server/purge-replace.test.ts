// The byte rewriting purge applies to each blob and message: every encoded form of a key becomes the
// marker in that same encoding, and nothing else changes.
import { describe, expect, it } from 'vitest';
import { KeyStore, scanText } from '../../src/detect/index.js';
import { MARKER, purgeBytes } from '../../src/purge/replace.js';
import { fakeKey } from '../helpers/keys.js';

const KEY = fakeKey('replace');
const OTHER = fakeKey('replace-other');
const b64 = (text: string) => Buffer.from(text).toString('base64');
const purged = (text: string | Buffer, keys = [KEY]) => purgeBytes(Buffer.from(text), keys).toString('latin1');

describe('purgeBytes', () => {
  it('leaves bytes without a key as they are (the same Buffer)', () => {
    const bytes = Buffer.from('nothing here\nYWJjZGVmZ2hpamtsbW5vcA==\n');
    expect(purgeBytes(bytes, [KEY])).toBe(bytes);
  });

  it('plain, hex, percent, UTF-16, \\u escapes and HTML entities: the marker in the same form', () => {
    const hex = (t: string) => Buffer.from(t).toString('hex');
    const percent = (t: string) => [...Buffer.from(t)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('');
    const escapes = (t: string) => [...t].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('');
    const entities = (t: string) => [...t].map((c) => `&#x${c.charCodeAt(0).toString(16)};`).join('');
    for (const encode of [(t: string) => t, hex, (t: string) => hex(t).toUpperCase(), percent, escapes, entities]) {
      expect(purged(`a\nk=${encode(KEY)};\nb\n`)).toBe(`a\nk=${encode(MARKER)};\nb\n`);
    }
    const utf16 = Buffer.concat([Buffer.from('x', 'utf16le'), Buffer.from(KEY, 'utf16le'), Buffer.from('y', 'utf16le')]);
    expect(purgeBytes(utf16, [KEY]).toString('utf16le')).toBe(`x${MARKER}y`);
  });

  it('base64: the whole run decoded, purged and encoded again, padded, unpadded, url-safe, wrapped at its width', () => {
    const secret = `AISA_API_KEY=${KEY}\nREGION=eu\n`;
    expect(purged(`token: ${b64(secret)}\nnext: line\n`)).toBe(`token: ${b64(secret.replace(KEY, MARKER))}\nnext: line\n`);
    const url = Buffer.from(`{"k":"${KEY}"}`).toString('base64url');
    expect(purged(`?state=${url}&x=1`)).toBe(`?state=${Buffer.from(`{"k":"${MARKER}"}`).toString('base64url')}&x=1`);
    const long = `${'x'.repeat(100)}${KEY}${'y'.repeat(100)}`;
    const wrap = (text: string) => text.match(/.{1,64}/g)!.join('\r\n');
    expect(purged(`-----BEGIN-----\r\n${wrap(b64(long))}\r\n-----END-----\r\n`)).toBe(`-----BEGIN-----\r\n${wrap(b64(long.replace(KEY, MARKER)))}\r\n-----END-----\r\n`);
  });

  it('base64 of base64, and two keys in one blob', () => {
    const inner = b64(`{"auth":"${KEY}"}`);
    expect(purged(`"config": "${b64(`{"auths":"${inner}"}`)}"`)).toBe(`"config": "${b64(`{"auths":"${b64(`{"auth":"${MARKER}"}`)}"}`)}"`);
    expect(purged(`${KEY} and ${OTHER}`, [KEY, OTHER])).toBe(`${MARKER} and ${MARKER}`);
  });

  it('what it leaves holds no key the detector finds', () => {
    const text = [`plain ${KEY}`, `b64 ${b64(`k=${KEY}`)}`, `hex ${Buffer.from(KEY).toString('hex')}`].join('\n');
    const after = purged(text);
    expect(scanText(after, { file: 'x', keys: new KeyStore() })).toEqual([]);
    expect(scanText(text, { file: 'x', keys: new KeyStore() }).length).toBeGreaterThan(0);
  });
});
