// bzip2, decoded by our own streaming decoder (src/containers/bzip2.ts): the decoder against the real
// bzip2 -dc byte for byte, then keys found through it with exact paths, lines and columns (the files
// built at test time by the real bzip2, tar and zip), corrupt and truncated input, and a bomb.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { needsTool } from '../helpers/tools.js';
import { Bzip2Error, bunzip2 } from '../../src/containers/bzip2.js';
import { uncompressedName } from '../../src/containers/walk.js';
import { fakeKey } from '../helpers/keys.js';
import { tool, treeMaker } from '../helpers/archives.js';
import { runCli } from '../helpers/run-cli.js';

const dir = treeMaker();

const bzip2 = (input: string | Buffer, ...flags: string[]) => execFileSync('bzip2', ['-c', ...flags], { input, maxBuffer: 1 << 28 });
const bzip2d = (packed: Buffer) => execFileSync('bzip2', ['-dc'], { input: packed, maxBuffer: 1 << 28 });

async function* pieces(packed: Buffer, size: number) {
  for (let at = 0; at < packed.length; at += size) yield packed.subarray(at, at + size);
}

/** Our decoder on `packed` fed in pieces of `inSize` bytes: the output and the size of each piece it gave. */
async function decode(packed: Buffer, inSize = 64 * 1024, pieceSize?: number, progress?: { consumed: number }) {
  const out: Buffer[] = [];
  for await (const piece of bunzip2(pieces(packed, inSize), { pieceSize, progress })) out.push(piece);
  return { out: Buffer.concat(out), sizes: out.map((piece) => piece.length) };
}

/** The error our decoder ends with, and what it gave before it. */
async function failure(packed: Buffer): Promise<{ error: Bzip2Error; out: Buffer }> {
  const out: Buffer[] = [];
  try {
    for await (const piece of bunzip2(pieces(packed, 64 * 1024))) out.push(piece);
  } catch (error) {
    expect(error).toBeInstanceOf(Bzip2Error);
    return { error: error as Bzip2Error, out: Buffer.concat(out) };
  }
  throw new Error('decoded without an error');
}

/** Deterministic bytes from a seed (xorshift): the decoder's inputs are reproducible from fast-check's case. */
function generated(seed: number, size: number, kind: 'random' | 'text' | 'runs'): Buffer {
  let x = seed | 1;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  const out = Buffer.alloc(size);
  const words = ['const', 'key', ' = ', '"', 'value', '\n', 'export', 'function', '(', ')', '{', '}', ';', '  ', 'sk-', 'aisa'];
  for (let i = 0; i < size; ) {
    if (kind === 'random') out[i++] = next() & 0xff;
    else if (kind === 'text') i += out.write(words[next() % words.length], i);
    else {
      // Runs around RLE1's edges (3, 4, 5, 255, 256, 260 equal bytes) of a few byte values, or any.
      const run = [1, 3, 4, 5, 255, 256, 260, 1000][next() % 8];
      out.fill(next() % 4 ? next() % 3 : next() & 0xff, i, Math.min(size, i + run));
      i += run;
    }
  }
  return out;
}

/** `file:line:column` of the first character of `needle` in `text`. */
function at(file: string, text: string, needle: string): string {
  const index = text.indexOf(needle);
  expect(index).toBeGreaterThanOrEqual(0);
  const lineStart = text.lastIndexOf('\n', index - 1) + 1;
  return `${file}:${text.slice(0, index).split('\n').length}:${index - lineStart + 1}`;
}

/** `aisa-guard scan … --format json` in `root`: exit code, warnings, and where each key was found. */
function scan(root: string, ...args: string[]) {
  const run = runCli(['scan', ...args, '--format', 'json'], { cwd: root, timeoutMs: 120_000 });
  const report = run.stdout ? (JSON.parse(run.stdout) as { findings: { file: string; line: number; column: number; container: string }[] }) : { findings: [] };
  return { ...run, at: report.findings.map((f) => `${f.file}:${f.line}:${f.column}`), containers: report.findings.map((f) => f.container) };
}

