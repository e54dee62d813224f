// The check every bundler adapter runs at the end of a build: the emitted files in, one line per key out.
// Bytes go through aisa-guard's scanBytes (the CLI's detector: encodings, binaries); findings through the
// CLI's filters (allow comments, allowFingerprints, ignore globs, baseline); origins through origin.ts.
import { KeyStore, applyFilters, byLocation, printable, scanBytes, scanText, type Finding } from 'aisa-guard';
import path from 'node:path';
import type { SectionedSourceMapInput } from '@jridgewell/trace-mapping';
import type { Guard } from './options.js';
import { displayPath, holders, injectors, originOf, sourcePath, tracer, type BuildFacts, type Origin, type Place } from './origin.js';

/** One file the bundler emitted. */
export interface Emitted {
  /** Path relative to the output folder, as the bundler names it (include/exclude match this). */
  fileName: string;
  /** Absolute path it is (or will be) written to. */
  path: string;
  bytes: Buffer;
  /** Its source map, when the bundler made one (JSON text or object). */
  map?: () => SectionedSourceMapInput | undefined;
  /** Without a map: the modules rendered into it, to name the one a key is in (Rollup's `chunk.modules`). */
  modules?: () => Iterable<{ id: string; code: string }>;
}

export interface Leak {
  finding: Finding;
  origin: Origin;
}

export interface CheckResult {
  leaks: Leak[];
  /** One line per leak, ready for the bundler's error channel. */
  lines: string[];
}

export async function checkOutputs(files: readonly Emitted[], facts: BuildFacts, guard: Guard): Promise<CheckResult> {
  const keys = new KeyStore();
  const found: { finding: Finding; file: Emitted }[] = [];
  for (const file of files) {
    if (!guard.selects(file.fileName)) continue;
    for (const finding of scanBytes(file.bytes, { file: displayPath(file.path, guard.root), keys }).findings) found.push({ finding, file });
  }
  const kept = new Set(applyFilters({ findings: found.map((f) => f.finding), stats: { files: files.length, bytes: 0, ms: 0 }, warnings: [] }, guard.filters).findings);
  const leaks = found.filter((f) => kept.has(f.finding)).sort((a, b) => byLocation(a.finding, b.finding));
  if (!leaks.length) return { leaks: [], lines: [] };

  const injected = injectors(facts);
  const held = holders(facts, new Set(leaks.map((l) => l.finding.fingerprint)), guard.root);
  const traces = new Map<Emitted, ReturnType<typeof tracer> | undefined>();
  const result = leaks.map(({ finding, file }) => {
    if (!traces.has(file)) traces.set(file, mapOf(file));
    const traced = tracedPlace(finding, traces.get(file), guard.root) ?? renderedIn(finding, file, guard.root) ?? sourceInMap(finding, file, guard.root);
    const origin = originOf(traced, held.get(finding.fingerprint) ?? [], injected.get(finding.fingerprint) ?? [], guard.root);
    return { finding, origin };
  });
  if (guard.respond) {
    const { respond } = await import('aisa-guard');
    await respond(result.map((l) => l.finding), guard.respond, { root: guard.root, keys, quiet: true });
  }
  return { leaks: result, lines: result.map(lineOf) };
}

function mapOf(file: Emitted): ReturnType<typeof tracer> | undefined {
  try {
    const map = file.map?.();
    return map ? tracer(map, file.path) : undefined;
  } catch {
    return undefined; // a broken map only costs the line number
  }
}

function tracedPlace(finding: Finding, trace: ReturnType<typeof tracer> | undefined, root: string): Place | undefined {
  if (!trace || finding.offset !== undefined) return undefined;
  const at = trace(finding.line, finding.column);
  return at && { file: displayPath(sourcePath(at.source, root), root), line: at.line, column: at.column };
}

/** A key in a source map's `sourcesContent`: the source it is the content of, and its line there. */
function sourceInMap(finding: Finding, file: Emitted, root: string): Place | undefined {
  if (!file.fileName.endsWith('.map')) return undefined;
  try {
    type Map = { sources?: unknown[]; sourcesContent?: unknown[]; sections?: { map?: Map }[] };
    const top = JSON.parse(file.bytes.toString('utf8')) as Map;
    // An index map (Turbopack's) keeps its sources in its sections.
    for (const map of [top, ...(top.sections ?? []).map((section) => section.map ?? {})]) {
      for (const [i, content] of (map.sourcesContent ?? []).entries()) {
        const source = map.sources?.[i];
        if (typeof content !== 'string' || typeof source !== 'string') continue;
        const hit = scanText(content, { file: source }).find((f) => f.fingerprint === finding.fingerprint);
        if (hit) return { file: displayPath(sourcePath(source, root, path.dirname(file.path)), root), line: hit.line, column: hit.column };
      }
    }
  } catch {
    // not JSON: no clue from it
  }
  return undefined;
}

function renderedIn(finding: Finding, file: Emitted, root: string): Place | undefined {
  for (const { id, code } of file.modules?.() ?? []) {
    if (scanText(code, { file: id }).some((f) => f.fingerprint === finding.fingerprint)) return { file: displayPath(id.split('?')[0], root) };
  }
  return undefined;
}

/** `dist/assets/index-x.js:1:2345: AIsa API key sk-aisa-AbCd…wXyZ from src/App.tsx:5:17 (env VITE_AISA_KEY)`. */
export function lineOf({ finding, origin }: Leak): string {
  const at = finding.offset !== undefined ? `${finding.file} (byte ${finding.offset})` : `${finding.file}:${finding.line}:${finding.column}`;
  const kind = finding.confidence === 'high' ? 'AIsa API key' : 'possible AIsa API key';
  const where = origin.source ? ` from ${placeText(origin.source)}` : '';
  const why = [...origin.injectedBy, ...(origin.packageName ? [`package ${origin.packageName}`] : [])];
  const status = finding.status ? ` [${finding.status}]` : '';
  const unknown = !where && !why.length ? ' (origin unknown: enable source maps to trace it)' : '';
  return printable(`${at}: ${kind} ${finding.redacted}${where}${why.length ? ` (${why.join(', ')})` : ''}${unknown}${status}`);
}

function placeText(place: Place): string {
  return place.line === undefined ? place.file : `${place.file}:${place.line}:${place.column}`;
}

/** The message for the bundler: a header line, one line per leak, what to do. */
export function messageOf(lines: readonly string[], server: boolean): string {
  const where = server ? 'server output' : 'client output';
  return [
    `aisa-guard: ${lines.length} AIsa API key${lines.length === 1 ? '' : 's'} in the ${where}:`,
    ...lines.map((l) => `  ${l}`),
    'Keys in a bundle are public: call AIsa from a server, revoke the key (aisa-guard scan --revoke) and rotate it.',
  ].join('\n');
}
