// xz streams (`.xz`, `.tar.xz`, .deb and .rpm payloads) and `.lzma` files, decoded by our own LZMA/LZMA2
// code (lzma.ts) as pull streams with the budget in the loop, like inflate.ts's decompressors.
//
// An xz stream: a 12-byte header (magic, the check type), blocks, an index listing every block's sizes,
// a 12-byte footer; streams may be concatenated with zero padding between them (`cat a.xz b.xz`). A block:
// a header naming its filter chain (LZMA2 last, maybe delta or branch-converter filters before it), the
// compressed data, padding to 4 bytes, the check (CRC32, CRC64 or SHA-256) of the block's output. Every
// check, the index and the footer are verified as the stream is read; output is handed out before its
// block's check is reached, so a mismatch is reported after the block's pieces.
import { createHash, type Hash } from 'node:crypto';
import zlib from 'node:zlib';
import { ArchiveError, type Budget } from './limits.js';
import { filterFor, isFilter } from './filters.js';
import { checkDictionary, DataError, decodeProperties, Input, LzmaDecoder, lzma2Dictionary, lzma2Pieces, lzmaPieces, PIECE } from './lzma.js';

const STREAM_MAGIC = [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00];
const FOOTER_MAGIC = [0x59, 0x5a]; // "YZ"
const LZMA2 = 0x21;
/** Room the branch converters' held-back bytes may add to an output piece (up to 15 for each of 3). */
const FILTER_SLACK = 64;

/** An xz stream, or several concatenated, as pieces of output (at most 256 KB each). */
export async function* unxzStream(source: AsyncIterable<Buffer>, budget: Budget): AsyncGenerator<Buffer> {
  const input = new Input(source);
  const decoder = new LzmaDecoder();
  let produced = 0;
  try {
    for (let stream = 0; ; stream++) {
      if (stream > 0 && !(await streamPadding(input))) return;
      const flags = await streamHeader(input, stream === 0);
      const checkType = flags[1] & 0x0f;
      const blocks = new IndexHash();
      for (;;) {
        if (!(await input.need(1))) throw new DataError('truncated');
        if (input.buf[input.pos] === 0x00) break; // the index
        const start = input.offset;
        const header = await blockHeader(input);
        const dataStart = input.offset;
        const check = newCheck(checkType);
        let size = 0;
        for await (const piece of blockOutput(input, decoder, header)) {
          check?.update(piece);
          size += piece.length;
          produced += piece.length;
          budget.inflate(piece.length, produced, input.offset);
          yield piece;
        }
        const compressed = input.offset - dataStart;
        if ((header.compressed !== undefined && header.compressed !== compressed) || (header.uncompressed !== undefined && header.uncompressed !== size)) {
          throw new DataError('block size differs from its header');
        }
        const unpadded = input.offset - start;
        await zeros((4 - (unpadded % 4)) % 4, 'block padding');
        const stored = await bytes(checkSize(checkType));
        if (check && !check.matches(stored)) throw new DataError('check mismatch');
        blocks.add(unpadded + stored.length, size);
      }
      const indexSize = await readIndex(input, blocks);
      await streamFooter(input, flags, indexSize);
    }
  } catch (error) {
    if (error instanceof DataError) throw new ArchiveError('archive-corrupt', `corrupt xz data (${error.message})`);
    throw error;
  } finally {
    await input.close();
  }

  async function bytes(n: number): Promise<Uint8Array> {
    if (!(await input.need(n))) throw new DataError('truncated');
    return input.take(n);
  }

  async function zeros(n: number, what: string): Promise<void> {
    if ((await bytes(n)).some((b) => b !== 0)) throw new DataError(`non-zero ${what}`);
  }
}

/**
 * A `.lzma` file (LZMA-alone: `xz --format=lzma`, the old lzma-utils, 7-Zip's lzma): a 13-byte header
 * (properties, dictionary size, uncompressed size or all ones when an end marker ends the data), then raw LZMA.
 */
