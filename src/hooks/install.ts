// Installs aisa-guard's hooks: lines in husky's files when the project uses husky, otherwise scripts in
// the hooks folder git actually reads (core.hooksPath and worktrees honoured). A user's hook is never
// overwritten: it is renamed and chained. Running it twice changes nothing.
import { chmod, mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { OperationalError, messageOf } from '../errors.js';
import { gitError, runGit } from '../git/index.js';
import { CHAINED_SUFFIX, HOOK_MARKER, HOOK_NAMES, HUSKY_LINE, gitHookScript, type HookName } from './scripts.js';

export type HookAction = 'installed' | 'chained' | 'updated' | 'unchanged' | 'appended';

export interface HookOutcome {
  hook: HookName;
  file: string;
  action: HookAction;
  /** Where the user's previous hook went (action `chained`). */
  chainedTo?: string;
}

export interface InstallOptions {
  /** Any folder inside the work tree. */
  cwd: string;
  /** Force husky mode even when no husky setup is detected. */
  husky?: boolean;
}

export interface InstallResult {
  mode: 'husky' | 'git';
  root: string;
  hooks: HookOutcome[];
}

export async function installHooks(options: InstallOptions): Promise<InstallResult> {
  const { root, hooksDir } = await locate(options.cwd);
  if (options.husky || (await usesHusky(root))) {
    const dir = path.join(root, '.husky');
    const hooks = [];
    for (const hook of HOOK_NAMES) hooks.push(await addHuskyLine(dir, hook));
    return { mode: 'husky', root, hooks };
  }
  const hooks = [];
  for (const hook of HOOK_NAMES) hooks.push(await writeGitHook(hooksDir, hook));
  return { mode: 'git', root, hooks };
}

/** The top of the work tree and the hooks folder git uses (`--git-path hooks` follows core.hooksPath). */
async function locate(cwd: string): Promise<{ root: string; hooksDir: string }> {
  if (!(await isDirectory(cwd))) throw new OperationalError(`${cwd}: no such directory`);
  const args = ['rev-parse', '--show-toplevel', '--git-path', 'hooks'];
  const { code, stdout, stderr } = await runGit(cwd, args);
  if (code !== 0) throw gitError(cwd, args, stderr);
  const [root, hooks] = stdout.toString('utf8').split('\n');
  return { root, hooksDir: path.resolve(cwd, hooks) };
}

async function usesHusky(root: string): Promise<boolean> {
  if (await isDirectory(path.join(root, '.husky'))) return true;
  try {
    const manifest = JSON.parse(await readFile(path.join(root, 'package.json'), 'utf8')) as Record<string, unknown>;
    return ['devDependencies', 'dependencies'].some((field) => Object.hasOwn((manifest[field] as object) ?? {}, 'husky'));
  } catch {
    return false;
  }
}

async function writeGitHook(hooksDir: string, hook: HookName): Promise<HookOutcome> {
  const file = path.join(hooksDir, hook);
  const script = gitHookScript(hook);
  const existing = await readOptional(file);
  if (existing === script) return { hook, file, action: 'unchanged' };
  await mkdir(hooksDir, { recursive: true });
  let outcome: HookOutcome = { hook, file, action: existing === undefined ? 'installed' : 'updated' };
  if (existing !== undefined && !existing.includes(HOOK_MARKER)) {
    const chainedTo = file + CHAINED_SUFFIX;
    if ((await readOptional(chainedTo)) !== undefined) {
      throw new OperationalError(`${file} is not aisa-guard's and ${path.basename(chainedTo)} already exists: merge them by hand`);
    }
    await rename(file, chainedTo);
    outcome = { hook, file, action: 'chained', chainedTo };
  }
  await writeFile(file, script, { mode: 0o755 });
  await chmod(file, 0o755);
  return outcome;
}

async function addHuskyLine(dir: string, hook: HookName): Promise<HookOutcome> {
  const file = path.join(dir, hook);
  const line = HUSKY_LINE[hook];
  const existing = await readOptional(file);
  if (existing?.split('\n').some((l) => l.trim() === line)) return { hook, file, action: 'unchanged' };
  await mkdir(dir, { recursive: true });
  if (existing === undefined) {
    // husky 4-8 hooks source _/husky.sh; husky 9 hooks are plain shell (its _/h runs them, and the
    // _/husky.sh it also ships only prints a deprecation warning).
    const legacy = (await readOptional(path.join(dir, '_', 'husky.sh'))) !== undefined && (await readOptional(path.join(dir, '_', 'h'))) === undefined;
    const header = legacy ? '#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\n\n' : '';
    await writeFile(file, `${header}${line}\n`, { mode: 0o755 });
    return { hook, file, action: 'installed' };
  }
  await writeFile(file, `${existing}${existing === '' || existing.endsWith('\n') ? '' : '\n'}${line}\n`);
  return { hook, file, action: 'appended' };
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new OperationalError(`cannot read ${file}: ${messageOf(error)}`);
  }
}

async function isDirectory(dir: string): Promise<boolean> {
  try {
    return (await stat(dir)).isDirectory();
  } catch {
    return false;
  }
}
