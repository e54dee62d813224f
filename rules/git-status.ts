// Asks git whether an env file is tracked, ignored or neither. Git answers (never our own reading of
// .gitignore: negations, nested files, info/exclude and core.excludesFile all count).
//
// One git call per repository answers for every env file in it (`ls-files -t --cached --others
// --exclude-standard` over `.env`/`.env.*`): a lint run asks git once, not once per file. The listing is
// redone when something it depends on changed after it was taken (the index, info/exclude, a .gitignore
// on the file's path, or an env file created since), so a long-running editor server sees an edited
// .gitignore, `git add -f` or `git rm --cached` at once. Files the listing cannot speak for (another name
// given to dotenv, a file not created yet) are asked about one by one, cached the same way.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { gitCommand } from '../src/git/command.js';

/** `outside`: not in a git work tree, git missing or failing: the rules then say nothing. */
export type EnvFileStatus = 'tracked' | 'unignored' | 'ignored' | 'outside';

interface Repo {
  root: string;
  gitDir: string;
}

interface Listing {
  /** When the git call started: inputs modified at or after this may not be reflected. */
  at: number;
  /** Repository-relative `/` paths of env files that are tracked or not ignored; any other one is ignored. */
  statuses: Map<string, 'tracked' | 'unignored'>;
}

/** The env file names the listing covers (ENV_FILES in files.ts), as git pathspecs. */
const ENV_PATHSPECS = [':(glob)**/.env', ':(glob)**/.env.*'];
const ENV_NAME = /^\.env(\..*)?$/;

/** How far a file time may trail the clock (a kernel tick, with room). */
const RACY_MS = 50;
/** Repositories rarely appear or vanish; re-ask after this long so `git init` is noticed. */
const REPO_TTL_MS = 10_000;
/** How long a listing stands for the `--cache` fingerprint (one CLI run hashes its configs at once). */
const FINGERPRINT_REUSE_MS = 1_000;
const repos = new Map<string, { repo: Repo | undefined; at: number }>();
const listings = new Map<string, Listing>();
const statuses = new Map<string, { status: EnvFileStatus; stamp: string }>();

export function envFileStatus(file: string): EnvFileStatus {
  const absolute = path.resolve(file);
  const repo = repoFor(existingDir(path.dirname(absolute)));
  if (!repo) return 'outside';
  const relative = path.relative(repo.root, absolute);
  if (relative.startsWith('..') || path.isAbsolute(relative)) return 'outside';
  const posix = relative.split(path.sep).join('/');
  const inputs = inputsFor(repo, relative);

  const stat = ENV_NAME.test(path.basename(absolute)) ? fs.statSync(absolute, { throwIfNoEntry: false }) : undefined;
  if (stat?.isFile()) {
    let listing = listings.get(repo.root);
    // File times come from the kernel's coarse clock, which may trail Date.now() by a tick: an edit made
    // just after a listing can carry an earlier time. Times within RACY_MS of the listing count as after it
    // (git's own "racily clean" rule).
    const after = (ms: number, l: Listing) => ms >= l.at - RACY_MS;
    const stale = (l: Listing) => inputs.some((input) => after(input.stat?.mtimeMs ?? -Infinity, l)) || (!l.statuses.has(posix) && after(stat.ctimeMs, l));
    if (!listing || stale(listing)) listing = list(repo);
    if (listing) return listing.statuses.get(posix) ?? 'ignored';
  }

  const stamp = inputs.map(({ stat: s }) => (s ? `${s.mtimeMs}:${s.size}` : '-')).join(',');
  const cached = statuses.get(absolute);
  if (cached?.stamp === stamp) return cached.status;
  const status = askGit(repo, posix);
  statuses.set(absolute, { status, stamp });
  return status;
}

/**
 * What git says about the env files of the repository holding `cwd` (their names and whether tracked or
 * unignored), as a short hash. ESLint's `--cache` keys its results on the config; the configs carry this
 * (see index.ts), so a `git add -f .env.local` or a .gitignore edit re-lints instead of replaying results.
 */
export function envFilesFingerprint(cwd: string): string {
  const repo = repoFor(existingDir(path.resolve(cwd)));
  if (!repo) return 'outside';
  // ESLint hashes each distinct config of a run: one listing serves them all.
  let listing = listings.get(repo.root);
  if (!listing || Date.now() - listing.at > FINGERPRINT_REUSE_MS) listing = list(repo);
  if (!listing) return 'unknown';
  const lines = [...listing.statuses].map(([file, status]) => `${status} ${file}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16);
}

/** One `ls-files` for every env file of the repository; undefined when git fails. */
function list(repo: Repo): Listing | undefined {
  const at = Date.now();
  let output: string;
  try {
    output = git(repo.root, ['ls-files', '-z', '-t', '--cached', '--others', '--exclude-standard', '--', ...ENV_PATHSPECS]);
  } catch {
    listings.delete(repo.root);
    return undefined;
  }
  const listing: Listing = { at, statuses: new Map() };
  for (const entry of output.split('\0')) {
    if (entry.length < 3) continue;
    // `-t` tags: `?` untracked (and, with --exclude-standard, not ignored); anything else is in the index.
    listing.statuses.set(entry.slice(2), entry[0] === '?' ? 'unignored' : 'tracked');
  }
  listings.set(repo.root, listing);
  return listing;
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

/** Every file git's answer for `relative` depends on (index, info/exclude, .gitignores up to the root). */
function inputsFor(repo: Repo, relative: string): { stat: fs.Stats | undefined }[] {
  const inputs = [path.join(repo.gitDir, 'index'), path.join(repo.gitDir, 'info', 'exclude')];
  for (let dir = path.dirname(relative); ; dir = path.dirname(dir)) {
    inputs.push(path.join(repo.root, dir, '.gitignore'));
    if (dir === '.' || dir === path.dirname(dir)) break;
  }
  return inputs.map((input) => ({ stat: fs.statSync(input, { throwIfNoEntry: false }) }));
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
