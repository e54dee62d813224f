// Repository discovery: where the repository is and what kind it is, with one clear error when it
// is not one. Bulk object reads do not go through here (see catfile.ts); metadata does, via simple-git.
import { statSync } from 'node:fs';
import path from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { OperationalError, messageOf } from '../../errors.js';

export interface RepoInfo {
  /** Work tree root, or the git dir of a bare repository. Git commands run here. */
  root: string;
  gitDir: string;
  bare: boolean;
  shallow: boolean;
  /** A partial clone (`--filter`): objects it lacks can be fetched from its promisor remote. */
  partial?: boolean;
  /** False for a fresh `git init` with no commit and no ref yet. */
  hasCommits: boolean;
}

export async function openRepo(dir: string): Promise<RepoInfo> {
  const where = path.resolve(dir);
  let isDir = false;
  try {
    isDir = statSync(where).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir) throw new OperationalError(`${dir}: no such directory`);
  const git: SimpleGit = simpleGit({ baseDir: where });
  let flags: string[];
  try {
    flags = (await git.raw(['rev-parse', '--is-bare-repository', '--is-shallow-repository', '--absolute-git-dir'])).trim().split('\n');
  } catch (error) {
    throw discoveryError(dir, error);
  }
  const [bare, shallow, gitDir] = flags;
  const [root, refs, head, partial] = await Promise.all([
    bare === 'true' ? gitDir : toplevel(git, gitDir),
    git.raw(['for-each-ref', '--count=1', '--format=%(refname)']).catch(() => ''),
    git.raw(['rev-parse', '-q', '--verify', 'HEAD^{commit}']).catch(() => ''),
    git.raw(['config', '--get-regexp', '^(extensions\\.partialclone|remote\\..*\\.promisor)$']).catch(() => ''),
  ]);
  return { root, gitDir, bare: bare === 'true', shallow: shallow === 'true', partial: partial.trim() !== '', hasCommits: Boolean(refs.trim() || head.trim()) };
}

/** Inside `.git` itself there is no work tree to show; run from the git dir then. */
async function toplevel(git: SimpleGit, gitDir: string): Promise<string> {
  try {
    return (await git.raw(['rev-parse', '--show-toplevel'])).trim() || gitDir;
  } catch {
    return gitDir;
  }
}

function discoveryError(dir: string, error: unknown): OperationalError {
  const text = error instanceof Error ? error.message : String(error);
  if (/ENOENT/.test(text) && /spawn/.test(text)) return new OperationalError('git not found on PATH: install git to scan repositories');
  if (/not a git repository/i.test(text)) return new OperationalError(`${dir}: not a git repository`);
  if (/dubious ownership/i.test(text)) return new OperationalError(`${dir}: git refuses this repository (dubious ownership; see git config safe.directory)`);
  return new OperationalError(`${dir}: ${messageOf(error).replace(/^(fatal|error): /, '')}`);
}
