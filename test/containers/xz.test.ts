// Our own LZMA/LZMA2 decoder and xz reader (src/containers/lzma.ts, xz.ts) against the real xz tool:
// byte-for-byte equal output over presets, checks, block layouts, filters and concatenated streams;
// truncated and corrupt input reported as such after the output before the fault; limits before memory.
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readSync } from 'node:fs';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { needsTool } from '../helpers/tools.js';
import { ArchiveError, Budget, RATIO_GRACE } from '../../src/containers/limits.js';
import { MAX_DICTIONARY, PIECE } from '../../src/containers/lzma.js';
import { unlzma, unxzStream, unzipLzma } from '../../src/containers/xz.js';
import { fakeKey } from '../helpers/keys.js';
import { prng } from '../../bench/lib/random.js';

/** The xz tool, single-threaded unless asked (-T2), from stdin to stdout. */
function xz(input: Buffer, ...args: string[]): Buffer {
  return execFileSync('xz', ['-c', '-T1', ...args], { input, maxBuffer: 1 << 28 });
}

/** What `xz -dc` makes of `file` (the reference output). */
function xzDecompress(file: Buffer): Buffer {
  return execFileSync('xz', ['-dc'], { input: file, maxBuffer: 1 << 28, stdio: ['pipe', 'pipe', 'pipe'] });
}


type Kind = 'random' | 'text' | 'mixed';

/** `size` bytes: random (incompressible: LZMA2 stores it), source-like text with keys in it, or both in runs. */
function data(kind: Kind, size: number, seed: number): Buffer {
  const next = prng(seed);
  const out = Buffer.alloc(size);
  if (kind === 'random') {
    for (let i = 0; i < size; i++) out[i] = next() * 256;
    return out;
  }
  const words = ['const', 'return', 'function', 'import', 'export', '=>', '{', '}', '(', ');', 'value', 'config', 'apiKey', '=', '"', 'process.env', 'await', '\n  ', '\n'];
  for (let i = 0; i < 200; i++) words.push(Array.from({ length: 2 + next() * 10 }, () => String.fromCharCode(97 + next() * 26)).join(''));
  words.push(`"${fakeKey(`xz-${seed}`)}"`);
  let at = 0;
  while (at < size) {
    if (kind === 'mixed' && next() < 0.02) {
      // A run of random bytes, or of one byte.
      const length = Math.min(size - at, Math.floor(next() * 5000));
      const byte = next() < 0.5 ? -1 : Math.floor(next() * 256);
      for (let i = 0; i < length; i++) out[at++] = byte < 0 ? next() * 256 : byte;
      continue;
    }
    at += out.write(words[Math.floor(next() * words.length)] + ' ', at);
  }
  return out;
}

/** A source handing out `bytes` in pieces of `piece` bytes, or of random sizes (1-1000) for 'random'. */
async function* feed(bytes: Buffer, piece: number | 'random' = 64 * 1024, closed?: { done: boolean }): AsyncGenerator<Buffer> {
  const size = prng(bytes.length);
  try {
    for (let at = 0; at < bytes.length; ) {
      const n = piece === 'random' ? 1 + Math.floor(size() * 1000) : piece;
      yield bytes.subarray(at, at + n);
      at += n;
    }
  } finally {
    if (closed) closed.done = true;
  }
}

const roomy = () => new Budget({ maxDepth: 4, maxBytes: 2 ** 40, maxEntries: 100_000, maxRatio: 1e9 });

interface Outcome {
  output: Buffer;
  pieces: number[];
  error?: ArchiveError;
  budget: Budget;
}

type Reader = (source: AsyncIterable<Buffer>, budget: Budget) => AsyncGenerator<Buffer>;

/** Everything a reader hands out, and the ArchiveError it ends with if any (other errors fail the test). */
async function run(file: Buffer, reader: Reader = unxzStream, piece: number | 'random' = 64 * 1024, budget = roomy()): Promise<Outcome> {
  const parts: Buffer[] = [];
  let error: ArchiveError | undefined;
  try {
    for await (const out of reader(feed(file, piece), budget)) parts.push(Buffer.from(out));
  } catch (caught) {
    if (!(caught instanceof ArchiveError)) throw caught;
    error = caught;
  }
  return { output: Buffer.concat(parts), pieces: parts.map((p) => p.length), error, budget };
}

