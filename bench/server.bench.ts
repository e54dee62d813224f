// The server side (issue 24), as ratios to floors measured in the same run, interleaved, medians:
//  - `aisa-guard pre-receive` deciding a push of 1,000 new commits (the objects sit in a quarantine
//    directory, as git's receive-pack leaves them for the hook) against `git rev-list --objects` of
//    that range piped into `git cat-file --batch` of its new blobs. Goal: at most 1.5x.
//  - `aisa-guard purge` of a generated 20,000-commit repository against git-filter-repo alone doing
//    the same replacement (a --replace-text run). Reported, no goal. AISA_BENCH_PURGE=0 skips it;
//    AISA_BENCH_PURGE_40K=1 adds a 40,000-commit repository (slow: minutes).
// AISA_BENCH_SCALE scales the repositories (0.1: a tenth). Repositories are cached in os.tmpdir().
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, openSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { commitWriter, data, fastImport, sourceFile } from './lib/fast-import.js';
import { benchKey } from './lib/corpus.js';

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../src/cli.js');
const GOAL = 1.5;
const ROUNDS = 7;
const PURGE_ROUNDS = 1;

export interface ServerBenchResult {
  name: string;
  ratio: number;
  goal?: number;
  ms: number;
  floorMs: number;
  text: string;
}

export async function run(): Promise<ServerBenchResult[]> {
  const scale = Number(process.env.AISA_BENCH_SCALE ?? 1) || 1;
  const results = [await measureReceive(await receiveSetup(Math.max(50, Math.round(1000 * scale))))];
  if (process.env.AISA_BENCH_PURGE !== '0') {
    results.push(await measurePurge(Math.max(200, Math.round(20_000 * scale))));
    if (process.env.AISA_BENCH_PURGE_40K === '1') results.push(await measurePurge(Math.max(400, Math.round(40_000 * scale))));
  }
  return results;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// ---- pre-receive ----

interface ReceiveSetup {
  commits: number;
  server: string;
  env: NodeJS.ProcessEnv;
  input: string;
  tip: string;
}

/**
 * A bare server holding 2,000 commits of history, and a push of `commits` more (every 100th a merge,
 * no key) whose pack sits in a quarantine directory with the environment receive-pack gives its hook.
 */
async function receiveSetup(commits: number): Promise<ReceiveSetup> {
  const dir = await cachedDir(`receive-${commits}`, async (dir) => {
    const source = path.join(dir, 'source');
    gitOk(dir, ['init', '-q', '-b', 'main', source]);
    await generate(source, 2000 + commits, { baseRef: { at: 2000, ref: 'refs/heads/base' }, files: 1000, filesPerCommit: 3 });
    const server = path.join(dir, 'server.git');
    gitOk(dir, ['init', '-q', '--bare', '-b', 'main', server]);
    gitOk(server, ['fetch', '-q', source, 'refs/heads/base:refs/heads/main']);
    const quarantine = path.join(server, 'objects', 'incoming-bench');
    mkdirSync(path.join(quarantine, 'pack'), { recursive: true });
    const pack = spawnSync('git', ['pack-objects', '--revs', '--stdout'], { cwd: source, input: 'refs/heads/main\n^refs/heads/base\n', maxBuffer: 1 << 30 });
    if (pack.status !== 0) throw new Error(`git pack-objects failed: ${pack.stderr.toString()}`);
    const packFile = path.join(quarantine, 'pack', 'pack-bench.pack');
    writeFileSync(packFile, pack.stdout);
    gitOk(server, ['index-pack', packFile]);
    writeFileSync(path.join(dir, 'push'), `${gitOk(source, ['rev-parse', 'refs/heads/base'])} ${gitOk(source, ['rev-parse', 'refs/heads/main'])} refs/heads/main\n`);
  });
  const server = path.join(dir, 'server.git');
  const quarantine = path.join(server, 'objects', 'incoming-bench');
  const input = spawnSync('cat', [path.join(dir, 'push')], { encoding: 'utf8' }).stdout;
  const env = {
    ...process.env,
    CI: '1',
    GIT_DIR: '.',
    GIT_QUARANTINE_PATH: quarantine,
    GIT_OBJECT_DIRECTORY: quarantine,
    GIT_ALTERNATE_OBJECT_DIRECTORIES: path.join(server, 'objects'),
  };
  // Decisions are logged; the bench's log goes to a scratch file.
  gitOk(server, ['config', 'aisa-guard.log', path.join(dir, 'decisions.jsonl')]);
  return { commits, server, env, input, tip: input.split(' ')[1] };
}

async function measureReceive(setup: ReceiveSetup): Promise<ServerBenchResult> {
  const { server, env, input, tip } = setup;
  const floorScript = `git rev-list --objects --no-object-names --filter=object:type=blob ${tip} --not --all | git cat-file --batch >/dev/null`;
  const floor = () => timed('sh', ['-c', floorScript], server, env, '');
  const hook = () => {
    const result = timed(process.execPath, [CLI, 'pre-receive'], server, env, input);
    if (result.code !== 0) throw new Error(`pre-receive exited ${result.code}: ${result.stderr.trim()}`);
    return result;
  };
  const version = () => timed(process.execPath, [CLI, '--version'], server, env, '');
  const nodeOnly = () => timed(process.execPath, ['-e', '0'], server, env, '');
  floor();
  hook();
  const floors: number[] = [];
  const hooks: number[] = [];
  const versions: number[] = [];
  const nodes: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    floors.push(floor().ms);
    hooks.push(hook().ms);
    versions.push(version().ms);
    nodes.push(nodeOnly().ms);
  }
  const ms = median(hooks);
  const floorMs = median(floors);
  const ratio = ms / floorMs;
  const text =
    `pre-receive (${setup.commits} new commits): ${ms.toFixed(0)} ms vs floor (rev-list --objects + cat-file of its blobs) ` +
    `${floorMs.toFixed(0)} ms = ${ratio.toFixed(2)}x (goal <= ${GOAL}x) ${ratio <= GOAL ? 'ok' : 'OVER GOAL'}; ` +
    `medians of ${ROUNDS}; CLI --version ${median(versions).toFixed(0)} ms, node -e 0 ${median(nodes).toFixed(0)} ms`;
  console.log(text);
  return { name: 'pre-receive', ratio, goal: GOAL, ms, floorMs, text };
}

