// zip (and every format that is one: jar, war, apk, aab, ipa, vsix, whl, nupkg, xpi; crx is a header
// and then a zip) read from its central directory, the one list of entries zip readers trust. Offsets
// are taken relative to where the directory really is, so bytes before the archive (a CRX header, a
// self-extracting stub) need no special case. Stored, deflated, bzip2, LZMA and zstd entries; others are named as unsupported.
import zlib from 'node:zlib';
import type { RandomAccess } from './bytes.js';
import { slices } from './bytes.js';
import { inflate } from './inflate.js';
import { unzipLzma } from './xz.js';
import { ArchiveError, type Budget } from './limits.js';
import { WHOLE_ENTRY, type Entry } from './entry.js';

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
/** The end record (22 bytes) plus the longest comment it may carry. */
const TAIL = 22 + 0xffff;
/** Compression methods read, by their number in the zip format: each turns an entry's stored bytes into its content. */
const METHODS: Partial<Record<number, (stored: AsyncIterable<Buffer>, budget: Budget, size: number) => AsyncIterable<Buffer>>> = {
  0: (stored) => stored,
  8: (stored, budget) => inflate(stored, 'deflate-raw', budget),
  12: (stored, budget) => inflate(stored, 'bzip2', budget),
  14: (stored, budget, size) => unzipLzma(stored, budget, size),
  93: (stored, budget) => inflate(stored, 'zstd', budget),
};

export interface ZipEntry extends Entry {
  /** Set when the entry cannot be read (encrypted, or a compression method not in METHODS). */
  unsupported?: string;
}

export function zipEntries(access: RandomAccess, budget: Budget): ZipEntry[] {
  const tailStart = Math.max(0, access.size - TAIL);
  const tail = access.read(tailStart, access.size - tailStart);
  let end = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end === -1) throw new ArchiveError('archive-corrupt', 'no zip central directory (truncated archive?)');
  const endAt = tailStart + end;
  let count = tail.readUInt16LE(end + 10);
  let size = tail.readUInt32LE(end + 12);
  let offset = tail.readUInt32LE(end + 16);
  let directoryEnd = endAt;
  if (end >= 20 && tail.readUInt32LE(end - 20) === EOCD64_LOCATOR) {
    const record = access.read(Number(tail.readBigUInt64LE(end - 12)), 56);
    if (record.length === 56 && record.readUInt32LE(0) === EOCD64) {
      count = Number(record.readBigUInt64LE(32));
      size = Number(record.readBigUInt64LE(40));
      offset = Number(record.readBigUInt64LE(48));
      directoryEnd = endAt - 20 - 56;
    }
  }
  // Bytes in front of the archive shift every offset by the same amount.
  const shift = directoryEnd - size - offset;
  if (shift < 0) throw new ArchiveError('archive-corrupt', 'zip central directory out of bounds');
  const directory = access.read(offset + shift, size);
  const entries: ZipEntry[] = [];
  for (let at = 0, i = 0; i < count; i++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL) throw new ArchiveError('archive-corrupt', 'corrupt zip central directory');
    const flags = directory.readUInt16LE(at + 8);
    const method = directory.readUInt16LE(at + 10);
    let compressed = directory.readUInt32LE(at + 20);
    let uncompressed = directory.readUInt32LE(at + 24);
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    let local = directory.readUInt32LE(at + 42);
    const name = directory.toString(flags & 0x800 ? 'utf8' : 'latin1', at + 46, at + 46 + nameLength);
    // Zip64: the fields set to all ones are in the 0x0001 extra field, in this order.
    const extra = directory.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
    for (let e = 0; e + 4 <= extra.length; e += 4 + extra.readUInt16LE(e + 2)) {
      if (extra.readUInt16LE(e) !== 1) continue;
      let field = e + 4;
      const next = () => (field + 8 <= extra.length ? Number(extra.readBigUInt64LE((field += 8) - 8)) : 0);
      if (uncompressed === 0xffffffff) uncompressed = next();
      if (compressed === 0xffffffff) compressed = next();
      if (local === 0xffffffff) local = next();
    }
    at += 46 + nameLength + extraLength + commentLength;
    if (name.endsWith('/')) continue; // a directory
    const unsupported = flags & 1 ? 'encrypted' : !METHODS[method] ? `compression method ${method}` : undefined;
    entries.push({
      name,
      unsupported,
      content: () => entryBytes(access, local + shift, compressed, method, uncompressed, budget),
      whole: () => (uncompressed <= WHOLE_ENTRY && compressed <= WHOLE_ENTRY ? wholeEntry(access, local + shift, compressed, method, budget) : undefined),
    });
  }
  return entries;
}

/** A generator, so a corrupt local header is this entry's error, met when it is read. */
async function* entryBytes(access: RandomAccess, local: number, compressed: number, method: number, size: number, budget: Budget): AsyncGenerator<Buffer> {
  yield* METHODS[method]!(slices(access, dataStart(access, local, compressed), compressed), budget, size);
}

function dataStart(access: RandomAccess, local: number, compressed: number): number {
  const header = access.read(local, 30);
  if (header.length < 30 || header.readUInt32LE(0) !== LOCAL) throw new ArchiveError('archive-corrupt', 'corrupt zip local header');
  const start = local + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  if (start + compressed > access.size) throw new ArchiveError('archive-corrupt', 'zip entry runs past the end of the archive');
  return start;
}

/**
 * A small entry inflated in one call, its output capped; an error or a limit sends it down the
 * streamed path instead, which reports it exactly and keeps what inflated before it.
 */
function wholeEntry(access: RandomAccess, local: number, compressed: number, method: number, budget: Budget): Buffer | undefined {
  // Only deflate has a one-call inflater (node:zlib's, its output capped); other methods stream.
  if (method !== 0 && method !== 8) return undefined;
  let start: number;
  try {
    start = dataStart(access, local, compressed);
  } catch {
    return undefined;
  }
  const packed = access.read(start, compressed);
  if (method === 0) return packed;
  let out: Buffer;
  try {
    out = zlib.inflateRawSync(packed, { maxOutputLength: Math.max(1, Math.min(WHOLE_ENTRY, budget.left())) });
  } catch {
    return undefined;
  }
  return budget.take(out.length, packed.length) ? out : undefined;
}