/** A reader's output for `file`, which must not fail. */
async function decoded(file: Buffer, reader: Reader = unxzStream, piece: number | 'random' = 64 * 1024): Promise<Buffer> {
  const { output, pieces, error, budget } = await run(file, reader, piece);
  expect(error).toBeUndefined();
  expect(Math.max(0, ...pieces)).toBeLessThanOrEqual(PIECE);
  expect(budget.inflated).toBe(output.length);
  return output;
}

/** An error's reason and message, for exact comparison. */
const failure = (outcome: Outcome) => outcome.error && [outcome.error.reason, outcome.error.message];

/** The block header xz -T1 writes for a lone LZMA2 filter: size, flags, filter 0x21, 1 byte of properties. */
const BLOCK = 12;
function patchDictionary(file: Buffer, properties: number): Buffer {
  const patched = Buffer.from(file);
  expect([...patched.subarray(BLOCK, BLOCK + 4)]).toEqual([0x02, 0x00, 0x21, 0x01]);
  patched[BLOCK + 4] = properties;
  patched.writeUInt32LE(zlib.crc32(patched.subarray(BLOCK, BLOCK + 8)), BLOCK + 8);
  return patched;
}

/** The LZMA2 chunk kinds of a one-block stream xz -T1 wrote: 'stored', or the control byte's reset bits (0x80-0xE0). */
function chunkKinds(file: Buffer): string[] {
  const kinds: string[] = [];
  for (let at = BLOCK + (file[BLOCK] + 1) * 4; file[at] !== 0; ) {
    const control = file[at];
    if (control < 0x80) {
      kinds.push('stored');
      at += 3 + file.readUInt16BE(at + 1) + 1;
    } else {
      kinds.push('0x' + (control & 0xe0).toString(16));
      at += (control >= 0xc0 ? 6 : 5) + file.readUInt16BE(at + 3) + 1;
    }
  }
  return kinds;
}