export function unlzma(source: AsyncIterable<Buffer>, budget: Budget): AsyncGenerator<Buffer> {
  return lzmaStream(source, budget, 'lzma', async function* (input) {
    if (!(await input.need(13))) throw new DataError('truncated');
    const h = input.take(13);
    const properties = decodeProperties(h[0]);
    if (!properties) throw new DataError('bad properties');
    const dictionary = u32(h, 1);
    const low = u32(h, 5);
    const high = u32(h, 9);
    const size = low === 0xffffffff && high === 0xffffffff ? undefined : high * 2 ** 32 + low;
    checkDictionary(dictionary, 'lzma');
    yield* lzmaPieces(input, properties, dictionary, size);
  });
}

/**
 * A zip entry of method 14 (LZMA): a 4-byte header (the LZMA SDK's version, the properties' size: 5), the
 * properties and dictionary size, then raw LZMA, maybe with an end marker; `size` from the zip's headers.
 */
export function unzipLzma(source: AsyncIterable<Buffer>, budget: Budget, size: number): AsyncGenerator<Buffer> {
  return lzmaStream(source, budget, 'lzma', async function* (input) {
    if (!(await input.need(9))) throw new DataError('truncated');
    const h = input.take(9);
    const properties = decodeProperties(h[4]);
    if ((h[2] | (h[3] << 8)) !== 5 || !properties) throw new DataError('bad LZMA properties');
    const dictionary = u32(h, 5);
    checkDictionary(dictionary, 'lzma');
    yield* lzmaPieces(input, properties, dictionary, size);
  });
}

/**
 * The frame every LZMA-based reader shares (.lzma, zip method 14, 7z coders): the input pulled from
 * `source`, each output piece counted against the budget, corrupt data named after `format`.
 */
export async function* lzmaStream(
  source: AsyncIterable<Buffer>,
  budget: Budget,
  format: string,
  decode: (input: Input) => AsyncIterable<Buffer>,
): AsyncGenerator<Buffer> {
  const input = new Input(source);
  try {
    let produced = 0;
    for await (const piece of decode(input)) {
      produced += piece.length;
      budget.inflate(piece.length, produced, input.offset);
      yield piece;
    }
  } catch (error) {
    if (error instanceof DataError) throw new ArchiveError('archive-corrupt', `corrupt ${format} data (${error.message})`);
    throw error;
  } finally {
    await input.close();
  }
}

/** The stream header's flags (2 bytes), after its magic and CRC32 are checked. */
async function streamHeader(input: Input, first: boolean): Promise<Uint8Array> {
  const whole = await input.need(12);
  // Checked on what there is: a stream cut in its magic is truncated, other bytes are not a stream.
  const at = input.pos;
  if (STREAM_MAGIC.some((b, i) => at + i < input.end && input.buf[at + i] !== b)) throw new DataError(first ? 'not an xz stream' : 'data after the last stream');
  if (!whole) throw new DataError('truncated');
  const h = input.take(12);
  if (zlib.crc32(h.subarray(6, 8)) !== u32(h, 8)) throw new DataError('stream header CRC mismatch');
  if (h[6] !== 0 || h[7] & 0xf0) throw new ArchiveError('archive-unsupported', 'xz stream with unknown flags, not decompressed');
  return Uint8Array.from(h.subarray(6, 8));
}

/** Zero bytes between streams, a multiple of 4; false at the end of the input. */
async function streamPadding(input: Input): Promise<boolean> {
  let padding = 0;
  for (;;) {
    // Scanned in the buffer, not byte by byte through need(): the padding may be long.
    while (input.pos < input.end && input.buf[input.pos] === 0) {
      input.pos++;
      padding++;
    }
    if (input.pos < input.end) break;
    await input.more();
    if (input.pos === input.end && input.ended) break;
  }
  if (padding % 4) throw new DataError('stream padding not a multiple of 4 bytes');
  return input.pos < input.end;
}

