// LZMA and LZMA2, decoded by our own code (xz blocks, `.lzma` files, LZMA inside zip and 7z). Input is
// pulled piece by piece into one window (Input); output is written into the dictionary, a circular window
// of the size the stream names (refused over MAX_DICTIONARY, grown as output arrives, so a small stream
// with a large dictionary stays small), and handed out in pieces of at most PIECE bytes as copies.
//
// The format: a range coder (arithmetic coding over adaptive 11-bit probabilities) codes a sequence of
// literals (one byte, coded bit by bit under the previous byte, or under the byte at the last distance
// right after a match), matches (length and distance: copy from the window) and rep matches (reusing one
// of the last four distances). LZMA2 cuts an LZMA stream into chunks of known sizes, some stored as they
// are, each maybe resetting the coder state, its lc/lp/pb properties or the dictionary.
//
// Time is linear in the output (each symbol costs a bounded number of bits and writes at least one byte);
// memory is the dictionary, the probabilities (at most 6 MB, for lc + lp = 12) and the input window.
import { ArchiveError } from './limits.js';

/** The largest dictionary a stream may ask for: xz's -9 uses 64 MB; a header could claim 4 GB. */
export const MAX_DICTIONARY = 256 * 1024 * 1024;
/** The largest output piece: a limit stops the decoder this soon. */
export const PIECE = 256 * 1024;
/** Input one symbol can take at most (a long match at a long distance: ~21 bytes), rounded up. */
const SYMBOL_INPUT = 32;
/** Zeros kept after the input's end: a symbol of a truncated stream reads into them, then is discarded. */
const PAD = 64;
/** The window is first allocated this large, then doubled up to the dictionary size as output grows. */
const FIRST_WINDOW = 64 * 1024;

/** Corrupt compressed data; the message says what (`truncated` for an early end). */
export class DataError extends Error {}

/** Compressed input, pulled from a source piece by piece into one buffer the decoders read directly. */
export class Input {
  /** Unread bytes at [pos, end), then PAD zeros. */
  buf = new Uint8Array(FIRST_WINDOW + PAD);
  pos = 0;
  end = 0;
  ended = false;
  /** Input offset of buf[0]. */
  base = 0;
  private readonly source: AsyncIterator<Buffer>;

  constructor(source: AsyncIterable<Buffer>) {
    this.source = source[Symbol.asyncIterator]();
  }

  /** Bytes read by the decoders so far (not merely pulled from the source). */
  get offset(): number {
    return this.base + this.pos;
  }

  /** Pulls pieces until `n` unread bytes are at hand; false if the input ended before. */
  async need(n: number): Promise<boolean> {
    while (this.end - this.pos < n && !this.ended) await this.more();
    return this.end - this.pos >= n;
  }

  /** One more piece of input (or the end). */
  async more(): Promise<void> {
    if (this.ended) return;
    let next = await this.source.next();
    while (!next.done && !next.value.length) next = await this.source.next();
    if (next.done) {
      this.ended = true;
      return;
    }
    const piece = next.value;
    // The unread bytes move to the front (into a larger buffer if the piece does not fit), then the piece.
    const kept = Math.max(0, this.end - this.pos);
    const size = kept + piece.length + PAD;
    if (size > this.buf.length) {
      const grown = new Uint8Array(Math.max(2 * this.buf.length, size));
      grown.set(this.buf.subarray(this.pos, this.pos + kept));
      this.buf = grown;
    } else {
      this.buf.copyWithin(0, this.pos, this.pos + kept);
    }
    this.base += this.pos;
    this.pos = 0;
    this.buf.set(piece, kept);
    this.end = kept + piece.length;
    this.buf.fill(0, this.end, this.end + PAD);
  }

  /** `n` bytes, which need() made sure of. */
  take(n: number): Uint8Array {
    this.pos += n;
    return this.buf.subarray(this.pos - n, this.pos);
  }

  /** Lets the source go (the reader stopped early). */
  async close(): Promise<void> {
    await this.source.return?.();
  }
}

/** lc, lp, pb: bits of the previous byte and of the position that select the literal and match models. */
export interface LzmaProperties {
  lc: number;
  lp: number;
  pb: number;
}

