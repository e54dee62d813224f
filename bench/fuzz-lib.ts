// A coverage-guided, structure-aware fuzzer for the containers and decoders, with no dependency: inputs
// are mutated from a seed corpus (fuzz/corpus/<format>/, small real archives) with mutations that know
// what breaks parsers (header integers set to huge values, chunks cut, duplicated, spliced, needles
// inserted), and an input is kept when V8's precise block coverage (node:inspector) of src/containers
// or src/decoders shows a block not reached before. A crash is any throw that is not the reader's own
// handled error (containers report those as problems; decoders answer undefined), an exec slower than
// the hang limit, memory past the cap, or a decoder breaking its contract (span outside the input,
// output past its budget).
import { prng } from './lib/random.js';
import { Session } from 'node:inspector';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import path from 'node:path';
import { scanFragment } from '../src/engine/scanner.js';
import { DECODERS } from '../src/decoders/index.js';
import type { Decoder } from '../src/decoders/types.js';

export interface FuzzOptions {
  /** Seconds for the whole run, shared by the targets. */
  seconds: number;
  seed: number;
  corpusDir: string;
  /** Only targets whose name starts with one of these. */
  only?: string[];
  hangMs?: number;
  memoryCapMb?: number;
  coverage?: boolean;
  /** Stop each target after this many execs (a deterministic slice for the test suite). */
  maxExecs?: number;
}

export interface Crash {
  target: string;
  reason: string;
  input: Buffer;
}

export interface TargetStats {
  target: string;
  execs: number;
  corpus: number;
  newCoverage: number;
}

export interface FuzzReport {
  targets: TargetStats[];
  crashes: Crash[];
}

const INTERESTING = [0, 1, 0x7f, 0x80, 0xff, 0x7fffffff, 0x80000000, 0xffffffff, 1 << 24, 1 << 16, 64];

function mutate(input: Buffer, rand: () => number, corpus: Buffer[], needles: readonly string[]): Buffer {
  const pick = (n: number) => Math.floor(rand() * n);
  let out = Buffer.from(input);
  const rounds = 1 + pick(4);
  for (let r = 0; r < rounds; r++) {
    const at = out.length ? pick(out.length) : 0;
    switch (pick(9)) {
      case 0: if (out.length) out[at] ^= 1 << pick(8); break;
      case 1: if (out.length) out[at] = [0, 0xff, 0x7f, 0x80, 0x20, 0x0a][pick(6)]; break;
      case 2: {
        // A header integer, little- or big-endian, set to a value that breaks allocation or bounds.
        const value = INTERESTING[pick(INTERESTING.length)];
        if (at + 4 <= out.length && rand() < 0.5) out.writeUInt32LE(value >>> 0, at);
        else if (at + 4 <= out.length) out.writeUInt32BE(value >>> 0, at);
        break;
      }
      case 3: out = Buffer.concat([out.subarray(0, at), out.subarray(at + 1 + pick(16))]); break;
      case 4: {
        const from = pick(Math.max(1, out.length));
        out = Buffer.concat([out.subarray(0, at), out.subarray(from, from + 1 + pick(64)), out.subarray(at)]);
        break;
      }
      case 5: out = out.subarray(0, at); break;
      case 6: {
        const other = corpus[pick(corpus.length)];
        out = Buffer.concat([out.subarray(0, at), other.subarray(pick(Math.max(1, other.length)))]);
        break;
      }
      case 7: if (needles.length) out = Buffer.concat([out.subarray(0, at), Buffer.from(needles[pick(needles.length)], 'latin1'), out.subarray(at)]); break;
      default: out = Buffer.concat([out.subarray(0, at), Buffer.from([pick(256)]), out.subarray(at)]);
    }
    if (out.length > 1 << 16) out = out.subarray(0, 1 << 16);
  }
  return out;
}

/** Precise block coverage of our own modules, as a set of covered block keys. */
class Coverage {
  private readonly session = new Session();
  private readonly seen = new Set<string>();
  constructor() {
    this.session.connect();
    this.post('Profiler.enable');
    this.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
  }

