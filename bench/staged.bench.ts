// The pre-commit hot path: `aisa-guard staged` over a 20-file commit, as a ratio to `node -e 0` measured
// in the same run (the floor any Node CLI pays), medians of ROUNDS interleaved runs. Goal: at most 2x.
// Then (not with AISA_BENCH_QUICK=1) a staged text file larger than 600 MB with a key at its end:
// streamed through the chunk scanner, found, peak RSS under 300 MB.
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/cli.js');
const GOAL = 2;
const BIG_BYTES = 640 * 1024 * 1024;
const RSS_GOAL_MB = 300;
const REPORT_RSS = `data:text/javascript,process.on('exit',()=>process.stderr.write('\\n'+process.resourceUsage().maxRSS+'\\n'))`;
const ROUNDS = 5;

export interface StagedBenchResult {
  name: string;
  ratio: number;
  goal: number;
  stagedMs: number;
  nodeMs: number;
  text: string;
}

export async function run(): Promise<StagedBenchResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aisa-guard-bench-staged-'));
  try {
    buildRepo(dir);
    const staged = () => time(process.execPath, [CLI, 'staged', '--quiet'], dir);
    const floor = () => time(process.execPath, ['-e', '0'], dir);
    staged();
    floor();
    // Interleaved so both see the same machine load; medians, so one slow run moves nothing.
    const runs = { staged: [] as number[], node: [] as number[] };
    for (let i = 0; i < ROUNDS; i++) {
      runs.staged.push(staged());
      runs.node.push(floor());
    }
    const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)];
    const stagedMs = median(runs.staged);
    const nodeMs = median(runs.node);
    const ratio = stagedMs / nodeMs;
    const text =
      `staged (20-file commit): ${stagedMs.toFixed(1)} ms vs node -e 0 ${nodeMs.toFixed(1)} ms = ` +
      `${ratio.toFixed(2)}x (goal <= ${GOAL}x) ${ratio <= GOAL ? 'ok' : 'OVER GOAL'}`;
    console.log(text);
    if (process.env.AISA_BENCH_QUICK !== '1') bigFile();
    return { name: 'staged', ratio, goal: GOAL, stagedMs, nodeMs, text };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A > 600 MB text file staged with a key in its last line: found, with memory bounded by one chunk. */
function bigFile(): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'aisa-guard-bench-staged-big-'));
  try {
    const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env, stdio: 'ignore' });
    git('init', '-q', '-b', 'main');
    git('-c', 'user.name=Bench', '-c', 'user.email=bench@example.com', 'commit', '-q', '--allow-empty', '-m', 'base');
    const line = 'export const filler = "lorem ipsum dolor sit amet, consectetur adipiscing elit";\n';
    const block = line.repeat(Math.ceil((1 << 20) / line.length));
    const fd = openSync(path.join(dir, 'huge.ts'), 'w');
    for (let written = 0; written < BIG_BYTES; written += block.length) writeSync(fd, block);
    writeSync(fd, `const key = "sk-aisa-${createHash('sha256').update('aisa-guard-bench:staged-big').digest('base64url')}";\n`);
    closeSync(fd);
    git('add', 'huge.ts');
    const started = performance.now();
    const result = spawnSync(process.execPath, ['--import', REPORT_RSS, CLI, 'staged', '--format', 'json'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 24 });
    const ms = performance.now() - started;
    const rssMb = Number(result.stderr.trim().split('\n').pop()) / 1024;
    const found = result.status === 1 ? (JSON.parse(result.stdout) as { findings: unknown[] }).findings.length : 0;
    const ok = found === 1 && rssMb < RSS_GOAL_MB;
    console.log(
      `staged (one ${(BIG_BYTES / 2 ** 20).toFixed(0)} MB text file): exit ${result.status}, ${found} finding(s), ${(ms / 1000).toFixed(1)} s, ` +
        `peak RSS ${rssMb.toFixed(0)} MB (goal < ${RSS_GOAL_MB} MB) ${ok ? 'ok' : 'FAILED'}`,
    );
    if (!ok) throw new Error(`staged big file: ${result.stderr.trim().split('\n')[0] || 'goal missed'}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A repository with 20 source files committed, then all 20 changed (12 edited, 8 added) and staged. */
function buildRepo(dir: string): void {
  const env = { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: '/dev/null' };
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env, stdio: 'ignore' });
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Bench');
  git('config', 'user.email', 'bench@example.com');
  const source = (n: number, version: number) =>
    Array.from({ length: 120 }, (_, line) => `export const value${n}_${line} = ${line * version}; // line ${line} of module ${n}`).join('\n') + '\n';
  mkdirSync(path.join(dir, 'src'));
  for (let n = 0; n < 20; n++) writeFileSync(path.join(dir, 'src', `module${n}.ts`), source(n, 1));
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  for (let n = 0; n < 12; n++) writeFileSync(path.join(dir, 'src', `module${n}.ts`), source(n, 2));
  for (let n = 20; n < 28; n++) writeFileSync(path.join(dir, 'src', `module${n}.ts`), source(n, 1));
  git('add', '-A');
}

function time(command: string, args: string[], cwd: string): number {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd, stdio: 'ignore' });
  const ms = performance.now() - started;
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${result.status}`);
  return ms;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) void run();
