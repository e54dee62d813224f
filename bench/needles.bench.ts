// The one-pass multi-needle search (src/detect/needles) against the per-probe prefilter it replaces
// (bench/lib/probes.ts) and against one Buffer.indexOf of `sk-aisa-` (a single memchr pass: the cheapest
// pass any search can make), over files read into memory first (no I/O in the figures):
//   - an npm tree (AISA_BENCH_TREE, else this repository's node_modules) and the generated 20k-file corpus;
//   - the needles registered today, and the same plus 10 dummy needles (goal: < 5% change).
// Medians of ROUNDS interleaved rounds after one warm-up, in CPU time of this (single-threaded) process:
// on a shared machine, wall time mostly measures the neighbours. AISA_BENCH_SCALE scales the corpus as
// in scan; AISA_BENCH_ROUNDS sets ROUNDS.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compileNeedlesWith, type MultiNeedle } from '../src/detect/needles/index.js';
import { cachedCorpus } from './lib/corpus.js';
import { GATED_NEEDLES_9C863FA, OPEN_NEEDLES_9C863FA, probePrefilter } from './lib/probes.js';
import { prng } from './lib/random.js';
import { benchScale } from './scan.bench.js';

const ROUNDS = Math.max(5, Number(process.env.AISA_BENCH_ROUNDS) || 5);
const MB = 1024 * 1024;
const DUMMY_GOAL = 0.05;

export async function run(): Promise<void> {
  const scale = benchScale();
  const repoModules = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../node_modules');
  const files = Math.max(100, Math.round(20_000 * scale));
  const trees: [string, string][] = [
    ['npm tree', process.env.AISA_BENCH_TREE ? path.resolve(process.env.AISA_BENCH_TREE) : repoModules],
    [`${files}-file corpus`, cachedCorpus(`corpus-${files}`, files, 320 * MB * scale, 7).dir],
  ];
  for (const [label, dir] of trees) measure(label, dir);
}

function measure(label: string, dir: string): void {
  const files = readTree(dir);
  const bytes = files.reduce((sum, file) => sum + file.length, 0);
  console.log(`${label}: ${files.length} files, ${(bytes / MB).toFixed(1)} MB in memory (${dir})`);
  const dummies = dummyNeedles(10);
  const all = [...OPEN_NEEDLES_9C863FA, ...GATED_NEEDLES_9C863FA.flatMap(([gate, family]) => [gate, ...family])];
  const latin1 = (list: readonly string[]) => list.map((n) => Buffer.from(n, 'latin1'));
  const pass = (test: (file: Buffer) => boolean) => () => {
    let hits = 0;
    for (const file of files) if (test(file)) hits++;
    return hits;
  };
  const multi = (kernel: 'wasm' | 'js', list: readonly string[]): ((file: Buffer) => boolean) => {
    const search: MultiNeedle = compileNeedlesWith(latin1(list), kernel);
    return (file) => search.test(file);
  };
  const key = Buffer.from('sk-aisa-');
  const contenders: [string, () => number][] = [
    ['one Buffer.indexOf (sk-aisa-)', pass((file) => file.indexOf(key) !== -1)],
    [`probes, ${all.length} literals`, pass(probePrefilter(OPEN_NEEDLES_9C863FA, GATED_NEEDLES_9C863FA))],
    [`probes, +10 dummy`, pass(probePrefilter([...OPEN_NEEDLES_9C863FA, ...dummies], GATED_NEEDLES_9C863FA))],
    [`MultiNeedle wasm, ${all.length}`, pass(multi('wasm', all))],
    [`MultiNeedle wasm, +10 dummy`, pass(multi('wasm', [...all, ...dummies]))],
    [`MultiNeedle js, ${all.length}`, pass(multi('js', all))],
  ];
  const times = new Map<string, number[]>(contenders.map(([name]) => [name, []]));
  const hits = new Map<string, number>();
  for (const [name, fn] of contenders) hits.set(name, fn());
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, fn] of contenders) {
      const started = process.cpuUsage();
      fn();
      const used = process.cpuUsage(started);
      times.get(name)!.push((used.user + used.system) / 1000);
    }
  }
  const median = (name: string) => [...times.get(name)!].sort((a, b) => a - b)[Math.floor(ROUNDS / 2)];
  const floor = median(contenders[0][0]);
  for (const [name] of contenders) {
    const ms = median(name);
    const gbs = bytes / (ms / 1000) / 1e9;
    console.log(`  ${name.padEnd(32)} ${ms.toFixed(1).padStart(8)} ms CPU ${gbs.toFixed(2).padStart(6)} GB/s  ${(ms / floor).toFixed(2)}x indexOf  (${hits.get(name)} files may hold a needle)`);
  }
  const change = (base: string, more: string) => median(more) / median(base) - 1;
  const probes = change(contenders[1][0], contenders[2][0]);
  const kernel = change(contenders[3][0], contenders[4][0]);
  console.log(`  +10 dummy needles: probes ${pct(probes)}, MultiNeedle ${pct(kernel)} ${Math.abs(kernel) < DUMMY_GOAL ? 'ok' : 'OVER GOAL'} (goal < ${DUMMY_GOAL * 100}%)`);
  console.log(`  MultiNeedle / probes = ${(median(contenders[3][0]) / median(contenders[1][0])).toFixed(2)}x (< 1: the kernel is faster)`);
}

function pct(change: number): string {
  return `${change >= 0 ? '+' : ''}${(change * 100).toFixed(1)}%`;
}

/** Literals no decoder registers, as a future decoder's needles would be: 8 random letters and digits. */
function dummyNeedles(count: number): string[] {
  const rand = prng(2026);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  return Array.from({ length: count }, () => Array.from({ length: 8 }, () => alphabet[Math.floor(rand() * alphabet.length)]).join(''));
}

/** Every regular file under dir, read into memory (symbolic links not followed). */
function readTree(dir: string): Buffer[] {
  const out: Buffer[] = [];
  const stack = [dir];
  while (stack.length > 0) {
    const folder = stack.pop()!;
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) stack.push(full);
      else if (entry.isFile()) out.push(readFileSync(full));
    }
  }
  return out;
}
