// `aisa-guard scan` end to end over a generated source tree (≥ 300 MB, ≥ 20,000 files; or any tree named
// in AISA_BENCH_TREE, e.g. an npm node_modules), against, in the same run and on the same file list
// (`--no-ignore`: every file under the tree):
//   - the bare Node read floor: a fresh `node` that walks the tree with readdir and reads every file with
//     open/fstat/readSync into one reused buffer/close, no detection (start-up included, as for us);
//   - ripgrep, `-j1` and its default thread count, when installed.
// Medians of ROUNDS interleaved runs after one warm-up each. Goals: ≤ 1.25x the floor, ≤ 2x rg default.
// Then the pathological inputs (50 MB of `sk-aisa-` repeated, 50 MB of one line of `A`, and other
// hostile runs) against 50 MB of ordinary text: time per MB, goal ≤ 2x ordinary.
// AISA_BENCH_SCALE=0.05 runs everything at 5% of the size (AISA_BENCH_QUICK=1 sets 0.1).
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cachedCorpus, cachedFile } from './lib/corpus.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/cli.js');
const PATTERN = 'sk-aisa-[A-Za-z0-9_-]{32,128}';
const ROUNDS = 5;
const MB = 1024 * 1024;
const FLOOR_GOAL = 1.25;
const RG_GOAL = 2;

/** The floor, as its own process: what any Node tool pays to list and read these files. */
const READ_FLOOR = `
const fs = require('fs'), path = require('path');
let buffer = Buffer.allocUnsafe(1 << 20), bytes = 0;
const stack = [process.argv[1]];
while (stack.length) {
  const dir = stack.pop();
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) { stack.push(full); continue; }
    if (!e.isFile()) continue;
    const fd = fs.openSync(full, 'r');
    const size = fs.fstatSync(fd).size;
    if (buffer.length < size) buffer = Buffer.allocUnsafe(size);
    bytes += fs.readSync(fd, buffer, 0, size, 0);
    fs.closeSync(fd);
  }
}
process.stdout.write(String(bytes));`;

export function benchScale(): number {
  return Number(process.env.AISA_BENCH_SCALE ?? (process.env.AISA_BENCH_QUICK === '1' ? 0.1 : 1)) || 1;
}

export async function run(): Promise<void> {
  const scale = benchScale();
  await corpusBench(scale);
  pathologicalBench(scale);
  if (process.env.AISA_BENCH_BIG === '1') millionFiles();
}

const REPORT_CPU = `data:text/javascript,process.on('exit',()=>{const u=process.cpuUsage();process.stderr.write('\\ncpu-us='+(u.user+u.system)+'\\n')})`;
const REPORT_RSS = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\n'+process.resourceUsage().maxRSS+'\\n'))`;

