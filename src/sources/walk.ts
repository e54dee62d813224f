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

/** Absolute paths of the regular files (and links to them) under `dir`. */
export async function listFiles(dir: string, options: WalkOptions = {}): Promise<WalkResult> {
  const warnings: string[] = [];
  const files = new Set<string>();
  const visitedDirs = new Set<string>();
  await walkDir(dir, options, files, warnings, visitedDirs);
  return { files: [...files].sort(), warnings };
}

async function walkDir(
  dir: string,
  options: WalkOptions,
  files: Set<string>,
  warnings: string[],
  visitedDirs: Set<string>,
): Promise<void> {
  const real = await realpath(dir);
  if (visitedDirs.has(real)) {
    warnings.push(`${dir}: symlink loop, not followed again`);
    return;
  }
  visitedDirs.add(real);
  const entries = options.noIgnore ? await globAll(dir, []) : ((await gitListing(dir)) ?? (await globWithGitignore(dir)));
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
    if (info.isSymbolicLink()) {
      await followLink(full, options, files, warnings, visitedDirs);
    } else if (info.isDirectory()) {
      // A submodule or nested repository listed by git as one entry.
      await walkDir(full, options, files, warnings, visitedDirs);
    } else {
      files.add(full);
    }
  }
}

async function followLink(
  link: string,
  options: WalkOptions,
  files: Set<string>,
  warnings: string[],
  visitedDirs: Set<string>,
): Promise<void> {
  try {
    const target = await stat(link);
    if (target.isDirectory()) await walkDir(link, options, files, warnings, visitedDirs);
    else files.add(link);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') warnings.push(`${link}: symlink loop, skipped`);
    else if (code === 'ENOENT') warnings.push(`${link}: broken symlink, skipped`);
    else warnings.push(`${link}: cannot follow symlink (${code ?? 'error'}), skipped`);
  }
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

async function globAll(dir: string, ignoreGlobs: string[]): Promise<string[]> {
  return fg('**/*', {
    cwd: dir,
    dot: true,
    onlyFiles: false,
    markDirectories: false,
    followSymbolicLinks: false,
    suppressErrors: true,
    ignore: ignoreGlobs,
    // Directories are walked by fast-glob itself; we only want leaves and links.
    onlyDirectories: false,
  }).then((entries) => entries.filter((e) => !e.endsWith('/')));
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
  const entries = await fg('**/*', {
    cwd: dir,
    dot: true,
    onlyFiles: false,
    followSymbolicLinks: false,
    suppressErrors: true,
    ignore: skip,
    stats: true,
  });
  return entries
    .filter((e) => !e.dirent.isDirectory())
    .map((e) => e.path)
    .filter((p) => !isGitignored(p, rules));
}

function isGitignored(relative: string, rules: Map<string, Ignore>): boolean {
  const parts = relative.split('/');
  // Check each ancestor's rules against the path relative to that ancestor, and each ancestor
  // directory itself (an ignored directory hides everything below it).
  for (let depth = 0; depth < parts.length; depth++) {
    const base = parts.slice(0, depth).join('/');
    const rule = rules.get(base);
    if (!rule) continue;
    const rest = parts.slice(depth);
    for (let i = 1; i <= rest.length; i++) {
      const candidate = rest.slice(0, i).join('/') + (i < rest.length ? '/' : '');
      if (rule.ignores(candidate)) return true;
    }
  }
  return false;
}