// ---- purge ----

/**
 * `aisa-guard purge` (scan, plan, mirror clone, rewrite, proof scan) against git-filter-repo alone
 * replacing the same keys on a mirror clone (`--replace-text`): what the rewrite itself costs.
 */
export async function measurePurge(commits: number): Promise<ServerBenchResult> {
  const source = await cachedDir(`purge-${commits}`, async (dir) => {
    gitOk(dir, ['init', '-q', '-b', 'main', path.join(dir, 'repo')]);
    await generate(path.join(dir, 'repo'), commits, { files: 2000, filesPerCommit: 1, keys: true });
  });
  const repo = path.join(source, 'repo');
  const work = path.join(os.tmpdir(), `aisa-guard-bench-purge-work-${process.pid}`);
  const keys = KEY_PLACES.map((_, i) => benchKey(`purge-${i}`));
  const replacements = path.join(source, 'replacements.txt');
  writeFileSync(replacements, keys.map((key) => `${key}==>AISA_API_KEY_REMOVED\n`).join(''));
  const filterRepo = () => {
    rmSync(work, { recursive: true, force: true });
    const started = performance.now();
    gitOk(os.tmpdir(), ['clone', '-q', '--mirror', '--no-local', repo, work]);
    const result = timed('git', ['filter-repo', '--force', '--quiet', '--replace-text', replacements, '--replace-message', replacements], work, process.env, '');
    if (result.code !== 0) throw new Error(`git filter-repo failed: ${result.stderr.trim()}`);
    return performance.now() - started;
  };
  const purge = () => {
    rmSync(work, { recursive: true, force: true });
    const result = timed(process.execPath, [CLI, 'purge', '--repo', repo, '--out', work], repo, { ...process.env, CI: '1' }, '');
    if (result.code !== 0) throw new Error(`purge exited ${result.code}: ${result.stderr.trim()}`);
    return result.ms;
  };
  const floors: number[] = [];
  const purges: number[] = [];
  try {
    for (let i = 0; i < PURGE_ROUNDS; i++) {
      floors.push(filterRepo());
      purges.push(purge());
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const ms = median(purges);
  const floorMs = median(floors);
  const ratio = ms / floorMs;
  const text =
    `purge (${commits} commits, ${keys.length} keys): ${(ms / 1000).toFixed(1)} s vs git-filter-repo alone ` +
    `${(floorMs / 1000).toFixed(1)} s = ${ratio.toFixed(2)}x (reported; the scan before and the proof scan after are the rest)`;
  console.log(text);
  return { name: `purge-${commits}`, ratio, ms, floorMs, text };
}

// ---- generated repositories ----

/** Where keys are planted in the purge repository, as fractions of its commits. */
const KEY_PLACES = [0.05, 0.3, 0.6, 0.9];

interface Shape {
  files: number;
  filesPerCommit: number;
  /** Point a ref at the commit made after `at` commits (the server's side of a push). */
  baseRef?: { at: number; ref: string };
  /** Plant keys in files, a commit message and a tag message (purge). */
  keys?: boolean;
}

/** `commits` commits on main; every 100th merges a side branch, every 250th renames a file. */
async function generate(dir: string, commits: number, shape: Shape): Promise<void> {
  const files = Array.from({ length: shape.files }, (_, i) => `pkg${i % 40}/module${i}.ts`);
  const planted = new Map(KEY_PLACES.map((at, i) => [Math.floor(commits * at), i]));
  await fastImport(dir, async (write) => {
    let mainTip = 0;
    const { commit, modify, who } = commitWriter(write);
    for (let n = 0; n < commits; n++) {
      let changes = '';
      let message = `change ${n}`;
      if (n === 0) for (const [i, file] of files.entries()) changes += modify(file, sourceFile(i, 40));
      else {
        for (let j = 0; j < shape.filesPerCommit; j++) {
          let content = sourceFile(n * 7 + j, 30 + ((n + j) % 50));
          const key = shape.keys ? planted.get(n) : undefined;
          if (key !== undefined && j === 0) content += `export const AISA_KEY = '${benchKey(`purge-${key}`)}';\n`;
          changes += modify(files[(n * 7919 + j * 104729) % files.length], content);
        }
        if (shape.keys && planted.get(n - 1) === 1) message += `\n\nsmoke-tested with ${benchKey('purge-1')}`;
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
        mainTip = await commit('refs/heads/main', message, mainTip, 0, changes);
      }
      if (shape.baseRef && n + 1 === shape.baseRef.at) await write(`reset ${shape.baseRef.ref}\nfrom :${mainTip}\n\n`);
      if (shape.keys && planted.get(n) === 2) {
        const text = `release ${n}\n\nsmoke-tested with ${benchKey('purge-2')}\n`;
        await write(`tag v${n}\nfrom :${mainTip}\ntagger ${who()}\n${data(text)}${text}\n`);
      }
    }
  });
}

async function cachedDir(name: string, generate: (dir: string) => Promise<void>): Promise<string> {
  const dir = path.join(os.tmpdir(), `aisa-guard-bench-${name}`);
  if (existsSync(path.join(dir, '.ready'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await generate(dir);
  closeSync(openSync(path.join(dir, '.ready'), 'w'));
  return dir;
}

function gitOk(cwd: string, args: string[]): string {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (result.status !== 0) throw new Error(`git ${args.join(' ')} failed: ${result.stderr.trim()}`);
  return result.stdout.trim();
}

function timed(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, input: string): { ms: number; code: number | null; stderr: string } {
  const sink = openSync('/dev/null', 'w');
  try {
    const started = performance.now();
    const result = spawnSync(command, args, { cwd, env, input, stdio: ['pipe', sink, 'pipe'], encoding: 'utf8' });
    return { ms: performance.now() - started, code: result.status, stderr: result.stderr };
  } finally {
    closeSync(sink);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await run();
}
