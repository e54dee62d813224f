// bzip2, decoded by our own code as a pull stream: input is read piece by piece and output is handed out
// in pieces as it is produced, so a bomb is stopped by the caller after one piece, and memory is one
// block (its 4-byte-per-symbol array, at most 3.6 MB) plus one output piece and the input look-ahead.
// The format, stage by stage (decoding runs them backwards): RLE1 (runs of 4-255 equal bytes as 4 bytes and
// a count), the Burrows-Wheeler transform, move-to-front with runs of the front symbol written in base 2
// (RUNA/RUNB, "RLE2"), and Huffman codes, one of up to 6 tables chosen for each group of 50 symbols.
// Streams concatenated (`cat a.bz2 b.bz2`) are read one after the other, as bzip2 -d does.

/** Why a bzip2 stream could not be decoded; `unsupported`: valid but not read here (randomised blocks). */
export class Bzip2Error extends Error {
  constructor(
    message: string,
    readonly unsupported = false,
  ) {
    super(message);
  }
}

export interface Bunzip2Options {
  /** The largest output piece (default 64 KB): a limit can stop the decoder this soon. */
  pieceSize?: number;
  /** Updated before each piece is handed out: compressed bytes decoded so far (a compression ratio's divisor). */
  progress?: { consumed: number };
}

const BLOCK_MAGIC = [0x314159, 0x265359];
const END_MAGIC = [0x177245, 0x385090];
const MAX_GROUPS = 6;
const GROUP_SIZE = 50;
const MAX_ALPHA = 258;
const MAX_CODE = 20;
/** bzip2 1.0.8 reads but ignores selectors past this (some encoders write a few spare ones). */
const MAX_SELECTORS = 2 + 900_000 / GROUP_SIZE;
/** Codes up to this long are decoded by one table lookup; longer ones (rare) by bzip2's limit/base/perm. */
const FAST_BITS = 10;
/** An MTF move this far or farther is one copyWithin; nearer ones a loop (measured: bzip2's own 16 lists of 16 are slower in V8). */
const MTF_COPY = 32;
/** Input bits that always suffice for one group of 50 symbols, plus the 32-bit reader's look-ahead. */
const GROUP_BITS = GROUP_SIZE * MAX_CODE + 32;
/**
 * Input read ahead before a block header is parsed, which is then parsed without waiting: more than any
 * encoder writes (32767 selectors of up to 6 bits, 6 tables of 258 lengths of up to 39 bits: 32 KB).
 */
const HEADER_AHEAD = 48 * 1024 * 8;
/** Input read ahead each time symbol decoding runs short. */
const SYMBOLS_AHEAD = 64 * 1024 * 8;
/** Zero bytes kept after the input: a truncated stream is over-read into them, then reported. */
const PAD = 1024;

/** bzip2's CRC-32: MSB-first, polynomial 0x04c11db7 (not the reflected zlib CRC). */
const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i << 24;
    for (let k = 0; k < 8; k++) c = c & 0x80000000 ? (c << 1) ^ 0x04c11db7 : c << 1;
    table[i] = c;
  }
  return table;
})();

export async function* bunzip2(source: AsyncIterable<Buffer>, options: Bunzip2Options = {}): AsyncGenerator<Buffer> {
  const pieceSize = options.pieceSize ?? 64 * 1024;
  const input = new BitInput(source[Symbol.asyncIterator]());
  const block = new Block();
  try {
    for (let stream = 0; ; stream++) {
      const level = await streamHeader(input, stream === 0);
      if (!level) return;
      block.reserve(level * 100_000);
      let combined = 0;
      for (;;) {
        await input.fill(HEADER_AHEAD);
        const magic = [input.read(24), input.read(24)];
        const stored = input.read32();
        input.checkHeader();
        if (magic[0] === END_MAGIC[0] && magic[1] === END_MAGIC[1]) {
          if (stored !== combined) throw new Bzip2Error('stream CRC mismatch');
          break;
        }
        if (magic[0] !== BLOCK_MAGIC[0] || magic[1] !== BLOCK_MAGIC[1]) throw new Bzip2Error('bad block magic');
        block.readHeader(input);
        while (!block.decodeSymbols(input)) await input.fill(SYMBOLS_AHEAD);
        block.invertBwt();
        // Pieces never span blocks: what one block produced is handed out before the next is read.
        while (!block.written()) {
          const piece = Buffer.allocUnsafe(pieceSize);
          const length = block.write(piece);
          if (options.progress) options.progress.consumed = input.consumed();
          yield piece.subarray(0, length);
        }
        // Checked once the block is out (its bytes were handed on already, as bzip2 -d writes them).
        if (block.crc() !== stored) throw new Bzip2Error('block CRC mismatch');
        combined = (((combined << 1) | (combined >>> 31)) ^ stored) >>> 0;
      }
      if (options.progress) options.progress.consumed = input.consumed();
    }
  } finally {
    await input.close();
  }
}