/** The properties byte of LZMA headers: (pb * 5 + lp) * 9 + lc. */
export function decodeProperties(byte: number): LzmaProperties | undefined {
  if (byte >= 9 * 5 * 5) return undefined;
  return { lc: byte % 9, lp: Math.floor(byte / 9) % 5, pb: Math.floor(byte / 45) };
}

/**
 * LZMA2's one property byte (xz blocks, 7z): the dictionary size, 2 or 3 times a power of two, checked
 * against MAX_DICTIONARY. `format` names the container in the messages.
 */
export function lzma2Dictionary(properties: Uint8Array, format: string): number {
  const p = properties[0];
  if (properties.length !== 1 || p > 40) throw new DataError('bad LZMA2 properties');
  const dictionary = p === 40 ? 0xffffffff : (2 | (p & 1)) * 2 ** ((p >> 1) + 11);
  checkDictionary(dictionary, format);
  return dictionary;
}

/** Refuses a dictionary over MAX_DICTIONARY before anything is allocated for it. */
export function checkDictionary(size: number, format: string): void {
  if (size > MAX_DICTIONARY) {
    throw new ArchiveError('archive-limit', `${format} dictionary of ${Math.round(size / 2 ** 20)} MB (over ${MAX_DICTIONARY / 2 ** 20} MB), not decompressed`);
  }
}

// The probabilities, one Uint16Array: each model's offset in it.
const STATES = 12;
const IS_MATCH = 0; // [state][posState]
const IS_REP = IS_MATCH + STATES * 16;
const IS_REP_G0 = IS_REP + STATES;
const IS_REP_G1 = IS_REP_G0 + STATES;
const IS_REP_G2 = IS_REP_G1 + STATES;
const IS_REP0_LONG = IS_REP_G2 + STATES; // [state][posState]
const DIST_SLOT = IS_REP0_LONG + STATES * 16; // [min(len - 2, 3)][6-bit slot tree]
const DIST_SPECIAL = DIST_SLOT + 4 * 64; // reverse trees of the distances of slots 4-13
const DIST_ALIGN = DIST_SPECIAL + 114; // the low 4 bits of longer distances
const MATCH_LEN = DIST_ALIGN + 16;
const REP_LEN = MATCH_LEN + 514;
const LITERAL = REP_LEN + 514; // [0x300 per literal context]
// A length model: two choice bits, then a 3-bit tree per posState (lengths 2-9, 10-17) or one 8-bit tree (18-273).
const LEN_CHOICE2 = 1;
const LEN_LOW = 2;
const LEN_MID = LEN_LOW + 16 * 8;
const LEN_HIGH = LEN_MID + 16 * 8;
/** The distance of an end marker: 0xFFFFFFFF, as int32. */
const END_DISTANCE = -1;

/** The range is normalised (shifted by a byte) when its top byte is zero: under 2^24. */
const TOP_MASK = 0xff << 24;
/** Flipping the sign bit makes a signed comparison of int32 bit patterns an unsigned one. */
const SIGN = 1 << 31;
// LzmaDecoder.registers
const RANGE = 0;
const CODE = 1;
const REP0 = 2;
const PROB_INIT = 1024; // 0.5 in 11 bits

/** Why decode() returned. */
const Stop = {
  /** Output limit reached, or input below the safe margin: call again with more room or more input. */
  Limit: 0,
  /** The end marker was decoded. */
  EndMarker: 1,
  /** A symbol needed input past `inEnd`: its output was not written (a truncated or overlong stream). */
  Overread: 2,
  /** A match reached back past the start of the data (corrupt data). */
  BadDistance: 3,
} as const;
type Stop = (typeof Stop)[keyof typeof Stop];

/**
 * The LZMA decoder proper: the dictionary, the probability model and the range coder, kept between calls
 * so decoding can stop at any symbol (and inside a match) when output room or input runs out.
 */
