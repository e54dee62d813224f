// Chunked reading must find exactly what a whole-file scan finds, wherever the chunk boundaries fall.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanBytes } from '../../src/detect/index.js';
import { scanFile } from '../../src/sources/read.js';
import type { Finding } from '../../src/types.js';
import { fakeKey } from '../helpers/keys.js';

const dir = mkdtempSync(path.join(os.tmpdir(), 'aisa-guard-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const view = (findings: Finding[]) =>
  findings.map((f) => [f.line, f.column, f.endLine, f.endColumn, f.ruleId, f.encoding, f.fingerprint].join(' '));

/** Text with keys among CRLF, lone CR, multi-byte characters, and encoded forms. */
function sample(): string {
  const parts: string[] = [];
  for (let i = 0; i < 12; i++) {
    parts.push(
      `line ${i} é中😀 ${'z'.repeat(i * 13)}\r\n`,
      `k${i}="${fakeKey(`chunk-${i}`)}"\n`,
      i % 3 === 0 ? `lone cr\r${fakeKey(`cr-${i}`)}\r` : '',
      i % 4 === 1 ? `b64: ${Buffer.from(fakeKey(`b64-${i}`)).toString('base64')}\n` : '',
      i % 5 === 2 ? `?api_key=${fakeKey(`pct-${i}`).replaceAll('-', '%2D')}&x\n` : '',
    );
  }
  return parts.join('');
}

const FILES: [string, Buffer][] = [
  ['utf8.txt', Buffer.from(sample())],
  ['utf8-bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(sample())])],
  ['utf16le.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(sample(), 'utf16le')])],
  ['utf16be.txt', Buffer.from(sample(), 'utf16le').swap16()],
];

describe('chunked reads', () => {
  it.each(FILES)('%s: every chunk size gives the whole-file findings', async (name, bytes) => {
    const file = path.join(dir, name);
    writeFileSync(file, bytes);
    const whole = scanBytes(bytes, { file: name }).findings;
    expect(whole).toHaveLength(12 + 4 + 3 + 2);
    for (let chunkSize = 64; chunkSize <= 1600; chunkSize += 37) {
      const outcome = await scanFile(file, { file: name }, { chunkSize });
      expect(outcome.kind).toBe('scanned');
      if (outcome.kind !== 'scanned') return;
      expect(view(outcome.findings), `chunk size ${chunkSize}`).toEqual(view(whole));
      expect(outcome.bytes).toBe(bytes.length);
    }
  });

  it('a key right at every offset around a boundary is found once, at its position', async () => {
    const key = fakeKey('boundary');
    const file = path.join(dir, 'boundary.txt');
    for (let offset = 90; offset <= 130; offset++) {
      writeFileSync(file, 'a'.repeat(offset) + key + '\n' + 'b'.repeat(300));
      const outcome = await scanFile(file, { file: 'b' }, { chunkSize: 128 });
      expect(outcome.kind === 'scanned' && outcome.findings.map((f) => [f.line, f.column])).toEqual([[1, offset + 1]]);
    }
  });

  it('a chunked binary file is scanned to its end, keys at their byte offsets', async () => {
    const file = path.join(dir, 'blob.bin');
    const key = fakeKey('chunked-binary');
    const bytes = Buffer.concat([Buffer.from([0, 1, 2, 0, 0, 0, 9]), Buffer.alloc(5000, 0x41), Buffer.from([0, 0]), Buffer.from(key), Buffer.alloc(10, 0)]);
    writeFileSync(file, bytes);
    const scanned = await scanFile(file, { file: 'blob.bin' }, { chunkSize: 1024 });
    expect(scanned.kind === 'scanned' && [scanned.bytes, scanned.findings.map((f) => [f.offset, f.line, f.column, f.endColumn])]).toEqual([
      bytes.length,
      [[5009, 1, 5010, 5010 + key.length]],
    ]);
  });
});

describe('a decoder run across the chunk boundary', () => {
  it('wrapped base64 with long indentation straddling the boundary is found, as earlier in the file', async () => {
    const encoded = Buffer.from(`token=${fakeKey('wrapped-indented')}`).toString('base64');
    const indent = ' '.repeat(1500);
    // Wrapped at 8 characters a line, each line indented 1,500 spaces: the block spans ~18 KB.
    const block = `data: |\n${encoded.match(/.{1,8}/g)!.map((line) => indent + line).join('\n')}\n`;
    const file = path.join(dir, 'wrapped.yaml');
    const chunkSize = 64 * 1024;
    for (const lead of [chunkSize - 3000, chunkSize - 9000, 10]) {
      const bytes = Buffer.from('#'.repeat(lead - 1) + '\n' + block + 'x\n'.repeat(40_000));
      writeFileSync(file, bytes);
      const whole = scanBytes(bytes, { file: 'w' }).findings;
      expect(whole.map((f) => f.encoding)).toEqual(['base64']);
      const outcome = await scanFile(file, { file: 'w' }, { chunkSize });
      expect(outcome.kind === 'scanned' && view(outcome.findings), `block at ${lead}`).toEqual(view(whole));
    }
  });
});