/** "BZh" and the block size digit: the level (1-9), or 0 at the end of the input. */
async function streamHeader(input: BitInput, first: boolean): Promise<number> {
  input.alignToByte();
  await input.fill(32);
  if (!first && input.left() === 0) return 0;
  const b = input.read(8);
  const z = input.read(8);
  const h = input.read(8);
  const level = input.read(8) - 0x30;
  if (b === 0x42 && z === 0x5a && h === 0x68 && level >= 1 && level <= 9 && input.left() >= 0) return level;
  if (first) throw new Bzip2Error(input.left() < 0 ? 'truncated' : 'not a bzip2 stream');
  // Bytes after the last stream that do not start another one are ignored, as bzip2 -d does.
  return 0;
}

/**
 * An MSB-first bit reader over the input pieces, copied into one window (consumed bytes dropped as pieces
 * arrive). Zeros follow the data so the decoding loops need no bounds checks: a read past the end of
 * the input shows as `left() < 0`, checked after each header and each group of symbols.
 */
class BitInput {
  buf = new Uint8Array(64 * 1024 + PAD);
  pos = 0;
  end = 0;
  /** Up to 32 bits read ahead; the low `count` bits are the unread ones. */
  bits = 0;
  count = 0;
  ended = false;
  /** Input offset of buf[0]. */
  private base = 0;

  constructor(private readonly source: AsyncIterator<Buffer>) {}

  /** Unread bits: negative once a read went past the end of the input. */
  left(): number {
    return (this.end - this.pos) * 8 + this.count;
  }

  consumed(): number {
    return this.base + Math.min(this.pos, this.end) - (this.count >>> 3);
  }

  read(n: number): number {
    while (this.count < n) {
      this.bits = (this.bits << 8) | this.buf[this.pos++];
      this.count += 8;
    }
    this.count -= n;
    return (this.bits >>> this.count) & ((1 << n) - 1);
  }

  read32(): number {
    return ((this.read(16) << 16) | this.read(16)) >>> 0;
  }

  alignToByte(): void {
    this.count -= this.count & 7;
  }

  /** After a header parsed from the look-ahead: a read past it is the end of the input or a nonsense header. */
  checkHeader(): void {
    if (this.left() < 0) throw new Bzip2Error(this.ended ? 'truncated' : 'block header too long');
  }

  /** Reads pieces until `n` bits are ahead or the input ended. */
  async fill(n: number): Promise<void> {
    while (this.left() < n && !this.ended) await this.more();
  }

  /** One more piece of input (or the end). */
  async more(): Promise<void> {
    const next = await this.source.next();
    if (next.done) {
      this.ended = true;
      return;
    }
    const piece = next.value;
    if (this.end + piece.length + PAD > this.buf.length) this.makeRoom(piece.length);
    this.buf.set(piece, this.end);
    this.end += piece.length;
  }

  /**
   * Drops the bytes read, into a window twice the size needed when the rest would fill over half of
   * it (so each byte is moved a bounded number of times, however small the pieces). Past `end` the
   * window stays zero.
   */
  private makeRoom(adding: number): void {
    const kept = Math.max(0, this.end - this.pos);
    const needed = kept + adding + PAD;
    if (2 * needed > this.buf.length) {
      const grown = new Uint8Array(2 * needed);
      grown.set(this.buf.subarray(this.pos, this.pos + kept));
      this.buf = grown;
    } else {
      this.buf.copyWithin(0, this.pos, this.pos + kept);
      this.buf.fill(0, kept, Math.max(kept, this.end));
    }
    this.base += this.pos;
    this.pos = 0;
    this.end = kept;
  }

