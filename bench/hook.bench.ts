// Felt hook latency: `git commit` with the hook `aisa-guard init` writes, minus the same commit without
// any hook, as a ratio to `node -e 0` measured in the same run. The hook calls the project's installed
// CLI directly (no npx). Goal: at most 2x.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(ROOT, 'dist/src/cli.js');
const GOAL = 2;
const ROUNDS = 7;

const env = {
  ...process.env,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  GIT_AUTHOR_NAME: 'Bench',
  GIT_AUTHOR_EMAIL: 'bench@example.com',
  GIT_COMMITTER_NAME: 'Bench',
  GIT_COMMITTER_EMAIL: 'bench@example.com',
  AISA_GUARD_BIN: '',
};

export async function run(): Promise<{ ratio: number; goal: number; text: string }> {
  const hooked = repo('hooked');
  const plain = repo('plain');
  try {
    execFileSync(process.execPath, [CLI, 'init'], { cwd: hooked, env, stdio: 'ignore' });
    let n = 0;
    const commit = (dir: string) => {
      writeFileSync(path.join(dir, 'src', 'edit.ts'), `export const n = ${n++};\n`);
      execFileSync('git', ['add', '-A'], { cwd: dir, env });
      return time('git', ['commit', '-q', '-m', `c${n}`], dir);
    };
    const floor = () => time(process.execPath, ['-e', '0'], plain);
    commit(hooked);
    commit(plain);
    floor();
    let withHook = Infinity;
    let without = Infinity;
    let nodeMs = Infinity;
    for (let i = 0; i < ROUNDS; i++) {
      withHook = Math.min(withHook, commit(hooked));
      without = Math.min(without, commit(plain));
      nodeMs = Math.min(nodeMs, floor());
    }
    const felt = withHook - without;
    const ratio = felt / nodeMs;
    const text =
      `hook latency: git commit ${withHook.toFixed(1)} ms with the hook, ${without.toFixed(1)} ms without: ` +
      `${felt.toFixed(1)} ms felt vs node -e 0 ${nodeMs.toFixed(1)} ms = ${ratio.toFixed(2)}x (goal <= ${GOAL}x) ${ratio <= GOAL ? 'ok' : 'OVER GOAL'}`;
    console.log(text);
    return { ratio, goal: GOAL, text };
  } finally {
    rmSync(path.dirname(hooked), { recursive: true, force: true });
  }
}

/** A small project with aisa-guard installed as a dependency would be (node_modules/.bin). */
let base: string | undefined;
function repo(name: string): string {
  base ??= mkdtempSync(path.join(os.tmpdir(), 'aisa-guard-bench-hook-'));
  const dir = path.join(base, name);
  mkdirSync(path.join(dir, 'src'), { recursive: true });
  mkdirSync(path.join(dir, 'node_modules', '.bin'), { recursive: true });
  symlinkSync(CLI, path.join(dir, 'node_modules', '.bin', 'aisa-guard'));
  writeFileSync(path.join(dir, '.gitignore'), 'node_modules\n');
  for (let i = 0; i < 20; i++) writeFileSync(path.join(dir, 'src', `f${i}.ts`), `export const v${i} = ${i};\n`);
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir, env });
  execFileSync('git', ['add', '-A'], { cwd: dir, env });
  execFileSync('git', ['commit', '-q', '--no-verify', '-m', 'init'], { cwd: dir, env });
  return dir;
}

function time(command: string, args: string[], cwd: string): number {
  const started = performance.now();
  const result = spawnSync(command, args, { cwd, env, stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status})`);
  return performance.now() - started;
}
