// `npm run bench -- fuzz`: the coverage-guided fuzz run over every container and decoder (fuzz-lib.ts).
// FUZZ_SECONDS sets the budget (default 60), FUZZ_SEED the seed, FUZZ_ONLY a comma list of targets.
// Crashing inputs are written to fuzz/crashes/ to become regression tests.
import { mkdirSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fuzz } from './fuzz-lib.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function run(): Promise<void> {
  const seconds = Number(process.env.FUZZ_SECONDS ?? 60);
  const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
  const only = process.env.FUZZ_ONLY?.split(',').filter(Boolean);
  const report = await fuzz({ seconds, seed, corpusDir: path.join(root, 'fuzz/corpus'), only });
  let execs = 0;
  for (const t of report.targets) {
    execs += t.execs;
    console.log(`${t.target.padEnd(26)} execs ${String(t.execs).padStart(7)}  corpus ${String(t.corpus).padStart(4)}  new blocks ${t.newCoverage}`);
  }
  console.log(`fuzz: seed ${seed}, ${seconds} s, ${execs} execs, ${report.crashes.length} crashes`);
  for (const crash of report.crashes) {
    const dir = path.join(root, 'fuzz/crashes', crash.target.replace(':', '-'));
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, createHash('sha256').update(crash.input).digest('hex').slice(0, 16));
    writeFileSync(file, crash.input);
    console.log(`CRASH ${crash.target}: ${crash.reason} -> ${path.relative(root, file)}`);
  }
  if (report.crashes.length) process.exitCode = 1;
}