describe.skipIf(needsTool('xz', 'xz-utils'))('xz streams, byte for byte as xz -dc', () => {
  const presets: [Kind, number, string, string][] = [
    ['text', 0, '-6', 'crc64'],
    ['random', 1, '-0', 'crc32'],
    ['text', 100, '-9e', 'sha256'],
    ['mixed', 4096, '-1', 'none'],
    ['random', 65_537, '-2', 'crc64'],
    ['text', 250_000, '-3', 'sha256'],
    ['mixed', 300_000, '-4', 'crc32'],
    ['text', 200_000, '-5', 'none'],
    ['text', 300_000, '-6', 'crc64'],
    ['mixed', 150_000, '-7', 'sha256'],
    ['text', 150_000, '-8', 'crc32'],
    ['mixed', 200_000, '-9', 'crc64'],
    ['text', 100_000, '-0e', 'crc64'],
    ['mixed', 100_000, '-6e', 'crc32'],
    ['text', 3_000_000, '-0', 'crc64'],
    ['mixed', 1_500_000, '-1', 'sha256'],
    ['random', 1_000_000, '-0', 'crc64'],
    ['text', 1_000_000, '-2', 'none'],
  ];

  it.each(presets)('%s, %i bytes, xz %s --check=%s', async (kind, size, preset, check) => {
    const file = xz(data(kind, size, size), preset, `--check=${check}`);
    const output = await decoded(file);
    expect(output.equals(xzDecompress(file))).toBe(true);
    expect(output.length).toBe(size);
  });

  it('the text holds its keys after the round trip', async () => {
    const text = data('text', 50_000, 7);
    expect((await decoded(xz(text, '-6'))).includes(fakeKey('xz-7'))).toBe(true);
  });

  it.each([
    ['-T2 --block-size=100000 (sizes in block headers)', ['-T2', '--block-size=100000', '-3']],
    ['--block-size=5000, single-threaded', ['--block-size=5000', '-1']],
    ['--lzma2=dict=4KiB (the window wraps all the time)', ['--lzma2=dict=4KiB']],
    ['--lzma2=dict=12KiB,lc=1,lp=3,pb=1', ['--lzma2=dict=12KiB,lc=1,lp=3,pb=1']],
    ['--lzma2=lc=0,lp=4,pb=4', ['--lzma2=lc=0,lp=4,pb=4']],
    ['--lzma2=lc=4,lp=0,pb=0', ['--lzma2=lc=4,lp=0,pb=0']],
    ['--lzma2=mode=fast,mf=hc3,nice=8', ['--lzma2=preset=3,mode=fast,mf=hc3,nice=8']],
    ['--lzma2=nice=273,mf=bt2', ['--lzma2=preset=6,nice=273,mf=bt2']],
  ])('%s', async (_name, args) => {
    const file = xz(data('mixed', 400_000, 3), ...args);
    expect((await decoded(file)).equals(xzDecompress(file))).toBe(true);
  });

  it('stored chunks between LZMA chunks: dictionary kept, coder state reset (control 0xA0)', async () => {
    const text = Buffer.concat([data('text', 200_000, 41), data('random', 150_000, 42), data('text', 200_000, 43)]);
    const file = xz(text, '-6');
    expect(chunkKinds(file)).toEqual(expect.arrayContaining(['0xe0', 'stored', '0xa0']));
    expect((await decoded(file)).equals(text)).toBe(true);
  });

  it('filters before LZMA2: delta, and every branch converter xz has', async () => {
    // Machine code for the branch converters: 200 KB of the node binary (the x86 converter finds calls
    // in it; the others convert what looks like their instructions, reversibly all the same).
    const code = Buffer.alloc(200_000);
    const fd = openSync(process.execPath, 'r');
    readSync(fd, code, 0, code.length, 16 * 2 ** 20);
    closeSync(fd);
    const chains = [
      ['--delta=dist=1', '--lzma2=preset=1'],
      ['--delta=dist=4', '--lzma2=preset=6'],
      ['--delta=dist=256', '--lzma2=preset=1'],
      ['--x86', '--lzma2=preset=1'],
      ['--x86=start=1000', '--lzma2=preset=1'],
      ['--arm', '--lzma2=preset=1'],
      ['--arm=start=4096', '--lzma2=preset=1'],
      ['--armthumb', '--lzma2=preset=1'],
      ['--arm64', '--lzma2=preset=1'],
      ['--powerpc', '--lzma2=preset=1'],
      ['--sparc', '--lzma2=preset=1'],
      ['--ia64', '--lzma2=preset=1'],
      ['--delta=dist=2', '--x86', '--lzma2=preset=1'],
      ['--x86', '--delta=dist=3', '--arm', '--lzma2=preset=1'],
    ];
    for (const chain of chains) {
      const file = xz(code, ...chain);
      expect([chain.join(' '), (await decoded(file)).equals(code)]).toEqual([chain.join(' '), true]);
    }
    // With -T2 and small blocks: every block starts its filters again.
    const blocks = xz(code, '-T2', '--block-size=50000', '--x86', '--lzma2=preset=1');
    expect((await decoded(blocks)).equals(code)).toBe(true);
  });

  it('concatenated streams, with stream padding between and after them', async () => {
    const a = xz(data('text', 200_000, 1), '-6', '--check=crc32');
    const b = xz(data('mixed', 300_000, 2), '-1', '--check=sha256');
    const empty = xz(Buffer.alloc(0), '--check=none');
    const zeros = Buffer.alloc(4);
    for (const file of [Buffer.concat([a, b]), Buffer.concat([a, zeros, b, zeros, zeros]), Buffer.concat([empty, a, empty, zeros, b])]) {
      expect((await decoded(file)).equals(xzDecompress(file))).toBe(true);
    }
    for (const padding of [1, 2, 3, 6]) {
      const outcome = await run(Buffer.concat([a, Buffer.alloc(padding), b]));
      expect([padding, failure(outcome)]).toEqual([padding, ['archive-corrupt', 'corrupt xz data (stream padding not a multiple of 4 bytes)']]);
    }
    expect(failure(await run(Buffer.concat([a, Buffer.from('garbage after it!')])))).toEqual(['archive-corrupt', 'corrupt xz data (data after the last stream)']);
    const cut = await run(Buffer.concat([a, zeros, b.subarray(0, 5)]));
    expect(failure(cut)).toEqual(['archive-corrupt', 'corrupt xz data (truncated)']);
    expect(cut.output.equals(xzDecompress(a))).toBe(true);
  });

  it('the same output whatever the input pieces: 1 to 1000 bytes at a time', async () => {
    const text = data('mixed', 250_000, 5);
    const file = xz(text, '-6', '-T2', '--block-size=100000');
    for (const piece of [1, 7, 'random', 1 << 20] as const) expect((await decoded(file, unxzStream, piece)).equals(text)).toBe(true);
  });

  it('an integrity check type xz has no algorithm for (0x02) is read without verifying it, as xz -dc does', async () => {
    const text = data('text', 20_000, 9);
    const file = Buffer.from(xz(text, '--check=crc32'));
    const footer = file.length - 12;
    file[7] = file[footer + 9] = 0x02;
    file.writeUInt32LE(zlib.crc32(file.subarray(6, 8)), 8);
    file.writeUInt32LE(zlib.crc32(file.subarray(footer + 4, footer + 10)), footer);
    expect((await decoded(file)).equals(text)).toBe(true);
    // The footer repeats the header's flags.
    file[footer + 9] = 0x01;
    file.writeUInt32LE(zlib.crc32(file.subarray(footer + 4, footer + 10)), footer);
    expect(failure(await run(file))).toEqual(['archive-corrupt', 'corrupt xz data (stream footer flags differ from the header)']);
  });

  it('a consumer that stops early lets the source go', async () => {
    const file = xz(data('random', 600_000, 4), '-0');
    const closed = { done: false };
    for await (const piece of unxzStream(feed(file, 4096, closed), roomy())) {
      expect(piece.length).toBeGreaterThan(0);
      break;
    }
    expect(closed.done).toBe(true);
  });
});