async function streamFooter(input: Input, flags: Uint8Array, indexSize: number): Promise<void> {
  if (!(await input.need(12))) throw new DataError('truncated');
  const f = input.take(12);
  if (zlib.crc32(f.subarray(4, 10)) !== u32(f, 0)) throw new DataError('stream footer CRC mismatch');
  if (f[10] !== FOOTER_MAGIC[0] || f[11] !== FOOTER_MAGIC[1]) throw new DataError('bad stream footer');
  if (f[8] !== flags[0] || f[9] !== flags[1]) throw new DataError('stream footer flags differ from the header');
  if ((u32(f, 4) + 1) * 4 !== indexSize) throw new DataError('index size differs from the footer');
}

// Checks: how many bytes each type stores (types without a known algorithm are skipped, as xz does).
const CRC32 = 0x01;
const CRC64 = 0x04;
const SHA256 = 0x0a;

function checkSize(type: number): number {
  return type === 0 ? 0 : 4 << Math.floor((type - 1) / 3);
}

interface Check {
  update(piece: Uint8Array): void;
  matches(stored: Uint8Array): boolean;
}

function newCheck(type: number): Check | undefined {
  if (type === CRC32) {
    let crc = 0;
    return { update: (piece) => (crc = zlib.crc32(piece, crc)), matches: (stored) => u32(stored, 0) === crc };
  }
  if (type === CRC64) return new Crc64();
  if (type === SHA256) {
    const hash: Hash = createHash('sha256');
    return { update: (piece) => hash.update(piece), matches: (stored) => hash.digest().equals(stored) };
  }
  return undefined;
}

/**
 * CRC-64/XZ (ECMA-182, reflected), eight bytes a step ("slicing by 8"): 64-bit values as two 32-bit
 * halves; table k holds the CRC of a byte followed by k zero bytes. The eight bytes are read as two
 * little-endian words through an Int32Array over the piece (when the host is little-endian).
 */
class Crc64 implements Check {
  private low = -1;
  private high = -1;

  update(piece: Uint8Array): void {
    // In short calls: V8 then optimises the function itself, not only its loop while a long call runs
    // (code that bails out where the loop ends, at every later call, until the function is optimised).
    for (let at = 0; at < piece.length; at += CRC_SLICE) this.slice(piece.subarray(at, at + CRC_SLICE));
  }

  private slice(piece: Uint8Array): void {
    let low = this.low;
    let high = this.high;
    let i = 0;
    if (LITTLE_ENDIAN) {
      // Byte by byte up to a 4-byte boundary, then words.
      for (; i < piece.length && (piece.byteOffset + i) & 3; i++) {
        const k = (low ^ piece[i]) & 0xff;
        low = CRC64_LOW[k] ^ ((low >>> 8) | (high << 24));
        high = CRC64_HIGH[k] ^ (high >>> 8);
      }
      const words = new Int32Array(piece.buffer, piece.byteOffset + i, ((piece.length - i) >> 3) << 1);
      const L = CRC64_LOW;
      const H = CRC64_HIGH;
      for (let w = 0; w < words.length; w += 2) {
        const a = low ^ words[w];
        const b = high ^ words[w + 1];
        const a0 = 1792 + (a & 0xff);
        const a1 = 1536 + ((a >>> 8) & 0xff);
        const a2 = 1280 + ((a >>> 16) & 0xff);
        const a3 = 1024 + (a >>> 24);
        const b0 = 768 + (b & 0xff);
        const b1 = 512 + ((b >>> 8) & 0xff);
        const b2 = 256 + ((b >>> 16) & 0xff);
        const b3 = b >>> 24;
        low = L[a0] ^ L[a1] ^ L[a2] ^ L[a3] ^ L[b0] ^ L[b1] ^ L[b2] ^ L[b3];
        high = H[a0] ^ H[a1] ^ H[a2] ^ H[a3] ^ H[b0] ^ H[b1] ^ H[b2] ^ H[b3];
      }
      i += words.length * 4;
    }
    for (; i < piece.length; i++) {
      const k = (low ^ piece[i]) & 0xff;
      low = CRC64_LOW[k] ^ ((low >>> 8) | (high << 24));
      high = CRC64_HIGH[k] ^ (high >>> 8);
    }
    this.low = low;
    this.high = high;
  }

