// Which files a directory scan reads. Inside a git work tree: what git would consider (tracked plus
// untracked-not-ignored), asked of git itself. Elsewhere: a folder walk honouring every .gitignore.
import { existsSync, lstatSync, readdirSync, readFileSync, type Dirent, type Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { createRequire } from 'node:module';
import type ignoreFactory from 'ignore';
import type { Ignore } from 'ignore';
import { globTooComplex } from '../config/allowlist.js';
import { runGit } from '../git/index.js';

// Loaded on the first .gitignore: a CommonJS module costs start-up, and many walks never meet one.
const require = createRequire(import.meta.url);
let ignoreModule: typeof ignoreFactory | undefined;
const ignore = () => (ignoreModule ??= require('ignore') as typeof ignoreFactory)();

export const ALWAYS_SKIPPED_DIRS = ['node_modules', '.git'];

export interface WalkOptions {
  /** Scan everything: no .gitignore, no default skips. */
  noIgnore?: boolean;
  /**
   * Ask git what it would consider (tracked plus untracked-not-ignored). For `.` and no path only: a
   * directory named on the command line is read whole, honouring only the ignore files inside it, as
   * ripgrep does, so `scan dist` reads a build output the enclosing repository ignores.
   */
  gitAware?: boolean;
  /** Follow symlinks that point out of the walked directory (`--follow`). */
  follow?: boolean;
  /** Config globs to leave out, relative to `base`; compiled once (see config/allowlist.ts). */
  exclude?: { matcher: Ignore; base: string };
}

export interface WalkResult {
  /** Regular files, and links to them. */
  files: string[];
  /** FIFOs, sockets and devices: reported as skipped, never opened (a FIFO would block the scan). */
  special: string[];
  warnings: string[];
  /** Folders that could not be listed (permissions, ENAMETOOLONG in a deep tree): the scan is incomplete. */
  unreadable: number;
  /** Symlinks pointing out of the walked directory, left alone without `--follow`. */
  notFollowed: string[];
  /** Every symlink met: its target text is scanned like a blob's (git stores a link as its target). */
  links: string[];
  /** Broken links and loops: nothing to read behind them (the scan says so, exit 2). */
  broken: string[];
}

interface Walk {
  options: WalkOptions;
  /** Real path of the folder the walk started from: links into it are not followed (see followLink). */
  realRoot: string;
  files: Set<string>;
  special: Set<string>;
  warnings: string[];
  unreadable: number;
  notFollowed: string[];
  links: string[];
  broken: string[];
  visitedDirs: Set<string>;
}

/** Absolute paths of the regular files (and links to them) under `dir`. */
export async function listFiles(dir: string, options: WalkOptions = {}): Promise<WalkResult> {
  const walk: Walk = {
    options,
    realRoot: await realpath(dir),
    files: new Set(),
    special: new Set(),
    warnings: [],
    unreadable: 0,
    notFollowed: [],
    links: [],
    broken: [],
    visitedDirs: new Set(),
  };
  await walkDir(dir, walk);
  return {
    files: [...walk.files].sort(),
    special: [...walk.special].sort(),
    warnings: walk.warnings,
    unreadable: walk.unreadable,
    notFollowed: walk.notFollowed.sort(),
    links: walk.links.sort(),
    broken: walk.broken.sort(),
  };
}

/** A listed path and, when the lister knows it, what it is (git listings do not say). */
interface Entry {
  path: string;
  kind?: 'file' | 'directory' | 'symlink' | 'special';
}

async function walkDir(dir: string, walk: Walk): Promise<void> {
  walk.visitedDirs.add(await realpath(dir));
  const { options } = walk;
  const entries = options.noIgnore
    ? treeEntries(dir, false, walk)
    : ((options.gitAware ? await gitListing(dir) : undefined) ?? treeEntries(dir, true, walk));
  const excluded = exclusionFor(dir, options.exclude);
  for (const entry of entries) {
    if (excluded?.(entry.path)) continue;
    const full = dir.endsWith(path.sep) ? dir + entry.path : dir + path.sep + entry.path;
    const kind = entry.kind ?? kindOf(full);
    if (kind === 'symlink') await followLink(full, walk);
    // A submodule or nested repository, listed by git as one entry.
    else if (kind === 'directory') await walkDir(full, walk);
    else if (kind === 'file') walk.files.add(full);
    else if (kind === 'special') walk.special.add(full);
  }
}

/** The config globs as a test on paths relative to `dir`: re-based once per folder, not per file. */
function exclusionFor(dir: string, exclude: WalkOptions['exclude']): ((relative: string) => boolean) | undefined {
  if (!exclude) return undefined;
  const prefix = path.relative(exclude.base, dir).split(path.sep).join('/');
  if (prefix === '..' || prefix.startsWith('../') || path.isAbsolute(prefix)) return undefined;
  return (relative) => exclude.matcher.ignores(prefix ? `${prefix}/${relative}` : relative);
}

/** Sync on purpose: thousands of tiny lstat calls cost more as promises than as system calls. */
function kindOf(full: string): Entry['kind'] | 'gone' {
  const info = lstatSync(full, { throwIfNoEntry: false });
  if (!info) return 'gone'; // tracked by git but deleted from the work tree: nothing to read
  return info.isSymbolicLink() ? 'symlink' : info.isDirectory() ? 'directory' : info.isFile() ? 'file' : 'special';
}

/**
 * A link to a file or folder inside the tree is left alone: the target is scanned at its own path, so
 * nothing is reported twice. A link out of the tree is followed only with `--follow` (ripgrep's rule: a
 * tracked `docs -> /home/user` must not make the scan read, and report, what lies outside the
 * repository); otherwise it is counted and named once. A link to a folder holding it is a loop.
 */
async function followLink(link: string, walk: Walk): Promise<void> {
  let real: string;
  let target: Stats;
  try {
    target = await stat(link);
    real = await realpath(link);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    walk.links.push(link);
    walk.broken.push(link);
    if (code === 'ELOOP') walk.warnings.push(`${link}: symlink loop, skipped`);
    else if (code === 'ENOENT') walk.warnings.push(`${link}: broken symlink, skipped`);
    else walk.warnings.push(`${link}: cannot follow symlink (${code ?? 'error'}), skipped`);
    return;
  }
  walk.links.push(link);
  if (isInside(real, walk.realRoot)) return;
  if (!walk.options.follow) {
    walk.notFollowed.push(link);
    return;
  }
  const linkDir = await realpath(path.dirname(link));
  if (target.isDirectory() && (walk.visitedDirs.has(real) || isInside(linkDir, real))) {
    walk.warnings.push(`${link}: symlink loop, not followed`);
  } else if (target.isDirectory()) await walkDir(link, walk);
  else if (target.isFile()) walk.files.add(link);
  else walk.special.add(link);
}

function isInside(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);
}