describe.skipIf(needsTool('xz', 'xz-utils'))('.lzma files (LZMA-alone) and LZMA in zip', () => {
  it.each([
    ['-0', 'text', 300_000],
    ['-6', 'mixed', 500_000],
    ['-9e', 'text', 200_000],
    ['--lzma1=lc=0,lp=4,pb=4', 'mixed', 200_000],
    ['--lzma1=lc=4,lp=0,pb=0,dict=12345', 'text', 400_000],
    ['-1', 'text', 0],
  ] as const)('xz --format=lzma %s, %s', async (options, kind, size) => {
    const text = data(kind, size, 11);
    const file = xz(text, '--format=lzma', options);
    expect((await decoded(file, unlzma, 'random')).equals(xzDecompress(file))).toBe(true);
  });

  it('a header stating the size (old lzma tools) is read to that size', async () => {
    const text = data('mixed', 300_000, 12);
    const raw = xz(text, '--format=raw', '--lzma1=preset=6,dict=65536');
    const header = Buffer.alloc(13);
    header[0] = (2 * 5 + 0) * 9 + 3; // pb=2, lp=0, lc=3: the preset's
    header.writeUInt32LE(65536, 1);
    header.writeBigUInt64LE(BigInt(text.length), 5);
    expect((await decoded(Buffer.concat([header, raw]), unlzma)).equals(text)).toBe(true);
  });

  it('a zip entry of method 14 (the LZMA SDK version, 5 bytes of properties, raw LZMA)', async () => {
    const text = data('text', 200_000, 13);
    const raw = xz(text, '--format=raw', '--lzma1=preset=6,lc=3,lp=0,pb=2,dict=1MiB');
    const header = Buffer.from([9, 20, 5, 0, 0x5d, 0, 0, 0x10, 0]);
    const entry: Reader = (source, budget) => unzipLzma(source, budget, text.length);
    expect((await decoded(Buffer.concat([header, raw]), entry)).equals(text)).toBe(true);
  });
});

