// The filters that may come before LZMA in an xz block or a 7z folder, undone on the decoded stream:
// delta, and the branch converters (BCJ). A converter held executable code whose relative call and
// jump targets were made absolute (so repeated calls to one function compress well); undoing it makes
// them relative again. Each converts whole instructions, so it holds back the last bytes of a piece
// (at most 4, 15 for IA-64) until the next piece or the end: pieces come out a few bytes shorter or longer.
// The ids are xz's (7z's differ); the conversions are those of xz's liblzma, byte for byte.
import { ArchiveError } from './limits.js';
import { DataError } from './lzma.js';

/** Undoes one filter, piece by piece; pieces are converted in place. */
export interface Unfilter {
  push(piece: Buffer): Buffer;
  /** The bytes held back at the end of the data, as they are. */
  end(): Buffer;
}

/** Whether xz filter `id` (before LZMA2) is one we undo. */
export function isFilter(id: number): boolean {
  return id === DELTA || CONVERTERS[id] !== undefined;
}

/**
 * The undoing of xz filter `id` with its `properties` (delta: the distance - 1; branch converters: none,
 * or a 4-byte start offset). Malformed properties are a DataError; an unknown id or an offset the
 * converter cannot start at, unsupported.
 */
export function filterFor(id: number, properties: Uint8Array): Unfilter {
  if (id === DELTA) {
    if (properties.length !== 1) throw new DataError('bad delta filter properties');
    return new Delta(properties[0] + 1);
  }
  const converter = CONVERTERS[id];
  if (!converter) throw new ArchiveError('archive-unsupported', `filter 0x${id.toString(16).padStart(2, '0')} not supported, not decompressed`);
  if (properties.length !== 0 && properties.length !== 4) throw new DataError('bad branch filter properties');
  const start = properties.length ? (properties[0] | (properties[1] << 8) | (properties[2] << 16) | (properties[3] << 24)) >>> 0 : 0;
  if (start % converter.alignment) throw new ArchiveError('archive-unsupported', 'branch filter with an unaligned start offset, not decompressed');
  return new BranchFilter(converter.convert, start);
}

const DELTA = 0x03;
/** The branch converters by xz id, and the alignment of their instructions (a start offset must keep it). */
const CONVERTERS: Record<number, { convert: Converter; alignment: number } | undefined> = {
  0x04: { convert: x86, alignment: 1 },
  0x05: { convert: powerPc, alignment: 4 },
  0x06: { convert: ia64, alignment: 16 },
  0x07: { convert: arm, alignment: 4 },
  0x08: { convert: armThumb, alignment: 2 },
  0x09: { convert: sparc, alignment: 4 },
  0x0a: { convert: arm64, alignment: 4 },
};

/** Delta: each byte was stored as its difference from the byte `distance` before it. */
class Delta implements Unfilter {
  /** The last 256 bytes of output (the distance is at most 256). */
  private history = Buffer.alloc(256);

  constructor(private readonly distance: number) {}

  push(piece: Buffer): Buffer {
    const d = this.distance;
    const head = Math.min(d, piece.length);
    for (let i = 0; i < head; i++) piece[i] += this.history[256 - d + i];
    for (let i = d; i < piece.length; i++) piece[i] += piece[i - d];
    // Keep the last 256 bytes of history + piece.
    if (piece.length >= 256) piece.copy(this.history, 0, piece.length - 256);
    else this.history = Buffer.concat([this.history.subarray(piece.length), piece]);
    return piece;
  }

  end(): Buffer {
    return Buffer.alloc(0);
  }
}

/** Converts instructions in `data` for the stream position `position` (mod 2^32); returns the bytes converted. */
type Converter = (data: Buffer, position: number, state: Int32Array) => number;

class BranchFilter implements Unfilter {
  private held: Buffer = Buffer.alloc(0);
  /** x86's memory of recent 0xE8/0xE9 bytes: [mask, position]. */
  private readonly state = Int32Array.of(0, -5);

  constructor(
    private readonly convert: Converter,
    private position: number,
  ) {}