/** A `.git` folder or file (worktrees, submodules) in `dir` or any folder above it. */
function gitTop(dir: string): string | undefined {
  for (let at = path.resolve(dir); ; at = path.dirname(at)) {
    if (existsSync(path.join(at, '.git'))) return at;
    if (path.dirname(at) === at) return undefined;
  }
}

/**
 * Tracked + untracked-not-ignored paths, or undefined when `dir` is not inside a git work tree. The work
 * tree is the folder holding `.git` (a `core.worktree` in the repository's config cannot point the listing
 * at an empty folder), and only `.gitignore` files hide untracked files: `info/exclude` and
 * `core.excludesFile` are the repository's local config, which may not hide a key file from the scan.
 */
async function gitListing(dir: string): Promise<Entry[] | undefined> {
  const top = gitTop(dir);
  if (!process.env.GIT_DIR && !top) return undefined; // no need to start git to hear "not a repository"
  const workTree = process.env.GIT_DIR || !top ? [] : ['--work-tree', top];
  try {
    const { stdout, code } = await runGit(dir, [...workTree, 'ls-files', '-z', '--cached', '--others', '--exclude-per-directory=.gitignore', '--deduplicate', '--', '.']);
    if (code !== 0) return undefined;
    const paths = stdout.toString('utf8').split('\0').filter(Boolean);
    return paths
      .filter((p) => !p.split('/').some((part) => ALWAYS_SKIPPED_DIRS.includes(part)))
      .map((p) => ({ path: p.endsWith('/') ? p.slice(0, -1) : p }));
  } catch {
    return undefined;
  }
}

