// The source of the Teddy kernel: this file emits the WebAssembly module byte by byte (no assembler, no
// dependency). `npm run build:kernel` writes its output to kernel-binary.ts, which is what ships; a test
// checks that the committed binary is exactly what this file emits.
//
// What the kernel computes (Teddy, after Hyperscan and Rust's aho-corasick): every needle belongs to one
// of 8 buckets (a bit each). For the 4 fingerprint positions k = 0..3 there are two 16-byte tables,
// indexed by the low and the high nibble of the byte at offset i + k; each entry holds the buckets whose
// needles can have such a nibble there. `i8x16.swizzle` looks 16 bytes up at once, so one AND of eight
// lookups gives, for 16 positions, the buckets whose 4-byte fingerprint may start there. On text, nibble
// sets of 8 buckets let through many positions (a bucket with letters in it admits most words), so each
// such position is then checked in scalar code against a hash set of the needles' first 4 bytes (fewer
// for shorter needles: one masked test per length class); only positions that pass are written out, and
// the caller verifies those exactly.
//
import { FINGERPRINT, HASH_BITS, HASH_MULTIPLIER } from './plan.js';

// Memory layout (one instance per concurrent search; the caller writes the plan's tables):
//   [MASKS, MASKS + 128)   lo0 hi0 lo1 hi1 lo2 hi2 lo3 hi3
//   [CLASSES, CLASSES + 20) the 4 length-class masks of a little-endian 4-byte load, how many are in use
//   [BITS, BITS + 2^HASH_BITS / 8) the hash set
//   [OUT, OUT + 4 * BLOCK)  candidate positions (i32)
//   [INPUT, INPUT + BLOCK + PAD)  the bytes being searched (PAD: loads run up to 19 bytes past a block)

export const MASKS = 0;
export const CLASSES = 128;
export const BITS = 4096;
export const BLOCK = 64 * 1024;
export const OUT = 64 * 1024;
export const INPUT = OUT + 4 * BLOCK;
const PAD = 64;
const PAGE = 64 * 1024;
export const PAGES = Math.ceil((INPUT + BLOCK + PAD) / PAGE);

// Instruction and type codes (WebAssembly core spec 1.0 + the fixed-width SIMD proposal, opcode after 0xfd).
const I32 = 0x7f;
const V128 = 0x7b;
const op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  i32Load8U: 0x2d,
  i32Store: 0x36,
  i32Const: 0x41,
  i32Eqz: 0x45,
  i32GtU: 0x4b,
  i32GeU: 0x4f,
  i32Ctz: 0x68,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  i32And: 0x71,
  i32Or: 0x72,
  i32ShrU: 0x76,
} as const;
const simd = {
  load: 0x00,
  swizzle: 0x0e,
  splat: 0x0f,
  and: 0x4e,
  i8x16Ne: 0x24,
  anyTrue: 0x53,
  bitmask: 0x64,
  shrU: 0x6d,
} as const;
const EMPTY_BLOCK = 0x40;

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    const done = (n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

const name = (s: string) => [...uleb(s.length), ...Buffer.from(s, 'utf8')];
const vector = (items: number[][]) => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]) => [id, ...uleb(body.length), ...body];

// Locals: parameters first, then the declared ones.
const L = {
  i: 0, end: 1, out: 2,
  first: 3, lanes: 4, at: 5, word: 6, hash: 7, class0: 8, class1: 9, class2: 10, class3: 11, classes: 12,
  lo0: 13, hi0: 14, lo1: 15, hi1: 16, lo2: 17, hi2: 18, lo3: 19, hi3: 20, nibble: 21, v: 22, r: 23, zero: 24,
};
const TABLES = [[L.lo0, L.hi0], [L.lo1, L.hi1], [L.lo2, L.hi2], [L.lo3, L.hi3]].slice(0, FINGERPRINT);
const CLASS_LOCALS = [L.class0, L.class1, L.class2, L.class3];

const get = (local: number) => [op.localGet, local];
const set = (local: number) => [op.localSet, local];
const i32 = (n: number) => [op.i32Const, ...sleb(n)];
const v128 = (code: number) => [0xfd, ...uleb(code)];
/** v128.load at [address on the stack + offset], alignment hint 1 byte (the loads are unaligned). */
const load = (offset: number) => [...v128(simd.load), 0, ...uleb(offset)];

