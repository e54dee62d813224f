// Where an emitted key came from. Three independent clues, each used when the bundler offers it:
// the output's source map (the module and line the bytes were generated from), the build's inputs (the
// files that hold the key itself: a literal, a JSON file, a dependency), and the build's `define` and
// environment values (a key injected by name). Keys are compared by fingerprint, never printed.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { FlattenMap, originalPositionFor, type SectionedSourceMapInput } from '@jridgewell/trace-mapping';
import { scanBytes, scanText } from 'aisa-guard';

/** An input file larger than this is not searched (bundles are built from source files, not blobs). */
const MAX_INPUT_BYTES = 16 * 1024 * 1024;

export interface Place {
  /** Path relative to the project root, `/`-separated. */
  file: string;
  line?: number;
  column?: number;
}

export interface Origin {
  /** The source file (and line) that holds the key, or that the map says generated it. */
  source?: Place;
  /** `define` keys and environment variables whose value holds the key. */
  injectedBy: string[];
  /** The node_modules package the source belongs to. */
  packageName?: string;
}

/** What a bundler tells about one build, each part optional. */
export interface BuildFacts {
  /** `define` / DefinePlugin entries: name → replacement (any JSON-able value). */
  defines?: Record<string, unknown>;
  /** Environment values the build could inline (process.env, Vite's loaded `.env` files). */
  env?: Record<string, string | undefined>;
  /** Absolute paths of the modules the build read. */
  inputs?: () => Iterable<string>;
}

/** Source-map decoding, per output file. */
export function tracer(map: SectionedSourceMapInput, mapFile: string): (line: number, column: number) => { source: string; line: number; column: number } | undefined {
  // Index maps (`sections`, as Turbopack writes them) as well as plain ones.
  const traced = FlattenMap(map, mapFile);
  return (line, column) => {
    const found = originalPositionFor(traced, { line, column: column - 1 });
    if (found.source === null || found.line === null) return undefined;
    return { source: found.source, line: found.line, column: found.column + 1 };
  };
}

/** A source-map `sources` entry as a path on disk: `webpack://name/./x`, `turbopack:///[project]/x`, file URLs, paths relative to `base` (the map's folder). */
export function sourcePath(source: string, root: string, base = root): string {
  const webpack = /^webpack:\/\/[^/]*\/(.*)$/.exec(source);
  if (webpack) return path.resolve(root, webpack[1]);
  // Turbopack's [project] is the root it inferred (the topmost lockfile, a monorepo's root): the project
  // root or a folder above it, the first where the file is.
  const turbopack = /^turbopack:\/\/\/\[project\]\/(.*)$/.exec(source);
  if (turbopack) {
    for (let dir = root; ; dir = path.dirname(dir)) {
      if (existsSync(path.join(dir, turbopack[1]))) return path.join(dir, turbopack[1]);
      if (path.dirname(dir) === dir) return path.resolve(root, turbopack[1]);
    }
  }
  if (source.startsWith('file://')) return new URL(source).pathname;
  return path.resolve(base, source);
}

/** Which define keys and environment variables hold which keys (by fingerprint): one scan of each value. */
export function injectors(facts: BuildFacts): Map<string, string[]> {
  const byFingerprint = new Map<string, string[]>();
  const note = (label: string, value: unknown) => {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    if (!text || !text.includes('sk-aisa-')) return;
    for (const f of scanText(text, { file: label })) {
      const names = byFingerprint.get(f.fingerprint) ?? [];
      if (!names.includes(label)) byFingerprint.set(f.fingerprint, [...names, label]);
    }
  };
  for (const [name, value] of Object.entries(facts.defines ?? {})) note(`define ${name}`, value);
  for (const [name, value] of Object.entries(facts.env ?? {})) note(`env ${name}`, value);
  return byFingerprint;
}

/** The input files that hold each key (by fingerprint): read only when a key was found in the output. */
export function holders(facts: BuildFacts, fingerprints: ReadonlySet<string>, root: string): Map<string, Place[]> {
  const byFingerprint = new Map<string, Place[]>();
  for (const input of new Set(facts.inputs?.() ?? [])) {
    const bytes = readInput(input);
    if (!bytes) continue;
    const file = displayPath(input, root);
    for (const f of scanBytes(bytes, { file }).findings) {
      if (!fingerprints.has(f.fingerprint)) continue;
      const places = byFingerprint.get(f.fingerprint) ?? [];
      byFingerprint.set(f.fingerprint, [...places, { file, line: f.offset === undefined ? f.line : undefined, column: f.offset === undefined ? f.column : undefined }]);
    }
  }
  return byFingerprint;
}

function readInput(file: string): Buffer | undefined {
  // Virtual modules (`\0…`, `virtual:…`) and query-suffixed ids are not files.
  const clean = file.split('?')[0];
  if (!path.isAbsolute(clean) || clean.includes('\0')) return undefined;
  try {
    const stats = statSync(clean);
    return stats.isFile() && stats.size <= MAX_INPUT_BYTES ? readFileSync(clean) : undefined;
  } catch {
    return undefined;
  }
}

export function displayPath(file: string, root: string): string {
  const relative = path.relative(root, file);
  return (relative.startsWith('..') || path.isAbsolute(relative) ? file : relative).split(path.sep).join('/');
}

/** `node_modules/@scope/name/…` → `@scope/name` (the innermost node_modules). */
export function packageOf(file: string): string | undefined {
  const parts = file.split(/[\\/]/);
  const at = parts.lastIndexOf('node_modules');
  if (at < 0 || at + 1 >= parts.length) return undefined;
  return parts[at + 1].startsWith('@') && at + 2 < parts.length ? `${parts[at + 1]}/${parts[at + 2]}` : parts[at + 1];
}

/** One finding's origin from the clues found for it. */
export function originOf(traced: Place | undefined, holding: Place[], injectedBy: string[], root: string): Origin {
  // The file that holds the key wins (a literal, a JSON file, a dependency); the map's place breaks ties
  // and, for an injected key, is where the define or env variable was used.
  const holder = (traced && holding.find((p) => p.file === traced.file)) ?? holding[0];
  const source = holder ?? (traced && traced.line === undefined ? usedAt(traced, injectedBy, root) : traced);
  return { source, injectedBy, packageName: source && packageOf(source.file) };
}

/** Lines that mention a name without using it: comments, TypeScript `declare`s. */
const DECLARATION = /^\s*(\/\/|\/\*|\*|declare\b)/;

/** Without a map, the line of a module that names the define or env variable (`__KEY__`, `VITE_KEY`). */
function usedAt(module: Place, injectedBy: readonly string[], root: string): Place {
  const bytes = readInput(path.resolve(root, module.file));
  if (!bytes) return module;
  const lines = bytes.toString('utf8').split('\n');
  for (const label of injectedBy) {
    const name = label.replace(/^(define|env) /, '').split('.').pop()!;
    const line = lines.findIndex((text) => text.includes(name) && !DECLARATION.test(text));
    if (line >= 0) return { ...module, line: line + 1, column: lines[line].indexOf(name) + 1 };
  }
  return module;
}