/** Filler text with no run of 4 equal bytes, so bzip2's RLE1 leaves it alone and blocks end at known offsets. */
function filler(bytes: number): string {
  const lines: string[] = [];
  for (let i = 0, size = 0; size < bytes; i++) {
    const line = `// filler line ${i.toString(36)} of the log, nothing secret here\n`;
    lines.push(line);
    size += line.length;
  }
  const text = lines.join('');
  expect(text).not.toMatch(/(.)\1\1\1/);
  return text;
}

/** bzip2 -N fills a block with 100000 * N - 19 bytes after RLE1 (compress.c: nblockMAX). */
const blockEnd = (level: number) => 100_000 * level - 19;

describe.skipIf(needsTool('bzip2', 'bzip2'))('the decoder against bzip2 -dc', () => {
  it('gives the same bytes for random sizes of random, text-like and run-heavy data, block sizes 1-9, any input piece sizes', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.integer({ min: 1, max: 0x7fffffff }),
          size: fc.oneof(fc.integer({ min: 0, max: 3000 }), fc.integer({ min: 3000, max: 450_000 })),
          kind: fc.constantFrom('random' as const, 'text' as const, 'runs' as const),
          level: fc.integer({ min: 1, max: 9 }),
          inSize: fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 64, max: 300_000 })),
          pieceSize: fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 1000, max: 256 * 1024 })),
        }),
        async ({ seed, size, kind, level, inSize, pieceSize }) => {
          const packed = bzip2(generated(seed, size, kind), `-${level}`);
          const { out, sizes } = await decode(packed, inSize, pieceSize);
          expect(out.equals(bzip2d(packed))).toBe(true);
          expect(sizes.every((size) => size <= pieceSize)).toBe(true);
        },
      ),
      { numRuns: 40, seed: 20240611 },
    );
  }, 120_000);

  it('reads concatenated streams (cat a.bz2 b.bz2) of different block sizes, as bzip2 -d does; an empty stream is nothing', async () => {
    const a = generated(1, 150_000, 'text');
    const b = generated(2, 20_000, 'runs');
    const packed = Buffer.concat([bzip2(a, '-1'), bzip2(''), bzip2(b, '-9')]);
    expect((await decode(packed, 4096)).out.equals(Buffer.concat([a, b]))).toBe(true);
    expect((await decode(bzip2(''))).out.length).toBe(0);
  });

  it('ignores bytes after the last stream that do not start another one, as bzip2 -d does', async () => {
    const packed = Buffer.concat([bzip2('hello\n'), Buffer.from('not bzip2 at all')]);
    expect((await decode(packed)).out.toString()).toBe('hello\n');
  });

  it('hands out pieces no larger than asked and never spanning blocks; progress counts the input decoded', async () => {
    const data = Buffer.from(filler(250_000));
    const packed = bzip2(data, '-1');
    const progress = { consumed: 0 };
    const { out, sizes } = await decode(packed, 1000, 40_000, progress);
    expect(out.equals(data)).toBe(true);
    expect(sizes.every((size) => size <= 40_000)).toBe(true);
    // The first block's 99981 bytes: two full pieces, then the rest.
    expect(sizes.slice(0, 3)).toEqual([40_000, 40_000, blockEnd(1) - 80_000]);
    expect(progress.consumed).toBe(packed.length);
  });

  it('throws on corrupt input: truncated, a block or stream CRC that does not match, bad data, not bzip2, a randomised block', async () => {
    const data = Buffer.from(filler(300_000));
    const packed = bzip2(data, '-1');
    // Truncated inside the third block: the first two came out whole before the error.
    const cut = await failure(packed.subarray(0, Math.floor(packed.length * 0.8)));
    expect(cut.error.message).toBe('truncated');
    expect(cut.out.equals(data.subarray(0, 2 * blockEnd(1)))).toBe(true);
    // Bytes 10-13 are the first block's CRC: the data decodes, then the check fails.
    const badCrc = Buffer.from(packed);
    badCrc[10] ^= 0xff;
    expect((await failure(badCrc)).error.message).toBe('block CRC mismatch');
    // The stream ends with its combined CRC (and less than a byte of padding).
    const badStream = Buffer.from(packed);
    badStream[badStream.length - 1] ^= 0xff;
    expect((await failure(badStream)).error.message).toBe('stream CRC mismatch');
    // A flipped byte in the Huffman-coded data: an error (a bad code, a bad run, a CRC), never a silent end.
    for (const where of [0.1, 0.3, 0.5, 0.7, 0.9]) {
      const flipped = Buffer.from(packed);
      flipped[Math.floor(packed.length * where)] ^= 0x55;
      expect((await failure(flipped)).error.message).toMatch(/^(bad|block|run|more|truncated)/);
    }
    expect((await failure(Buffer.from('BZh9 not really'))).error.message).toBe('bad block magic');
    expect((await failure(Buffer.from('plain text'))).error.message).toBe('not a bzip2 stream');
    // The bit after the block CRC marks a randomised block (an obsolete mode): refused, as unsupported.
    const randomised = Buffer.from(packed);
    randomised[14] |= 0x80;
    const { error } = await failure(randomised);
    expect([error.message, error.unsupported]).toEqual(['randomised block (an obsolete mode)', true]);
  });

  it('names the inner file: .bz2 stripped, .tbz2 and .tbz read as .tar', () => {
    expect(['logs/app.log.bz2', 'x.zip!pkg.tbz2', 'PKG.TBZ', 'data.bz', 'weird.bz2.bz2', '.bz2'].map(uncompressedName)).toEqual([
      'app.log',
      'pkg.tar',
      'PKG.tar',
      'data',
      'weird.bz2',
      '.bz2',
    ]);
  });
});

