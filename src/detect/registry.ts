// The decoder registry's runner: one multi-needle pass over a view's bytes finds every registered
// decoder's needles at once (cost flat in the number of decoders); each hit is decoded under a budget,
// and the decoded bytes re-enter the same detector and this same pass, recursively, so chains compose
// (hex → UTF-32 → key, zlib → escapes → key). A key is reported once: a decoded view's finding whose key
// a less decoded view already holds is dropped. Built-in text decodings (base64, percent, hex, escapes,
// UTF-16) still run inside findKeys; containers in src/containers. The table of all of them, with
// triggers and limits, is docs/engine.md.
import type { Finding } from '../types.js';
import { DECODERS, type Decoder } from '../decoders/index.js';
import { compileNeedles, type MultiNeedle } from './needles/index.js';
import { isAllowed } from './allow.js';
import { sniffEncoding } from './codecs.js';
import { scanBytes, type ScanContext } from './scan.js';

/**
 * Limits of the decoded views of one input: nesting, output of one decode, output of all of them (64 MiB,
 * and at most a few times the input: a line of needles decoding to more needles, level after level,
 * would otherwise cost 64 MiB of scanning for any input size).
 */
export const DECODE_LIMITS = { maxDepth: 4, maxSpanBytes: 1 << 20, maxTotalBytes: 64 << 20, perInputByte: 2 };

/** The decoded-bytes budget of one input. */
export function decodeBudget(inputLength: number): { left: number } {
  return { left: Math.min(DECODE_LIMITS.maxTotalBytes, DECODE_LIMITS.perInputByte * inputLength + DECODE_LIMITS.maxSpanBytes) };
}

interface Compiled {
  decoders: readonly Decoder[];
  search: MultiNeedle;
  /** Needle index → decoder index. */
  owner: number[];
}

const compiledFor = new WeakMap<readonly Decoder[], Compiled>();

/** Compiled once per decoder list: every decoder's needles in one search. */
function compile(decoders: readonly Decoder[]): Compiled {
  let compiled = compiledFor.get(decoders);
  if (compiled) return compiled;
  const needles: Uint8Array[] = [];
  const owner: number[] = [];
  decoders.forEach((decoder, d) => {
    for (const needle of decoder.needles) {
      needles.push(Buffer.from(needle, 'latin1'));
      owner.push(d);
    }
  });
  compiled = { decoders, search: compileNeedles(needles), owner };
  compiledFor.set(decoders, compiled);
  return compiled;
}

/**
 * The detector over `bytes` (scanBytes), plus every registered decoder's views of them, each scanned
 * the same way; decoded findings are placed at the encoded run's byte offset and name their encoding
 * chain (outermost first).
 */
export function scanWithDecoders(bytes: Buffer, context: ScanContext, decoders: readonly Decoder[] = DECODERS): Finding[] {
  const findings = scanBytes(bytes, context).findings;
  if (!decoders.length) return findings;
  const budget = decodeBudget(bytes.length);
  const seen = new Set(findings.map((f) => f.fingerprint));
  const text = sniffEncoding(bytes.subarray(0, 8192)) === 'utf8';
  for (const finding of decodedFindings(bytes, context, compile(decoders), 1, budget)) {
    if (seen.has(finding.fingerprint)) continue;
    seen.add(finding.fingerprint);
    findings.push(text ? atLineAndColumn(bytes, finding) : finding);
  }
  return findings;
}

/** The decoders whose magic number starts `bytes`, each as [decoder index, offset 0]. */
export function magicHits(bytes: Uint8Array, decoders: readonly Decoder[]): [number, number][] {
  const hits: [number, number][] = [];
  for (const [d, magic] of magicsOf(decoders)) if (magic.some((m) => startsWith(bytes, m))) hits.push([d, 0]);
  return hits;
}

const magicTables = new WeakMap<readonly Decoder[], [number, Uint8Array[]][]>();

function magicsOf(decoders: readonly Decoder[]): [number, Uint8Array[]][] {
  let table = magicTables.get(decoders);
  if (!table) {
    table = decoders.flatMap((decoder, d) => (decoder.magic ? [[d, decoder.magic.map((m) => Buffer.from(m, 'latin1'))] as [number, Uint8Array[]]] : []));
    magicTables.set(decoders, table);
  }
  return table;
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

function decodedFindings(bytes: Uint8Array, context: ScanContext, compiled: Compiled, depth: number, budget: { left: number }): Finding[] {
  const out: Finding[] = [];
  // Per decoder, a hit inside a run it already decoded is that run's: decode each run once.
  const coveredUntil = new Array<number>(compiled.decoders.length).fill(-1);
  const decodeHit = (d: number, at: number) => {
    if (at < coveredUntil[d] || budget.left <= 0) return budget.left > 0;
    const decoder = compiled.decoders[d];
    const span = decoder.decodeAt(bytes, at, Math.min(DECODE_LIMITS.maxSpanBytes, budget.left));
    if (!span || span.end <= at) return;
    coveredUntil[d] = span.end;
    budget.left -= span.bytes.length;
    const view = Buffer.from(span.bytes.buffer, span.bytes.byteOffset, span.bytes.length);
    const inner = [...scanBytes(view, context).findings];
    if (depth < DECODE_LIMITS.maxDepth) inner.push(...decodedFindings(view, context, compiled, depth + 1, budget));
    for (const f of inner) out.push(placed(f, decoder.name, span.start, span.end));
  };
  for (const [d, at] of magicHits(bytes, compiled.decoders)) decodeHit(d, at);
  compiled.search.scan(bytes, (needle, at) => decodeHit(compiled.owner[needle], at));
  return out;
}

/**
 * In a text file, an encoded run's place by line and column (as every other text finding), not by byte;
 * an allow comment on that line (or a comment line above it) suppresses it as it would a plain key.
 */
function atLineAndColumn(bytes: Buffer, finding: Finding): Finding {
  const lineStartOf = (at: number) => (at === 0 ? 0 : bytes.lastIndexOf(10, at - 1) + 1);
  const place = (at: number) => {
    const lineStart = lineStartOf(at);
    let line = 1;
    for (let i = bytes.indexOf(10); i !== -1 && i < lineStart; i = bytes.indexOf(10, i + 1)) line++;
    return { line, column: bytes.toString('utf8', lineStart, at).length + 1 };
  };
  const start = place(finding.offset!);
  const end = place(finding.endColumn! - 1); // placed(): in byte form, endColumn is the run's end + 1
  const lineStart = lineStartOf(finding.offset!);
  const lineEnd = bytes.indexOf(10, finding.offset!);
  const line = bytes.toString('utf8', lineStart, lineEnd === -1 ? bytes.length : lineEnd);
  const above = lineStart === 0 ? undefined : bytes.toString('utf8', lineStartOf(lineStart - 1), lineStart - 1).replace(/\r$/, '');
  const suppressed = finding.suppressed ?? (isAllowed(line, above) ? ('inline' as const) : undefined);
  return { ...finding, offset: undefined, line: start.line, column: start.column, endLine: end.line, endColumn: end.column, suppressed };
}

/** A finding in a decoded view, moved to the encoded run in the outer bytes (by byte offset). */
function placed(finding: Finding, name: string, start: number, end: number): Finding {
  const inner = finding.encodingChain ?? (finding.encoding ? [finding.encoding] : []);
  return { ...finding, offset: start, line: 1, column: start + 1, endLine: 1, endColumn: end + 1, encodingChain: [name, ...inner] };
}
