// Every git child process of a scan goes through here, so an interrupted scan can kill them all:
// a hook or CI job cancelled mid-history must leave no `git cat-file` running behind it.
import { spawn, type ChildProcess } from 'node:child_process';
import { OperationalError } from '../../errors.js';

const running = new Set<ChildProcess>();

/**
 * A partial clone fetches a missing object from its promisor remote the moment git is asked for it:
 * a scan must not go to the network behind the user's back, so that is off unless `--fetch-missing`.
 */
let lazyFetch = false;
export function allowLazyFetch(allowed: boolean): void {
  lazyFetch = allowed;
}
export const lazyFetchAllowed = () => lazyFetch;

/** git with our process environment; optional locks off so a hook never fights the user's git for the index. */
export function spawnGit(cwd: string, args: readonly string[]): ChildProcess {
  const child = spawn('git', args, {
    cwd,
    env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', ...(lazyFetch ? {} : { GIT_NO_LAZY_FETCH: '1' }) },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  running.add(child);
  child.once('close', () => running.delete(child));
  return child;
}

/** Kills every git child still running (on Ctrl-C / SIGTERM). */
export function killGitChildren(): void {
  for (const child of running) child.kill('SIGTERM');
}

export interface GitOutput {
  stdout: Buffer;
  stderr: string;
  code: number;
}

/** Runs git to completion, feeding `input` on stdin. Rejects only when git cannot be started. */
export function runGit(cwd: string, args: readonly string[], input = ''): Promise<GitOutput> {
  return new Promise((resolve, reject) => {
    const child = spawnGit(cwd, args);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
    child.once('error', (error) => reject(gitStartError(error)));
    child.once('close', (code, signal) =>
      resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8'), code: code ?? (signal ? 128 : 1) }),
    );
    child.stdin!.on('error', () => {}); // git may exit before reading all input; its exit code tells
    child.stdin!.end(input);
  });
}

/** Like runGit, but a failing git becomes an OperationalError carrying git's first line. */
export async function gitText(cwd: string, args: readonly string[], input = ''): Promise<string> {
  const result = await runGit(cwd, args, input);
  if (result.code !== 0) throw new OperationalError(gitFailure(args, result.stderr));
  return result.stdout.toString('utf8');
}

export function gitFailure(args: readonly string[], stderr: string): string {
  const line = stderr.split('\n').find((l) => l.trim()) ?? 'failed';
  return `git ${args[0]}: ${line.replace(/^(fatal|error): /, '').trim()}`;
}

export function gitStartError(error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new OperationalError('git not found on PATH: install git to scan repositories');
  return new OperationalError(`cannot run git: ${code ?? String(error)}`);
}

/**
 * Runs a scan so that Ctrl-C or SIGTERM kills its git children and exits 130 / 143, instead of
 * leaving a `git cat-file` orphaned. `cleanup` runs first (e.g. to erase a progress bar).
 */
export async function interruptible<T>(run: () => Promise<T>, cleanup: () => void = () => {}): Promise<T> {
  const codes = { SIGINT: 130, SIGTERM: 143 } as const;
  const handlers = (Object.keys(codes) as (keyof typeof codes)[]).map((signal) => {
    const handler = () => {
      cleanup();
      killGitChildren();
      process.exit(codes[signal]);
    };
    process.once(signal, handler);
    return () => process.removeListener(signal, handler);
  });
  try {
    return await run();
  } finally {
    for (const remove of handlers) remove();
  }
}
