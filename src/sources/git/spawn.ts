// Every git child process goes through here: hardened against the repository's config (gitArgs/gitEnv),
// and tracked, so a hook or CI job cancelled mid-history leaves no `git cat-file` running behind it.
import { spawn, type ChildProcess } from 'node:child_process';
import { OperationalError } from '../../errors.js';

const running = new Set<ChildProcess>();

/**
 * Settings that make git run a program chosen by the repository's own config (`.git/config` of a
 * repository delivered as a folder, a nested `vendor/x/.git`, an `include.path`), turned off for every
 * call: `-c` beats every config file. Filters and textconv drivers cannot be switched off by name
 * (`filter.<any>.clean`), so no command we run applies them: `cat-file --batch` never does, and the
 * diffs we read are plumbing (`diff-index`, `log --raw`) with `--no-ext-diff --no-textconv` added.
 * Not touched, on purpose: `safe.directory` (git's own refusal of a repository another user owns stays in
 * force), the user's global and system config (aliases are not used; identity, `core.excludesFile` and
 * `safe.directory` are needed), and `core.untrackedCache` (a cache, it runs nothing; with
 * GIT_OPTIONAL_LOCKS=0 git never rewrites the index for it).
 */
const HARDENING: readonly string[] = [
  'core.fsmonitor=false', // runs a hook (or starts a daemon) on every index read: ls-files, diff-index
  'core.hooksPath=/dev/null', // no hook of the repository ever runs (reference-transaction, post-index-change)
  'core.pager=cat',
  'diff.external=',
  'core.askPass=',
  'credential.helper=', // an empty value clears the list of helpers
  'core.sshCommand=',
  'protocol.allow=never', // no transport at all: a partial clone's lazy fetch would run ssh, or a remote helper
  'log.showSignature=false', // would run gpg.program
  'gpg.program=false',
];

export interface GitCallOptions {
  /** `rev-parse --git-path hooks` must see the real core.hooksPath (init installs there). */
  keepHooksPath?: boolean;
}

/** Every git command line: hardening first, then `args`. The one place git's dangerous settings are decided. */
export function gitArgs(args: readonly string[], options: GitCallOptions = {}): string[] {
  const settings = options.keepHooksPath ? HARDENING.filter((s) => !s.startsWith('core.hooksPath=')) : HARDENING;
  return ['--no-pager', ...settings.flatMap((setting) => ['-c', setting]), ...args];
}

/** Environment variables through which git would start programs, or see objects other than the real ones. */
const UNSET = ['GIT_EXTERNAL_DIFF', 'GIT_SSH', 'GIT_SSH_COMMAND', 'GIT_PROXY_COMMAND', 'GIT_EDITOR', 'GIT_SEQUENCE_EDITOR'];

/**
 * git's environment: the user's own, minus program hooks, plus: no pager, no password prompt (an empty
 * GIT_ASKPASS ends git's askpass lookup), replace objects off (`git replace` must not hide a commit holding
 * a key), and optional locks off so a hook never fights the user's git for the index.
 */
export function gitEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const name of UNSET) delete env[name];
  return {
    ...env,
    GIT_PAGER: 'cat',
    PAGER: 'cat',
    GIT_ASKPASS: '',
    SSH_ASKPASS: '',
    GIT_TERMINAL_PROMPT: '0',
    GIT_NO_REPLACE_OBJECTS: '1',
    GIT_OPTIONAL_LOCKS: '0',
  };
}

/** git, hardened (see gitArgs/gitEnv). Every child is tracked so an interrupted scan can stop them all. */
export function spawnGit(cwd: string, args: readonly string[], options: GitCallOptions = {}): ChildProcess {
  const child = spawn('git', gitArgs(args, options), {
    cwd,
    env: gitEnv(),
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
export function runGit(cwd: string, args: readonly string[], input = '', options: GitCallOptions = {}): Promise<GitOutput> {
  return new Promise((resolve, reject) => {
    const child = spawnGit(cwd, args, options);
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
