// The one-pass multi-needle search (src/detect/needles) against a naive reference: every occurrence of
// every needle, in order, for random needle sets and buffers, through both kernels; plus early stop,
// re-entrant use, the committed kernel binary, and linear time on hostile inputs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileNeedles, compileNeedlesWith, kernelInUse, type Kernel } from '../../src/detect/needles/index.js';
import { kernelBinaryModule } from '../../src/detect/needles/build-kernel.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const KERNELS: Kernel[] = ['wasm', 'js'];

function naive(needles: readonly Uint8Array[], bytes: Uint8Array, from: number, to: number): [number, number][] {
  const hits: [number, number][] = [];
  for (let at = from; at < to; at++) {
    needles.forEach((needle, index) => {
      if (at + needle.length > to) return;
      for (let j = 0; j < needle.length; j++) if (bytes[at + j] !== needle[j]) return;
      hits.push([index, at]);
    });
  }
  return hits;
}

function hitsOf(kernel: Kernel, needles: readonly Uint8Array[], bytes: Uint8Array, from?: number, to?: number): [number, number][] {
  const hits: [number, number][] = [];
  compileNeedlesWith(needles, kernel).scan(bytes, (needle, at) => void hits.push([needle, at]), from, to);
  return hits;
}

/** Buffers built from the needles themselves and a small alphabet, so needles occur, overlap and nearly occur. */
const caseArbitrary = fc
  .record({
    alphabet: fc.integer({ min: 1, max: 256 }),
    needles: fc.array(fc.uint8Array({ minLength: 1, maxLength: 32 }), { minLength: 1, maxLength: 64 }),
    pieces: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.nat()), { maxLength: 400 }),
    sharePrefix: fc.boolean(),
    offset: fc.nat({ max: 40 }),
    bounds: fc.tuple(fc.nat(), fc.nat()),
  })
  .map(({ alphabet, needles, pieces, sharePrefix, offset, bounds }) => {
    // Small alphabets make needles collide and overlap; shared prefixes put many needles in one fingerprint.
    const squash = (b: Uint8Array) => b.map((x) => 0x41 + (x % alphabet));
    let list = needles.map(squash);
    if (sharePrefix) list = list.map((n, i) => (i === 0 ? n : Uint8Array.from([...list[0].subarray(0, 3), ...n]).subarray(0, 32)));
    const parts: number[] = [];
    for (const [kind, which, count] of pieces) {
      if (kind % 3 === 0) parts.push(...list[which % list.length]);
      else if (kind % 3 === 1) parts.push(...list[which % list.length].subarray(0, 1 + (count % 32)));
      else for (let i = 0; i < 1 + (count % 50); i++) parts.push(0x41 + ((which + i) % alphabet));
    }
    // A subarray with a non-zero byteOffset, as a file read into a larger buffer is.
    const backing = new Uint8Array(offset + parts.length + 7).fill(0x41);
    backing.set(parts, offset);
    const bytes = backing.subarray(offset, offset + parts.length);
    const from = bytes.length === 0 ? 0 : bounds[0] % (bytes.length + 1);
    const to = from + (bytes.length - from === 0 ? 0 : bounds[1] % (bytes.length - from + 1));
    return { needles: list, bytes, from, to };
  });

