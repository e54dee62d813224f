// 7z, read from its header at the end (like zip, from a file or a held buffer). The header is usually
// itself compressed ("encoded"): it is decoded first, like any folder. A folder is a chain of coders
// whose output holds one or more files back to back (a solid archive: many files in one stream), so a
// folder is decoded once, as a stream, and its files are handed on one after the other.
// Coders read: copy, LZMA, LZMA2, deflate, bzip2, and the delta and branch (BCJ) filters after one of
// them (sevenzip-coders.ts). Others (PPMd, BCJ2) and encrypted folders are named as unsupported.
import type { RandomAccess } from './bytes.js';
import { ByteStream, slices } from './bytes.js';
import { ArchiveError, type Budget } from './limits.js';
import { sizedEntry } from './entry.js';
import { decodeFolder, unsupportedCoder, type Coder, type Folder } from './sevenzip-coders.js';
import type { ZipEntry } from './zip.js';

const START_HEADER = 32;
/** A header larger than this is not a real archive's (a million files' names fit in far less). */
const MAX_HEADER = 64 * 1024 * 1024;

const ID = {
  end: 0x00,
  header: 0x01,
  archiveProperties: 0x02,
  additionalStreams: 0x03,
  mainStreams: 0x04,
  filesInfo: 0x05,
  packInfo: 0x06,
  unpackInfo: 0x07,
  subStreamsInfo: 0x08,
  size: 0x09,
  crc: 0x0a,
  folder: 0x0b,
  codersUnpackSize: 0x0c,
  numUnpackStream: 0x0d,
  emptyStream: 0x0e,
  name: 0x11,
  encodedHeader: 0x17,
} as const;

interface Streams {
  folders: Folder[];
}

export async function* sevenZipEntries(access: RandomAccess, budget: Budget): AsyncGenerator<ZipEntry> {
  const start = access.read(0, START_HEADER);
  if (start.length < START_HEADER) throw new ArchiveError('archive-corrupt', 'truncated 7z archive');
  const offset = Number(start.readBigUInt64LE(12));
  const size = Number(start.readBigUInt64LE(20));
  if (size > MAX_HEADER || START_HEADER + offset + size > access.size) throw new ArchiveError('archive-corrupt', 'truncated 7z archive (header out of bounds)');
  if (size === 0) return; // an empty archive: no header at all
  let header = access.read(START_HEADER + offset, size);
  // An encoded header: its streams info says how to decode the real one.
  for (let nested = 0; header[0] === ID.encodedHeader; nested++) {
    const { folders } = new Reader(header, 1).streamsInfo();
    if (folders.length !== 1 || nested > 2) throw new ArchiveError('archive-corrupt', 'corrupt 7z header');
    const unsupported = unsupportedCoder(folders[0]);
    if (unsupported) throw new ArchiveError('archive-unsupported', `7z header ${unsupported}, not read`);
    header = await collect(decodeFolder(folders[0], packed(access, folders[0]), budget), MAX_HEADER);
  }
  if (header[0] !== ID.header) throw new ArchiveError('archive-corrupt', 'corrupt 7z header');
  const { folders, files } = new Reader(header, 1).header();
  let next = 0;
  for (const folder of folders) {
    const names = files.slice(next, next + folder.fileSizes.length);
    next += folder.fileSizes.length;
    const unsupported = unsupportedCoder(folder);
    if (unsupported) {
      for (const name of names) yield { name, unsupported, content: async function* () {} };
      continue;
    }
    const stream = new ByteStream(decodeFolder(folder, packed(access, folder), budget));
    for (const [i, name] of names.entries()) {
      const { entry, left } = sizedEntry(stream, name, folder.fileSizes[i]);
      yield entry;
      await stream.skip(left());
    }
    await stream.close();
  }
}

/** A folder's packed streams, each read from the archive as needed. */
function packed(access: RandomAccess, folder: Folder): (() => AsyncIterable<Buffer>)[] {
  let at = folder.packStart;
  return folder.packSizes.map((length) => {
    const from = at;
    at += length;
    return () => slices(access, from, length);
  });
}

async function collect(source: AsyncIterable<Buffer>, max: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const piece of source) {
    size += piece.length;
    if (size > max) throw new ArchiveError('archive-corrupt', 'corrupt 7z header (too large)');
    parts.push(Buffer.from(piece));
  }
  return Buffer.concat(parts, size);
}

/** The header's byte grammar: 7z NUMBERs, property ids, bit vectors. */
class Reader {
  constructor(
    private readonly bytes: Buffer,
    private at: number,
  ) {}

  byte(): number {
    if (this.at >= this.bytes.length) throw new ArchiveError('archive-corrupt', 'corrupt 7z header (truncated)');
    return this.bytes[this.at++];
  }

  /** The first byte's leading 1-bits count the little-endian bytes that follow; its rest is the high part. */
  number(): number {
    const first = this.byte();
    let value = 0;
    for (let i = 0, mask = 0x80; i < 8; i++, mask >>= 1) {
      if ((first & mask) === 0) return value + (first & (mask - 1)) * 2 ** (8 * i);
      value += this.byte() * 2 ** (8 * i);
    }
    return value;
  }

