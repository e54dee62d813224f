// The pre-commit hot path: `aisa-guard staged` over a 20-file commit, as a ratio to `node -e 0` measured
// in the same run (the floor any Node CLI pays). Goal: at most 2.5x.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/cli.js');
const GOAL = 2.5;
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
    // Interleaved so both see the same machine load; best of N drops scheduler noise.
    let stagedMs = Infinity;
    let nodeMs = Infinity;
    for (let i = 0; i < ROUNDS; i++) {
      stagedMs = Math.min(stagedMs, staged());
      nodeMs = Math.min(nodeMs, floor());
    }
    const ratio = stagedMs / nodeMs;
    const text =
      `staged (20-file commit): ${stagedMs.toFixed(1)} ms vs node -e 0 ${nodeMs.toFixed(1)} ms = ` +
      `${ratio.toFixed(2)}x (goal <= ${GOAL}x) ${ratio <= GOAL ? 'ok' : 'OVER GOAL'}`;
    console.log(text);
    return { name: 'staged', ratio, goal: GOAL, stagedMs, nodeMs, text };
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
