// LZ4 frames (`.lz4`: lz4 tool output, some kernel and firmware images, log archives), decoded by our own
// code: the block format is a few lines (literal runs and back-references into the last 64 KB), the frame
// format a header, sized blocks and optional checksums (not verified: a wrong byte shows as corrupt
// sequences or is scanned as it is). Also the legacy frame (`lz4 -l`) and skippable frames.
import { ByteStream } from './bytes.js';
import { ArchiveError, type Budget } from './limits.js';
import { isSkippableFrame } from './magic.js';

const FRAME_MAGIC = 0x184d2204;
const LEGACY_MAGIC = 0x184c2102;
const LEGACY_BLOCK = 8 * 1024 * 1024;
/** Back-references reach at most this far, into the previous blocks of a linked frame. */
const HISTORY = 64 * 1024;

export async function* unlz4(source: AsyncIterable<Buffer>, budget: Budget): AsyncGenerator<Buffer> {
  const input = new ByteStream(source);
  let consumed = 0;
  let produced = 0;
  const read = async (n: number) => {
    const bytes = await input.read(n);
    consumed += bytes.length;
    if (bytes.length < n) throw new ArchiveError('archive-corrupt', 'corrupt lz4 data (truncated)');
    return bytes;
  };
  const emit = (out: Buffer) => {
    produced += out.length;
    budget.inflate(out.length, produced, consumed);
    return out;
  };
  for (let first = true; ; first = false) {
    const head = await input.read(4);
    consumed += head.length;
    if (head.length === 0 && !first) return;
    if (head.length < 4) throw new ArchiveError('archive-corrupt', 'corrupt lz4 data (truncated)');
    const magic = head.readUInt32LE(0);
    if (isSkippableFrame(magic)) {
      await input.skip((await read(4)).readUInt32LE(0)); // a skippable frame
      continue;
    }
    if (magic === LEGACY_MAGIC) {
      for (;;) {
        const size = await input.peek(4);
        // The legacy format has no end mark: it ends with the input, or where another frame starts.
        if (size.length < 4 || [FRAME_MAGIC, LEGACY_MAGIC].includes(size.readUInt32LE(0))) break;
        const length = (await read(4)).readUInt32LE(0);
        if (length > LEGACY_BLOCK * 2) throw new ArchiveError('archive-corrupt', 'corrupt lz4 data (block size)');
        yield emit(decodeBlock(await read(length), Buffer.alloc(0), LEGACY_BLOCK));
      }
      continue;
    }
    if (magic !== FRAME_MAGIC) {
      if (first) throw new ArchiveError('archive-corrupt', 'corrupt lz4 data (not an lz4 frame)');
      return; // trailing bytes after the last frame, as lz4 -d ignores them
    }
    const [flags, blockDescriptor] = await read(2);
    if (flags >> 6 !== 1) throw new ArchiveError('archive-corrupt', 'corrupt lz4 data (frame version)');
    const maxBlock = 1 << (8 + 2 * ((blockDescriptor >> 4) & 7));
    if (maxBlock < HISTORY) throw new ArchiveError('archive-corrupt', 'corrupt lz4 data (block size)');
    const linked = (flags & 0x20) === 0;
    const blockChecksum = (flags & 0x10) !== 0;
    await read((flags & 0x08 ? 8 : 0) + (flags & 0x01 ? 4 : 0) + 1); // content size, dictionary id, header checksum
    let history = Buffer.alloc(0);
    for (;;) {
      const word = (await read(4)).readUInt32LE(0);
      if (word === 0) break;
      const length = word & 0x7fffffff;
      if (length > maxBlock) throw new ArchiveError('archive-corrupt', 'corrupt lz4 data (block size)');
      const data = await read(length);
      if (blockChecksum) await read(4);
      const out = word & 0x80000000 ? data : decodeBlock(data, history, maxBlock);
      // The last 64 KB of output: of this block alone when it is that long (no copy of the whole block).
      if (linked) history = Buffer.from(out.length >= HISTORY ? out.subarray(-HISTORY) : Buffer.concat([history, out]).subarray(-HISTORY));
      yield emit(out);
    }
    if (flags & 0x04) await read(4); // content checksum
  }
}

/** One compressed block: sequences of literals and a back-reference, into at most `limit` bytes. */
function decodeBlock(block: Buffer, history: Buffer, limit: number): Buffer {
  // The history sits in front of the output, so back-references into it are plain offsets.
  const out = Buffer.allocUnsafe(history.length + limit);
  history.copy(out);
  let o = history.length;
  let i = 0;
  const corrupt = () => new ArchiveError('archive-corrupt', 'corrupt lz4 data (bad sequence)');
  const length = (base: number) => {
    let n = base;
    if (base === 15) {
      let b: number;
      do {
        if (i >= block.length) throw corrupt();
        b = block[i++];
        n += b;
      } while (b === 255);
    }
    return n;
  };
  while (i < block.length) {
    const token = block[i++];
    const literals = length(token >> 4);
    if (i + literals > block.length || o + literals > out.length) throw corrupt();
    block.copy(out, o, i, i + literals);
    i += literals;
    o += literals;
    if (i === block.length) break; // the last sequence has literals only
    if (i + 2 > block.length) throw corrupt();
    const offset = block[i] | (block[i + 1] << 8);
    i += 2;
    const match = length(token & 15) + 4;
    if (offset === 0 || offset > o || o + match > out.length) throw corrupt();
    // Byte by byte where the source overlaps what is being written (a run), one copy where it does not.
    if (offset >= match) out.copy(out, o, o - offset, o - offset + match);
    else for (let k = 0; k < match; k++) out[o + k] = out[o - offset + k];
    o += match;
  }
  return out.subarray(history.length, o);
}