/**
 * Every file and link under `dir` (folders are descended, links are not), one synchronous readdir per
 * folder, depth first with an explicit stack (a tree 10,000 folders deep is no deeper for the JS stack).
 * With `gitignore`, each folder's .gitignore applies below it with git's precedence (the deepest file
 * with an opinion, ignore or `!` re-include, wins), and an ignored folder is never entered, so whatever
 * is below it stays hidden, as in git. A folder that cannot be read (permissions, a path longer than the
 * system allows) is a warning and makes the scan incomplete.
 */
function treeEntries(dir: string, gitignore: boolean, walk: Walk): Entry[] {
  const entries: Entry[] = [];
  const stack: { folder: string; relative: string; rules: readonly FolderRules[] }[] = [{ folder: dir, relative: '', rules: [] }];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const { folder, relative } = next;
    let { rules } = next;
    let dirents: Dirent[];
    try {
      dirents = readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      walk.unreadable++;
      walk.warnings.push(`${folder}: cannot read folder (${(error as NodeJS.ErrnoException).code ?? 'error'}), skipped`);
      continue;
    }
    if (gitignore && dirents.some((d) => d.name === '.gitignore' && d.isFile())) {
      const lines = readTextOrEmpty(path.join(folder, '.gitignore')).split(/\r?\n/);
      // The repository's own ignore files get the config's bound: a costly line is dropped (more is read).
      const kept = lines.filter((line) => !globTooComplex(line));
      if (kept.length < lines.length) walk.warnings.push(`${path.join(folder, '.gitignore')}: ${lines.length - kept.length} pattern(s) too costly to match, not applied`);
      rules = [...rules, { base: relative, rules: ignore().add(kept) }];
    }
    const folders: typeof stack = [];
    for (const dirent of dirents) {
      const child = relative ? `${relative}/${dirent.name}` : dirent.name;
      const isDirectory = dirent.isDirectory();
      if (gitignore && isDirectory && ALWAYS_SKIPPED_DIRS.includes(dirent.name)) continue;
      if (gitignore && isIgnored(rules, child, isDirectory)) continue;
      if (isDirectory) folders.push({ folder: path.join(folder, dirent.name), relative: child, rules });
      else entries.push({ path: child, kind: dirent.isSymbolicLink() ? 'symlink' : dirent.isFile() ? 'file' : 'special' });
    }
    // Reversed onto the stack, so folders are visited in readdir order.
    for (let i = folders.length - 1; i >= 0; i--) stack.push(folders[i]);
  }
  return entries;
}

interface FolderRules {
  /** The folder holding the .gitignore, relative to the walk's root ('' for the root). */
  base: string;
  rules: Ignore;
}

function isIgnored(stack: readonly FolderRules[], relative: string, isDirectory: boolean): boolean {
  for (let i = stack.length - 1; i >= 0; i--) {
    const { base, rules } = stack[i];
    const inner = base ? relative.slice(base.length + 1) : relative;
    const verdict = rules.test(isDirectory ? `${inner}/` : inner);
    if (verdict.ignored) return true;
    if (verdict.unignored) return false;
  }
  return false;
}

function readTextOrEmpty(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
