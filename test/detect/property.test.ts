// Property tests: a valid key planted anywhere in random text is found at its exact line and column,
// plain, base64- or percent-encoded; and the detector never throws, whatever it is given.
import { createHash, randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesMayContainKey, scanBytes, scanText } from '../../src/detect/index.js';
import { percentAll, percentDashes, positionOf } from './helpers.js';

/**
 * A valid key: 32 random-looking bytes as base64url, as AIsa issues them. Hashed, because fast-check
 * favours degenerate arrays (all zeros), which give `AAAA…` bodies: placeholders, rightly not reported.
 */
const keyArb = fc
  .uint8Array({ minLength: 1, maxLength: 32 })
  .map((seed) => 'sk-aisa-' + createHash('sha256').update(seed).digest('base64url'));

/** Text without NULs: printable ASCII, line breaks of every kind, and any Unicode (astral included). */
const textArb = fc.string({
  unit: fc.oneof(
    fc.constantFrom('\n', '\r\n', '\r', '\t', ' ', '"', "'", '=', ':', ',', '(', ')', '{', '}', '%', '+', '/'),
    fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }).filter((c) => c !== '\0'),
    fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }).filter((c) => c !== '\0'),
  ),
  maxLength: 300,
});

/** What may sit right after a key without extending it (a base64url character would). */
const afterArb = fc.constantFrom('', '\n', '\r\n', '"', "'", ' ', ';', ',', ')', '.', '&', '😀', 'é');

/** Random text after the key, unless the key ends the text (EOF without a newline). */
const tail = (after: string, rest: string) => (after === '' ? '' : after + rest);

describe('a planted key is found at its exact position', () => {
  it('plain, in random text (scanText)', () => {
    fc.assert(
      fc.property(textArb, keyArb, afterArb, textArb, (before, key, after, rest) => {
        const text = before + key + tail(after, rest);
        const at = text.indexOf(key);
        const start = positionOf(text, at);
        const findings = scanText(text, { file: 'f' }).filter((f) => f.redacted === redacted(key));
        expect(findings.map((f) => [f.line, f.column, f.endColumn, f.confidence])).toContainEqual([
          start.line,
          start.column,
          start.column + key.length,
          'high',
        ]);
      }),
      { numRuns: 500 },
    );
  });

  it('plain, in random UTF-8 bytes (scanBytes)', () => {
    fc.assert(
      fc.property(textArb, keyArb, afterArb, textArb, (before, key, after, rest) => {
        const text = before + key + tail(after, rest);
        const start = positionOf(text, text.indexOf(key));
        const verdict = scanBytes(Buffer.from(text, 'utf8'), { file: 'f' });
        expect(verdict.findings.map((f) => [f.line, f.column, f.redacted])).toContainEqual([
          start.line,
          start.column,
          redacted(key),
        ]);
      }),
      { numRuns: 300 },
    );
  });

  it('base64-encoded (any byte alignment) and percent-encoded', () => {
    const encodedArb = fc.tuple(
      keyArb,
      fc.constantFrom('base64', 'base64url', 'percent-dashes', 'percent-all'),
      fc.string({ unit: 'grapheme-ascii', maxLength: 5 }),
    );
    fc.assert(
      fc.property(textArb, encodedArb, afterArb, textArb, (before, [key, form, lead], after, rest) => {
        const encoded =
          form === 'base64' || form === 'base64url'
            ? Buffer.from(lead + key).toString(form)
            : form === 'percent-dashes'
              ? percentDashes(key)
              : percentAll(key);
        const text = `${before} ${encoded}${tail(after, rest)}`;
        const at = text.indexOf(encoded, before.length);
        const findings = scanText(text, { file: 'f' }).filter((f) => f.redacted === redacted(key));
        const start = positionOf(text, at);
        expect(findings.length, form).toBeGreaterThan(0);
        expect(findings[0].line).toBe(start.line);
        expect(findings[0].encoding).toBe(form.startsWith('base64') ? 'base64' : 'percent');
        // The finding starts at the first character carrying bits of the key, inside the encoded run.
        expect(findings[0].column).toBeGreaterThanOrEqual(start.column);
        expect(findings[0].endColumn).toBeLessThanOrEqual(start.column + encoded.length);
        if (form.startsWith('percent')) expect(findings[0].endColumn - findings[0].column).toBe(encoded.length);
      }),
      { numRuns: 400 },
    );
  });
});

describe('the byte prefilter', () => {
  it('passes every form of a key the detector finds, and skips text without one', () => {
    fc.assert(
      fc.property(keyArb, fc.string({ unit: 'grapheme-ascii', maxLength: 4 }), (key, lead) => {
        for (const form of [key, Buffer.from(lead + key).toString('base64'), percentDashes(key), percentAll(key)]) {
          expect(bytesMayContainKey(Buffer.from(`x=${form}\n`)), form).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
    expect(bytesMayContainKey(Buffer.from('const risk = "sk-ai sa"; // aisa\n'))).toBe(false);
  });
});

describe('the detector never throws', () => {
  it('on arbitrary strings, lone surrogates included', () => {
    const anyUnit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
    const pieces = fc.oneof(
      fc.string({ unit: anyUnit, maxLength: 50 }),
      fc.constantFrom('sk-aisa-', 'c2stYWlzYS', 'NrLWFpc2Et', 'zay1haXNhL', '%2Daisa', '%61%69%73%61', '\r', '\n'),
      keyArb,
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 20 }), (parts) => {
        const findings = scanText(parts.join(''), { file: 'f' });
        expect(Array.isArray(findings)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        const verdict = scanBytes(Buffer.from(bytes), { file: 'f' });
        expect(Array.isArray(verdict.findings)).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });

  it('on bytes that look like UTF-16 but are cut mid-character', () => {
    const key = 'sk-aisa-' + randomBytes(32).toString('base64url');
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`k=${key}\n`, 'utf16le')]);
    for (let cut = 0; cut <= le.length; cut++) expect(() => scanBytes(le.subarray(0, cut), { file: 'f' })).not.toThrow();
  });
});

function redacted(key: string): string {
  return `sk-aisa-${key.slice(8, 12)}…${key.slice(-4)}`;
}
