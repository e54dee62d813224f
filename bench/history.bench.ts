// `aisa-guard history` end to end over a generated repository (≥ 20,000 commits, merges, renames, keys
// planted deep), as a ratio to the floor measured in the same run: `git cat-file --batch-all-objects
// --batch` into /dev/null (just reading every object, which a full scan also does, in one pass). Goal: at
// most 1.05x, medians of 5 interleaved runs. AISA_BENCH_SCALE=0.1 runs a tenth of the size;
// AISA_BENCH_BIG=1 adds a repository of ≥ 1 GB of unique blobs and checks peak RSS stays under 300 MB;
// AISA_BENCH_HISTORY_REPO=DIR measures an existing repository too (a `git clone --mirror` of
// eslint/eslint is the issue's). Generated repositories are cached in os.tmpdir().
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, openSync, closeSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { commitWriter, data, fastImport, sourceFile } from './lib/fast-import.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/cli.js');
const GOAL = 1.05;
const RSS_GOAL_MB = 300;
const ROUNDS = 5;
const REPORT_RSS = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\n'+process.resourceUsage().maxRSS+'\\n'))`;

export interface HistoryBenchResult {
  name: string;
  ratio: number;
  goal: number;
  historyMs: number;
  floorMs: number;
  peakRssMb: number;
  findings: number;
  text: string;
}

export async function run(): Promise<HistoryBenchResult[]> {
  const scale = Number(process.env.AISA_BENCH_SCALE ?? 1) || 1;
  const commits = Math.max(200, Math.round(20_000 * scale));
  const results = [await measure('history', await cachedRepo(`history-${commits}`, (dir) => generateHistory(dir, commits)))];
  if (process.env.AISA_BENCH_BIG === '1') {
    const blobs = Math.max(16, Math.round(1100 * scale));
    results.push(await measure('history (1 GB of blobs)', await cachedRepo(`big-${blobs}`, (dir) => generateBig(dir, blobs))));
  }
  const existing = process.env.AISA_BENCH_HISTORY_REPO;
  if (existing) results.push(await measure(`history (${path.basename(existing)})`, path.resolve(existing)));
  return results;
}

