// Format detection by magic bytes, the files source's sieve, and the stream reader's look-ahead.
import path from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { containerKind } from '../../src/containers/index.js';
import { scanFragment } from '../../src/engine/scanner.js';
import { ByteStream } from '../../src/containers/bytes.js';
import { sieveFile } from '../../src/sources/read.js';
import { fakeKey } from '../helpers/keys.js';
import { asarOf, crxOf, tarOf, treeMaker, zipOf } from '../helpers/archives.js';

const tree = treeMaker();

describe('containerKind', () => {
  it('names each format from its first bytes', () => {
    const zip = zipOf([{ name: 'a', data: 'a' }]);
    expect(containerKind(zip)).toBe('zip');
    expect(containerKind(zipOf([]))).toBe('zip'); // an empty archive is only its end record
    expect(containerKind(crxOf(zip))).toBe('crx');
    expect(containerKind(gzipSync('x'))).toBe('gzip');
    expect(containerKind(tarOf([{ name: 'a', data: 'a' }]))).toBe('tar');
    expect(containerKind(asarOf([{ name: 'a', data: 'a' }]))).toBe('asar');
    expect(containerKind(Buffer.from('BZh91AY&SY\0\0'))).toBe('bzip2');
    expect(containerKind(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0, 0, 4]))).toBe('xz');
    expect(containerKind(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x24, 0x01]))).toBe('zstd');
    expect(containerKind(Buffer.from([0x5e, 0x2a, 0x4d, 0x18, 0x04, 0, 0, 0]))).toBe('zstd'); // a skippable frame first
    expect(containerKind(Buffer.from('!<arch>\ndebian-binary   '))).toBe('ar');
    for (const magic of ['070701', '070702', '070707']) expect(containerKind(Buffer.from(`${magic}00000000`))).toBe('cpio');
    expect(containerKind(Buffer.from([0xed, 0xab, 0xee, 0xdb, 3, 0]))).toBe('rpm');
    expect(containerKind(Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]))).toBe('7z');
    expect(containerKind(Buffer.from([0x04, 0x22, 0x4d, 0x18, 0x64, 0x40]))).toBe('lz4');
    expect(containerKind(Buffer.from([0x02, 0x21, 0x4c, 0x18, 0x10, 0, 0, 0]))).toBe('lz4'); // lz4 -l
    // Brotli has no magic number: the name and a head that decodes decide.
    const brotli = brotliCompressSync('some text '.repeat(100));
    expect([containerKind(brotli, 'dist/app.js.br'), containerKind(brotli), containerKind(brotli, 'app.js')]).toEqual(['brotli', undefined, undefined]);
    expect(containerKind(Buffer.from('plain text in a file named .br\n'), 'notes.br')).toBeUndefined();
  });

  it('text that merely starts like a container is text', () => {
    for (const text of ['PK is a primary key\n', 'BZh9 and more words\n', 'Cr2', '', 'ustar'.padStart(262, ' ') + ' '.repeat(250), '!<arch> is a tag\n', '070700 is a number\n']) {
      expect(containerKind(Buffer.from(text))).toBeUndefined();
    }
    // A 512-byte block with "ustar" at 257 but a wrong checksum is not a tar header.
    const fake = tarOf([{ name: 'a', data: 'a' }]).subarray(0, 512);
    fake[0] = 0x62;
    expect(containerKind(fake)).toBeUndefined();
  });
});

describe('sieveFile', () => {
  it('sends every archive to the scanner (compressed bytes never show a needle), unless --no-archives', () => {
    const root = tree({ 'a.zip': zipOf([{ name: 'k.js', data: fakeKey('sieve') }]), 'a.gz': gzipSync('plain'), 'text.txt': 'no key here\n' });
    expect(sieveFile(path.join(root, 'a.zip')).verdict).toBe('scan');
    expect(sieveFile(path.join(root, 'a.gz')).verdict).toBe('scan');
    expect(sieveFile(path.join(root, 'text.txt')).verdict).toBe('clean');
    expect(sieveFile(path.join(root, 'a.gz'), { archives: false }).verdict).not.toBe('scan');
  });
});

describe('streams', () => {
  async function* pieces(bytes: Buffer, size: number) {
    for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
  }

  it('ByteStream hands out exact spans across piece boundaries', async () => {
    const bytes = Buffer.from(Array.from({ length: 1000 }, (_, i) => i & 255));
    const stream = new ByteStream(pieces(bytes, 7));
    expect([...(await stream.peek(10))]).toEqual([...bytes.subarray(0, 10)]);
    expect([...(await stream.read(300))]).toEqual([...bytes.subarray(0, 300)]);
    await stream.skip(100);
    const taken: Buffer[] = [];
    for await (const piece of stream.take(250)) taken.push(Buffer.from(piece));
    expect([...Buffer.concat(taken)]).toEqual([...bytes.subarray(400, 650)]);
    const rest: Buffer[] = [];
    for await (const piece of stream.rest()) rest.push(Buffer.from(piece));
    expect(Buffer.concat(rest).length).toBe(350);
  });

  it('a zip and a tgz arriving as a stream in small pieces (stdin, a large blob) are opened', async () => {
    const js = `a\nconst k = "${fakeKey('stream')}";\n`;
    const zip = zipOf([{ name: 'z.js', data: js }]);
    const tgz = gzipSync(tarOf([{ name: 't.js', data: js }]));
    const scan = async (bytes: Buffer) => {
      const outcome = await scanFragment({ path: '<stdin>', body: { stream: pieces(bytes, 5) } }, { file: '<stdin>' });
      if (outcome.kind !== 'scanned') throw new Error('skipped');
      return outcome;
    };
    const zipped = await scan(zip);
    const tarred = await scan(tgz);
    expect(zipped.findings.map((f) => `${f.file}:${f.line}:${f.column}`)).toEqual(['<stdin>!z.js:2:12']);
    expect(tarred.findings.map((f) => `${f.file}:${f.line}:${f.column}`)).toEqual(['<stdin>!t.js:2:12']);
    expect([zipped.bytes, tarred.bytes]).toEqual([zip.length, tgz.length]);
  });
});