  /**
   * A count of things the header goes on to describe. Every thing takes at least one bit of what is
   * left, so a count past that is a lie, refused before anything is allocated for it.
   */
  count(max = 1 << 24): number {
    const n = this.number();
    if (n > max || n > 8 * this.left() + 8) throw new ArchiveError('archive-corrupt', 'corrupt 7z header (count)');
    return n;
  }

  /** `n` NUMBERs (a byte each at least). */
  numbers(n: number): number[] {
    this.fits(n, 1);
    return Array.from({ length: n }, () => this.number());
  }

  /** Header bytes not read yet. */
  left(): number {
    return this.bytes.length - this.at;
  }

  /** `n` items of at least `bytes` bytes each must fit in what is left of the header. */
  fits(n: number, bytes: number): void {
    if (n * bytes > this.left()) throw new ArchiveError('archive-corrupt', 'corrupt 7z header (truncated)');
  }

  take(n: number): Buffer {
    if (this.at + n > this.bytes.length) throw new ArchiveError('archive-corrupt', 'corrupt 7z header (truncated)');
    const out = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }

  bits(n: number): boolean[] {
    this.fits(Math.ceil(n / 8), 1);
    const out: boolean[] = [];
    let byte = 0;
    for (let i = 0; i < n; i++) {
      if (i % 8 === 0) byte = this.byte();
      out.push((byte & (0x80 >> i % 8)) !== 0);
    }
    return out;
  }

  /** A CRC list: "all defined" or a bit vector, then a u32 for each defined one (not checked here). */
  digests(n: number): boolean[] {
    // Bounded before the list is made: a sum of forged counts can reach 2^30 (64 x 2^24).
    const allDefined = this.byte() !== 0;
    this.fits(allDefined ? n : Math.ceil(n / 8), allDefined ? 4 : 1);
    const defined = allDefined ? new Array<boolean>(n).fill(true) : this.bits(n);
    this.take(4 * defined.filter(Boolean).length);
    return defined;
  }

  expect(id: number): void {
    if (this.byte() !== id) throw new ArchiveError('archive-corrupt', 'corrupt 7z header');
  }

  header(): Streams & { files: string[] } {
    let streams: Streams = { folders: [] };
    let files: string[] = [];
    for (let id = this.byte(); id !== ID.end; id = this.byte()) {
      if (id === ID.archiveProperties) this.skipProperties();
      else if (id === ID.additionalStreams) this.streamsInfo();
      else if (id === ID.mainStreams) streams = this.streamsInfo();
      else if (id === ID.filesInfo) files = this.filesInfo(streams);
      else throw new ArchiveError('archive-corrupt', 'corrupt 7z header');
    }
    return { ...streams, files };
  }

  streamsInfo(): Streams {
    let packStart = 0;
    let packSizes: number[] = [];
    let folders: Folder[] = [];
    for (let id = this.byte(); id !== ID.end; id = this.byte()) {
      if (id === ID.packInfo) ({ packStart, packSizes } = this.packInfo());
      else if (id === ID.unpackInfo) folders = this.unpackInfo();
      else if (id === ID.subStreamsInfo) this.subStreamsInfo(folders);
      else throw new ArchiveError('archive-corrupt', 'corrupt 7z header');
    }
    // Each folder takes as many packed streams as its coders need, in order.
    let pack = 0;
    let at = START_HEADER + packStart;
    for (const folder of folders) {
      const n = packedStreamCount(folder.coders);
      folder.packSizes = packSizes.slice(pack, pack + n);
      folder.packStart = at;
      at += folder.packSizes.reduce((a, b) => a + b, 0);
      pack += n;
      if (folder.packSizes.length !== n) throw new ArchiveError('archive-corrupt', 'corrupt 7z header (pack streams)');
    }
    return { folders };
  }

  private packInfo(): { packStart: number; packSizes: number[] } {
    const packStart = this.number();
    const count = this.count();
    let packSizes: number[] = [];
    for (let id = this.byte(); id !== ID.end; id = this.byte()) {
      if (id === ID.size) packSizes = this.numbers(count);
      else if (id === ID.crc) this.digests(count);
      else throw new ArchiveError('archive-corrupt', 'corrupt 7z header');
    }
    return { packStart, packSizes };
  }

  private unpackInfo(): Folder[] {
    this.expect(ID.folder);
    const count = this.count();
    if (this.byte() !== 0) throw new ArchiveError('archive-unsupported', '7z header with external folders, not read');
    this.fits(count, 2);
    const folders = Array.from({ length: count }, () => this.folder());
    this.expect(ID.codersUnpackSize);
    for (const folder of folders) folder.unpackSizes = folder.coders.flatMap((c) => Array.from({ length: c.outStreams }, () => this.number()));
    for (let id = this.byte(); id !== ID.end; id = this.byte()) {
      if (id === ID.crc) this.digests(count).forEach((defined, i) => (folders[i].crcDefined = defined));
      else throw new ArchiveError('archive-corrupt', 'corrupt 7z header');
    }
    // Without substreams info each folder holds one file of the folder's whole size.
    for (const folder of folders) folder.fileSizes = [folderSize(folder)];
    return folders;
  }