  /** Blocks reached since the last call that no earlier call reached. */
  take(): number {
    const result = this.post('Profiler.takePreciseCoverage') as { result: { url: string; functions: { ranges: { startOffset: number; endOffset: number; count: number }[] }[] }[] };
    let fresh = 0;
    for (const script of result.result) {
      if (!/\/src\/(containers|decoders)\//.test(script.url)) continue;
      for (const fn of script.functions) {
        for (const range of fn.ranges) {
          if (range.count === 0) continue;
          const key = `${script.url}:${range.startOffset}:${range.endOffset}`;
          if (!this.seen.has(key)) {
            this.seen.add(key);
            fresh++;
          }
        }
      }
    }
    return fresh;
  }

  close(): void {
    this.session.disconnect();
  }

  private post(method: string, params?: object): unknown {
    let answer: unknown;
    let failure: Error | null = null;
    // node:inspector answers a same-thread session synchronously.
    this.session.post(method, params ?? {}, (error, result) => {
      failure = error;
      answer = result;
    });
    if (failure) throw failure;
    return answer;
  }
}

interface Target {
  name: string;
  seeds: Buffer[];
  needles: readonly string[];
  exec(input: Buffer): Promise<string | undefined>;
}

const MAX_OUTPUT = 1 << 16;

function decoderTarget(decoder: Decoder): Target {
  // Structure-aware seeds: the needles among the bytes the decoders' runs are made of.
  const alphabet = ['', ' ', '\n', '=\n', ',', '0x', '\\', '%', '"', '&#', '<~', 'stream\n', '\0\0\0'];
  const seeds = alphabet.map((sep) => Buffer.from(decoder.needles.join(sep) + sep + 'ABCDEFabcdef0123456789', 'latin1'));
  return {
    name: `decoder:${decoder.name}`,
    seeds,
    needles: decoder.needles,
    async exec(input) {
      for (const needle of decoder.needles) {
        const bytes = Buffer.from(needle, 'latin1');
        for (let at = input.indexOf(bytes); at !== -1; at = input.indexOf(bytes, at + 1)) {
          const span = decoder.decodeAt(input, at, MAX_OUTPUT);
          if (!span) continue;
          if (span.start < 0 || span.end > input.length || span.start > span.end) return `span [${span.start}, ${span.end}) outside input of ${input.length}`;
          if (span.bytes.length > MAX_OUTPUT) return `output ${span.bytes.length} past the budget`;
        }
      }
      return undefined;
    },
  };
}

function containerTarget(format: string, dir: string): Target {
  const files = readdirSync(dir).sort();
  const seeds = files.map((f) => readFileSync(path.join(dir, f)));
  const extension = path.extname(files[0] ?? '') || `.${format}`;
  return {
    name: `container:${format}`,
    seeds,
    needles: [],
    async exec(input) {
      // Readers turn their own errors (ArchiveError) into problems; anything thrown out is a crash.
      await scanFragment({ path: `fuzz${extension}`, body: { bytes: Buffer.from(input) } }, { file: `fuzz${extension}` });
      return undefined;
    },
  };
}

export function targets(corpusDir: string, only?: string[]): Target[] {
  const containers = existsSync(corpusDir) ? readdirSync(corpusDir).sort().map((format) => containerTarget(format, path.join(corpusDir, format))) : [];
  const all = [...containers, ...DECODERS.map(decoderTarget)];
  return all.filter((t) => !only?.length || only.some((o) => t.name.startsWith(o) || t.name.split(':')[1].startsWith(o)));
}

export async function fuzz(options: FuzzOptions): Promise<FuzzReport> {
  const rand = prng(options.seed);
  const hangMs = options.hangMs ?? 2000;
  const capMb = options.memoryCapMb ?? 1024;
  const coverage = options.coverage === false ? undefined : new Coverage();
  const list = targets(options.corpusDir, options.only);
  const crashes: Crash[] = [];
  const stats: TargetStats[] = [];
  const perTarget = (options.seconds * 1000) / Math.max(1, list.length);
  try {
    for (const target of list) {
      const corpus = [...target.seeds];
      const stat: TargetStats = { target: target.name, execs: 0, corpus: corpus.length, newCoverage: 0 };
      stats.push(stat);
      coverage?.take();
      const until = performance.now() + perTarget;
      while (performance.now() < until && stat.execs < (options.maxExecs ?? Infinity)) {
        const input = mutate(corpus[Math.floor(rand() * corpus.length)], rand, corpus, target.needles);
        const started = performance.now();
        let reason: string | undefined;
        try {
          reason = await target.exec(input);
        } catch (error) {
          reason = `threw ${(error as Error)?.name}: ${(error as Error)?.message}`;
        }
        const ms = performance.now() - started;
        stat.execs++;
        if (!reason && ms > hangMs) reason = `took ${Math.round(ms)} ms`;
        if (!reason && process.memoryUsage().rss > capMb * 2 ** 20) reason = `rss ${Math.round(process.memoryUsage().rss / 2 ** 20)} MB`;
        if (reason) {
          if (!crashes.some((c) => c.target === target.name && c.reason === reason)) crashes.push({ target: target.name, reason, input });
          continue;
        }
        const fresh = coverage?.take() ?? 0;
        if (fresh > 0 && corpus.length < 512) {
          corpus.push(input);
          stat.newCoverage += fresh;
        }
      }
      stat.corpus = corpus.length;
    }
  } finally {
    coverage?.close();
  }
  return { targets: stats, crashes };
}