export class LzmaDecoder {
  /** The dictionary: a circular window, allocated up to `wrap` bytes as output grows. */
  dict = new Uint8Array(0);
  /**
   * Where the window wraps: the dictionary size rounded up to 4 KB (so positions keep their low bits for
   * lp and pb), and at least one output piece (a 4 KB dictionary would otherwise cut pieces at 4 KB).
   */
  private wrap = 0;
  /** Where the next byte goes. */
  pos = 0;
  /** Start of the output not yet handed out. */
  private flushed = 0;
  /** The window wrapped once since the last reset: all of it is history. */
  private wrapped = false;
  private lc = 0;
  private literalPosMask = 0;
  private posMask = 0;
  private probs = new Uint16Array(0);
  private state = 0;
  /** Bytes of a match still to copy: the output limit came first. */
  pending = 0;
  /**
   * The range coder's range and code, then the last four distances (rep0-rep3): unsigned 32-bit values
   * held as int32 (see decode()), in a typed array (a field switching from small integers to doubles
   * costs V8 a deoptimisation).
   */
  private readonly registers = new Int32Array(6);

  /** A dictionary of `size` bytes (checkDictionary first), emptied. Keeps the buffer it has. */
  setDictionary(size: number): void {
    this.wrap = Math.max(Math.ceil(size / 4096) * 4096, PIECE);
    if (this.dict.length === 0) this.dict = new Uint8Array(Math.min(this.wrap, FIRST_WINDOW));
    this.resetDictionary();
  }

  resetDictionary(): void {
    this.pos = 0;
    this.flushed = 0;
    this.wrapped = false;
  }

  setProperties({ lc, lp, pb }: LzmaProperties): void {
    this.lc = lc;
    this.literalPosMask = (1 << lp) - 1;
    this.posMask = (1 << pb) - 1;
    const size = LITERAL + (0x300 << (lc + lp));
    if (this.probs.length !== size) this.probs = new Uint16Array(size);
  }

  /** Probabilities to one half, last distances to 1, literal state. */
  resetState(): void {
    this.probs.fill(PROB_INIT);
    this.state = 0;
    this.registers.fill(0, REP0);
    this.pending = 0;
  }

  /** The range coder's first 5 bytes (need() made sure of them); false if they cannot start a stream. */
  startRange(input: Input): boolean {
    const b = input.take(5);
    const code = (b[1] << 24) | (b[2] << 16) | (b[3] << 8) | b[4];
    this.registers[RANGE] = -1; // 0xFFFFFFFF
    this.registers[CODE] = code;
    return b[0] === 0 && code !== -1;
  }

  /**
   * After the last symbol: the range coder normalised as after any bit, which must leave the code at 0
   * (the encoder flushed its low end). False otherwise, or if that read past `inEnd`.
   */
  finishRange(input: Input, inEnd: number): boolean {
    const r = this.registers;
    if ((r[RANGE] & TOP_MASK) === 0) {
      r[RANGE] <<= 8;
      r[CODE] = (r[CODE] << 8) | input.buf[input.pos++];
    }
    return r[CODE] === 0 && input.pos <= inEnd;
  }

  /** Output room up to the end of the allocated window, growing it (the window is linear until it wraps). */
  room(): number {
    if (this.pos === this.dict.length && this.dict.length < this.wrap) {
      const grown = new Uint8Array(Math.min(this.wrap, 2 * this.dict.length));
      grown.set(this.dict.subarray(0, this.pos));
      this.dict = grown;
    }
    return Math.min(this.dict.length, this.wrap) - this.pos;
  }

  /** Output written since the last flush. */
  get unflushed(): number {
    return this.pos - this.flushed;
  }

  /** The output written since the last flush, as a copy; wraps the window when it is full. */
  flush(): Buffer {
    const out = Buffer.from(this.dict.subarray(this.flushed, this.pos));
    this.flushed = this.pos;
    if (this.pos === this.wrap) {
      this.pos = this.flushed = 0;
      this.wrapped = true;
    }
    return out;
  }

  /** Stored bytes (an LZMA2 uncompressed chunk) into the window, up to room(). */
  copyIn(bytes: Uint8Array): void {
    this.dict.set(bytes, this.pos);
    this.pos += bytes.length;
  }