  private folder(): Folder {
    const coders: Coder[] = [];
    const count = this.count(64);
    for (let i = 0; i < count; i++) {
      const flags = this.byte();
      const id = this.take(flags & 0x0f).toString('hex');
      const complex = (flags & 0x10) !== 0;
      const inStreams = complex ? this.count(64) : 1;
      const outStreams = complex ? this.count(64) : 1;
      const properties = flags & 0x20 ? Buffer.from(this.take(this.count(1 << 16))) : Buffer.alloc(0);
      coders.push({ id, inStreams, outStreams, properties });
    }
    const outTotal = coders.reduce((n, c) => n + c.outStreams, 0);
    const inTotal = coders.reduce((n, c) => n + c.inStreams, 0);
    const bindPairs = Array.from({ length: outTotal - 1 }, () => [this.number(), this.number()]);
    const packed = inTotal - bindPairs.length;
    if (packed > 1) for (let i = 0; i < packed; i++) this.number();
    return { coders, order: chainOrder(coders, bindPairs), crcDefined: false, packStart: 0, packSizes: [], unpackSizes: [], fileSizes: [] };
  }

  private subStreamsInfo(folders: Folder[]): void {
    let counts = folders.map(() => 1);
    let id = this.byte();
    if (id === ID.numUnpackStream) {
      counts = folders.map(() => this.count());
      id = this.byte();
    }
    if (id === ID.size) {
      folders.forEach((folder, f) => {
        const sizes = this.numbers(Math.max(0, counts[f] - 1));
        const rest = folderSize(folder) - sizes.reduce((a, b) => a + b, 0);
        folder.fileSizes = counts[f] === 0 ? [] : [...sizes, rest];
      });
      id = this.byte();
    } else {
      folders.forEach((folder, f) => (folder.fileSizes = counts[f] === 0 ? [] : [folderSize(folder)]));
    }
    if (id === ID.crc) {
      // A CRC for every file whose CRC is not already the folder's.
      this.digests(counts.reduce((n, c, f) => n + (c === 1 && folders[f].crcDefined ? 0 : c), 0));
      id = this.byte();
    }
    if (id !== ID.end) throw new ArchiveError('archive-corrupt', 'corrupt 7z header');
  }

  /** Names of the files that have content (empty files and folders hold no stream). */
  private filesInfo(streams: Streams): string[] {
    const count = this.count();
    let names: string[] = [];
    let empty: boolean[] = new Array<boolean>(count).fill(false);
    for (let id = this.byte(); id !== ID.end; id = this.byte()) {
      const size = this.number();
      const data = new Reader(this.take(size), 0);
      if (id === ID.emptyStream) empty = data.bits(count);
      if (id === ID.name) {
        if (data.byte() !== 0) throw new ArchiveError('archive-unsupported', '7z header with external names, not read');
        names = data.bytes.toString('utf16le', 1).split('\0').slice(0, count);
      }
    }
    const withContent = names.filter((_, i) => !empty[i]);
    const expected = streams.folders.reduce((n, f) => n + f.fileSizes.length, 0);
    if (withContent.length !== expected) throw new ArchiveError('archive-corrupt', 'corrupt 7z header (file count)');
    return withContent;
  }

  private skipProperties(): void {
    for (let id = this.byte(); id !== ID.end; id = this.byte()) this.take(this.number());
  }
}

/**
 * Single-stream coders bound into one chain: a bind pair (in, out) feeds coder `out`'s output to coder
 * `in`. Decoding starts at the coder whose input nothing feeds (the packed stream). Else [].
 */
function chainOrder(coders: Coder[], bindPairs: number[][]): number[] {
  if (!coders.every((c) => c.inStreams === 1 && c.outStreams === 1)) return [];
  const feeds = new Map(bindPairs.map(([input, output]) => [output, input]));
  const fed = new Set(bindPairs.map(([input]) => input));
  const order = [coders.findIndex((_, i) => !fed.has(i))];
  while (feeds.has(order[order.length - 1]) && order.length <= coders.length) order.push(feeds.get(order[order.length - 1])!);
  return order.length === coders.length && new Set(order).size === coders.length ? order : [];
}

/** The folder's output size: that of the last coder in decoding order (of coder 0 for shapes not decoded). */
function folderSize(folder: Folder): number {
  return folder.unpackSizes[folder.order[folder.order.length - 1] ?? 0] ?? 0;
}

function packedStreamCount(coders: Coder[]): number {
  const inTotal = coders.reduce((n, c) => n + c.inStreams, 0);
  const outTotal = coders.reduce((n, c) => n + c.outStreams, 0);
  return inTotal - (outTotal - 1);
}

