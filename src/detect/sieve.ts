// The sieve a directory scan runs on every file: can the scanner find anything in these bytes? ONE pass of
// the multi-needle kernel looks for every key needle (prefilter.ts) and every decoder's needles at once.
// A key needle decides at once; a decoder's needle counts only when its decoded view could hold a key
// itself (decoded here and sieved again, recursively, under the registry's limits), so a file whose
// `fromCharCode(` or `stream` decodes to nothing, or to nothing keyed, is not scanned: the answer stays exact
// (false only when scanWithDecoders would find nothing) and the scanner sees only files that matter.
import { DECODERS, type Decoder } from '../decoders/index.js';
import { sniffEncoding } from './codecs.js';
import { compileNeedles, type MultiNeedle } from './needles/index.js';
import { KeyHits, keyLiterals, type KeyLiteral } from './prefilter.js';
import { DECODE_LIMITS, decodeBudget, magicHits } from './registry.js';

interface SievePass {
  search: MultiNeedle;
  /** Per compiled literal: its meaning as a key needle (undefined when only decoders own it). */
  keys: (KeyLiteral | undefined)[];
  /** Per compiled literal: the decoders whose needle it is. */
  owners: number[][];
  decoders: readonly Decoder[];
}

const passes = new WeakMap<readonly Decoder[], SievePass>();

function compile(decoders: readonly Decoder[]): SievePass {
  let compiled = passes.get(decoders);
  if (compiled) return compiled;
  const index = new Map<string, number>();
  const keys: (KeyLiteral | undefined)[] = [];
  const owners: number[][] = [];
  const slot = (text: string) => {
    let at = index.get(text);
    if (at === undefined) {
      index.set(text, (at = keys.length));
      keys.push(undefined);
      owners.push([]);
    }
    return at;
  };
  for (const literal of keyLiterals()) keys[slot(literal.text)] = literal;
  decoders.forEach((decoder, d) => {
    for (const needle of decoder.needles) owners[slot(needle)].push(d);
  });
  const search = compileNeedles([...index.keys()].map((text) => Buffer.from(text, 'latin1')));
  compiled = { search, keys, owners, decoders };
  passes.set(decoders, compiled);
  return compiled;
}

/** Could the detector or any decoded view of `bytes` hold a key? Exact in one direction: false means nothing would be found. */
export function mayHoldDecodedKey(bytes: Uint8Array, decoders: readonly Decoder[] = DECODERS): boolean {
  return viewMayHoldKey(bytes, compile(decoders), 1, decodeBudget(bytes.length));
}

function viewMayHoldKey(bytes: Uint8Array, pass: SievePass, depth: number, budget: { left: number }): boolean {
  // UTF-16 text is decoded whole by the detector: its base64 or percent keys are no byte needle.
  if (sniffEncoding(bytes.subarray(0, 8192)).startsWith('utf16')) return true;
  const decodes = depth <= DECODE_LIMITS.maxDepth;
  let found = false;
  /** Decodes decoder d's run at `at` and sieves it; the run's end, or undefined when there is none. */
  const decodeAndSieve = (d: number, at: number): number | undefined => {
    if (budget.left <= 0) return undefined;
    const span = pass.decoders[d].decodeAt(bytes, at, Math.min(DECODE_LIMITS.maxSpanBytes, budget.left));
    if (!span || span.end <= at) return undefined;
    budget.left -= span.bytes.length;
    found = viewMayHoldKey(span.bytes, pass, depth + 1, budget);
    return span.end;
  };
  if (decodes) for (const [d, at] of magicHits(bytes, pass.decoders)) if ((decodeAndSieve(d, at), found)) return true;
  const seen = new KeyHits();
  // Per decoder, a hit inside a run it already decoded is that run's (as in the registry).
  let coveredUntil: number[] | undefined;
  pass.search.scan(bytes, (literal, at) => {
    const key = pass.keys[literal];
    if (key && seen.hit(key)) return !(found = true);
    if (!decodes) return;
    for (const d of pass.owners[literal]) {
      coveredUntil ??= new Array<number>(pass.decoders.length).fill(-1);
      if (at < coveredUntil[d]) continue;
      coveredUntil[d] = decodeAndSieve(d, at) ?? coveredUntil[d];
      if (found) return false;
    }
  });
  return found;
}