/** Buckets whose fingerprint byte k may be `v`: swizzle(lo_k, v & 15) & swizzle(hi_k, v >> 4). */
function lookup(lo: number, hi: number): number[] {
  return [
    ...get(lo), ...get(L.v), ...get(L.nibble), ...v128(simd.and), ...v128(simd.swizzle),
    ...get(hi), ...get(L.v), ...i32(4), ...v128(simd.shrU), ...v128(simd.swizzle),
    ...v128(simd.and),
  ];
}

/** 1 when the hash set holds (word & class mask): bit h of BITS, h = the top HASH_BITS of word * multiplier. */
function inHashSet(classLocal: number): number[] {
  return [
    ...get(L.word), ...get(classLocal), op.i32And, ...i32(HASH_MULTIPLIER | 0), op.i32Mul, ...i32(32 - HASH_BITS), op.i32ShrU,
    op.localTee, L.hash, ...i32(3), op.i32ShrU, op.i32Load8U, 0, ...uleb(BITS),
    ...get(L.hash), ...i32(7), op.i32And, op.i32ShrU, ...i32(1), op.i32And,
  ];
}

/** For each lane of the chunk at i with a bucket bit (r), the hash test; positions that pass go to out. */
function confirmLanes(): number[] {
  return [
    ...get(L.r), ...get(L.zero), ...v128(simd.i8x16Ne), ...v128(simd.bitmask), ...set(L.lanes),
    op.block, EMPTY_BLOCK,
    op.loop, EMPTY_BLOCK,
    ...get(L.lanes), op.i32Eqz, op.brIf, 1,
    ...get(L.i), ...get(L.lanes), op.i32Ctz, op.i32Add, op.localTee, L.at,
    op.i32Load, 0, 0, ...set(L.word),
    ...inHashSet(L.class0),
    ...[1, 2, 3].flatMap((k) => [...get(L.classes), ...i32(k), op.i32GtU, op.if, I32, ...inHashSet(CLASS_LOCALS[k]), op.else, ...i32(0), op.end, op.i32Or]),
    op.if, EMPTY_BLOCK,
    ...get(L.out), ...get(L.at), op.i32Store, 2, 0,
    ...get(L.out), ...i32(4), op.i32Add, ...set(L.out),
    op.end,
    ...get(L.lanes), ...get(L.lanes), ...i32(1), op.i32Sub, op.i32And, ...set(L.lanes),
    op.br, 0,
    op.end,
    op.end,
  ];
}

/**
 * scan(i, end, out) -> count: for every position of the 16-byte chunks at i, i + 16, ... below end whose
 * fingerprint nibbles and hashed first bytes fit some needle, writes the position (i32) at out; returns
 * how many it wrote.
 */
function scanBody(): number[] {
  const code = [
    ...get(L.out), ...set(L.first),
    ...TABLES.flat().flatMap((local, k) => [...i32(MASKS), ...load(16 * k), ...set(local)]),
    ...[...CLASS_LOCALS, L.classes].flatMap((local, k) => [...i32(CLASSES), op.i32Load, 2, ...uleb(4 * k), ...set(local)]),
    ...i32(15), ...v128(simd.splat), ...set(L.nibble),
    op.block, EMPTY_BLOCK,
    op.loop, EMPTY_BLOCK,
    ...get(L.i), ...get(L.end), op.i32GeU, op.brIf, 1,
    ...get(L.i), ...load(0), ...set(L.v), ...lookup(L.lo0, L.hi0), ...set(L.r),
    ...TABLES.slice(1).flatMap(([lo, hi], k) => [
      ...get(L.r), ...get(L.i), ...load(k + 1), ...set(L.v), ...lookup(lo, hi), ...v128(simd.and), ...set(L.r),
    ]),
    ...get(L.r), ...v128(simd.anyTrue),
    op.if, EMPTY_BLOCK,
    ...confirmLanes(),
    op.end,
    ...get(L.i), ...i32(16), op.i32Add, ...set(L.i),
    op.br, 0,
    op.end,
    op.end,
    ...get(L.out), ...get(L.first), op.i32Sub, ...i32(2), op.i32ShrU,
    op.end,
  ];
  const locals = vector([[10, I32], [12, V128]]);
  const body = [...locals, ...code];
  return [...uleb(body.length), ...body];
}

/** The module: memory (exported), one function `scan`. */
export function kernelWasm(): Uint8Array {
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector([[0x60, ...vector([[I32], [I32], [I32]]), ...vector([[I32]])]])),
    ...section(3, vector([[0]])),
    ...section(5, vector([[0x00, ...uleb(PAGES)]])),
    ...section(7, vector([[...name('memory'), 0x02, 0], [...name('scan'), 0x00, 0]])),
    ...section(10, vector([scanBody()])),
  ];
  return Uint8Array.from(bytes);
}
