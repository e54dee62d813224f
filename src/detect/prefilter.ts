// The byte prefilter: decides, at memory speed, that a file holds no key in any form we decode, so most
// files never become a string. Every decoder registers the literal needles its encodings always contain;
// bytesMayContainKey searches every needle and gate in ONE pass (the Teddy WebAssembly SIMD kernel in
// needles/), so a new needle costs about nothing instead of one more memchr pass over every byte.
//
// Measured 2026-12-07 (docs/engine-performance.md; shared 2-core machine at load 20+, CPU time, medians of
// 5 interleaved), files in memory: the 21 probes (one Buffer.includes each, as this file did before) took
// 172 ms for a 113 MB npm tree and 453 ms for the 321 MB corpus; the one pass took 48 ms and 350 ms (0.28x,
// 0.77x); ten more needles cost the probes +36–62% and the pass +12–13%. Directory scan
// (`scan --no-ignore`): CPU 1229 → 1201 ms (npm tree) and 1698 → 1420 ms (corpus), read floor 489 / 789 ms.
// Strings (textMayContainKey, the ESLint rule) still use the probes below: a string is no byte array.
//
// REGISTRATION POINT for new decoders: call `registerNeedles(['…'], gate?)` (detector.ts) with literals
// (strings are taken as latin1 bytes, so `'s\0k\0'` names UTF-16LE bytes) that every encoding of
// `sk-aisa-` in that form contains. A gate (a short literal such as `&#`) makes its family's needles count
// only in inputs that also hold the gate, which keeps common short needles (`045;`) from sending files on.

import { commonness } from './needles/frequency.js';
import { compileNeedles, type MultiNeedle } from './needles/index.js';

/** Node switches from memchr-and-compare to Boyer–Moore at this pattern length. */
const MAX_PROBE = 7;

const needles: Buffer[] = [];
/** Needles searched only in inputs that hold their gate (see registerNeedles). */
const gated = new Map<string, Buffer[]>();

/** A probe, and for a gate the probes that decide once the gate is found. */
interface Probe {
  bytes: Buffer;
  text: string;
  then?: Probe[];
}
let probes: Probe[] | undefined;

/**
 * Adds literals whose absence proves a text holds no key in the registering decoder's form. With a
 * `gate` (a short literal that every such encoded key also contains, absent from most files: `&#`,
 * `\u`), the literals are searched only in inputs that hold the gate: each probe is one pass over the
 * bytes, and a family of needles behind one gate costs one pass for most files instead of one per needle.
 */
export function registerNeedles(literals: readonly string[], gate?: string): void {
  for (const literal of literals) {
    const bytes = Buffer.from(literal, 'latin1');
    needles.push(bytes);
    if (gate !== undefined) gated.set(gate, [...(gated.get(gate) ?? []), bytes]);
  }
  probes = undefined;
  pass = undefined;
}

/** Every registered needle (the ESLint rule and tests read them). */
export function registeredNeedles(): string[] {
  return needles.map((n) => n.toString('latin1'));
}

/** One compiled literal's meaning for the pass: an open needle, a gate, a member of gated families. */
export interface KeyLiteral {
  text: string;
  open: boolean;
  /** Bits (up to 32) of the gates it is, and of the gates whose family it belongs to. */
  gates: number;
  families: number;
}

/** Every needle and gate as the one pass sees them: an open needle decides at once; a gated needle counts only in an input that also holds its gate. */
export function keyLiterals(): KeyLiteral[] {
  const literals = new Map<string, KeyLiteral>();
  const entry = (text: string) => {
    let held = literals.get(text);
    if (!held) literals.set(text, (held = { text, open: false, gates: 0, families: 0 }));
    return held;
  };
  if (gated.size > 32) throw new RangeError('prefilter: more than 32 gates');
  const behindGates = new Set([...gated.values()].flat());
  for (const needle of needles) if (!behindGates.has(needle)) entry(needle.toString('latin1')).open = true;
  [...gated].forEach(([gate, family], i) => {
    entry(gate).gates |= 1 << i;
    for (const needle of family) entry(needle.toString('latin1')).families |= 1 << i;
  });
  return [...literals.values()];
}

/** Tracks one input's gates and families as hits arrive: `hit` is true once a key needle counts. */
export class KeyHits {
  private gatesSeen = 0;
  private familiesSeen = 0;
  hit(literal: KeyLiteral): boolean {
    this.gatesSeen |= literal.gates;
    this.familiesSeen |= literal.families;
    return literal.open || (this.gatesSeen & this.familiesSeen) !== 0;
  }
}

interface NeedlePass {
  search: MultiNeedle;
  literals: KeyLiteral[];
}
let pass: NeedlePass | undefined;

/** True unless the bytes certainly hold no registered needle (one pass of the multi-needle kernel). */
export function bytesMayContainKey(bytes: Uint8Array): boolean {
  const { search, literals } = (pass ??= compilePass());
  const seen = new KeyHits();
  let found = false;
  search.scan(bytes, (literal) => !(found = seen.hit(literals[literal])));
  return found;
}

function compilePass(): NeedlePass {
  const literals = keyLiterals();
  return { search: compileNeedles(literals.map((l) => Buffer.from(l.text, 'latin1'))), literals };
}

/** The same test on text already decoded as latin1 or UTF-8 (every needle is ASCII or a byte string). */
export function textMayContainKey(text: string): boolean {
  return anyProbe((probes ??= compileProbes()), (probe) => text.includes(probe.text));
}

function anyProbe(list: readonly Probe[], found: (probe: Probe) => boolean): boolean {
  for (const probe of list) if (found(probe) && (!probe.then || anyProbe(probe.then, found))) return true;
  return false;
}

function compileProbes(): Probe[] {
  const behindGates = new Set([...gated.values()].flat());
  const open = dedupe(needles.filter((n) => !behindGates.has(n)).map(probeOf));
  const gates = [...gated].map(([gate, family]) => ({ ...probeFrom(Buffer.from(gate, 'latin1')), then: dedupe(family.map(probeOf)) }));
  return [...open, ...gates];
}

/** One probe per needle, deduplicated: a probe containing another probe is covered by it. */
function dedupe(list: Buffer[]): Probe[] {
  const chosen = [...new Set(list.map((p) => p.toString('latin1')))];
  chosen.sort((a, b) => a.length - b.length);
  const kept: string[] = [];
  for (const probe of chosen) if (!kept.some((k) => probe.includes(k))) kept.push(probe);
  return kept.map((p) => probeFrom(Buffer.from(p, 'latin1')));
}

function probeFrom(bytes: Buffer): Probe {
  return { bytes, text: bytes.toString('latin1') };
}

/**
 * The window of at most MAX_PROBE bytes that starts at the needle's rarest byte (ties: the earliest).
 * A probe keeps at least 4 bytes (or the whole needle): shorter ones match too often to help.
 */
export function probeOf(needle: Buffer): Buffer {
  const keep = Math.min(4, needle.length);
  let at = 0;
  for (let i = 1; i + keep <= needle.length; i++) if (commonness(needle[i]) > commonness(needle[at])) at = i;
  return needle.subarray(at, Math.min(needle.length, at + MAX_PROBE));
}
