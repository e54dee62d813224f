// Archive throughput: `aisa-guard scan` of a zip, a tgz, a tar.xz, a tar.zst and a tar.bz2 of the generated
// source tree, in MB/s of inflated bytes, next to the tools that only inflate (`unzip -p x.zip | wc -c`,
// `tar -xOzf x.tgz | wc -c`, …) in the same run. Then the same tree unpacked, with archive detection on and off (`--no-archives`): the
// magic-number check on every file must be nearly free. Medians of ROUNDS interleaved runs after one
// warm-up each. AISA_BENCH_SCALE as in scan.bench.ts.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cachedCorpus } from './lib/corpus.js';
import { benchScale } from './scan.bench.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/cli.js');
const ROUNDS = 5;
const MB = 1024 * 1024;

export async function run(): Promise<void> {
  const scale = benchScale();
  const files = Math.max(100, Math.round(4000 * scale));
  const corpus = cachedCorpus(`archive-corpus-${files}`, files, 64 * MB * scale, 5);
  const parent = path.dirname(corpus.dir);
  const name = path.basename(corpus.dir);
  // Each format: how it is made from the tree, and the tool that only inflates it (the floor).
  const formats: { ext: string; make: string[]; floor: string }[] = [
    { ext: 'zip', make: ['zip', '-qr', '@', name], floor: "unzip -p '@' | wc -c" },
    { ext: 'tgz', make: ['tar', '-czf', '@', name], floor: "tar -xOzf '@' | wc -c" },
    { ext: 'txz', make: ['tar', '-cJf', '@', name], floor: "tar -xOJf '@' | wc -c" },
    { ext: 'tzst', make: ['tar', '--zstd', '-cf', '@', name], floor: "tar --zstd -xOf '@' | wc -c" },
    { ext: 'tbz2', make: ['tar', '-cjf', '@', name], floor: "tar -xOjf '@' | wc -c" },
  ];
  for (const { ext, make } of formats) {
    const file = `${corpus.dir}.${ext}`;
    if (!existsSync(file)) must(spawnSync(make[0], make.slice(1).map((a) => (a === '@' ? file : a)), { cwd: parent }), make.join(' '));
  }
  const inflated = corpus.bytes / MB;
  console.log(`archives of ${corpus.files} files, ${inflated.toFixed(1)} MB inflated (${corpus.planted} keys planted)`);

  const scan = (args: string[]) => () => {
    const result = spawnSync(process.execPath, [CLI, 'scan', '--no-ignore', '-f', 'json', ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
    if (result.status !== 1) throw new Error(`scan ${args.join(' ')} exited ${result.status}: ${result.stderr.trim()}`);
    const found = (JSON.parse(result.stdout) as { findings: unknown[] }).findings.length;
    if (found !== corpus.planted) throw new Error(`scan ${args.join(' ')}: ${found} findings, expected ${corpus.planted}`);
  };
  const shell = (command: string) => () => must(spawnSync('sh', ['-c', command], { encoding: 'utf8', maxBuffer: 1 << 20 }), command);
  const ours = (ext: string) => `aisa-guard scan x.${ext}`;
  const floor = (ext: string) => formats.find((f) => f.ext === ext)!.floor.replace("'@'", `x.${ext}`);
  const contenders: [string, () => void][] = [
    ...formats.flatMap(({ ext, floor: command }): [string, () => void][] => [
      [ours(ext), scan([`${corpus.dir}.${ext}`])],
      [floor(ext), shell(command.replace('@', `${corpus.dir}.${ext}`))],
    ]),
    ['aisa-guard scan dir', scan([corpus.dir])],
    ['aisa-guard scan dir --no-archives', scan(['--no-archives', corpus.dir])],
  ];
  const times = new Map<string, number[]>(contenders.map(([label]) => [label, []]));
  for (const [, once] of contenders) once(); // warm-up: page cache, and the first-run errors
  for (let round = 0; round < ROUNDS; round++) {
    for (const [label, once] of contenders) {
      const started = performance.now();
      once();
      times.get(label)!.push(performance.now() - started);
    }
  }
  const median = (label: string) => [...times.get(label)!].sort((a, b) => a - b)[Math.floor(ROUNDS / 2)];
  for (const [label] of contenders) {
    const ms = median(label);
    console.log(`  ${label.padEnd(36)} ${ms.toFixed(0).padStart(6)} ms  ${((inflated / ms) * 1000).toFixed(0).padStart(5)} MB/s inflated  (median of ${ROUNDS})`);
  }
  for (const { ext } of formats) console.log(`  ${ext}: ours / ${floor(ext).split(' ')[0]} = ${(median(ours(ext)) / median(floor(ext))).toFixed(2)}x`);
  console.log(`  tree without archives: detection on / off = ${(median('aisa-guard scan dir') / median('aisa-guard scan dir --no-archives')).toFixed(2)}x (goal ≤ 1.05)`);
}

function must(result: ReturnType<typeof spawnSync>, what: string): void {
  if (result.status !== 0) throw new Error(`${what} exited ${result.status}: ${String(result.stderr).trim()}`);
}
