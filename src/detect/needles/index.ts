// One pass for every needle: a Teddy-style WebAssembly SIMD kernel finds where a needle's fingerprint may
// start (kernel-wasm.ts), and each candidate is verified here byte by byte, so what is reported is exact.
// The bytes are copied into the kernel's memory a 64 KB block at a time (the copy reads them from memory
// once; the kernel then reads them from cache). Without WebAssembly SIMD the same plan runs in plain JS.
// Linear: the kernel does fixed work per byte, and a candidate costs at most the needles of its buckets.
import { KERNEL_WASM_BASE64 } from './kernel-binary.js';
import { BITS, BLOCK, CLASSES, INPUT, MASKS, OUT } from './kernel-wasm.js';
import { candidatesOf, planNeedles, type Plan } from './plan.js';

export interface MultiNeedle {
  /** True when any needle occurs in bytes[from, to). */
  test(bytes: Uint8Array, from?: number, to?: number): boolean;
  /** Calls onHit for every occurrence (needle index in the compiled list, start offset) in ascending offset
   *  order; return false from onHit to stop early. Overlapping occurrences are all reported. Linear in bytes. */
  scan(bytes: Uint8Array, onHit: (needle: number, at: number) => boolean | void, from?: number, to?: number): void;
}

export type Kernel = 'wasm' | 'js';

/** Compile once; needles are byte strings (latin1 literals allowed via Buffer.from(s, 'latin1')), length 1..32. */
export function compileNeedles(needles: readonly Uint8Array[]): MultiNeedle {
  return compileNeedlesWith(needles, wasmModule() ? 'wasm' : 'js');
}

/** The same with a chosen kernel (tests and the bench compare both). */
export function compileNeedlesWith(needles: readonly Uint8Array[], kernel: Kernel): MultiNeedle {
  const plan = planNeedles(needles.map((n) => Uint8Array.from(n)));
  const search = kernel === 'wasm' && wasmModule() ? wasmSearch(plan) : jsSearch(plan);
  const scan: MultiNeedle['scan'] = (bytes, onHit, from = 0, to = bytes.length) => {
    from = Math.max(0, Math.min(from, bytes.length));
    to = Math.max(from, Math.min(to, bytes.length));
    if (plan.needles.length > 0 && to > from) search(bytes, onHit, from, to);
  };
  return {
    scan,
    test(bytes, from, to) {
      let found = false;
      scan(
        bytes,
        () => {
          found = true;
          return false;
        },
        from,
        to,
      );
      return found;
    },
  };
}

type Search = (bytes: Uint8Array, onHit: (needle: number, at: number) => boolean | void, from: number, to: number) => void;

/** Reports the needles of `bits`'s buckets that occur at `at`; false once onHit asked to stop. */
function verify(plan: Plan, bytes: Uint8Array, at: number, to: number, bits: number, onHit: (needle: number, at: number) => boolean | void): boolean {
  const list = candidatesOf(plan, bits);
  for (let c = 0; c < list.length; c++) {
    const index = list[c];
    const needle = plan.needles[index];
    const length = needle.length;
    if (at + length > to) continue;
    let j = 0;
    while (j < length && bytes[at + j] === needle[j]) j++;
    if (j === length && onHit(index, at) === false) return false;
  }
  return true;
}

/** The buckets whose needles' first bytes are exactly those at `at` (a needle running past `to` never matches). */
function bucketsAt(plan: Plan, bytes: Uint8Array, at: number, to: number): number {
  const masks = plan.byteMasks;
  let bits = masks[0][bytes[at]];
  for (let k = 1; bits !== 0 && k < masks.length && at + k < to; k++) bits &= masks[k][bytes[at + k]];
  return bits;
}

function jsSearch(plan: Plan): Search {
  const first = plan.byteMasks[0];
  return (bytes, onHit, from, to) => {
    for (let at = from; at < to; at++) {
      if (first[bytes[at]] === 0) continue;
      const bits = bucketsAt(plan, bytes, at, to);
      if (bits !== 0 && !verify(plan, bytes, at, to, bits, onHit)) return;
    }
  };
}

/** The part of the WebAssembly API used here (the project's `lib` has no DOM, where its types live). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

interface Instance {
  memory: Uint8Array;
  words: Int32Array;
  scan: (start: number, end: number, out: number) => number;
  plan?: Plan;
}

let compiled: object | null | undefined;
/** Instances not in use: a callback may search again (a decoder's output) while an outer search holds one. */
const idle: Instance[] = [];

function wasmModule(): object | null {
  if (compiled === undefined) {
    const bytes = Buffer.from(KERNEL_WASM_BASE64, 'base64');
    compiled = wasm?.validate(bytes) ? new wasm.Module(bytes) : null;
  }
  return compiled;
}

/** The kernel compileNeedles uses here: 'js' where WebAssembly SIMD is missing. */
export function kernelInUse(): Kernel {
  return wasmModule() ? 'wasm' : 'js';
}

function acquire(plan: Plan): Instance {
  let instance = idle.pop();
  if (!instance) {
    const { exports } = new wasm!.Instance(wasmModule()!);
    const buffer = (exports.memory as { buffer: ArrayBuffer }).buffer;
    instance = { memory: new Uint8Array(buffer), words: new Int32Array(buffer), scan: exports.scan as Instance['scan'] };
  }
  if (instance.plan !== plan) {
    instance.memory.set(plan.nibbleMasks, MASKS);
    instance.words.set(plan.classMasks, CLASSES >> 2);
    instance.memory.set(plan.hashSet, BITS);
    instance.plan = plan;
  }
  return instance;
}

function wasmSearch(plan: Plan): Search {
  return (bytes, onHit, from, to) => {
    const instance = acquire(plan);
    const { memory, words } = instance;
    try {
      for (let block = from; block < to; block += BLOCK) {
        const end = Math.min(to, block + BLOCK);
        // The kernel reads up to 4 bytes from each position of the block. Bytes left in memory after the
        // copy only make candidates whose needle does not fit before `to`, which verify() drops.
        memory.set(bytes.subarray(block, Math.min(to, end + 3)), INPUT);
        const count = instance.scan(INPUT, INPUT + (end - block), OUT);
        for (let entry = OUT >> 2; entry < (OUT >> 2) + count; entry++) {
          const at = block + words[entry] - INPUT;
          if (at >= end) break;
          const bits = bucketsAt(plan, bytes, at, to);
          if (bits !== 0 && !verify(plan, bytes, at, to, bits, onHit)) return;
        }
      }
    } finally {
      idle.push(instance);
    }
  };
}