describe.skipIf(needsTool('bzip2', 'bzip2'))('keys inside bzip2, through the CLI', () => {
  it('bzip2 -c of a log: the key at its line and column inside app.log.bz2!app.log', () => {
    const key = fakeKey('bzip2-log');
    const text = `started\nconfig loaded\n  AISA_API_KEY=${key}\ndone\n`.repeat(3);
    const root = dir({ 'app.log': text });
    writeFileSync(path.join(root, 'app.log.bz2'), tool(root, 'bzip2', ['-c', 'app.log']));
    const run = scan(root, 'app.log.bz2');
    expect(run.at).toEqual([3, 7, 11].map((line) => `app.log.bz2!app.log:${line}:16`));
    expect(run.at[0]).toBe(at('app.log.bz2!app.log', text, key));
    expect(run.containers).toEqual(['app.log.bz2', 'app.log.bz2', 'app.log.bz2']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
  });

  it('tar -cjf: x.tar.bz2 and x.tbz2 read as the tar they hold (x.tar.bz2!dir/file.js); standard input too', () => {
    const key = fakeKey('bzip2-tar');
    const source = `// app\nexport const url = "https://api.example.com";\nconst apiKey = "${key}";\n`;
    const root = dir({ 'dir/file.js': source, 'dir/README.md': '# nothing\n', 'dir/data.txt': filler(50_000) });
    tool(root, 'tar', ['-cjf', 'x.tar.bz2', 'dir']);
    tool(root, 'tar', ['-cjf', 'x.tbz2', 'dir/file.js']);
    const run = scan(root, 'x.tar.bz2', 'x.tbz2');
    expect(run.at).toEqual(['x.tar.bz2!dir/file.js:3:17', 'x.tbz2!dir/file.js:3:17']);
    expect(run.code).toBe(1);
    const piped = runCli(['scan', '-', '-f', 'json'], { cwd: root, input: readFileSync(path.join(root, 'x.tar.bz2')) });
    expect((JSON.parse(piped.stdout) as { findings: { file: string }[] }).findings.map((f) => f.file)).toEqual(['<stdin>!dir/file.js']);
  });

  it('cat a.bz2 b.bz2: keys in both streams, lines counted across them', () => {
    const first = `one\nAISA_API_KEY=${fakeKey('stream-a')}\n`;
    const second = `two\nthree\nconst k = "${fakeKey('stream-b')}";\n`;
    const root = dir({ 'two.bz2': Buffer.concat([bzip2(first, '-1'), bzip2(second, '-9')]) });
    const run = scan(root, 'two.bz2');
    expect(run.at).toEqual(['two.bz2!two:2:14', 'two.bz2!two:5:12']);
    expect(run.code).toBe(1);
  });

  it('a key across a block boundary, with bzip2 -1 (100 kB blocks) and -9 (900 kB blocks)', async () => {
    const files: Record<string, Buffer> = {};
    const expected: string[] = [];
    for (const level of [1, 9]) {
      const key = fakeKey(`boundary-${level}`);
      // The key starts 20 bytes before the first block ends: its first 20 bytes in one block, the rest in the next.
      const before = filler(blockEnd(level)).slice(0, blockEnd(level) - 20 - 'AISA_API_KEY='.length);
      const text = `${before}AISA_API_KEY=${key}\n${filler(5_000)}`;
      expect(text.indexOf(key)).toBe(blockEnd(level) - 20);
      const packed = bzip2(text, `-${level}`);
      // The premise: the first piece (the first block) ends inside the key.
      expect((await decode(packed, 64 * 1024, 1 << 20)).sizes[0]).toBe(blockEnd(level));
      files[`big${level}.txt.bz2`] = packed;
      expected.push(at(`big${level}.txt.bz2!big${level}.txt`, text, key));
    }
    const run = scan(dir(files), 'big1.txt.bz2', 'big9.txt.bz2');
    expect(run.at).toEqual(expected);
    expect(run.code).toBe(1);
  });

  it('a zip entry compressed with bzip2 (method 12, zip -Z bzip2) next to a deflated one', () => {
    const key = fakeKey('zip-bzip2');
    const source = `// app\nexport const url = "https://api.example.com";\nconst apiKey = "${key}";\n` + filler(20_000);
    const root = dir({ 'pkg/src/app.js': source, 'pkg/other.js': `const k = "${fakeKey('zip-deflate')}";\n` + filler(5_000) });
    tool(root, 'zip', ['-q', '-Z', 'bzip2', 'bz.zip', 'pkg/src/app.js']);
    tool(root, 'zip', ['-q', 'bz.zip', 'pkg/other.js']);
    // The central directory's methods, in order: bzip2 (12) for app.js, deflate (8) for other.js.
    const zip = readFileSync(path.join(root, 'bz.zip'));
    const methods: number[] = [];
    for (let i = zip.indexOf('PK\x01\x02'); i !== -1; i = zip.indexOf('PK\x01\x02', i + 4)) methods.push(zip.readUInt16LE(i + 10));
    expect(methods).toEqual([12, 8]);
    const run = scan(root, 'bz.zip');
    expect(run.at).toEqual(['bz.zip!pkg/other.js:1:12', 'bz.zip!pkg/src/app.js:3:17']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
  });

  it('a truncated file is scanned as far as it goes: a key before the cut is found (exit 1), else exit 2; a warning either way', () => {
    const early = `AISA_API_KEY=${fakeKey('before-cut')}\n` + filler(300_000);
    const late = filler(300_000) + `AISA_API_KEY=${fakeKey('after-cut')}\n`;
    const cut = (text: string) => {
      const packed = bzip2(text, '-1');
      return packed.subarray(0, Math.floor(packed.length * 0.6));
    };
    const root = dir({ 'early.log.bz2': cut(early), 'late.log.bz2': cut(late) });
    const found = scan(root, 'early.log.bz2');
    expect(found.at).toEqual(['early.log.bz2!early.log:1:14']);
    expect(found.stderr).toContain('early.log.bz2: corrupt bzip2 data (truncated)');
    expect(found.code).toBe(1);
    const missed = scan(root, 'late.log.bz2');
    expect(missed.at).toEqual([]);
    expect(missed.stderr).toContain('late.log.bz2: corrupt bzip2 data (truncated)');
    expect(missed.code).toBe(2);
  });

  it('a flipped byte is a warning naming the file: a CRC mismatch (the key still found) or bad data (exit 2)', () => {
    const text = `AISA_API_KEY=${fakeKey('crc')}\n` + filler(30_000);
    const crc = bzip2(text);
    crc[10] ^= 0xff; // the block's stored CRC
    const data = bzip2(filler(30_000));
    data[Math.floor(data.length / 2)] ^= 0x55;
    const root = dir({ 'crc.txt.bz2': crc, 'data.txt.bz2': data });
    const checked = scan(root, 'crc.txt.bz2');
    expect(checked.at).toEqual(['crc.txt.bz2!crc.txt:1:14']);
    expect(checked.stderr).toContain('crc.txt.bz2: corrupt bzip2 data (block CRC mismatch)');
    expect(checked.code).toBe(1);
    const bad = scan(root, 'data.txt.bz2');
    expect(bad.stderr).toMatch(/data\.txt\.bz2: corrupt bzip2 data \(/);
    expect(bad.code).toBe(2);
  });

  it('a randomised block (an obsolete mode) is named as unsupported: exit 2', () => {
    const old = bzip2(filler(1000));
    old[14] |= 0x80; // the first block's randomised bit, right after its CRC
    const run = scan(dir({ 'old.txt.bz2': old }), 'old.txt.bz2');
    expect(run.stderr).toContain('old.txt.bz2: bzip2 randomised block (an obsolete mode), not decompressed');
    expect(run.code).toBe(2);
  });

  it('an empty bzip2 file: nothing to find, nothing to warn about (exit 0)', () => {
    const root = dir({ 'empty.bz2': bzip2('') });
    const run = scan(root, 'empty.bz2');
    expect([run.at, run.stderr, run.code]).toEqual([[], '', 0]);
  });
});

describe.skipIf(needsTool('bzip2', 'bzip2'))('a bzip2 bomb', () => {
  // 200 MB of zeros is 178 bytes of bzip2: a ratio of a million to one.
  let zeros: Buffer | undefined;
  const bomb = () => (zeros ??= execFileSync('sh', ['-c', 'head -c 200000000 /dev/zero | bzip2 -c'], { maxBuffer: 1 << 20 }));

  it('stops at the compression ratio right after its first MB: a warning, exit 2, fast', () => {
    const root = dir({ 'zeros.bin.bz2': bomb() });
    const run = runCli(['scan', 'zeros.bin.bz2'], { cwd: root, env: { NODE_OPTIONS: '--max-old-space-size=96' } });
    expect(run.stderr).toContain('zeros.bin.bz2: compression ratio above 100:1 (--max-archive-ratio), the rest of this entry not scanned');
    expect(run.code).toBe(2);
    expect(run.ms).toBeLessThan(20_000);
  });

  it('with the ratio raised, 150 MB stream through to --max-archive-bytes in the memory node:zlib takes for the same', () => {
    const root = dir({ 'zeros.bin.bz2': bomb() });
    writeFileSync(path.join(root, 'zeros.bin.gz'), execFileSync('sh', ['-c', 'head -c 160000000 /dev/zero | gzip -1 -c'], { maxBuffer: 1 << 24 }));
    // The process's peak resident memory (KB), written to stderr as it exits.
    const preload = path.join(root, 'peak.cjs');
    writeFileSync(preload, "process.on('exit', () => process.stderr.write(`peak-rss-kb ${process.resourceUsage().maxRSS}\\n`));\n");
    const env = { NODE_OPTIONS: `--require ${preload} --max-old-space-size=96` };
    const peak = (file: string) => {
      const run = runCli(['scan', file, '--max-archive-ratio', '100000000', '--max-archive-bytes', '150MB'], { cwd: root, env, timeoutMs: 120_000 });
      expect(run.stderr).toContain(`${file}: more than 157286400 bytes inflated (--max-archive-bytes), the rest not scanned`);
      expect(run.code).toBe(2);
      return Number(/peak-rss-kb (\d+)/.exec(run.stderr)?.[1]);
    };
    // Measured: ~20 MB above gzip's (a 3.6 MB block, 256 KB pieces not yet collected); holding the output would be 150 MB more.
    expect(peak('zeros.bin.bz2')).toBeLessThan(peak('zeros.bin.gz') + 64 * 1024);
  });
});
