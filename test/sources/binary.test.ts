// Binary files are scanned: keys compiled into real binary formats (built here, at test time) are found at
// their exact byte offsets, plain and UTF-16 at either parity, across chunk boundaries; and every report
// format shows the offset instead of a line.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scanFile } from '../../src/sources/read.js';
import { scanBytes } from '../../src/detect/index.js';
import type { Finding } from '../../src/types.js';
import { fakeKey } from '../helpers/keys.js';
import { cleanup, tempDir } from '../helpers/git.js';
import { runCli } from '../helpers/run-cli.js';
import { needsTool } from '../helpers/tools.js';

const dir = tempDir('aisa-guard-binary-');
afterAll(() => cleanup(dir));

/** Bytes no text sniffer takes for text: a header with NULs, then a spread of every byte value. */
const noise = (length: number, seed = 7) => Buffer.from(Array.from({ length }, (_, i) => (i * 131 + seed * 17 + (i >> 3)) & 0xff));
const place = (f: Finding) => [f.offset, f.line, f.column, f.endLine, f.endColumn, f.encoding ?? 'plain'];

async function scanned(file: string, chunkSize?: number): Promise<Finding[]> {
  const outcome = await scanFile(file, { file: path.basename(file) }, { chunkSize });
  if (outcome.kind !== 'scanned') throw new Error(`not scanned: ${outcome.reason}`);
  return outcome.findings;
}

describe('keys in binary formats, at their byte offsets', () => {
  it('a .dex-like blob with NULs: the string table entry', async () => {
    const key = fakeKey('dex');
    const bytes = Buffer.concat([Buffer.from('dex\n035\0'), noise(300), Buffer.from([0, 0, 0, 51]), Buffer.from(key), Buffer.from([0]), noise(200)]);
    const file = path.join(dir, 'classes.dex');
    writeFileSync(file, bytes);
    const at = 8 + 300 + 4;
    expect((await scanned(file)).map(place)).toEqual([[at, 1, at + 1, 1, at + 1 + key.length, 'plain']]);
  });

  it.skipIf(needsTool('python3', 'python3'))('a real SQLite database (python3 sqlite3): the key in a table page', async () => {
    const key = fakeKey('sqlite');
    const file = path.join(dir, 'app.db');
    execFileSync('python3', ['-c', 'import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute("create table t(k text)"); c.execute("insert into t values (?)", (sys.argv[2],)); c.commit()', file, key]);
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 16).toString('latin1')).toBe('SQLite format 3\0');
    const at = bytes.indexOf(key);
    expect(at).toBeGreaterThan(4096); // past the first page: the schema page is page 1
    expect(bytes.indexOf(key, at + 1)).toBe(-1);
    const [finding, ...more] = await scanned(file);
    expect(more).toEqual([]);
    expect(place(finding)).toEqual([at, 1, at + 1, 1, at + 1 + key.length, 'plain']);
    // The record header before it ends in the text's serial type, 13 + 2 * 51 = 0x73 ('s'); the rest of the
    // page around it is not printable.
    expect(bytes[at - 1]).toBe(0x73);
    expect(finding.snippet).toBe(`s${finding.redacted}`);
  });

  it.skipIf(needsTool('python3', 'python3'))('a .pyc (python3 -m py_compile): the string constant', async () => {
    const key = fakeKey('pyc');
    const source = path.join(dir, 'settings.py');
    writeFileSync(source, `API_KEY = "${key}"\n`);
    execFileSync('python3', ['-m', 'py_compile', source]);
    const cache = path.join(dir, '__pycache__');
    const file = path.join(cache, readdirSync(cache).find((name) => name.startsWith('settings.'))!);
    const bytes = readFileSync(file);
    const at = bytes.indexOf(key);
    expect(at).toBeGreaterThan(16);
    // marshal puts the next constant's type byte right after the string (a base64url letter, 'N' for None):
    // the key still ends where its exact shape ends.
    expect(String.fromCharCode(bytes[at + key.length])).toMatch(/[A-Za-z0-9_-]/);
    expect((await scanned(file)).map((f) => [...place(f), f.confidence])).toEqual([[at, 1, at + 1, 1, at + 1 + key.length, 'plain', 'high']]);
  });

  it('a text file with a NUL in its first 8 KB: found, placed by byte offset, snippet the printable text', async () => {
    const key = fakeKey('nul-text');
    const text = `header\0\nconst apiKey = "${key}"; // prod\n`;
    const file = path.join(dir, 'bundle.min.js');
    writeFileSync(file, text);
    const at = text.indexOf(key);
    const [finding, ...more] = await scanned(file);
    expect(more).toEqual([]);
    expect(place(finding)).toEqual([at, 1, at + 1, 1, at + 1 + key.length, 'plain']);
    expect(finding.snippet).toBe(`const apiKey = "${finding.redacted}"; // prod`);
  });

  it('UTF-16LE and UTF-16BE keys inside binary bytes, at an even and an odd offset', () => {
    const le = fakeKey('utf16-le');
    const be = fakeKey('utf16-be');
    const parts = [noise(101), Buffer.from(le, 'utf16le'), noise(65, 3), Buffer.from(be, 'utf16le').swap16(), noise(33, 5)];
    const bytes = Buffer.concat(parts);
    const findings = scanBytes(bytes, { file: 'resources.arsc' }).findings;
    const beAt = 101 + 2 * le.length + 65; // even
    expect(findings.map(place)).toEqual([
      [101, 1, 102, 1, 102 + 2 * le.length, 'utf16le'],
      [beAt, 1, beAt + 1, 1, beAt + 1 + 2 * be.length, 'utf16be'],
    ]);
    expect(findings.map((f) => f.fingerprint)).toEqual([le, be].map((k) => scanBytes(Buffer.from(k), { file: 'k' }).findings[0].fingerprint));
  });

  it('bytes that only look like UTF-16 (NUL parity): plain keys and the other parity are found too, nothing twice', () => {
    const plain = fakeKey('parity-plain');
    const odd = fakeKey('parity-odd');
    const even = fakeKey('parity-even');
    // A table of 16-bit numbers (NULs at even offsets: sniffed as UTF-16BE), a plain key, a UTF-16LE key at
    // an odd offset, and a UTF-16BE key at an even offset (the one the BE decode itself sees).
    const table = Buffer.from(Array.from({ length: 400 }, (_, i) => (i % 2 === 0 ? 0 : 0x30 + (i % 40))));
    const bytes = Buffer.concat([table, Buffer.from(plain), Buffer.from([7, 7]), Buffer.from(odd, 'utf16le'), Buffer.from([0, 0, 9]), Buffer.from(even, 'utf16le').swap16(), table]);
    const oddAt = 400 + plain.length + 2;
    const evenAt = oddAt + 2 * odd.length + 3;
    expect([oddAt % 2, evenAt % 2]).toEqual([1, 0]);
    const findings = scanBytes(bytes, { file: 'table.bin' }).findings;
    expect(findings.map((f) => [f.redacted, f.encoding ?? 'plain', f.offset ?? `${f.line}:${f.column}`])).toEqual([
      [findings[0].redacted, 'utf16be', expect.stringMatching(/^1:\d+$/)],
      [findings[1].redacted, 'plain', 400],
      [findings[2].redacted, 'utf16le', oddAt],
    ]);
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(3);
    expect(findings[0].column).toBe(evenAt / 2 + 1); // the BE decode's own position: one column per code unit
  });

  it('percent- and base64-encoded keys in binary bytes are decoded too', () => {
    const key = fakeKey('binary-b64');
    const encoded = Buffer.from(key).toString('base64');
    const bytes = Buffer.concat([noise(40), Buffer.from([0]), Buffer.from(encoded), Buffer.from([0]), noise(20)]);
    const [finding, ...more] = scanBytes(bytes, { file: 'x.bin' }).findings;
    expect(more).toEqual([]);
    expect([finding.offset, finding.encoding, finding.snippet]).toEqual([41, 'base64', `<base64:${finding.redacted}>`]);
  });

  it('a binary larger than the chunk size: a plain and a UTF-16 key across chunk boundaries, found once each', async () => {
    const chunkSize = 4096;
    const plain = fakeKey('chunk-plain');
    const wide = fakeKey('chunk-wide');
    const before = chunkSize - 20; // the plain key starts 20 bytes before the first boundary
    const gap = 2 * chunkSize - 31 - (before + plain.length); // the UTF-16 key starts 31 bytes before the second
    const bytes = Buffer.concat([noise(before), Buffer.from(plain), noise(gap, 9), Buffer.from(wide, 'utf16le'), noise(3 * chunkSize, 11)]);
    const file = path.join(dir, 'big.bin');
    writeFileSync(file, bytes);
    const wideAt = 2 * chunkSize - 31;
    const expected = [
      [before, 1, before + 1, 1, before + 1 + plain.length, 'plain'],
      [wideAt, 1, wideAt + 1, 1, wideAt + 1 + 2 * wide.length, 'utf16le'],
    ];
    expect((await scanned(file, chunkSize)).map(place)).toEqual(expected);
    expect(scanBytes(bytes, { file: 'big.bin' }).findings.map(place)).toEqual(expected);
  });
});

