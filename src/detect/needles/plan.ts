// How a needle set is laid out for the Teddy kernel and its JS twin: every needle's fingerprint (its
// first bytes, at most FINGERPRINT) goes into one of BUCKETS buckets, and a candidate's bucket bits name
// the needles to verify there. Needles sharing a fingerprint share a bucket; the others go where they
// add least to the share of positions the kernel lets through, estimated from how common each byte is
// (frequency.ts). The kernel's cost follows that share: each position let through is checked in scalar
// code. Measured on a 151 MB npm tree with the 98 needles of the key prefilter and every decoder: 7.8% of
// positions let through when the planner counted nibbles (and gave every short fingerprint an empty
// bucket), 0.9% with this estimate.

import { BYTE_PROBABILITY } from './frequency.js';

export const FINGERPRINT = 4;
export const BUCKETS = 8;

export interface Plan {
  needles: readonly Uint8Array[];
  /** 6 x 16 bytes for the kernel: per fingerprint position, low-nibble then high-nibble bucket bits. */
  nibbleMasks: Uint8Array;
  /** Per fingerprint position, the bucket bits of each byte value (the JS path tests whole bytes). */
  byteMasks: Uint8Array[];
  /** Needle indices, ascending, to verify for each combination of bucket bits (filled on first use). */
  candidates: (Uint32Array | undefined)[];
  bucketOf: Uint8Array;
  /** The kernel's second test: a hash set of each needle's first bytes, the 4 length-class masks and their count. */
  hashSet: Uint8Array;
  classMasks: Int32Array;
}

/** Bits of the hash set (kernel-wasm.ts HASH_BITS) and its multiplier. */
export const HASH_BITS = 17;
export const HASH_MULTIPLIER = 0x9e3779b1;
const HASHED = 4;

export function planNeedles(needles: readonly Uint8Array[]): Plan {
  for (const needle of needles) if (needle.length === 0) throw new RangeError('compileNeedles: an empty needle matches everywhere');
  const groups = new Map<string, number[]>();
  needles.forEach((needle, index) => {
    const key = Buffer.from(needle.subarray(0, FINGERPRINT)).toString('latin1');
    groups.set(key, [...(groups.get(key) ?? []), index]);
  });
  const { lo, hi, bucketOfGroup } = packBuckets([...groups.keys()]);
  const bucketOf = new Uint8Array(needles.length);
  [...groups.values()].forEach((members, g) => {
    for (const index of members) bucketOf[index] = bucketOfGroup[g];
  });
  const nibbleMasks = new Uint8Array(2 * 16 * FINGERPRINT);
  const byteMasks = Array.from({ length: FINGERPRINT }, () => new Uint8Array(256));
  for (let b = 0; b < BUCKETS; b++) {
    for (let k = 0; k < FINGERPRINT; k++) {
      for (let n = 0; n < 16; n++) {
        if (lo[b][k] & (1 << n)) nibbleMasks[32 * k + n] |= 1 << b;
        if (hi[b][k] & (1 << n)) nibbleMasks[32 * k + 16 + n] |= 1 << b;
      }
    }
  }
  needles.forEach((needle, index) => {
    for (let k = 0; k < FINGERPRINT; k++) {
      if (k < needle.length) byteMasks[k][needle[k]] |= 1 << bucketOf[index];
      else for (let v = 0; v < 256; v++) byteMasks[k][v] |= 1 << bucketOf[index];
    }
  });
  // Needles shorter than HASHED bytes are hashed from their own bytes, under their length's mask.
  const hashSet = new Uint8Array(2 ** HASH_BITS / 8);
  const classes = new Set<number>();
  for (const needle of needles) {
    const length = Math.min(HASHED, needle.length);
    const mask = classMask(length);
    let word = 0;
    for (let k = 0; k < length; k++) word |= needle[k] << (8 * k);
    const hash = Math.imul(word & mask, HASH_MULTIPLIER | 0) >>> (32 - HASH_BITS);
    hashSet[hash >> 3] |= 1 << (hash & 7);
    classes.add(mask);
  }
  // Four slots and how many are in use (the kernel tests only those).
  const present = [...classes];
  const classMasks = Int32Array.from({ length: HASHED + 1 }, (_, k) => (k < HASHED ? (present[k] ?? 0) : present.length));
  return { needles, nibbleMasks, byteMasks, candidates: new Array(256), bucketOf, hashSet, classMasks };
}

/**
 * Buckets for the fingerprints, greedily: each goes where it raises the estimated share of positions let
 * through least (an empty bucket costs its own share). Two orders are tried, as given and commonest
 * first; the cheaper plan wins. Nibble sets are 16-bit masks, [bucket * FINGERPRINT + position].
 */