  /**
   * Decodes symbols into the window until `outLimit` (a window position, at most the allocated end), until
   * the next symbol would start past `inLimit` (input position; inEnd - SYMBOL_INPUT while more input may
   * come, so no symbol runs out of bytes), or until an end marker. Bytes past `inEnd` are not input: a
   * symbol that read them is dropped (Stop.Overread).
   */
  decode(input: Input, inLimit: number, inEnd: number, outLimit: number): Stop {
    // Everything the loop touches is in locals: V8 keeps them in registers.
    const buf = input.buf;
    const probs = this.probs;
    const dict = this.dict;
    const wrap = this.wrap;
    const lc = this.lc;
    const literalPosMask = this.literalPosMask;
    const posMask = this.posMask;
    const wrapped = this.wrapped;
    let inPos = input.pos;
    const registers = this.registers;
    let range = registers[RANGE];
    let code = registers[CODE];
    let pos = this.pos;
    let state = this.state;
    let rep0 = registers[REP0];
    let rep1 = registers[REP0 + 1];
    let rep2 = registers[REP0 + 2];
    let rep3 = registers[REP0 + 3];
    let len = this.pending;
    let stop: Stop = Stop.Limit;
    // Each bit: normalise (one input byte when the range fell under 2^24), split the range at the
    // probability, take the side the code is on, move the probability 1/32 towards what was seen.
    // range, code and bound are unsigned 32-bit values held as int32 bit patterns (`| 0`, Math.imul) and
    // compared with their sign bits flipped: only int32 operations, which V8 keeps in integer registers
    // whatever the values reach (a uint32 over 2^31 would be a double, and `>>> 0` a deoptimisation).
    let prob = 0;
    let bound = 0;
    let i = 0;

    for (;;) {
      // Copy a match (one just decoded, or the rest of one the output limit cut).
      if (len > 0) {
        let src = pos - rep0 - 1;
        if (src < 0) src += wrap;
        let n = outLimit - pos;
        if (n > len) n = len;
        len -= n;
        if (src > pos) {
          // The source starts before the wrap point.
          const before = Math.min(n, wrap - src);
          dict.copyWithin(pos, src, src + before);
          pos += before;
          n -= before;
          src = 0;
        }
        if (n > 16) {
          // In runs no longer than the distance, each run's source written already: an overlapping match
          // repeats the last rep0 + 1 bytes, in runs that double (273 bytes of one byte: 9 calls).
          while (n > 0) {
            const run = Math.min(n, pos - src);
            dict.copyWithin(pos, src, src + run);
            pos += run;
            n -= run;
          }
        } else {
          const end = pos + n;
          while (pos < end) dict[pos++] = dict[src++];
        }
        if (len > 0) break;
      }
      if (pos >= outLimit || inPos > inLimit) break;

      const posState = pos & posMask;
      i = IS_MATCH + (state << 4) + posState;
      if ((range & TOP_MASK) === 0) {
        range <<= 8;
        code = (code << 8) | buf[inPos++];
      }
      prob = probs[i];
      bound = Math.imul(range >>> 11, prob);
      if ((code ^ SIGN) < (bound ^ SIGN)) {
        range = bound;
        probs[i] = prob + ((2048 - prob) >>> 5);

        // A literal, coded under lc bits of the previous byte and lp bits of the position.
        const previous = pos > 0 ? dict[pos - 1] : wrapped ? dict[wrap - 1] : 0;
        const base = LITERAL + 0x300 * (((pos & literalPosMask) << lc) + (previous >> (8 - lc)));
        let symbol = 1;
        if (state < 7) {
          do {
            i = base + symbol;
            if ((range & TOP_MASK) === 0) {
              range <<= 8;
              code = (code << 8) | buf[inPos++];
            }
            prob = probs[i];
            bound = Math.imul(range >>> 11, prob);
            if ((code ^ SIGN) < (bound ^ SIGN)) {
              range = bound;
              probs[i] = prob + ((2048 - prob) >>> 5);
              symbol <<= 1;
            } else {
              range = (range - bound) | 0;
              code = (code - bound) | 0;
              probs[i] = prob - (prob >>> 5);
              symbol = (symbol << 1) | 1;
            }
          } while (symbol < 0x100);
        } else {
          // Right after a match: the byte at rep0 predicts this one, bit by bit, until they differ.
          let src = pos - rep0 - 1;
          if (src < 0) src += wrap;
          let matchByte = dict[src] << 1;
          let offset = 0x100;
          do {
            const matchBit = matchByte & offset;
            matchByte <<= 1;
            i = base + offset + matchBit + symbol;
            if ((range & TOP_MASK) === 0) {
              range <<= 8;
              code = (code << 8) | buf[inPos++];
            }
            prob = probs[i];
            bound = Math.imul(range >>> 11, prob);
            if ((code ^ SIGN) < (bound ^ SIGN)) {
              range = bound;
              probs[i] = prob + ((2048 - prob) >>> 5);
              symbol <<= 1;
              offset &= ~matchBit;
            } else {
              range = (range - bound) | 0;
              code = (code - bound) | 0;
              probs[i] = prob - (prob >>> 5);
              symbol = (symbol << 1) | 1;
              offset = matchBit;
            }
          } while (symbol < 0x100);
        }
        if (inPos > inEnd) {
          stop = Stop.Overread;
          break;
        }
        dict[pos++] = symbol;
        state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
        continue;
      }
      range = (range - bound) | 0;
      code = (code - bound) | 0;
      probs[i] = prob - (prob >>> 5);

      // A match: a new distance, or one of the last four (rep0 alone, one byte: a "short rep").
      let lengths = MATCH_LEN;
      let newDistance = false;
      i = IS_REP + state;
      if ((range & TOP_MASK) === 0) {
        range <<= 8;
        code = (code << 8) | buf[inPos++];
      }
      prob = probs[i];
      bound = Math.imul(range >>> 11, prob);
      if ((code ^ SIGN) < (bound ^ SIGN)) {
        range = bound;
        probs[i] = prob + ((2048 - prob) >>> 5);
        newDistance = true;
        state = state < 7 ? 7 : 10;
      } else {
        range = (range - bound) | 0;
        code = (code - bound) | 0;
        probs[i] = prob - (prob >>> 5);
        lengths = REP_LEN;
        i = IS_REP_G0 + state;
        if ((range & TOP_MASK) === 0) {
          range <<= 8;
          code = (code << 8) | buf[inPos++];
        }
        prob = probs[i];
        bound = Math.imul(range >>> 11, prob);
        if ((code ^ SIGN) < (bound ^ SIGN)) {
          range = bound;
          probs[i] = prob + ((2048 - prob) >>> 5);
          i = IS_REP0_LONG + (state << 4) + posState;
          if ((range & TOP_MASK) === 0) {
            range <<= 8;
            code = (code << 8) | buf[inPos++];
          }
          prob = probs[i];
          bound = Math.imul(range >>> 11, prob);
          if ((code ^ SIGN) < (bound ^ SIGN)) {
            range = bound;
            probs[i] = prob + ((2048 - prob) >>> 5);
            lengths = 0; // a short rep: one byte at rep0
          } else {
            range = (range - bound) | 0;
            code = (code - bound) | 0;
            probs[i] = prob - (prob >>> 5);
          }
        } else {
          range = (range - bound) | 0;
          code = (code - bound) | 0;
          probs[i] = prob - (prob >>> 5);
          // rep1, rep2 or rep3 moves to the front.
          let distance = 0;
          i = IS_REP_G1 + state;
          if ((range & TOP_MASK) === 0) {
            range <<= 8;
            code = (code << 8) | buf[inPos++];
          }
          prob = probs[i];
          bound = Math.imul(range >>> 11, prob);
          if ((code ^ SIGN) < (bound ^ SIGN)) {
            range = bound;
            probs[i] = prob + ((2048 - prob) >>> 5);
            distance = rep1;
          } else {
            range = (range - bound) | 0;
            code = (code - bound) | 0;
            probs[i] = prob - (prob >>> 5);
            i = IS_REP_G2 + state;
            if ((range & TOP_MASK) === 0) {
              range <<= 8;
              code = (code << 8) | buf[inPos++];
            }
            prob = probs[i];
            bound = Math.imul(range >>> 11, prob);
            if ((code ^ SIGN) < (bound ^ SIGN)) {
              range = bound;
              probs[i] = prob + ((2048 - prob) >>> 5);
              distance = rep2;
            } else {
              range = (range - bound) | 0;
              code = (code - bound) | 0;
              probs[i] = prob - (prob >>> 5);
              distance = rep3;
              rep3 = rep2;
            }
            rep2 = rep1;
          }
          rep1 = rep0;
          rep0 = distance;
        }
        state = lengths === 0 ? (state < 7 ? 9 : 11) : state < 7 ? 8 : 11;
      }

      if (lengths === 0) {
        len = 1;
      } else {
        // The length: choice bits pick the 3-bit tree for 2-9 or 10-17 (per posState) or the 8-bit one for 18-273.
        let tree = lengths + LEN_LOW + (posState << 3);
        let bits = 3;
        len = 2;
        i = lengths;
        if ((range & TOP_MASK) === 0) {
          range <<= 8;
          code = (code << 8) | buf[inPos++];
        }
        prob = probs[i];
        bound = Math.imul(range >>> 11, prob);
        if ((code ^ SIGN) < (bound ^ SIGN)) {
          range = bound;
          probs[i] = prob + ((2048 - prob) >>> 5);
        } else {
          range = (range - bound) | 0;
          code = (code - bound) | 0;
          probs[i] = prob - (prob >>> 5);
          i = lengths + LEN_CHOICE2;
          if ((range & TOP_MASK) === 0) {
            range <<= 8;
            code = (code << 8) | buf[inPos++];
          }
          prob = probs[i];
          bound = Math.imul(range >>> 11, prob);
          if ((code ^ SIGN) < (bound ^ SIGN)) {
            range = bound;
            probs[i] = prob + ((2048 - prob) >>> 5);
            tree = lengths + LEN_MID + (posState << 3);
            len = 10;
          } else {
            range = (range - bound) | 0;
            code = (code - bound) | 0;
            probs[i] = prob - (prob >>> 5);
            tree = lengths + LEN_HIGH;
            bits = 8;
            len = 18;
          }
        }
        const limit = 1 << bits;
        let symbol = 1;
        do {
          i = tree + symbol;
          if ((range & TOP_MASK) === 0) {
            range <<= 8;
            code = (code << 8) | buf[inPos++];
          }
          prob = probs[i];
          bound = Math.imul(range >>> 11, prob);
          if ((code ^ SIGN) < (bound ^ SIGN)) {
            range = bound;
            probs[i] = prob + ((2048 - prob) >>> 5);
            symbol <<= 1;
          } else {
            range = (range - bound) | 0;
            code = (code - bound) | 0;
            probs[i] = prob - (prob >>> 5);
            symbol = (symbol << 1) | 1;
          }
        } while (symbol < limit);
        len += symbol - limit;
      }

      if (newDistance) {
        // The distance: a 6-bit slot (per length class), then its low bits: from reverse trees for
        // slots 4-13, as direct bits and a 4-bit reverse tree above.
        const tree = DIST_SLOT + ((len < 6 ? len - 2 : 3) << 6);
        let slot = 1;
        do {
          i = tree + slot;
          if ((range & TOP_MASK) === 0) {
            range <<= 8;
            code = (code << 8) | buf[inPos++];
          }
          prob = probs[i];
          bound = Math.imul(range >>> 11, prob);
          if ((code ^ SIGN) < (bound ^ SIGN)) {
            range = bound;
            probs[i] = prob + ((2048 - prob) >>> 5);
            slot <<= 1;
          } else {
            range = (range - bound) | 0;
            code = (code - bound) | 0;
            probs[i] = prob - (prob >>> 5);
            slot = (slot << 1) | 1;
          }
        } while (slot < 64);
        slot -= 64;
        rep3 = rep2;
        rep2 = rep1;
        rep1 = rep0;
        if (slot < 4) {
          rep0 = slot;
        } else {
          const direct = (slot >> 1) - 1;
          // The top two bits, then `direct` more: up to 32 bits (int32 bit patterns).
          let distance = (2 | (slot & 1)) << direct;
          let reverse = DIST_ALIGN;
          let reverseBits = 4;
          if (slot < 14) {
            reverse = DIST_SPECIAL + distance - slot - 1;
            reverseBits = direct;
          } else {
            // All but the low 4 bits are coded at probability 1/2.
            let high = 0;
            for (let k = direct - 4; k > 0; k--) {
              if ((range & TOP_MASK) === 0) {
                range <<= 8;
                code = (code << 8) | buf[inPos++];
              }
              range = (range >>> 1) | 0;
              high <<= 1;
              if ((code ^ SIGN) >= (range ^ SIGN)) {
                code = (code - range) | 0;
                high |= 1;
              }
            }
            distance = (distance + (high << 4)) | 0;
          }
          // The low bits, lowest first.
          let symbol = 1;
          let low = 0;
          for (let k = 0; k < reverseBits; k++) {
            i = reverse + symbol;
            if ((range & TOP_MASK) === 0) {
              range <<= 8;
              code = (code << 8) | buf[inPos++];
            }
            prob = probs[i];
            bound = Math.imul(range >>> 11, prob);
            if ((code ^ SIGN) < (bound ^ SIGN)) {
              range = bound;
              probs[i] = prob + ((2048 - prob) >>> 5);
              symbol <<= 1;
            } else {
              range = (range - bound) | 0;
              code = (code - bound) | 0;
              probs[i] = prob - (prob >>> 5);
              symbol = (symbol << 1) | 1;
              low |= 1 << k;
            }
          }
          rep0 = (distance + low) | 0;
        }
      }

      if (inPos > inEnd) {
        stop = Stop.Overread;
        break;
      }
      if (rep0 < 0 || rep0 >= (wrapped ? wrap : pos)) {
        len = 0;
        stop = rep0 === END_DISTANCE && newDistance ? Stop.EndMarker : Stop.BadDistance;
        break;
      }
    }

    input.pos = inPos;
    registers[RANGE] = range;
    registers[CODE] = code;
    this.pos = pos;
    this.state = state;
    registers[REP0] = rep0;
    registers[REP0 + 1] = rep1;
    registers[REP0 + 2] = rep2;
    registers[REP0 + 3] = rep3;
    this.pending = len;
    return stop;
  }
}