describe('binary findings in every report', () => {
  const key = fakeKey('binary-report');
  const root = path.join(dir, 'report');
  mkdirSync(root);
  const bytes = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), noise(92), Buffer.from(`token=${key}`), Buffer.from([0, 1])]);
  writeFileSync(path.join(root, 'libapp.so'), bytes);
  writeFileSync(path.join(root, 'notes.txt'), 'nothing here\n');
  const at = 100 + 'token='.length;
  const run = (format: string) => runCli(['scan', '.', '-f', format], { cwd: root });

  it('json: the offset, line 1, column offset + 1; binaries count as scanned files, nothing skipped', () => {
    const result = run('json');
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout) as { findings: Finding[]; stats: { files: number; skipped: Record<string, number> } };
    expect(report.findings.map((f) => [f.file, ...place(f), f.snippet])).toEqual([
      ['libapp.so', at, 1, at + 1, 1, at + 1 + key.length, 'plain', `token=${report.findings[0].redacted}`],
    ]);
    expect(report.stats).toMatchObject({ files: 2, skipped: {} });
  });

  it('text: `file (byte N)`, the printable snippet, no line number', () => {
    const result = run('text');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`libapp.so (byte ${at})  aisa-api-key  high`);
    expect(result.stdout).toMatch(/\n {4}\| token=sk-aisa-\S{4}…\S{4}\n/);
    expect(result.stdout).not.toContain(key);
  });

  it('sarif: a byte region (byteOffset, byteLength)', () => {
    const log = JSON.parse(run('sarif').stdout);
    expect(log.runs[0].results[0].locations[0].physicalLocation.region).toEqual({
      startLine: 1,
      byteOffset: at,
      byteLength: key.length,
      snippet: { text: expect.stringMatching(/^token=sk-aisa-/) },
    });
    expect(log.runs[0].results[0].message.text).toContain(`at byte ${at} of binary content`);
  });

  it('github, junit: the offset in the location, no column for a binary', () => {
    const github = run('github').stdout;
    expect(github).toMatch(new RegExp(`^::error file=libapp\\.so,line=1,title=[^:]*::.*at byte ${at} of binary content`, 'm'));
    expect(run('junit').stdout).toContain(`name="libapp.so (byte ${at}) aisa-api-key"`);
  });
});
