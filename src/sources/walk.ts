// Which files a directory scan reads. Inside a git work tree: what git would consider (tracked plus
// untracked-not-ignored), asked of git itself. Elsewhere: fast-glob plus every .gitignore on the way.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { lstat, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import fg from 'fast-glob';
import ignore, { type Ignore } from 'ignore';

const run = promisify(execFile);

export const ALWAYS_SKIPPED_DIRS = ['node_modules', '.git'];

export interface WalkOptions {
  /** Scan everything: no .gitignore, no default skips. */
  noIgnore?: boolean;
  /** Extra glob patterns (relative to the root) to leave out. */
  exclude?: readonly string[];
}

export interface WalkResult {
  files: string[];
  warnings: string[];
}

interface Walk {
  options: WalkOptions;
  /** Real path of the folder the walk started from: links into it are not followed (see followLink). */
  realRoot: string;
  files: Set<string>;
  warnings: string[];
  visitedDirs: Set<string>;
}

/** Absolute paths of the regular files (and links to them) under `dir`. */
export async function listFiles(dir: string, options: WalkOptions = {}): Promise<WalkResult> {
  const walk: Walk = { options, realRoot: await realpath(dir), files: new Set(), warnings: [], visitedDirs: new Set() };
  await walkDir(dir, walk);
  return { files: [...walk.files].sort(), warnings: walk.warnings };
}

async function walkDir(dir: string, walk: Walk): Promise<void> {
  walk.visitedDirs.add(await realpath(dir));
  const { options } = walk;
  const entries = options.noIgnore ? await globEntries(dir, []) : ((await gitListing(dir)) ?? (await globWithGitignore(dir)));
  const excluded = options.exclude?.length ? ignore().add([...options.exclude]) : undefined;
  for (const relative of entries) {
    if (excluded?.ignores(relative)) continue;
    const full = path.join(dir, relative);
    let info;
    try {
      info = await lstat(full);
    } catch {
      continue; // tracked by git but deleted from the work tree: nothing to read
    }
    if (info.isSymbolicLink()) await followLink(full, walk);
    // A submodule or nested repository, listed by git as one entry.
    else if (info.isDirectory()) await walkDir(full, walk);
    // Regular files, and FIFOs, sockets and devices, which the reader skips without opening.
    else walk.files.add(full);
  }
}

/**
 * Links are followed out of the tree only. A link to a file or folder inside the tree is left alone:
 * the target is scanned at its own path, so nothing is reported twice. A link to a folder holding it
 * is a loop.
 */
async function followLink(link: string, walk: Walk): Promise<void> {
  let real: string;
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(link)).isDirectory();
    real = await realpath(link);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') walk.warnings.push(`${link}: symlink loop, skipped`);
    else if (code === 'ENOENT') walk.warnings.push(`${link}: broken symlink, skipped`);
    else walk.warnings.push(`${link}: cannot follow symlink (${code ?? 'error'}), skipped`);
    return;
  }
  const linkDir = await realpath(path.dirname(link));
  if (isDirectory && (walk.visitedDirs.has(real) || isInside(linkDir, real))) {
    walk.warnings.push(`${link}: symlink loop, not followed`);
  } else if (!isInside(real, walk.realRoot)) {
    if (isDirectory) await walkDir(link, walk);
    else walk.files.add(link);
  }
}

function isInside(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);
}

/** Tracked + untracked-not-ignored paths, or undefined when `dir` is not inside a git work tree. */
async function gitListing(dir: string): Promise<string[] | undefined> {
  try {
    const { stdout } = await run(
      'git',
      ['-C', dir, 'ls-files', '-z', '--cached', '--others', '--exclude-standard', '--deduplicate', '--', '.'],
      { maxBuffer: 1 << 30, encoding: 'buffer' },
    );
    const paths = stdout.toString('utf8').split('\0').filter(Boolean);
    return paths.filter((p) => !p.split('/').some((part) => ALWAYS_SKIPPED_DIRS.includes(part)));
  } catch {
    return undefined;
  }
}

/** Every entry under `dir` but folders (fast-glob walks those itself); links are kept, not followed. */
async function globEntries(dir: string, ignoreGlobs: string[]): Promise<string[]> {
  const entries = await fg('**/*', {
    cwd: dir,
    dot: true,
    onlyFiles: false,
    followSymbolicLinks: false,
    suppressErrors: true,
    ignore: ignoreGlobs,
    objectMode: true,
  });
  return entries.filter((e) => !e.dirent.isDirectory()).map((e) => e.path);
}

/** Outside git: honour every .gitignore below `dir`, each relative to its own folder. */
async function globWithGitignore(dir: string): Promise<string[]> {
  const skip = ALWAYS_SKIPPED_DIRS.map((d) => `**/${d}/**`);
  const gitignores = await fg('**/.gitignore', { cwd: dir, dot: true, ignore: skip, suppressErrors: true });
  const rules = new Map<string, Ignore>();
  for (const file of gitignores) {
    const base = path.posix.dirname(file);
    const text = await readFile(path.join(dir, file), 'utf8').catch(() => '');
    rules.set(base === '.' ? '' : base, ignore().add(text));
  }
  const entries = await globEntries(dir, skip);
  return rules.size ? entries.filter((p) => !isGitignored(p, rules)) : entries;
}

function isGitignored(relative: string, rules: Map<string, Ignore>): boolean {
  const parts = relative.split('/');
  // An ignored folder hides everything below it, whatever deeper .gitignore files say (as in git).
  for (let i = 1; i <= parts.length; i++) if (ignoredAt(parts.slice(0, i), i < parts.length, rules)) return true;
  return false;
}

/** Git's precedence: the deepest .gitignore with an opinion on the path (ignore or `!` re-include) wins. */
function ignoredAt(parts: string[], isDirectory: boolean, rules: Map<string, Ignore>): boolean {
  for (let depth = parts.length - 1; depth >= 0; depth--) {
    const rule = rules.get(parts.slice(0, depth).join('/'));
    if (!rule) continue;
    const verdict = rule.test(parts.slice(depth).join('/') + (isDirectory ? '/' : ''));
    if (verdict.ignored) return true;
    if (verdict.unignored) return false;
  }
  return false;
}