  async close(): Promise<void> {
    await this.source.return?.();
  }
}

/** One block's decoding state and tables, reused from block to block. */
class Block {
  /** Symbols after the Huffman/MTF/RLE2 stages (low byte), then the inverse BWT's links (upper 24 bits). */
  private tt = new Uint32Array(0);
  private max = 0;
  private origPtr = 0;
  private alphaSize = 0;
  /** The MTF list: byte values, most recent first. */
  private readonly mtf = new Uint8Array(256);
  private readonly counts = new Int32Array(256);
  private readonly selectors = new Uint8Array(MAX_SELECTORS);
  private nSelectors = 0;
  private readonly lengths = new Uint8Array(MAX_GROUPS * MAX_ALPHA);
  // Per table: the fast lookup ((symbol << 5) | length, 0 for longer codes), and bzip2's canonical-code tables.
  private readonly fast = new Uint16Array(MAX_GROUPS << FAST_BITS);
  private readonly limit = new Int32Array(MAX_GROUPS * (MAX_CODE + 2));
  private readonly base = new Int32Array(MAX_GROUPS * (MAX_CODE + 2));
  private readonly perm = new Uint16Array(MAX_GROUPS * MAX_ALPHA);
  // Symbol decoding, kept between calls while input arrives.
  private n = 0;
  private selector = 0;
  private groupLeft = 0;
  private table = 0;
  private runLength = 0;
  private runWeight = 1;
  // Output: the inverse BWT's walk and RLE1's state.
  private tPos = 0;
  private toWalk = 0;
  private last = -1;
  private run = 0;
  private repeat = 0;
  private crcValue = -1;

  /** Room for a block of the stream's size (100k-900k symbols). */
  reserve(max: number): void {
    this.max = max;
    if (this.tt.length < max) this.tt = new Uint32Array(max);
  }

  /** Everything between the block CRC and the symbols, from the look-ahead (BitInput.fill(HEADER_AHEAD)). */
  readHeader(input: BitInput): void {
    // Randomised blocks: bzip2 before 0.9.5 (and SharpZipLib, old Commons Compress) on very repetitive input.
    if (input.read(1)) throw new Bzip2Error('randomised block (an obsolete mode)', true);
    this.origPtr = input.read(24);
    // Which bytes occur: 16 flags for ranges of 16, then 16 flags for each range present. MTF starts in byte order.
    const ranges = input.read(16);
    const used: number[] = [];
    for (let i = 0; i < 16; i++) {
      if (!(ranges & (0x8000 >>> i))) continue;
      const flags = input.read(16);
      for (let j = 0; j < 16; j++) if (flags & (0x8000 >>> j)) used.push(i * 16 + j);
    }
    const inUse = used.length;
    if (inUse === 0) throw new Bzip2Error('block uses no bytes');
    this.mtf.set(used);
    this.alphaSize = inUse + 2;
    const groups = input.read(3);
    const nSelectors = input.read(15);
    if (groups < 2 || groups > MAX_GROUPS || nSelectors < 1) throw new Bzip2Error('bad Huffman group count');
    this.nSelectors = Math.min(nSelectors, MAX_SELECTORS);
    // Selectors: each a table number, move-to-front coded, in unary.
    const order = [0, 1, 2, 3, 4, 5];
    for (let i = 0; i < nSelectors; i++) {
      let j = 0;
      while (input.read(1)) if (++j >= groups) throw new Bzip2Error('bad selector');
      const table = order[j];
      for (; j > 0; j--) order[j] = order[j - 1];
      order[0] = table;
      if (i < MAX_SELECTORS) this.selectors[i] = table;
      if ((i & 1023) === 0) input.checkHeader();
    }
    // Code lengths: a 5-bit start, then per symbol steps of +1/-1 (bits 10/11) ended by a 0 bit.
    for (let t = 0; t < groups; t++) {
      let length = input.read(5);
      for (let s = 0; s < this.alphaSize; s++) {
        for (;;) {
          if (length < 1 || length > MAX_CODE) throw new Bzip2Error('bad code length');
          if (!input.read(1)) break;
          length += input.read(1) ? -1 : 1;
          if (input.left() < 0) input.checkHeader();
        }
        this.lengths[t * MAX_ALPHA + s] = length;
      }
      this.buildTable(t);
    }
    input.checkHeader();
    this.n = 0;
    this.selector = 0;
    this.groupLeft = 0;
    this.runLength = 0;
    this.runWeight = 1;
    this.counts.fill(0);
  }