describe('compileNeedles', () => {
  for (const kernel of KERNELS) {
    it(`${kernel}: reports exactly the occurrences a naive search finds, in order`, () => {
      fc.assert(
        fc.property(caseArbitrary, ({ needles, bytes, from, to }) => {
          expect(hitsOf(kernel, needles, bytes, from, to)).toEqual(naive(needles, bytes, from, to));
          expect(hitsOf(kernel, needles, bytes)).toEqual(naive(needles, bytes, 0, bytes.length));
          expect(compileNeedlesWith(needles, kernel).test(bytes, from, to)).toBe(naive(needles, bytes, from, to).length > 0);
        }),
        { numRuns: 300 },
      );
    });

    it(`${kernel}: finds needles at the start, the end and across 64 KB blocks of buffers up to 100k`, () => {
      fc.assert(
        fc.property(
          fc.array(fc.uint8Array({ minLength: 1, maxLength: 32 }), { minLength: 1, maxLength: 64 }),
          fc.integer({ min: 0, max: 100_000 }),
          fc.array(fc.nat(), { maxLength: 20 }),
          (needles, length, places) => {
            const bytes = new Uint8Array(length);
            for (let i = 0; i < length; i++) bytes[i] = (i * 7919) & 0xff;
            // Needles put at both ends, at block seams and at random places.
            const spots = [0, length - 32, 65_536 - 1, 65_536 - 3, 65_536 + 1, ...places.map((p) => p % Math.max(1, length))];
            spots.forEach((spot, i) => {
              const needle = needles[i % needles.length];
              if (spot >= 0 && spot + needle.length <= length) bytes.set(needle, spot);
            });
            if (length >= 1) bytes.set(needles[0].subarray(0, Math.min(length, needles[0].length)), length - Math.min(length, needles[0].length));
            expect(hitsOf(kernel, needles, bytes)).toEqual(naive(needles, bytes, 0, length));
          },
        ),
        { numRuns: 40 },
      );
    });

    it(`${kernel}: stops at the first hit when onHit returns false, and test() finds one hit among many`, () => {
      const needles = [Buffer.from('sk-aisa-'), Buffer.from('aisa')];
      const bytes = Buffer.from('x sk-aisa- y sk-aisa- z');
      const seen: [number, number][] = [];
      compileNeedlesWith(needles, kernel).scan(bytes, (needle, at) => {
        seen.push([needle, at]);
        return false;
      });
      expect(seen).toEqual([[0, 2]]);
      const all: [number, number][] = [];
      compileNeedlesWith(needles, kernel).scan(bytes, (needle, at) => void all.push([needle, at]));
      expect(all).toEqual([[0, 2], [1, 5], [0, 13], [1, 16]]);
      expect(compileNeedlesWith(needles, kernel).test(Buffer.alloc(1 << 20, 'sk-aisa-'))).toBe(true);
      expect(compileNeedlesWith([], kernel).test(bytes)).toBe(false);
    });

    it(`${kernel}: a search started from inside onHit (a decoder's output) does not disturb the outer one`, () => {
      const outer = compileNeedlesWith([Buffer.from('ab'), Buffer.from('cd')], kernel);
      const inner = compileNeedlesWith([Buffer.from('zz')], kernel);
      const bytes = Buffer.alloc(200_000, 'x');
      for (const at of [5, 70_000, 150_000]) bytes.write('ab', at);
      bytes.write('cd', 199_990);
      const hits: number[] = [];
      outer.scan(bytes, (_, at) => {
        hits.push(at);
        expect(inner.test(Buffer.alloc(70_000, 'z'))).toBe(true);
        expect(outer.test(Buffer.from('..cd..'))).toBe(true);
      });
      expect(hits).toEqual([5, 70_000, 150_000, 199_990]);
    });
  }

  it('rejects an empty needle', () => {
    expect(() => compileNeedles([new Uint8Array(0)])).toThrow(RangeError);
  });

  it('ships the kernel that kernel-wasm.ts emits (run `npm run build:kernel` after changing it)', () => {
    const committed = readFileSync(fileURLToPath(new URL('../../src/detect/needles/kernel-binary.ts', import.meta.url)), 'utf8');
    expect(committed).toBe(kernelBinaryModule());
  });

  it('uses the WebAssembly SIMD kernel on this Node', () => {
    // Node 20 has SIMD; the JS path is the fallback only. Both give the same answers (above).
    expect(kernelInUse()).toBe('wasm');
  });
});

describe('compileNeedles on hostile inputs', () => {
  const needles = [
    'sk-aisa-', '%2daisa', 'c2stY', 'YWlzYS', 'NrLWF', '6973612', '\\u002d', '&#45;', '045;', 'x2d;', '\\u', '&#',
  ].map((n) => Buffer.from(n, 'latin1'));
  const MB = 1 << 20;
  const ordinary = Buffer.alloc(4 * MB);
  for (let i = 0, line = 0; i < ordinary.length; line++) {
    i += ordinary.write(`  const value${line} = await this.client.fetch(request, { offset: ${line}, mode: 'fast' });\n`, i);
  }
  // Every fingerprint everywhere, but no whole needle: each position is a candidate that fails verification.
  const prefixes = needles.map((n) => n.subarray(0, n.length - 1).toString('latin1')).join('');
  const hostile: [string, Buffer][] = [
    ['all A', Buffer.alloc(4 * MB, 'A')],
    ['needle prefixes repeated', Buffer.alloc(4 * MB, prefixes)],
    ['sk-aisa repeated (no dash)', Buffer.alloc(4 * MB, 'sk-aisa')],
  ];
  const timeOf = (fn: () => void) => {
    const runs: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      fn();
      runs.push(performance.now() - started);
    }
    return Math.min(...runs);
  };

  for (const kernel of KERNELS) {
    const search = compileNeedlesWith(needles, kernel);
    for (const [name, bytes] of hostile) {
      it(`${kernel}: ${name} costs a bounded multiple of ordinary text per MB and is linear in size`, () => {
        let hits = 0;
        const count = (b: Buffer) => () => search.scan(b, () => void hits++);
        const base = timeOf(count(ordinary));
        const whole = timeOf(count(bytes));
        const quarter = timeOf(count(bytes.subarray(0, bytes.length / 4)));
        // Near-misses at every few bytes are each verified in JS: a constant factor, never a rescan. Against
        // the kernel's ~0.3 ms/MB on text that factor is large (measured 100-520x on a loaded machine;
        // the JS path, slow on all text, 3-4x): this bound and the next catch a blow-up, not the 3x goal.
        expect(whole / Math.max(base, 2)).toBeLessThan(kernel === 'wasm' ? 2000 : 20);
        // Four times the bytes: 4x the time when linear, 16x when quadratic. The slack is for cache effects
        // (1 MB stays in L2, 4 MB does not) and a loaded machine; below 5 ms timer noise dominates.
        expect(whole).toBeLessThan(12 * Math.max(quarter, 5));
      });
    }
  }
});