describe.skipIf(needsTool('xz', 'xz-utils'))('truncated and corrupt data', () => {
  it('a truncated xz hands out the output before the cut, then says so', async () => {
    const text = data('text', 500_000, 21);
    const file = xz(text, '-6');
    const cut = await run(file.subarray(0, file.length >> 1));
    expect(failure(cut)).toEqual(['archive-corrupt', 'corrupt xz data (truncated)']);
    expect(cut.output.length).toBeGreaterThan(text.length / 3);
    expect(cut.output.equals(text.subarray(0, cut.output.length))).toBe(true);
  });

  it('cut anywhere (every position of the headers, index and footer, every 11th in the data): truncated, and a prefix', async () => {
    const text = data('mixed', 20_000, 22);
    const file = xz(text, '-6', '--block-size=7000');
    for (let at = 0; at < file.length; at += at < 64 || at > file.length - 128 ? 1 : 11) {
      const cut = await run(file.subarray(0, at), unxzStream, 'random');
      expect([at, failure(cut)]).toEqual([at, ['archive-corrupt', 'corrupt xz data (truncated)']]);
      expect([at, cut.output.equals(text.subarray(0, cut.output.length))]).toEqual([at, true]);
    }
    // Cut in the index or the footer: the whole output was handed out.
    expect((await run(file.subarray(0, file.length - 13))).output.equals(text)).toBe(true);
  });

  it('a truncated .lzma file, cut anywhere', async () => {
    const text = data('text', 10_000, 23);
    const file = xz(text, '--format=lzma', '-6');
    for (let at = 0; at < file.length; at += at < 32 || at > file.length - 32 ? 1 : 7) {
      const cut = await run(file.subarray(0, at), unlzma, 'random');
      expect([at, failure(cut)]).toEqual([at, ['archive-corrupt', 'corrupt lzma data (truncated)']]);
      expect([at, cut.output.equals(text.subarray(0, cut.output.length))]).toEqual([at, true]);
    }
  });

  it.each(['crc32', 'crc64', 'sha256'])('a flipped byte in stored data fails its --check=%s (xz -dc fails too)', async (check) => {
    // Random data is stored (LZMA2 uncompressed chunks): a flipped byte changes one byte of output.
    const file = Buffer.from(xz(data('random', 100_000, 24), `--check=${check}`));
    file[50_000] ^= 0x20;
    expect(() => xzDecompress(file)).toThrow();
    const outcome = await run(file);
    expect(failure(outcome)).toEqual(['archive-corrupt', 'corrupt xz data (check mismatch)']);
    expect(outcome.output.length).toBe(100_000);
  });

  it('without a check, a flipped stored byte goes through as xz -dc lets it', async () => {
    const file = Buffer.from(xz(data('random', 100_000, 25), '--check=none'));
    file[50_000] ^= 0x20;
    expect((await decoded(file)).equals(xzDecompress(file))).toBe(true);
  });

  it('an index that does not list the blocks read', async () => {
    const file = Buffer.from(xz(data('text', 10_000, 28), '--check=crc64'));
    // The index (before the 12-byte footer, whose bytes 4-7 give its size): 0x00, count 1, unpadded size,
    // uncompressed size (10000: 2 bytes), padding, CRC32. One more byte in the uncompressed size.
    const size = (file.readUInt32LE(file.length - 8) + 1) * 4;
    const index = file.length - 12 - size;
    expect([file[index], file[index + 1]]).toEqual([0x00, 0x01]);
    const uncompressed = index + 2 + (file[index + 2] & 0x80 ? 2 : 1);
    expect((file[uncompressed] & 0x7f) | (file[uncompressed + 1] << 7)).toBe(10_000);
    file[uncompressed]++;
    file.writeUInt32LE(zlib.crc32(file.subarray(index, index + size - 4)), index + size - 4);
    expect(() => xzDecompress(file)).toThrow();
    expect(failure(await run(file))).toEqual(['archive-corrupt', 'corrupt xz data (index does not match the blocks)']);
  });

  it('an LZMA chunk whose compressed size is larger than its data', async () => {
    const file = xz(data('text', 3000, 29), '-6', '--check=none');
    const chunk = BLOCK + 12;
    expect(chunkKinds(file)).toEqual(['0xe0']);
    // One more byte in the chunk's stated size, and one more (zero) byte after its data.
    const end = chunk + 6 + file.readUInt16BE(chunk + 3) + 1;
    const longer = Buffer.concat([file.subarray(0, end), Buffer.alloc(1), file.subarray(end)]);
    longer.writeUInt16BE(file.readUInt16BE(chunk + 3) + 1, chunk + 3);
    expect(failure(await run(longer))).toEqual(['archive-corrupt', 'corrupt xz data (chunk data size mismatch)']);
  });

  it('a flipped byte in the stored check', async () => {
    const file = Buffer.from(xz(data('text', 10_000, 26), '--check=crc64'));
    file[file.length - 12 - 12 - 1] ^= 1; // the check's last byte, before the 12-byte index and the footer
    expect(failure(await run(file))).toEqual(['archive-corrupt', 'corrupt xz data (check mismatch)']);
  });

  it('any flipped byte of a small file is reported as corrupt, never thrown otherwise, never hangs', async () => {
    const text = data('mixed', 20_000, 27);
    const file = xz(text, '-6', '--check=crc32');
    const next = prng(27);
    const seen = new Set<string>();
    for (let n = 0; n < 400; n++) {
      const flipped = Buffer.from(file);
      const at = Math.floor(next() * file.length);
      flipped[at] ^= 1 + Math.floor(next() * 255);
      const outcome = await run(flipped);
      expect([at, outcome.error?.reason]).toEqual([at, 'archive-corrupt']);
      expect(outcome.error!.message).toMatch(/^corrupt xz data \(.+\)$/);
      seen.add(outcome.error!.message);
    }
    // The damage is found in different places: headers, LZMA2 structure, range coder, the check.
    expect(seen.size).toBeGreaterThan(4);
  });
});

