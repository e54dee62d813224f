// Where hooks go and what they run: the work tree, the hooks folder git reads (core.hooksPath and
// worktrees honoured), whether that folder is the user's global one, husky's folder, and the CLI.
import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { OperationalError } from '../errors.js';
import { gitError, runGit } from '../git/index.js';
import type { CliLocation } from './scripts.js';

export interface HookPlace {
  root: string;
  /** The folder git runs hooks from (absolute). */
  hooksDir: string;
  /** `core.hooksPath` as configured, and where it was set (local, global, system, worktree, command). */
  hooksPath?: { value: string; scope: string };
  /** The repository's own folder (`.git`, shared by linked worktrees). */
  commonDir: string;
  /** The nearest folder with a package.json from cwd up to the root (the root when none). */
  packageDir: string;
  /** Hooks live outside this repository in a folder the user configured globally. */
  global: boolean;
  cli: CliLocation;
}

export async function locate(cwd: string): Promise<HookPlace> {
  if (!isDirectory(cwd)) throw new OperationalError(`${cwd}: no such directory`);
  const args = ['rev-parse', '--show-toplevel', '--git-path', 'hooks', '--git-common-dir'];
  const { code, stdout, stderr } = await runGit(cwd, args, '', { keepHooksPath: true });
  if (code !== 0) throw gitError(cwd, args, stderr);
  const [root, hooks, common] = stdout.toString('utf8').split('\n');
  const hooksDir = path.resolve(cwd, hooks);
  const commonDir = path.resolve(cwd, common);
  const hooksPath = await configured(root);
  const global = hooksPath !== undefined && ['global', 'system'].includes(hooksPath.scope) && !inside(hooksDir, root) && !inside(hooksDir, commonDir);
  const packageDir = nearestPackage(path.resolve(cwd), root);
  return { root, hooksDir, hooksPath, commonDir, packageDir, global, cli: { project: projectCli(packageDir, root), installed: outside(runningCli(), root), global } };
}

async function configured(root: string): Promise<HookPlace['hooksPath']> {
  const { code, stdout } = await runGit(root, ['config', '--show-scope', '--get', 'core.hooksPath'], '', { keepHooksPath: true });
  if (code !== 0) return undefined;
  const [scope, ...value] = stdout.toString('utf8').trimEnd().split('\t');
  return { scope, value: value.join('\t') };
}

/** A CLI inside the repository is the project's (found as such), not an installed one. */
function outside(file: string | undefined, root: string): string | undefined {
  return file && !inside(file, root) ? file : undefined;
}

function nearestPackage(from: string, root: string): string {
  for (let dir = from; inside(dir, root); dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (dir === root) break;
  }
  return root;
}

/** The project's installed CLI (its node_modules/.bin entry), nearest first, relative to the root. */
function projectCli(packageDir: string, root: string): string | undefined {
  for (let dir = packageDir; inside(dir, root); dir = path.dirname(dir)) {
    const bin = path.join(dir, 'node_modules', '.bin', 'aisa-guard');
    if (existsSync(bin)) return path.relative(root, bin).split(path.sep).join('/');
    if (dir === root) break;
  }
  return undefined;
}

/** This CLI's own file, unless it runs from an npx cache (gone after a cache clean). */
function runningCli(): string | undefined {
  try {
    const file = realpathSync(process.argv[1] ?? '');
    return file.includes(`${path.sep}_npx${path.sep}`) ? undefined : file;
  } catch {
    return undefined;
  }
}

export function inside(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

export function isDirectory(dir: string): boolean {
  try {
    return statSync(dir).isDirectory();
  } catch {
    return false;
  }
}
