// Starting git processes. Cancellation is an AbortSignal: an aborted scan kills its git children
// (spawn's own `signal` option), so a hook or CI job cancelled mid-history leaves no `git cat-file`
// behind. Mapping signals to exit codes is the CLI's job, never this module's.
import { spawn, type ChildProcess } from 'node:child_process';
import { gitCommand, type GitCallOptions } from './command.js';
import { gitError, gitStartError } from './errors.js';

export interface GitOutput {
  stdout: Buffer;
  stderr: string;
  code: number;
}

/** A repository folder and the signal that cancels every git process started for it. */
export class Git {
  constructor(
    readonly cwd: string,
    readonly signal?: AbortSignal,
    readonly options: GitCallOptions = {},
  ) {}

  /** `stdout`: a pipe, or an open file descriptor git writes to directly (no round trip through node). */
  spawn(args: readonly string[], stdout: 'pipe' | number = 'pipe'): ChildProcess {
    const { file, args: argv, env } = gitCommand(args, this.options);
    return spawn(file, argv, { cwd: this.cwd, env, stdio: ['pipe', stdout, 'pipe'], signal: this.signal, killSignal: 'SIGTERM' });
  }

  /** Runs git to completion, feeding `input` on stdin. Rejects only when git cannot be started (or on abort). */
  run(args: readonly string[], input = ''): Promise<GitOutput> {
    return new Promise((resolve, reject) => {
      const child = this.spawn(args);
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
      child.stderr!.on('data', (chunk: Buffer) => err.push(chunk));
      child.once('error', (error) => reject(this.signal?.aborted ? this.signal.reason : gitStartError(error)));
      child.once('close', (code, signal) => {
        if (this.signal?.aborted) reject(this.signal.reason);
        else resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8'), code: code ?? (signal ? 128 : 1) });
      });
      child.stdin!.on('error', () => {}); // git may exit before reading all input; its exit code tells
      child.stdin!.end(input);
    });
  }

  /** Like run, but a failing git becomes an OperationalError carrying git's first line. */
  async text(args: readonly string[], input = ''): Promise<string> {
    const result = await this.run(args, input);
    if (result.code !== 0) throw gitError(this.cwd, args, result.stderr);
    return result.stdout.toString('utf8');
  }

  /** Resolves when a spawned child exits, with its stderr; rejects when it cannot start or on abort. */
  exitOf(child: ChildProcess): Promise<{ code: number; stderr: string }> {
    return new Promise((resolve, reject) => {
      let stderr = '';
      child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
      child.once('error', (error) => reject(this.signal?.aborted ? this.signal.reason : gitStartError(error)));
      child.once('close', (code) => (this.signal?.aborted ? reject(this.signal.reason) : resolve({ code: code ?? 128, stderr })));
    });
  }
}

/** One uncancellable git call (small, quick queries: hooks, rev parsing). */
export function runGit(cwd: string, args: readonly string[], input = '', options: GitCallOptions = {}): Promise<GitOutput> {
  return new Git(cwd, undefined, options).run(args, input);
}

export function gitText(cwd: string, args: readonly string[], input = ''): Promise<string> {
  return new Git(cwd).text(args, input);
}