  push(piece: Buffer): Buffer {
    const data = this.held.length ? Buffer.concat([this.held, piece]) : piece;
    const done = this.convert(data, this.position, this.state);
    this.position = (this.position + done) >>> 0;
    this.held = Buffer.from(data.subarray(done));
    return data.subarray(0, done);
  }

  end(): Buffer {
    const rest = this.held;
    this.held = Buffer.alloc(0);
    return rest;
  }
}

/** x86 CALL (E8) and JMP (E9) with a 32-bit displacement whose top byte is 00 or FF. */
function x86(data: Buffer, position: number, state: Int32Array): number {
  if (data.length < 5) return 0;
  let mask = state[0];
  let previous = state[1] >>> 0;
  if (((position - previous) >>> 0) > 5) previous = (position - 5) >>> 0;
  const limit = data.length - 5;
  let i = 0;
  while (i <= limit) {
    const opcode = data[i];
    if (opcode !== 0xe8 && opcode !== 0xe9) {
      i++;
      continue;
    }
    // Which of the last bytes were E8/E9 too: a displacement overlapping one is likely not an instruction.
    const gap = (position + i - previous) >>> 0;
    previous = (position + i) >>> 0;
    if (gap > 5) mask = 0;
    else for (let k = 0; k < gap; k++) mask = (mask & 0x77) << 1;
    const top = data[i + 4];
    if ((top === 0 || top === 0xff) && mask >>> 1 <= 4 && mask >>> 1 !== 3) {
      let src = data.readUInt32LE(i + 1);
      let dest: number;
      for (;;) {
        dest = (src - (position + i + 5)) >>> 0;
        if (mask === 0) break;
        const shift = 24 - X86_BIT_NUMBER[mask >>> 1] * 8;
        const b = (dest >>> shift) & 0xff;
        if (b !== 0 && b !== 0xff) break;
        src = (dest ^ ((1 << (shift + 8)) - 1)) >>> 0;
      }
      data[i + 4] = (dest >>> 24) & 1 ? 0xff : 0;
      data[i + 3] = dest >>> 16;
      data[i + 2] = dest >>> 8;
      data[i + 1] = dest;
      i += 5;
      mask = 0;
    } else {
      i++;
      mask |= 1;
      if (top === 0 || top === 0xff) mask |= 0x10;
    }
  }
  state[0] = mask;
  state[1] = previous | 0;
  return i;
}
const X86_BIT_NUMBER = [0, 1, 2, 2, 3];

/** ARM BL: 24-bit word offset, relative to the instruction + 8. */
function arm(data: Buffer, position: number): number {
  let i = 0;
  for (; i + 4 <= data.length; i += 4) {
    if (data[i + 3] !== 0xeb) continue;
    const src = ((data[i + 2] << 16) | (data[i + 1] << 8) | data[i]) * 4;
    const dest = ((src - (position + i + 8)) >>> 2) & 0xffffff;
    data[i + 2] = dest >>> 16;
    data[i + 1] = dest >>> 8;
    data[i] = dest;
  }
  return i;
}

/** ARM-Thumb BL: a pair of 16-bit halves with 11 offset bits each, relative to the instruction + 4. */
function armThumb(data: Buffer, position: number): number {
  let i = 0;
  for (; i + 4 <= data.length; i += 2) {
    if ((data[i + 1] & 0xf8) !== 0xf0 || (data[i + 3] & 0xf8) !== 0xf8) continue;
    const src = (((data[i + 1] & 7) << 19) | (data[i] << 11) | ((data[i + 3] & 7) << 8) | data[i + 2]) * 2;
    const dest = (src - (position + i + 4)) >>> 1;
    data[i + 1] = 0xf0 | ((dest >>> 19) & 7);
    data[i] = dest >>> 11;
    data[i + 3] = 0xf8 | ((dest >>> 8) & 7);
    data[i + 2] = dest;
    i += 2;
  }
  return i;
}