/**
 * LZMA2 data (an xz block's last filter), from the input's position to its end byte, as pieces of at most
 * `piece` bytes. The window of `decoder` is reused from block to block; `dictionary` is checked already.
 * On corrupt or truncated data, the output before the fault is handed out, then a DataError thrown.
 */
export async function* lzma2Pieces(input: Input, decoder: LzmaDecoder, dictionary: number, piece = PIECE): AsyncGenerator<Buffer> {
  decoder.setDictionary(dictionary);
  try {
    yield* lzma2Chunks(input, decoder, piece);
  } catch (error) {
    if (decoder.unflushed) yield decoder.flush();
    throw error;
  }
}

async function* lzma2Chunks(input: Input, decoder: LzmaDecoder, piece: number): AsyncGenerator<Buffer> {
  // The first chunk resets the dictionary; the first LZMA chunk after a dictionary reset sets properties.
  let needDictionaryReset = true;
  let needProperties = true;
  for (;;) {
    if (!(await input.need(1))) throw new DataError('truncated');
    const control = input.buf[input.pos];
    if (control === 0x00) {
      input.pos++;
      if (decoder.unflushed) yield decoder.flush();
      return;
    }
    const lzma = control >= 0x80;
    if (!lzma && control > 0x02) throw new DataError('bad LZMA2 chunk');
    const header = lzma ? (control >= 0xc0 ? 6 : 5) : 3;
    if (!(await input.need(header))) throw new DataError('truncated');
    const h = input.take(header);
    if (control === 0x01 || control >= 0xe0) {
      // A dictionary reset: what was written so far goes out first.
      if (decoder.unflushed) yield decoder.flush();
      decoder.resetDictionary();
      needDictionaryReset = false;
      needProperties = true;
    } else if (needDictionaryReset) {
      throw new DataError('LZMA2 data without a dictionary reset');
    }

    if (!lzma) {
      // Stored bytes: copied into the window (later chunks may match them).
      let left = ((h[1] << 8) | h[2]) + 1;
      while (left > 0) {
        if (input.pos === input.end) {
          await input.more();
          if (input.pos === input.end) throw new DataError('truncated');
        }
        const n = Math.min(left, input.end - input.pos, decoder.room(), piece - decoder.unflushed);
        decoder.copyIn(input.take(n));
        left -= n;
        if (decoder.unflushed >= piece || decoder.room() === 0) yield decoder.flush();
      }
      continue;
    }

    let unpacked = (control & 0x1f) * 65536 + ((h[1] << 8) | h[2]) + 1;
    const packed = ((h[3] << 8) | h[4]) + 1;
    if (control >= 0xc0) {
      const properties = decodeProperties(h[5]);
      if (!properties || properties.lc + properties.lp > 4) throw new DataError('bad LZMA2 properties');
      decoder.setProperties(properties);
      needProperties = false;
    } else if (needProperties) {
      throw new DataError('LZMA2 chunk without properties');
    }
    if (control >= 0xa0) decoder.resetState();
    // Positions in the whole input (input.base moves as pieces arrive).
    const chunkEnd = input.offset + packed;
    if (packed < 5) throw new DataError('bad LZMA2 chunk');
    if (!(await input.need(5))) throw new DataError('truncated');
    if (!decoder.startRange(input)) throw new DataError('bad range coder start');

    while (unpacked > 0 || decoder.pending > 0) {
      const available = input.base + input.end;
      if (input.end - input.pos < SYMBOL_INPUT && !input.ended && chunkEnd > available) await input.more();
      // Symbols may read up to the chunk's end once it is at hand (or the input ended), else up to a margin.
      const whole = chunkEnd <= input.base + input.end;
      const inEnd = whole ? chunkEnd - input.base : input.end;
      const inLimit = whole || input.ended ? inEnd : inEnd - SYMBOL_INPUT;
      const before = decoder.pos;
      const stop = decoder.decode(input, inLimit, inEnd, before + Math.min(decoder.room(), piece - decoder.unflushed, unpacked));
      unpacked -= decoder.pos - before;
      if (stop === Stop.Overread) throw new DataError(whole ? 'chunk data longer than its size' : 'truncated');
      if (stop === Stop.BadDistance) throw new DataError('distance beyond the data');
      if (stop === Stop.EndMarker) throw new DataError('end marker in LZMA2 data');
      if (decoder.pending > 0 && unpacked === 0) throw new DataError('match past the chunk end');
      if (decoder.unflushed >= piece || decoder.room() === 0) yield decoder.flush();
    }
    // The chunk's last byte may be read only by the final normalisation.
    const rest = chunkEnd - input.offset;
    if (rest > 0) await input.need(Math.min(rest, SYMBOL_INPUT));
    if (!decoder.finishRange(input, chunkEnd - input.base) || input.offset !== chunkEnd) {
      throw new DataError(input.ended && chunkEnd > input.base + input.end ? 'truncated' : 'chunk data size mismatch');
    }
  }
}