  /** Canonical codes in (length, symbol) order, as bzip2 assigns them. */
  private buildTable(t: number): void {
    const lengths = this.lengths.subarray(t * MAX_ALPHA, t * MAX_ALPHA + this.alphaSize);
    const perLength = new Int32Array(MAX_CODE + 2);
    for (const length of lengths) perLength[length]++;
    const fast = this.fast.subarray(t << FAST_BITS, (t + 1) << FAST_BITS);
    fast.fill(0);
    const at = t * (MAX_CODE + 2);
    const next = new Int32Array(MAX_CODE + 2);
    // For each length: its first code, and the perm index of its first symbol.
    for (let length = 1, code = 0, index = 0; length <= MAX_CODE; length++) {
      if (code + perLength[length] > 1 << length) throw new Bzip2Error('bad Huffman table');
      next[length] = code;
      this.limit[at + length] = perLength[length] ? code + perLength[length] - 1 : -1;
      this.base[at + length] = code - index;
      index += perLength[length];
      code = (code + perLength[length]) << 1;
    }
    this.limit[at + MAX_CODE + 1] = 0x7fffffff; // stops the slow loop: checked as "too long" there
    const perm = this.perm.subarray(t * MAX_ALPHA, (t + 1) * MAX_ALPHA);
    for (let s = 0; s < lengths.length; s++) {
      const length = lengths[s];
      const code = next[length]++;
      perm[code - this.base[at + length]] = s;
      if (length <= FAST_BITS) fast.fill((s << 5) | length, code << (FAST_BITS - length), (code + 1) << (FAST_BITS - length));
    }
  }

  /**
   * Huffman → RLE2 → MTF into tt, until the block's end symbol (true) or until fewer input bits are
   * buffered than one group may take (false: read more input and call again).
   */
  decodeSymbols(input: BitInput): boolean {
    const { tt, fast, limit, base, perm, mtf, counts, selectors } = this;
    const buf = input.buf;
    const end = input.end;
    const ended = input.ended;
    const endSymbol = this.alphaSize - 1;
    const max = this.max;
    let { pos, bits, count } = input;
    let { n, selector, groupLeft, table, runLength, runWeight } = this;
    let done = false;
    for (;;) {
      if (groupLeft === 0) {
        const left = (end - pos) * 8 + count;
        if (left < 0) throw new Bzip2Error('truncated');
        if (left < GROUP_BITS && !ended) break;
        if (selector >= this.nSelectors) throw new Bzip2Error('more symbols than selectors');
        table = selectors[selector++];
        groupLeft = GROUP_SIZE;
      }
      groupLeft--;
      while (count < MAX_CODE) {
        bits = (bits << 8) | buf[pos++];
        count += 8;
      }
      let symbol: number;
      const entry = fast[(table << FAST_BITS) | ((bits >>> (count - FAST_BITS)) & ((1 << FAST_BITS) - 1))];
      if (entry !== 0) {
        count -= entry & 31;
        symbol = entry >>> 5;
      } else {
        // A code longer than the fast table: bzip2's own search, one length at a time.
        const at = table * (MAX_CODE + 2);
        let length = FAST_BITS + 1;
        let code = (bits >>> (count - length)) & ((1 << length) - 1);
        while (code > limit[at + length]) {
          length++;
          code = (bits >>> (count - length)) & ((1 << length) - 1);
        }
        const index = code - base[at + length];
        if (length > MAX_CODE || index < 0 || index >= endSymbol + 1) throw new Bzip2Error('bad Huffman code');
        count -= length;
        symbol = perm[table * MAX_ALPHA + index];
      }
      if (symbol <= 1) {
        // RUNA (0) and RUNB (1): digits 1 and 2 of the run length in bijective base 2, lowest first.
        if (runWeight > max) throw new Bzip2Error('run too long');
        runLength += runWeight << symbol;
        runWeight <<= 1;
        continue;
      }
      if (runLength > 0) {
        if (runLength > max - n) throw new Bzip2Error('block longer than its size');
        const byte = mtf[0];
        counts[byte] += runLength;
        // Most runs are short: a loop beats fill()'s call.
        if (runLength < 32) for (; runLength > 0; runLength--) tt[n++] = byte;
        else {
          tt.fill(byte, n, n + runLength);
          n += runLength;
          runLength = 0;
        }
      }
      runWeight = 1;
      if (symbol === endSymbol) {
        done = true;
        break;
      }
      if (n >= max) throw new Bzip2Error('block longer than its size');
      // Symbol s is the byte at MTF position s - 1, which moves to the front.
      let i = symbol - 1;
      const byte = mtf[i];
      if (i >= MTF_COPY) mtf.copyWithin(1, 0, i);
      else for (; i > 0; i--) mtf[i] = mtf[i - 1];
      mtf[0] = byte;
      counts[byte]++;
      tt[n++] = byte;
    }
    input.pos = pos;
    input.bits = bits;
    input.count = count;
    this.n = n;
    this.selector = selector;
    this.groupLeft = groupLeft;
    this.table = table;
    this.runLength = runLength;
    this.runWeight = runWeight;
    if (done && input.left() < 0) throw new Bzip2Error('truncated');
    return done;
  }

