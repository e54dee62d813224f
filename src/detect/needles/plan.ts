// How a needle set is laid out for the Teddy kernel and its JS twin: every needle's fingerprint (its
// first bytes, at most FINGERPRINT) goes into one of BUCKETS buckets, and a candidate's bucket bits name
// the needles to verify there. Needles sharing a fingerprint share a bucket; the others go where they
// widen the bucket's nibble sets least, so dissimilar fingerprints do not make each other's candidates.

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
  // Per bucket and position, the nibble sets as 16-bit masks (low nibbles, high nibbles).
  const lo = Array.from({ length: BUCKETS }, () => new Array<number>(FINGERPRINT).fill(0));
  const hi = Array.from({ length: BUCKETS }, () => new Array<number>(FINGERPRINT).fill(0));
  const width = (b: number, add?: readonly [number, number][]) => {
    let product = 1;
    for (let k = 0; k < FINGERPRINT; k++) product *= popcount(lo[b][k] | (add?.[k][0] ?? 0)) * popcount(hi[b][k] | (add?.[k][1] ?? 0));
    return product;
  };
  const bucketOf = new Uint8Array(needles.length);
  const used = new Array<boolean>(BUCKETS).fill(false);
  // Shortest fingerprints first: a short one is a wildcard at the positions it lacks, so it takes an
  // empty bucket (or one of its length) instead of turning a bucket of long fingerprints into a short one.
  const ordered = [...groups].sort(([a], [b]) => a.length - b.length || (a < b ? -1 : 1));
  for (const [fingerprint, members] of ordered) {
    const sets = Array.from({ length: FINGERPRINT }, (_, k): [number, number] =>
      k < fingerprint.length ? [1 << (fingerprint.charCodeAt(k) & 15), 1 << (fingerprint.charCodeAt(k) >> 4)] : [0xffff, 0xffff],
    );
    let best = used.indexOf(false);
    if (best === -1) {
      let cost = Infinity;
      for (let b = 0; b < BUCKETS; b++) {
        const grown = width(b, sets) - width(b);
        if (grown < cost) [cost, best] = [grown, b];
      }
    }
    used[best] = true;
    for (let k = 0; k < FINGERPRINT; k++) {
      lo[best][k] |= sets[k][0];
      hi[best][k] |= sets[k][1];
    }
    for (const index of members) bucketOf[index] = best;
  }
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

function popcount(n: number): number {
  let count = 0;
  for (; n; n &= n - 1) count++;
  return count;
}