describe.skipIf(needsTool('xz', 'xz-utils'))('limits before memory', () => {
  let zeros: Buffer | undefined;
  /** 32 MiB of zeros in ~5 KB. */
  const zerosBomb = () => (zeros ??= xz(Buffer.alloc(32 * 2 ** 20), '-1'));

  it('a dictionary over 256 MB is refused before anything is allocated for it', async () => {
    const file = xz(data('text', 1000, 31), '-6');
    const before = process.memoryUsage().arrayBuffers;
    // Property byte 40: a 4 GiB dictionary, as a 20-byte header may claim.
    const xzBomb = await run(patchDictionary(file, 40));
    expect(failure(xzBomb)).toEqual(['archive-limit', 'xz dictionary of 4096 MB (over 256 MB), not decompressed']);
    // 33: 384 MiB, just over.
    expect(failure(await run(patchDictionary(file, 33)))).toEqual(['archive-limit', 'xz dictionary of 384 MB (over 256 MB), not decompressed']);
    const lzma = Buffer.from(xz(data('text', 1000, 31), '--format=lzma'));
    lzma.writeUInt32LE(0xffffffff, 1);
    expect(failure(await run(lzma, unlzma))).toEqual(['archive-limit', 'lzma dictionary of 4096 MB (over 256 MB), not decompressed']);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(16 * 2 ** 20);
  });

  it('a 256 MB dictionary (allowed) for a small stream allocates what the output needs, not the dictionary', async () => {
    const text = data('text', 100_000, 32);
    // Property byte 32: 2 << 27 = 256 MiB.
    const file = patchDictionary(xz(text, '-6'), 32);
    expect(2 * 2 ** 27).toBe(MAX_DICTIONARY);
    const before = process.memoryUsage().arrayBuffers;
    let peak = 0;
    const parts: Buffer[] = [];
    for await (const piece of unxzStream(feed(file), roomy())) {
      parts.push(piece);
      peak = Math.max(peak, process.memoryUsage().arrayBuffers - before);
    }
    expect(Buffer.concat(parts).equals(text)).toBe(true);
    expect(peak).toBeLessThan(16 * 2 ** 20);
  });

  it('a bomb of zeros stops at the compression ratio, after its first MB', async () => {
    const bomb = zerosBomb();
    expect(bomb.length).toBeLessThan(10_000);
    const outcome = await run(bomb, unxzStream, 64 * 1024, new Budget({ maxDepth: 4, maxBytes: 50_000_000, maxEntries: 100000, maxRatio: 100 }));
    expect(failure(outcome)).toEqual(['archive-limit', 'compression ratio above 100:1 (--max-archive-ratio), the rest of this entry not scanned']);
    expect(outcome.output.length).toBeGreaterThan(RATIO_GRACE - PIECE);
    expect(outcome.output.length).toBeLessThanOrEqual(RATIO_GRACE);
  });

  it('and at the byte limit when the ratio allows it: 50 MB of 64 MiB, then a final stop', async () => {
    const bomb = zerosBomb();
    const twice = Buffer.concat([bomb, bomb]);
    const outcome = await run(twice, unxzStream, 64 * 1024, new Budget({ maxDepth: 4, maxBytes: 50_000_000, maxEntries: 100000, maxRatio: 1e6 }));
    expect(failure(outcome)).toEqual(['archive-limit', 'more than 50000000 bytes inflated (--max-archive-bytes), the rest not scanned']);
    expect(outcome.error!.final).toBe(true);
    expect(outcome.output.length).toBeGreaterThan(50_000_000 - PIECE);
    expect(outcome.output.length).toBeLessThanOrEqual(50_000_000);
    expect(outcome.output.equals(Buffer.alloc(outcome.output.length))).toBe(true);
  });

  it('a filter it does not know is named as unsupported', async () => {
    const file = Buffer.from(xz(data('text', 1000, 33), '--x86', '--lzma2'));
    expect([...file.subarray(BLOCK, BLOCK + 6)]).toEqual([0x02, 0x01, 0x04, 0x00, 0x21, 0x01]);
    file[BLOCK + 2] = 0x0b; // RISC-V (xz 5.6): not read here
    file.writeUInt32LE(zlib.crc32(file.subarray(BLOCK, BLOCK + 8)), BLOCK + 8);
    expect(failure(await run(file))).toEqual(['archive-unsupported', 'xz filter 0x0b not supported, not decompressed']);
  });
});