  matches(stored: Uint8Array): boolean {
    return u32(stored, 0) === ~this.low >>> 0 && u32(stored, 4) === ~this.high >>> 0;
  }
}

const CRC_SLICE = 4096;
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;


/** Eight tables of 256 entries: table k at k * 256, low and high halves apart. */
const [CRC64_LOW, CRC64_HIGH] = (() => {
  const low = new Int32Array(8 * 256);
  const high = new Int32Array(8 * 256);
  // The polynomial 0xC96C5795D7870F42, in halves.
  const polyLow = 0xd7870f42 | 0;
  const polyHigh = 0xc96c5795 | 0;
  for (let n = 0; n < 256; n++) {
    let l = n;
    let h = 0;
    for (let k = 0; k < 8; k++) {
      const odd = l & 1;
      l = (l >>> 1) | (h << 31);
      h >>>= 1;
      if (odd) {
        l ^= polyLow;
        h ^= polyHigh;
      }
    }
    low[n] = l;
    high[n] = h;
  }
  for (let n = 256; n < 8 * 256; n++) {
    const k = low[n - 256] & 0xff;
    low[n] = low[k] ^ ((low[n - 256] >>> 8) | (high[n - 256] << 24));
    high[n] = high[k] ^ (high[n - 256] >>> 8);
  }
  return [low, high];
})();

/** What the blocks were, folded as they are read, to compare with the index without keeping a list. */
class IndexHash {
  count = 0;
  private unpadded = 0;
  private uncompressed = 0;
  private crc = 0;
  private readonly record = Buffer.alloc(16);

  add(unpadded: number, uncompressed: number): void {
    this.count++;
    this.unpadded += unpadded;
    this.uncompressed += uncompressed;
    this.record.writeDoubleLE(unpadded, 0);
    this.record.writeDoubleLE(uncompressed, 8);
    this.crc = zlib.crc32(this.record, this.crc);
  }

  equals(other: IndexHash): boolean {
    return this.count === other.count && this.unpadded === other.unpadded && this.uncompressed === other.uncompressed && this.crc === other.crc;
  }
}

/** The index: its records must be the blocks just read. Returns its size. */
async function readIndex(input: Input, blocks: IndexHash): Promise<number> {
  const start = input.offset;
  let crc = 0;
  const vli = async (): Promise<number> => {
    await input.need(9);
    const from = input.pos;
    const field = readVli(input.buf, from, input.end);
    if (!field) throw new DataError('truncated');
    const [value, next] = field;
    input.pos = next;
    crc = zlib.crc32(input.buf.subarray(from, next), crc);
    return value;
  };
  crc = zlib.crc32(input.take(1), crc); // the indicator, 0x00
  const count = await vli();
  if (count !== blocks.count) throw new DataError('index does not match the blocks');
  const listed = new IndexHash();
  for (let n = 0; n < count; n++) {
    const unpadded = await vli();
    const uncompressed = await vli();
    if (unpadded === 0) throw new DataError('bad index');
    listed.add(unpadded, uncompressed);
  }
  if (!listed.equals(blocks)) throw new DataError('index does not match the blocks');
  const padding = (4 - ((input.offset - start) % 4)) % 4;
  if (!(await input.need(padding + 4))) throw new DataError('truncated');
  const rest = input.take(padding + 4);
  if (rest.subarray(0, padding).some((b) => b !== 0)) throw new DataError('non-zero index padding');
  if (zlib.crc32(rest.subarray(0, padding), crc) !== u32(rest, padding)) throw new DataError('index CRC mismatch');
  return input.offset - start;
}