  /** Links each position to the next in the original order (the inverse BWT), and starts the walk. */
  invertBwt(): void {
    const { tt, counts, n } = this;
    if (this.origPtr >= n) throw new Bzip2Error('bad BWT origin');
    // Where each byte value's run starts in the sorted column.
    const start = new Int32Array(256);
    for (let b = 0, sum = 0; b < 256; b++) {
      start[b] = sum;
      sum += counts[b];
    }
    for (let i = 0; i < n; i++) tt[start[tt[i] & 0xff]++] |= i << 8;
    this.tPos = tt[this.origPtr] >>> 8;
    this.toWalk = n;
    this.last = -1;
    this.run = 0;
    this.repeat = 0;
    this.crcValue = -1;
  }

  written(): boolean {
    return this.toWalk === 0 && this.repeat === 0;
  }

  /** Walks the BWT and undoes RLE1 into `out`; the bytes written (out's length unless the block ended). */
  write(out: Uint8Array): number {
    const tt = this.tt;
    const size = out.length;
    let { tPos, toWalk, last, run, repeat } = this;
    // The CRC is taken as bytes are written: it overlaps the wait for tt's (cache-missing) loads.
    let crc = this.crcValue;
    let o = 0;
    while (o < size) {
      if (repeat > 0) {
        const k = Math.min(repeat, size - o);
        out.fill(last, o, o + k);
        for (let i = 0; i < k; i++) crc = (crc << 8) ^ CRC_TABLE[(crc >>> 24) ^ last];
        o += k;
        repeat -= k;
        continue;
      }
      if (toWalk === 0) break;
      const entry = tt[tPos];
      tPos = entry >>> 8;
      toWalk--;
      const byte = entry & 0xff;
      // After four equal bytes, the next is a count of further copies (RLE1).
      if (run === 4) {
        repeat = byte;
        run = 0;
        continue;
      }
      if (byte === last) run++;
      else {
        last = byte;
        run = 1;
      }
      crc = (crc << 8) ^ CRC_TABLE[(crc >>> 24) ^ byte];
      out[o++] = byte;
    }
    this.tPos = tPos;
    this.toWalk = toWalk;
    this.last = last;
    this.run = run;
    this.repeat = repeat;
    this.crcValue = crc;
    return o;
  }

  /** The CRC of what the block produced. */
  crc(): number {
    return ~this.crcValue >>> 0;
  }
}
