// The one mapper from git's complaints to the line a user reads. "Not a git repository" is worded here only.
import { OperationalError } from '../errors.js';

/** git's first meaningful stderr line, without its `fatal:` / `error:` tag. */
export function firstLine(stderr: string): string {
  const line = stderr.split('\n').find((l) => l.trim()) ?? 'failed';
  return line.replace(/^(fatal|error):\s*/, '').trim();
}

/**
 * A failed git call as one line. `where` is the folder the user named (for discovery failures) and
 * `args` the git command (named in other failures).
 */
export function gitError(where: string, args: readonly string[], stderr: string): OperationalError {
  const reason = firstLine(stderr);
  if (/not a git repository/i.test(reason)) return new OperationalError(`${where}: not a git repository`);
  if (/dubious ownership/i.test(reason)) {
    return new OperationalError(`${where}: git refuses this repository (dubious ownership; see git config safe.directory)`);
  }
  const command = args.find((a, i) => !a.startsWith('-') && args[i - 1] !== '-c' && args[i - 1] !== '-C') ?? 'git';
  return new OperationalError(`git ${command}: ${reason}`);
}

/** git could not be started at all. */
export function gitStartError(error: unknown): Error {
  if ((error as Error)?.name === 'AbortError') return error as Error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new OperationalError('git not found on PATH: install git to scan repositories');
  return new OperationalError(`cannot run git: ${code ?? String(error)}`);
}
