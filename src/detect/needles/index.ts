// Plain-JS multi-needle search behind the contract in CONTRACTS.md (the kernel branch ships the
// WebAssembly SIMD version of the same interface; at merge it replaces this file). One pass over the
// bytes whatever the number of needles: needles are grouped by their first byte, so each input byte
// costs one table lookup, and only bytes that start some needle are compared further.
export interface MultiNeedle {
  /** True when any needle occurs in bytes[from, to). */
  test(bytes: Uint8Array, from?: number, to?: number): boolean;
  /** Calls onHit for every occurrence (needle index, start offset) in ascending offset order; false stops. */
  scan(bytes: Uint8Array, onHit: (needle: number, at: number) => boolean | void, from?: number, to?: number): void;
}

/** Compile once; needles are byte strings of length 1..32. */
export function compileNeedles(needles: readonly Uint8Array[]): MultiNeedle {
  const byFirst: number[][] = Array.from({ length: 256 }, () => []);
  needles.forEach((needle, i) => {
    if (needle.length < 1 || needle.length > 32) throw new RangeError(`needle ${i}: length ${needle.length} is not 1..32`);
    byFirst[needle[0]].push(i);
  });
  const starts = new Uint8Array(256);
  for (let b = 0; b < 256; b++) starts[b] = byFirst[b].length ? 1 : 0;
  const matchesAt = (bytes: Uint8Array, i: number, needle: Uint8Array, to: number) => {
    if (i + needle.length > to) return false;
    for (let k = 1; k < needle.length; k++) if (bytes[i + k] !== needle[k]) return false;
    return true;
  };
  const scan: MultiNeedle['scan'] = (bytes, onHit, from = 0, to = bytes.length) => {
    for (let i = from; i < to; i++) {
      if (!starts[bytes[i]]) continue;
      for (const n of byFirst[bytes[i]]) if (matchesAt(bytes, i, needles[n], to) && onHit(n, i) === false) return;
    }
  };
  return {
    scan,
    test(bytes, from, to) {
      let found = false;
      scan(bytes, () => ((found = true), false), from, to);
      return found;
    },
  };
}
