// Repository discovery: where the repository is and what kind it is, with one clear error when it
// is not one. Like every git call, through the hardened spawn module.
import { statSync } from 'node:fs';
import path from 'node:path';
import { OperationalError, messageOf } from '../../errors.js';
import { gitText } from './spawn.js';

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
  let isDir = false;
  try {
    isDir = statSync(where).isDirectory();
  } catch {
    // reported below
  }
  if (!isDir) throw new OperationalError(`${dir}: no such directory`);
  const git = (args: string[]) => gitText(where, args);
  let flags: string[];
  try {
    flags = (await git(['rev-parse', '--is-bare-repository', '--is-shallow-repository', '--absolute-git-dir'])).trim().split('\n');
  } catch (error) {
    throw discoveryError(dir, error);
  }
  const [bare, shallow, gitDir] = flags;
  const [root, refs, head] = await Promise.all([
    bare === 'true' ? gitDir : toplevel(where, gitDir),
    git(['for-each-ref', '--count=1', '--format=%(refname)']).catch(() => ''),
    git(['rev-parse', '-q', '--verify', 'HEAD^{commit}']).catch(() => ''),
  ]);
  return { root, gitDir, bare: bare === 'true', shallow: shallow === 'true', hasCommits: Boolean(refs.trim() || head.trim()) };
}

/** Inside `.git` itself there is no work tree to show; run from the git dir then. */
async function toplevel(where: string, gitDir: string): Promise<string> {
  try {
    return (await gitText(where, ['rev-parse', '--show-toplevel'])).trim() || gitDir;
  } catch {
    return gitDir;
  }
}

function discoveryError(dir: string, error: unknown): OperationalError {
  const text = messageOf(error);
  if (/git not found/.test(text)) return error as OperationalError;
  if (/not a git repository/i.test(text)) return new OperationalError(`${dir}: not a git repository`);
  if (/dubious ownership/i.test(text)) return new OperationalError(`${dir}: git refuses this repository (dubious ownership; see git config safe.directory)`);
  return new OperationalError(`${dir}: ${text.replace(/^git rev-parse: /, '').replace(/^(fatal|error): /, '')}`);
}