function packBuckets(fingerprints: readonly string[]): { lo: number[][]; hi: number[][]; bucketOfGroup: number[] } {
  const ownLo = new Uint16Array(fingerprints.length * FINGERPRINT);
  const ownHi = new Uint16Array(fingerprints.length * FINGERPRINT);
  fingerprints.forEach((fingerprint, g) => {
    for (let k = 0; k < FINGERPRINT; k++) {
      // A short fingerprint is a wildcard at the positions it lacks.
      ownLo[g * FINGERPRINT + k] = k < fingerprint.length ? 1 << (fingerprint.charCodeAt(k) & 15) : 0xffff;
      ownHi[g * FINGERPRINT + k] = k < fingerprint.length ? 1 << (fingerprint.charCodeAt(k) >> 4) : 0xffff;
    }
  });
  const ownShare = fingerprints.map((_, g) => passShare(ownLo, ownHi, g, ownLo, ownHi, g));
  const byShare = fingerprints.map((_, g) => g).sort((a, b) => ownShare[b] - ownShare[a]);
  const plans = [fingerprints.map((_, g) => g), byShare].map((order) => {
    const lo = new Uint16Array(BUCKETS * FINGERPRINT);
    const hi = new Uint16Array(BUCKETS * FINGERPRINT);
    const shares = new Float64Array(BUCKETS);
    const bucketOfGroup = new Array<number>(fingerprints.length).fill(0);
    for (const g of order) {
      let best = 0;
      let cost = Infinity;
      for (let b = 0; b < BUCKETS; b++) {
        const grown = passShare(lo, hi, b, ownLo, ownHi, g) - shares[b];
        if (grown < cost) {
          cost = grown;
          best = b;
        }
      }
      for (let k = 0; k < FINGERPRINT; k++) {
        lo[best * FINGERPRINT + k] |= ownLo[g * FINGERPRINT + k];
        hi[best * FINGERPRINT + k] |= ownHi[g * FINGERPRINT + k];
      }
      shares[best] = passShare(lo, hi, best, lo, hi, best);
      bucketOfGroup[g] = best;
    }
    return { total: shares.reduce((sum, v) => sum + v, 0), lo, hi, bucketOfGroup };
  });
  const chosen = plans[0].total <= plans[1].total ? plans[0] : plans[1];
  const rows = (masks: Uint16Array) => Array.from({ length: BUCKETS }, (_, b) => [...masks.subarray(b * FINGERPRINT, (b + 1) * FINGERPRINT)]);
  return { lo: rows(chosen.lo), hi: rows(chosen.hi), bucketOfGroup: chosen.bucketOfGroup };
}

/**
 * For a high nibble h and a set of low nibbles split into its two bytes: the summed probability of the
 * bytes (h << 4 | l), l in the set (LOW_HALF[h][set & 255] + HIGH_HALF[h][set >> 8]), so the planner's
 * estimate costs 16 lookups a position instead of 256.
 */
let halves: { low: Float64Array; high: Float64Array } | undefined;

function nibbleTables(): { low: Float64Array; high: Float64Array } {
  if (halves) return halves;
  const low = new Float64Array(16 * 256);
  const high = new Float64Array(16 * 256);
  for (let h = 0; h < 16; h++) {
    for (let set = 1; set < 256; set++) {
      const bit = 31 - Math.clz32(set);
      const rest = set & ~(1 << bit);
      low[h * 256 + set] = low[h * 256 + rest] + BYTE_PROBABILITY[(h << 4) | bit];
      high[h * 256 + set] = high[h * 256 + rest] + BYTE_PROBABILITY[(h << 4) | (bit + 8)];
    }
  }
  return (halves = { low, high });
}

/**
 * The estimated share of positions whose 4 bytes pass the union of two rows of nibble sets (row a of
 * loA/hiA, row b of loB/hiB; the same row twice for one): 0 for an empty bucket.
 */
function passShare(loA: Uint16Array, hiA: Uint16Array, a: number, loB: Uint16Array, hiB: Uint16Array, b: number): number {
  const { low, high } = nibbleTables();
  let share = 1;
  for (let k = 0; k < FINGERPRINT && share > 0; k++) {
    const lo = loA[a * FINGERPRINT + k] | loB[b * FINGERPRINT + k];
    const hi = hiA[a * FINGERPRINT + k] | hiB[b * FINGERPRINT + k];
    if (lo === 0xffff && hi === 0xffff) continue;
    let p = 0;
    for (let h = 0; h < 16; h++) if ((hi >> h) & 1) p += low[h * 256 + (lo & 255)] + high[h * 256 + (lo >> 8)];
    share *= p;
  }
  return share;
}

/** The needles to verify for a candidate's bucket bits, in ascending needle order. */
export function candidatesOf(plan: Plan, bits: number): Uint32Array {
  let list = plan.candidates[bits];
  if (list === undefined) {
    const chosen: number[] = [];
    for (let i = 0; i < plan.needles.length; i++) if (bits & (1 << plan.bucketOf[i])) chosen.push(i);
    list = plan.candidates[bits] = Uint32Array.from(chosen);
  }
  return list;
}

function classMask(length: number): number {
  return length >= HASHED ? -1 : (1 << (8 * length)) - 1;
}
