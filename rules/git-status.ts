// Asks git whether an env file is tracked, ignored or neither. Git answers (never our own reading of
// .gitignore: negations, nested files, info/exclude and core.excludesFile all count). Answers are cached,
// each stamped with the modification times of what could change it, so a long-running editor server sees
// an edited .gitignore or `git rm --cached` at once while a lint run asks git once per file.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { gitCommand } from '../src/git/command.js';

/** `outside`: not in a git work tree, git missing or failing: the rules then say nothing. */
export type EnvFileStatus = 'tracked' | 'unignored' | 'ignored' | 'outside';

interface Repo {
  root: string;
  gitDir: string;
}

/** Repositories rarely appear or vanish; re-ask after this long so `git init` is noticed. */
const REPO_TTL_MS = 10_000;
const repos = new Map<string, { repo: Repo | undefined; at: number }>();
const statuses = new Map<string, { status: EnvFileStatus; stamp: string }>();

export function envFileStatus(file: string): EnvFileStatus {
  const absolute = path.resolve(file);
  const repo = repoFor(existingDir(path.dirname(absolute)));
  if (!repo) return 'outside';
  const relative = path.relative(repo.root, absolute);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return 'outside';
  const stamp = stampFor(repo, relative);
  const cached = statuses.get(absolute);
  if (cached?.stamp === stamp) return cached.status;
  const status = askGit(repo, relative.split(path.sep).join('/'));
  statuses.set(absolute, { status, stamp });
  return status;
}

function askGit(repo: Repo, relative: string): EnvFileStatus {
  try {
    const tracked = git(repo.root, ['--literal-pathspecs', 'ls-files', '--cached', '--', relative]);
    if (tracked.trim() !== '') return 'tracked';
    git(repo.root, ['check-ignore', '-q', '--', relative]);
    return 'ignored';
  } catch (error) {
    // check-ignore exits 1 for "not ignored"; anything else (128, no git) means we cannot tell.
    return (error as { status?: number }).status === 1 ? 'unignored' : 'outside';
  }
}

function repoFor(dir: string): Repo | undefined {
  const cached = repos.get(dir);
  if (cached && Date.now() - cached.at < REPO_TTL_MS) return cached.repo;
  let repo: Repo | undefined;
  try {
    const [root, gitDir] = git(dir, ['rev-parse', '--show-toplevel', '--absolute-git-dir']).trim().split('\n');
    if (root && gitDir) repo = { root: path.resolve(root), gitDir };
  } catch {
    repo = undefined;
  }
  repos.set(dir, { repo, at: Date.now() });
  return repo;
}

/** Modification times of every file git's answer depends on, from the file's folder up to the root. */
function stampFor(repo: Repo, relative: string): string {
  const inputs = [path.join(repo.gitDir, 'index'), path.join(repo.gitDir, 'info', 'exclude')];
  for (let dir = path.dirname(relative); ; dir = path.dirname(dir)) {
    inputs.push(path.join(repo.root, dir, '.gitignore'));
    if (dir === '.' || dir === path.dirname(dir)) break;
  }
  return inputs
    .map((p) => {
      const stat = fs.statSync(p, { throwIfNoEntry: false });
      return stat ? `${stat.mtimeMs}:${stat.size}` : '-';
    })
    .join(',');
}

/** The nearest folder that exists: a dotenv call may name a file in a folder not created yet. */
function existingDir(dir: string): string {
  while (!fs.existsSync(dir) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

function git(cwd: string, args: string[]): string {
  const command = gitCommand(args); // the one git command line (src/git): same hardening as the CLI
  return execFileSync(command.file, command.args, { cwd, env: command.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 10_000 });
}