async function measure(name: string, repo: string): Promise<HistoryBenchResult> {
  const floor = () => timed('git', ['cat-file', '--batch-all-objects', '--batch'], repo);
  // Peak RSS of our node process alone (git's own pack mmaps are git's, and the floor pays them too).
  const history = () => timed(process.execPath, ['--import', REPORT_RSS, CLI, 'history', '--repo', repo, '--format', 'json', '--output', '/dev/null'], repo);
  // Warm the page cache, then interleave so both see the same machine load; the medians of N.
  floor();
  const floors: number[] = [];
  const ours: number[] = [];
  let peakKb = 0;
  let findings = 0;
  for (let i = 0; i < ROUNDS; i++) {
    floors.push(floor().ms);
    const run = history();
    ours.push(run.ms);
    peakKb = Math.max(peakKb, Number(run.stderr.trim().split('\n').pop()));
  }
  const floorMs = median(floors);
  const historyMs = median(ours);
  const json = spawnSync(process.execPath, [CLI, 'history', '--repo', repo, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 26 });
  findings = (JSON.parse(json.stdout) as { findings: unknown[] }).findings.length;
  const ratio = historyMs / floorMs;
  const peakRssMb = peakKb / 1024;
  const text =
    `${name}: ${(historyMs / 1000).toFixed(2)} s vs cat-file floor ${(floorMs / 1000).toFixed(2)} s = ${ratio.toFixed(2)}x ` +
    `(goal <= ${GOAL}x) ${ratio <= GOAL ? 'ok' : 'OVER GOAL'}; peak RSS ${peakRssMb.toFixed(0)} MB ` +
    `(goal < ${RSS_GOAL_MB} MB) ${peakRssMb < RSS_GOAL_MB ? 'ok' : 'OVER GOAL'}; ${findings} findings`;
  console.log(text);
  return { name, ratio, goal: GOAL, historyMs, floorMs, peakRssMb, findings, text };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function timed(command: string, args: string[], cwd: string): { ms: number; code: number | null; stderr: string } {
  const sink = openSync('/dev/null', 'w');
  try {
    const started = performance.now();
    const result = spawnSync(command, args, { cwd, stdio: ['ignore', sink, 'pipe'], encoding: 'utf8', env: { ...process.env, CI: '1' } });
    return { ms: performance.now() - started, code: result.status, stderr: result.stderr };
  } finally {
    closeSync(sink);
  }
}

async function cachedRepo(name: string, generate: (dir: string) => Promise<void>): Promise<string> {
  const dir = path.join(os.tmpdir(), `aisa-guard-bench-${name}`);
  if (existsSync(path.join(dir, '.ready'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  spawnSync('git', ['init', '-q', '-b', 'main', dir]);
  await generate(dir);
  closeSync(openSync(path.join(dir, '.ready'), 'w'));
  return dir;
}

/** A key made at run time, never written in this file. */
function benchKey(seed: string): string {
  return 'sk-aisa-' + createHash('sha256').update(`aisa-guard-bench:${seed}`).digest('base64url');
}

/**
 * `commits` commits on main over 2,000 files in 40 folders; every 100th commit is a merge of a side
 * branch, every 250th renames a file, and keys are planted at 5 %, 50 % and 90 % of the way, each
 * removed 10 commits later (so only history holds them).
 */
async function generateHistory(dir: string, commits: number): Promise<void> {
  const files = Array.from({ length: 2000 }, (_, i) => `pkg${i % 40}/module${i}.ts`);
  const planted = new Map([0.05, 0.5, 0.9].map((at, i) => [Math.floor(commits * at), i]));
  const removals = new Map([...planted].map(([at, i]) => [at + 10, i]));
  await fastImport(dir, async (write) => {
    let mainTip = 0;
    const { commit, modify } = commitWriter(write);
    for (let n = 0; n < commits; n++) {
      let changes = '';
      if (n === 0) for (const [i, file] of files.entries()) changes += modify(file, sourceFile(i, 40));
      else {
        const file = files[(n * 7919) % files.length];
        let content = sourceFile(n, 30 + (n % 50));
        const key = planted.get(n);
        if (key !== undefined) content += `export const AISA_KEY = '${benchKey(`planted-${key}`)}';\n`;
        changes += modify(file, content);
        const removed = removals.get(n);
        if (removed !== undefined) changes += modify(files[(Math.floor(commits * [0.05, 0.5, 0.9][removed]) * 7919) % files.length], sourceFile(n + 1, 20));
      }
      if (n > 0 && n % 250 === 0) {
        const from = files[n % files.length];
        const to = from.replace('.ts', `-v${n}.ts`);
        changes += `R ${from} ${to}\n`;
        files[n % files.length] = to;
      }
      if (n > 0 && n % 100 === 0) {
        const side = await commit('refs/heads/side', `side work ${n}`, mainTip, 0, modify(`side/feature${n}.ts`, sourceFile(n + 7, 25)));
        mainTip = await commit('refs/heads/main', `merge side ${n}`, mainTip, side, changes + modify(`side/feature${n}.ts`, sourceFile(n + 7, 25)));
      } else {
        mainTip = await commit('refs/heads/main', `change ${n}`, mainTip, 0, changes);
      }
    }
  });
}

/** `count` commits each adding a ~1 MB unique text blob: ≥ 1 GB of blob data for the RSS check. */
async function generateBig(dir: string, count: number): Promise<void> {
  await fastImport(dir, async (write) => {
    let tip = 0;
    for (let n = 0; n < count; n++) {
      const hash = createHash('sha512');
      let content = '';
      while (content.length < 1024 * 1024) content += hash.update(`${n}:${content.length}`).copy().digest('hex') + '\n';
      if (n === count - 3) content += `key = "${benchKey('big')}"\n`;
      const who = `Bench Dev <dev@example.com> ${1_600_000_000 + n * 60} +0000`;
      await write(`commit refs/heads/main\nmark :${n + 1}\nauthor ${who}\ncommitter ${who}\n${data('blob')}blob\n`);
      if (tip) await write(`from :${tip}\n`);
      await write(`M 100644 inline big/file${n}.txt\n${data(content)}${content}\n\n`);
      tip = n + 1;
    }
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await run();
}