/** ARM64 BL (26-bit word offset) and ADRP (21-bit page offset, converted within +/-512 MB). */
function arm64(data: Buffer, position: number): number {
  let i = 0;
  for (; i + 4 <= data.length; i += 4) {
    let instruction = data.readUInt32LE(i);
    const pc = (position + i) >>> 0;
    if (instruction >>> 26 === 0x25) {
      instruction = (0x94000000 | ((instruction - (pc >>> 2)) & 0x03ffffff)) >>> 0;
      data.writeUInt32LE(instruction, i);
    } else if (((instruction & 0x9f000000) >>> 0) === 0x90000000) {
      const src = ((instruction >>> 29) & 3) | ((instruction >>> 3) & 0x001ffffc);
      if ((src + 0x00020000) & 0x001c0000) continue;
      const dest = (src - (pc >>> 12)) >>> 0;
      instruction &= 0x9000001f;
      instruction |= (dest & 3) << 29;
      instruction |= (dest & 0x0003fffc) << 3;
      instruction |= -(dest & 0x00020000) & 0x00e00000;
      data.writeUInt32LE(instruction >>> 0, i);
    }
  }
  return i;
}

/** PowerPC (big endian) "bl": opcode 18 with AA=0, LK=1, a 24-bit word offset. */
function powerPc(data: Buffer, position: number): number {
  let i = 0;
  for (; i + 4 <= data.length; i += 4) {
    if (data[i] >>> 2 !== 0x12 || (data[i + 3] & 3) !== 1) continue;
    const src = ((data[i] & 3) << 24) | (data[i + 1] << 16) | (data[i + 2] << 8) | (data[i + 3] & ~3);
    const dest = (src - (position + i)) >>> 0;
    data[i] = 0x48 | ((dest >>> 24) & 3);
    data[i + 1] = dest >>> 16;
    data[i + 2] = dest >>> 8;
    data[i + 3] = (data[i + 3] & 3) | (dest & 0xff);
  }
  return i;
}

/** SPARC "call": a 30-bit word offset, converted when it fits in 22 bits (sign-extended). */
function sparc(data: Buffer, position: number): number {
  let i = 0;
  for (; i + 4 <= data.length; i += 4) {
    if (!((data[i] === 0x40 && (data[i + 1] & 0xc0) === 0) || (data[i] === 0x7f && (data[i + 1] & 0xc0) === 0xc0))) continue;
    const src = (data.readUInt32BE(i) * 4) % 2 ** 32;
    let dest = ((src - (position + i)) >>> 0) >>> 2;
    dest = (((-((dest >>> 22) & 1) << 22) & 0x3fffffff) | (dest & 0x3fffff) | 0x40000000) >>> 0;
    data.writeUInt32BE(dest, i);
  }
  return i;
}

/** Which of an IA-64 bundle's three 41-bit slots may hold a branch, by the bundle's 5-bit template. */
const IA64_BRANCH_SLOTS = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 4, 6, 6, 0, 0, 7, 7, 4, 4, 0, 0, 4, 4, 0, 0];

/** IA-64 (Itanium) IP-relative branches in 16-byte bundles; 48-bit windows fit a double exactly. */
function ia64(data: Buffer, position: number): number {
  let i = 0;
  for (; i + 16 <= data.length; i += 16) {
    const slots = IA64_BRANCH_SLOTS[data[i] & 0x1f];
    for (let slot = 0, bit = 5; slot < 3; slot++, bit += 41) {
      if (!((slots >>> slot) & 1)) continue;
      const at = i + (bit >>> 3);
      const shift = 2 ** (bit & 7);
      const window = data.readUIntLE(at, 6);
      const low = window % shift;
      const norm = Math.floor(window / shift);
      if (bitField(norm, 37, 4) !== 5 || bitField(norm, 9, 3) !== 0) continue;
      const offset = bitField(norm, 13, 20);
      const sign = bitField(norm, 36, 1);
      const src = ((offset | (sign << 20)) * 16) % 2 ** 32;
      const dest = ((src - (position + i)) >>> 0) >>> 4;
      const updated = norm - offset * 2 ** 13 - sign * 2 ** 36 + (dest & 0xfffff) * 2 ** 13 + ((dest >>> 20) & 1) * 2 ** 36;
      data.writeUIntLE(updated * shift + low, at, 6);
    }
  }
  return i;
}

/** `count` bits of `value` (up to 2^53) from bit `low`. */
function bitField(value: number, low: number, count: number): number {
  return Math.floor(value / 2 ** low) % 2 ** count;
}
