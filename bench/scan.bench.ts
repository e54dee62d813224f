// `aisa-guard scan` end to end over a generated source tree (≥ 300 MB, ≥ 20,000 files), against what
// the same run measures for a plain read of every file (Node) and for ripgrep with the same pattern
// (when installed). Warm cache, best of 3. Goal: ≤ 2× rg, never > 3×.
// Then the pathological inputs (50 MB of `sk-aisa-` repeated, 50 MB of one line of `A`, and other
// hostile runs) against 50 MB of ordinary text: time per MB, goal ≤ 2× ordinary.
// AISA_BENCH_SCALE=0.05 runs everything at 5% of the size.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cachedCorpus, cachedFile } from './lib/corpus.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/cli.js');
const PATTERN = 'sk-aisa-[A-Za-z0-9_-]{32,128}';
const ROUNDS = 3;
const MB = 1024 * 1024;

export async function run(): Promise<void> {
  const scale = Number(process.env.AISA_BENCH_SCALE ?? 1) || 1;
  await corpusBench(scale);
  pathologicalBench(scale);
}

async function corpusBench(scale: number): Promise<void> {
  const files = Math.max(100, Math.round(20_000 * scale));
  const started = performance.now();
  const corpus = cachedCorpus(`corpus-${files}`, files, 320 * MB * scale, 7);
  const mb = corpus.bytes / MB;
  console.log(
    `corpus: ${corpus.files} files, ${mb.toFixed(1)} MB, ${corpus.planted} keys planted ` +
      `(${corpus.dir}, ready in ${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
  const hasRg = spawnSync('rg', ['--version']).status === 0;
  const ours = () => {
    const result = spawnSync(process.execPath, [CLI, 'scan', '--format', 'json', corpus.dir], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    if (result.status !== 1) throw new Error(`scan exited ${result.status}: ${result.stderr.trim()}`);
    return (JSON.parse(result.stdout) as { findings: unknown[] }).findings.length;
  };
  const rg = () => spawnSync('rg', ['--hidden', '-c', '--no-messages', PATTERN, corpus.dir], { encoding: 'utf8' });
  // The floor: list the tree with one readdir per folder and read every file, nothing else.
  const plainRead = async () => {
    let bytes = 0;
    for (const file of listTree(corpus.dir)) bytes += readFileSync(file).length;
    return bytes;
  };

  // Warm the page cache once with each, then keep the best of ROUNDS, interleaved.
  const found = ours();
  if (found !== corpus.planted) throw new Error(`expected ${corpus.planted} findings, got ${found}`);
  await plainRead();
  if (hasRg) rg();
  const best = { ours: Infinity, read: Infinity, rg: Infinity };
  for (let i = 0; i < ROUNDS; i++) {
    best.read = Math.min(best.read, await timeAsync(plainRead));
    if (hasRg) best.rg = Math.min(best.rg, timeSync(rg));
    best.ours = Math.min(best.ours, timeSync(ours));
  }
  const rate = (ms: number) => `${(mb / (ms / 1000)).toFixed(0).padStart(5)} MB/s`;
  const row = (name: string, ms: number) => console.log(`  ${name.padEnd(22)} ${ms.toFixed(0).padStart(6)} ms  ${rate(ms)}`);
  row('plain read (node)', best.read);
  if (hasRg) row(`rg -c '${PATTERN.slice(0, 8)}…'`, best.rg);
  row('aisa-guard scan', best.ours);
  console.log(`  aisa-guard / plain read = ${(best.ours / best.read).toFixed(2)}x`);
  if (hasRg) {
    const ratio = best.ours / best.rg;
    const verdict = ratio <= 2 ? 'ok (goal <= 2x)' : ratio <= 3 ? 'OVER GOAL (<= 3x limit holds)' : 'OVER LIMIT (> 3x)';
    console.log(`  aisa-guard / rg = ${ratio.toFixed(2)}x ${verdict}`);
  } else {
    console.log('  rg not installed: ratio to ripgrep not measured');
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

function listTree(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) listTree(full, out);
    else out.push(full);
  }
  return out;
}

function timeSync(fn: () => unknown): number {
  const started = performance.now();
  fn();
  return performance.now() - started;
}

async function timeAsync(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}