/**
 * A raw LZMA stream (after a `.lzma` header, in a zip entry, in 7z) as pieces: until `size` bytes when it
 * is known, else until the end marker. The dictionary is checked already. On corrupt or truncated data,
 * the output before the fault is handed out, then a DataError thrown.
 */
export async function* lzmaPieces(
  input: Input,
  properties: LzmaProperties,
  dictionary: number,
  size: number | undefined,
  piece = PIECE,
): AsyncGenerator<Buffer> {
  const decoder = new LzmaDecoder();
  decoder.setDictionary(dictionary);
  decoder.setProperties(properties);
  decoder.resetState();
  try {
    if (!(await input.need(5))) throw new DataError('truncated');
    if (!decoder.startRange(input)) throw new DataError('bad range coder start');
    // Output still expected, when the size is known.
    let left = size ?? 0;
    while (size === undefined || left > 0 || decoder.pending > 0) {
      if (input.end - input.pos < SYMBOL_INPUT && !input.ended) await input.more();
      const inEnd = input.end;
      const inLimit = input.ended ? inEnd : inEnd - SYMBOL_INPUT;
      const before = decoder.pos;
      let room = Math.min(decoder.room(), piece - decoder.unflushed);
      if (size !== undefined) room = Math.min(room, left);
      const stop = decoder.decode(input, inLimit, inEnd, before + room);
      left -= decoder.pos - before;
      if (stop === Stop.Overread) throw new DataError('truncated');
      if (stop === Stop.BadDistance) throw new DataError('distance beyond the data');
      if (stop === Stop.EndMarker) {
        if (size !== undefined && left > 0) throw new DataError('end marker before the stated size');
        // After the end marker the range coder is flushed: its last byte may still be to come.
        await input.need(1);
        if (!decoder.finishRange(input, input.end)) throw new DataError(input.pos > input.end ? 'truncated' : 'bad end marker');
        break;
      }
      if (decoder.pending > 0 && left === 0) throw new DataError('match past the stated size');
      if (decoder.unflushed >= piece || decoder.room() === 0) yield decoder.flush();
    }
    if (decoder.unflushed) yield decoder.flush();
  } catch (error) {
    if (decoder.unflushed) yield decoder.flush();
    throw error;
  }
}