/** 1,000,000 (empty) files in 1,000 folders: the listing, not the content, bounds memory. */
function millionFiles(): void {
  const dir = path.join(os.tmpdir(), 'aisa-guard-bench', 'million-v1');
  const marker = path.join(dir, '.done');
  if (!existsSync(marker)) {
    rmSync(dir, { recursive: true, force: true });
    for (let d = 0; d < 1000; d++) {
      const folder = path.join(dir, `d${d}`);
      mkdirSync(folder, { recursive: true });
      for (let f = 0; f < 1000; f++) closeSync(openSync(path.join(folder, `f${f}.txt`), 'w'));
    }
    writeFileSync(marker, '');
  }
  const started = performance.now();
  const result = spawnSync(process.execPath, ['--import', REPORT_RSS, CLI, 'scan', '--no-ignore', '-f', 'json', dir], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const ms = performance.now() - started;
  const rssMb = Number(result.stderr.trim().split('\n').pop()) / 1024;
  const files = result.status === 0 ? (JSON.parse(result.stdout) as { stats: { files: number } }).stats.files : 0;
  console.log(`  1,000,000 files: exit ${result.status}, ${files} files scanned in ${(ms / 1000).toFixed(1)} s, peak RSS ${rssMb.toFixed(0)} MB`);
  if (files !== 1_000_001) throw new Error(`1M files: ${result.stderr.trim().split('\n')[0] || 'wrong count'}`);
}

async function corpusBench(scale: number): Promise<void> {
  const started = performance.now();
  let dir: string;
  let expected: number | undefined;
  if (process.env.AISA_BENCH_TREE) {
    dir = path.resolve(process.env.AISA_BENCH_TREE);
  } else {
    const files = Math.max(100, Math.round(20_000 * scale));
    const corpus = cachedCorpus(`corpus-${files}`, files, 320 * MB * scale, 7);
    dir = corpus.dir;
    expected = corpus.planted;
  }
  // CPU time (user + system) of each Node process, read at its exit: on a shared, loaded machine wall
  // time mostly measures the neighbours, CPU time much less so.
  const cpu = { floor: [] as number[], ours: [] as number[] };
  const cpuOf = (stderr: string) => Number(/cpu-us=(\d+)/.exec(stderr)?.[1] ?? NaN) / 1000;
  const floorRun = () => {
    const result = spawnSync(process.execPath, ['--import', REPORT_CPU, '-e', READ_FLOOR, dir], { encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`read floor exited ${result.status}: ${result.stderr.trim()}`);
    cpu.floor.push(cpuOf(result.stderr));
    return Number(result.stdout);
  };
  const bytes = floorRun();
  const mb = bytes / MB;
  const ours = (threads?: string) => () => {
    const env = threads ? { ...process.env, AISA_GUARD_THREADS: threads } : process.env;
    const result = spawnSync(process.execPath, ['--import', REPORT_CPU, CLI, 'scan', '--no-ignore', '--format', 'json', dir], { encoding: 'utf8', maxBuffer: 1 << 28, env });
    if (result.status !== 0 && result.status !== 1) throw new Error(`scan exited ${result.status}: ${result.stderr.trim()}`);
    if (!threads) cpu.ours.push(cpuOf(result.stderr));
    return JSON.parse(result.stdout) as { findings: unknown[]; stats: { files: number } };
  };
  const first = ours()();
  if (expected !== undefined && first.findings.length !== expected) throw new Error(`expected ${expected} findings, got ${first.findings.length}`);
  console.log(
    `corpus: ${first.stats.files} files, ${mb.toFixed(1)} MB, ${first.findings.length} findings ` +
      `(${dir}, ready in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
  const hasRg = spawnSync('rg', ['--version']).status === 0;
  const rg = (threads: string[]) => () => spawnSync('rg', ['-uuu', ...threads, '-c', '--no-messages', PATTERN, dir], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const contenders: [string, () => unknown][] = [
    ['bare Node read floor', floorRun],
    ...(hasRg
      ? ([
          ['rg -j1', rg(['-j1'])],
          ['rg (default threads)', rg([])],
        ] as [string, () => unknown][])
      : []),
    ['aisa-guard scan (2 threads)', ours('2')],
    ['aisa-guard scan', ours()],
  ];
  // Warm the page cache once with each, then ROUNDS rounds, interleaved so all see the same load.
  for (const [, fn] of contenders) fn();
  const times = new Map<string, number[]>(contenders.map(([name]) => [name, []]));
  for (let i = 0; i < ROUNDS; i++) for (const [name, fn] of contenders) times.get(name)!.push(timeSync(fn));
  const median = (name: string) => {
    const sorted = [...times.get(name)!].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
  };
  const rate = (ms: number) => `${(mb / (ms / 1000)).toFixed(0).padStart(5)} MB/s`;
  for (const [name] of contenders) console.log(`  ${name.padEnd(28)} ${median(name).toFixed(0).padStart(6)} ms  ${rate(median(name))}  (median of ${ROUNDS})`);
  const ourMs = median('aisa-guard scan');
  const floorRatio = ourMs / median('bare Node read floor');
  const mid = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
  console.log(`  CPU time (user+sys): aisa-guard ${mid(cpu.ours).toFixed(0)} ms / read floor ${mid(cpu.floor).toFixed(0)} ms = ${(mid(cpu.ours) / mid(cpu.floor)).toFixed(2)}x`);
  console.log(`  worker on / off = ${(median('aisa-guard scan (2 threads)') / ourMs).toFixed(2)}x (AISA_GUARD_THREADS=2 against the default; < 1: the second core wins)`);
  console.log(`  aisa-guard / read floor = ${floorRatio.toFixed(2)}x ${floorRatio <= FLOOR_GOAL ? 'ok' : 'OVER GOAL'} (goal <= ${FLOOR_GOAL}x, start-up included)`);
  if (hasRg) {
    const j1 = ourMs / median('rg -j1');
    const all = ourMs / median('rg (default threads)');
    console.log(`  aisa-guard / rg -j1 = ${j1.toFixed(2)}x`);
    console.log(`  aisa-guard / rg default = ${all.toFixed(2)}x ${all <= RG_GOAL ? 'ok' : 'OVER GOAL'} (goal <= ${RG_GOAL}x)`);
  } else {
    console.log('  rg not installed: ratios to ripgrep not measured');
  }
}

function pathologicalBench(scale: number): void {
  const bytes = Math.round(50 * MB * scale);
  const inputs: [string, string | undefined][] = [
    ['ordinary source text', undefined],
    ['sk-aisa- repeated', 'sk-aisa-'],
    ['one line of A', 'A'],
    // Beyond the two: the other needles, repeated.
    ['sk-aisa-x separated', 'sk-aisa-x '],
    ['base64 prefix repeated', 'c2stYWlzYS1'],
    ['%2Daisa repeated', 'sk%2Daisa%2D'],
  ];
  const perMb: number[] = [];
  for (const [name, unit] of inputs) {
    const dir = cachedFile(name.replace(/[^A-Za-z0-9]+/g, '-'), bytes, unit);
    const file = path.join(dir, 'input.txt');
    const scan = () => {
      const result = spawnSync(process.execPath, [CLI, 'scan', '--format', 'json', file], { encoding: 'utf8', maxBuffer: 1 << 26 });
      if (result.status !== 0) throw new Error(`${name}: scan exited ${result.status}: ${result.stderr.trim()}`);
    };
    scan();
    let best = Infinity;
    for (let i = 0; i < ROUNDS; i++) best = Math.min(best, timeSync(scan));
    const msPerMb = best / (bytes / MB);
    perMb.push(msPerMb);
    const ratio = msPerMb / perMb[0];
    const verdict = perMb.length === 1 ? '(reference)' : `${ratio.toFixed(2)}x ordinary ${ratio <= 2 ? 'ok' : 'OVER GOAL (<= 2x)'}`;
    console.log(`  ${name.padEnd(24)} ${(bytes / MB).toFixed(1)} MB  ${best.toFixed(0).padStart(6)} ms  ${msPerMb.toFixed(2).padStart(6)} ms/MB  ${verdict}`);
  }
}

function timeSync(fn: () => unknown): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}
