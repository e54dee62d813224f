// Which history a git scan covers, as rev-list arguments. User-given names are resolved to object ids
// first and handed over on stdin, so a name like `--output=x` can never become an option.
import { OperationalError, UsageError } from '../errors.js';
import type { Git } from './spawn.js';

export interface RevSelection {
  /** Everything reachable from every ref (branches, tags, remotes, stash, notes) and HEAD. */
  all: boolean;
  /** Object ids whose history is scanned. */
  include: string[];
  /** Object ids whose history is already known (not new). */
  exclude: string[];
  /** Objects reachable from this remote's tracking refs are already on it (pre-push). */
  excludeRemote?: string;
  /** Leave out everything any ref reaches (the unreachable objects of `history --all-objects`). */
  excludeAll?: boolean;
}

/** Command-line flags and stdin lines for `git rev-list --stdin` / `git log --stdin`. */
export function revArgs(selection: RevSelection): { args: string[]; stdin: string } {
  const args = ['--stdin'];
  if (selection.all) args.push('--all');
  if (selection.excludeRemote !== undefined) args.push('--not', `--remotes=${selection.excludeRemote}`);
  if (selection.excludeAll) args.push('--not', '--all');
  const lines = [...selection.include, ...selection.exclude.map((oid) => `^${oid}`)];
  return { args, stdin: lines.map((l) => l + '\n').join('') };
}

/** A user-named revision (branch, tag, sha, `HEAD~3`) → its object id; a clear error otherwise. */
export async function resolveRev(git: Git, name: string, flag: string): Promise<string> {
  if (name === '' || name.startsWith('-')) throw new UsageError(`${flag}: "${name}" is not a revision`);
  const result = await git.run(['rev-parse', '-q', '--verify', '--end-of-options', name]);
  const oid = result.stdout.toString('utf8').trim();
  if (result.code !== 0 || !oid) throw new OperationalError(`${flag}: unknown revision "${name}"`);
  return oid;
}

/** True when the object exists in this repository (a remote sha we may never have fetched). */
export async function hasObject(git: Git, oid: string): Promise<boolean> {
  const result = await git.run(['cat-file', '-e', `${oid}^{commit}`]);
  return result.code === 0;
}
