// Repository discovery: where the repository is and what kind it is, with one clear error when it is
// not one (worded in errors.ts).
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { OperationalError } from '../errors.js';
import { gitError } from './errors.js';
import { Git } from './spawn.js';

export interface RepoInfo {
  /** Work tree root, or the git dir of a bare repository. Git commands run here. */
  root: string;
  gitDir: string;
  bare: boolean;
  shallow: boolean;
  /** False for a fresh `git init` with no commit and no ref yet. */
  hasCommits: boolean;
}

export async function openRepo(dir: string): Promise<RepoInfo> {
  const where = path.resolve(dir);
  if (!statSync(where, { throwIfNoEntry: false })?.isDirectory()) throw new OperationalError(`${dir}: no such directory`);
  const git = new Git(where);
  const args = ['rev-parse', '--is-bare-repository', '--is-shallow-repository', '--absolute-git-dir'];
  const facts = await git.run(args);
  if (facts.code !== 0) throw gitError(dir, args, facts.stderr);
  const [bare, shallow, gitDir] = facts.stdout.toString('utf8').trim().split('\n');
  const [root, refs, head] = await Promise.all([
    bare === 'true' ? gitDir : toplevel(git, gitDir),
    git.run(['for-each-ref', '--count=1', '--format=%(refname)']),
    git.run(['rev-parse', '-q', '--verify', 'HEAD^{commit}']),
  ]);
  const hasCommits = Boolean(refs.stdout.toString().trim() || head.stdout.toString().trim());
  return { root, gitDir, bare: bare === 'true', shallow: shallow === 'true', hasCommits };
}

/** Inside `.git` itself there is no work tree to show; run from the git dir then. */
async function toplevel(git: Git, gitDir: string): Promise<string> {
  const shown = await git.run(['rev-parse', '--show-toplevel']);
  return (shown.code === 0 && shown.stdout.toString('utf8').trim()) || gitDir;
}

/**
 * The top of the work tree and its git folder, read from disk without starting git: the nearest `.git`
 * folder, or `.git` file (`gitdir: …`) of a linked worktree or submodule. Undefined when GIT_DIR or
 * GIT_WORK_TREE decide, or when there is none.
 */
export function findWorkTree(cwd: string): { root: string; gitDir: string } | undefined {
  if (process.env.GIT_DIR || process.env.GIT_WORK_TREE) return undefined;
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    const dotGit = path.join(dir, '.git');
    const info = statSync(dotGit, { throwIfNoEntry: false });
    if (info?.isDirectory()) return { root: dir, gitDir: dotGit };
    if (info?.isFile()) {
      const pointer = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1];
      return pointer ? { root: dir, gitDir: path.resolve(dir, pointer) } : undefined;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}