interface Filter {
  id: number;
  properties: Uint8Array;
}

interface BlockHeader {
  compressed?: number;
  uncompressed?: number;
  filters: Filter[];
}

/** A block header, its CRC32 checked: sizes if stated, the filter chain (LZMA2 last). */
async function blockHeader(input: Input): Promise<BlockHeader> {
  const size = (input.buf[input.pos] + 1) * 4;
  if (!(await input.need(size))) throw new DataError('truncated');
  const h = input.take(size);
  const end = size - 4;
  if (zlib.crc32(h.subarray(0, end)) !== u32(h, end)) throw new DataError('block header CRC mismatch');
  const flags = h[1];
  if (flags & 0x3c) throw new ArchiveError('archive-unsupported', 'xz block header with unknown flags, not decompressed');
  let at = 2;
  const field = (): number => {
    const read = readVli(h, at, end);
    if (!read) throw new DataError('bad block header');
    at = read[1];
    return read[0];
  };
  const header: BlockHeader = { filters: [] };
  if (flags & 0x40) {
    header.compressed = field();
    if (header.compressed === 0) throw new DataError('bad block header');
  }
  if (flags & 0x80) header.uncompressed = field();
  for (let n = (flags & 3) + 1; n > 0; n--) {
    const id = field();
    const length = field();
    if (at + length > end) throw new DataError('bad block header');
    header.filters.push({ id, properties: h.slice(at, at + length) });
    at += length;
  }
  if (h.subarray(at, end).some((b) => b !== 0)) throw new ArchiveError('archive-unsupported', 'xz block header with unknown options, not decompressed');
  return header;
}

/** A block's data: LZMA2 decoded, then the other filters of the chain undone, last first. */
async function* blockOutput(input: Input, decoder: LzmaDecoder, header: BlockHeader): AsyncGenerator<Buffer> {
  const last = header.filters[header.filters.length - 1];
  if (last.id !== LZMA2) throw unsupportedFilter(last.id);
  const dictionary = lzma2Dictionary(last.properties, 'xz');
  for (const filter of header.filters.slice(0, -1)) if (!isFilter(filter.id)) throw unsupportedFilter(filter.id);
  const filters = header.filters.slice(0, -1).map((filter) => filterFor(filter.id, filter.properties)).reverse();
  if (!filters.length) return yield* lzma2Pieces(input, decoder, dictionary);
  for await (let piece of lzma2Pieces(input, decoder, dictionary, PIECE - FILTER_SLACK)) {
    for (const filter of filters) piece = filter.push(piece);
    if (piece.length) yield piece;
  }
  // Bytes a converter held back are passed as they are, through the filters after it.
  let rest = Buffer.alloc(0);
  for (const filter of filters) rest = Buffer.concat([filter.push(rest), filter.end()]);
  if (rest.length) yield rest;
}

function unsupportedFilter(id: number): ArchiveError {
  return new ArchiveError('archive-unsupported', `xz filter 0x${id.toString(16).padStart(2, '0')} not supported, not decompressed`);
}

/**
 * An xz variable-length integer (7 bits a byte, low first, at most 9 bytes) at `at`, before `end`:
 * [value, next position], or undefined if it runs into `end`.
 */
function readVli(bytes: Uint8Array, at: number, end: number): [number, number] | undefined {
  let value = 0;
  for (let n = 0; n < 9; n++) {
    if (at >= end) return undefined;
    const b = bytes[at++];
    value += (b & 0x7f) * 2 ** (7 * n);
    if (!(b & 0x80)) {
      // Not the shortest encoding, or beyond what a double holds exactly (and any real size).
      if ((b === 0 && n > 0) || value > Number.MAX_SAFE_INTEGER) break;
      return [value, at];
    }
  }
  throw new DataError('bad variable-length integer');
}

function u32(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
}
