// Installs aisa-guard's hooks: lines in husky's files when the project uses husky (initialising husky
// when git would not run them yet), otherwise scripts in the hooks folder git actually reads. A user's
// hook is never overwritten: it is renamed and chained. Running it twice changes nothing. Nothing is
// written through a symbolic link, nor outside the repository (except a global hooks folder the user set).
import { spawnSync } from 'node:child_process';
import { constants, existsSync, lstatSync, realpathSync } from 'node:fs';
import { chmod, mkdir, open, rename } from 'node:fs/promises';
import path from 'node:path';
import { OperationalError, messageOf } from '../errors.js';
import { runGit } from '../git/index.js';
import { MAX_CONFIG_BYTES, readRegularFile } from '../config/read.js';
import { CHAINED_SUFFIX, HOOK_MARKER, HOOK_NAMES, gitHookScript, huskyLine, isHuskyLine, type HookName } from './scripts.js';
import { inside, isDirectory, locate, type HookPlace } from './where.js';

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
  /** What init did to make git run husky's hooks (`husky` run), if anything. */
  huskyInitialised?: string;
}

export async function installHooks(options: InstallOptions): Promise<InstallResult> {
  const place = await locate(options.cwd);
  const huskyDir = options.husky || !place.global ? huskyFolder(place, options.husky === true) : undefined;
  if (huskyDir) {
    const hooks = [];
    for (const hook of HOOK_NAMES) hooks.push(await addHuskyLine(place, huskyDir, hook));
    return { mode: 'husky', root: place.root, hooks, huskyInitialised: await initialiseHusky(place, huskyDir) };
  }
  const hooks = [];
  for (const hook of HOOK_NAMES) hooks.push(await writeGitHook(place, hook));
  return { mode: 'git', root: place.root, hooks };
}

/** husky's folder when the project uses husky: the one core.hooksPath names, an existing .husky, or a new one. */
export function huskyFolder(place: HookPlace, forced: boolean): string | undefined {
  const value = place.hooksPath?.value;
  if (value && !place.global) {
    const dir = path.resolve(place.root, value);
    if (path.basename(dir) === '_' && existsSync(path.join(dir, 'h'))) return path.dirname(dir);
    if (existsSync(path.join(dir, '_', 'husky.sh'))) return dir; // husky 4-8
  }
  for (const dir of [place.packageDir, place.root]) if (isDirectory(path.join(dir, '.husky'))) return path.join(dir, '.husky');
  if (forced || declaresHusky(place.packageDir) || declaresHusky(place.root)) return path.join(place.root, '.husky');
  return undefined;
}

function declaresHusky(dir: string): boolean {
  try {
    const manifest = JSON.parse(readRegularFile(path.join(dir, 'package.json'), 'package.json', MAX_CONFIG_BYTES) ?? '{}') as Record<string, unknown>;
    return ['devDependencies', 'dependencies'].some((field) => Object.hasOwn((manifest[field] as object) ?? {}, 'husky'));
  } catch {
    return false;
  }
}

/**
 * husky 9 hooks run only once `husky` has pointed core.hooksPath at `<dir>/_`. When it has not, run
 * the project's husky (as its prepare script would); without an installed husky, fail with the fix.
 */
async function initialiseHusky(place: HookPlace, huskyDir: string): Promise<string | undefined> {
  if (existsSync(path.join(huskyDir, '_', 'husky.sh')) && !existsSync(path.join(huskyDir, '_', 'h'))) return undefined; // husky 4-8
  const relative = path.relative(place.root, huskyDir).split(path.sep).join('/');
  if (place.hooksPath && path.resolve(place.root, place.hooksPath.value) === path.join(huskyDir, '_') && existsSync(path.join(huskyDir, '_', 'h'))) {
    return undefined;
  }
  const bin = [place.packageDir, place.root].map((dir) => path.join(dir, 'node_modules', 'husky', 'bin.js')).find((file) => existsSync(file));
  const command = `npx husky${relative === '.husky' ? '' : ` ${relative}`}`;
  if (!bin) {
    throw new OperationalError(`husky is not set up, so git would not run ${relative}/: install it ("npm install -D husky"), then run "${command}" at ${place.root}`);
  }
  const tracked = await trackedHusky(place.root, bin);
  if (tracked) {
    throw new OperationalError(
      `${tracked} holds files tracked by git: not running the repository's husky; install your own ("npm install -D husky"), then run "${command}" at ${place.root}`,
    );
  }
  const run = spawnSync(process.execPath, [bin, relative], { cwd: place.root, encoding: 'utf8' });
  const said = `${run.stdout ?? ''}${run.stderr ?? ''}`.trim();
  if (run.status !== 0 || !existsSync(path.join(huskyDir, '_', 'h'))) {
    throw new OperationalError(`could not initialise husky${said ? ` (${said.split('\n')[0]})` : ''}: run "${command}" at ${place.root}`);
  }
  return `ran husky: core.hooksPath is now ${relative}/_`;
}

/**
 * The husky folder (as found, or where its symbolic links lead) when git tracks a file in it: the
 * repository's own copy, which init must never run. Only the user's install (npm put it there, git
 * does not know it) is run.
 */
async function trackedHusky(root: string, bin: string): Promise<string | undefined> {
  let real: string;
  try {
    real = realpathSync(bin);
  } catch {
    return path.relative(root, path.dirname(bin));
  }
  for (const dir of new Set([path.dirname(bin), path.dirname(real)])) {
    const shown = path.relative(root, dir) || '.';
    if (!inside(dir, root)) continue;
    const { code, stdout } = await runGit(root, ['ls-files', '-z', '--', shown], '', { keepHooksPath: true });
    if (code !== 0 || stdout.length > 0) return shown;
  }
  return undefined;
}

async function writeGitHook(place: HookPlace, hook: HookName): Promise<HookOutcome> {
  const file = path.join(place.hooksDir, hook);
  const script = gitHookScript(hook, place.cli);
  assertWritable(place, file);
  const existing = readOptional(file);
  if (existing === script) return { hook, file, action: 'unchanged' };
  await mkdir(place.hooksDir, { recursive: true });
  let outcome: HookOutcome = { hook, file, action: existing === undefined ? 'installed' : 'updated' };
  if (existing !== undefined && !existing.includes(HOOK_MARKER)) {
    const chainedTo = file + CHAINED_SUFFIX;
    if (readOptional(chainedTo) !== undefined) {
      throw new OperationalError(`${file} is not aisa-guard's and ${path.basename(chainedTo)} already exists: merge them by hand`);
    }
    await rename(file, chainedTo);
    outcome = { hook, file, action: 'chained', chainedTo };
  }
  await writeNoFollow(file, script, 0o755);
  await chmod(file, 0o755);
  return outcome;
}

async function addHuskyLine(place: HookPlace, dir: string, hook: HookName): Promise<HookOutcome> {
  const file = path.join(dir, hook);
  assertWritable(place, file);
  const line = huskyLine(hook, place.cli.project);
  const existing = readOptional(file);
  const lines = existing?.split('\n') ?? [];
  if (lines.some((l) => l.trim() === line)) return { hook, file, action: 'unchanged' };
  await mkdir(dir, { recursive: true });
  if (existing === undefined) {
    // husky 4-8 hooks source _/husky.sh; husky 9 hooks are plain shell (its _/h runs them, and the
    // _/husky.sh it also ships only prints a deprecation warning).
    const legacy = existsSync(path.join(dir, '_', 'husky.sh')) && !existsSync(path.join(dir, '_', 'h'));
    const header = legacy ? '#!/usr/bin/env sh\n. "$(dirname -- "$0")/_/husky.sh"\n\n' : '';
    await writeNoFollow(file, `${header}${line}\n`, 0o755);
    return { hook, file, action: 'installed' };
  }
  const older = lines.findIndex((l) => isHuskyLine(l, hook));
  if (older !== -1) {
    lines[older] = line; // an earlier aisa-guard line (npx, another path): replaced in place
    await writeNoFollow(file, lines.join('\n'));
    return { hook, file, action: 'updated' };
  }
  await writeNoFollow(file, `${existing}${existing === '' || existing.endsWith('\n') ? '' : '\n'}${line}\n`);
  return { hook, file, action: 'appended' };
}

/**
 * Refuses a target that is, or lies under, a symbolic link below the repository (a committed
 * `.husky/pre-commit -> ../../elsewhere`), and one outside the repository unless the user's global
 * core.hooksPath put it there.
 */
function assertWritable(place: HookPlace, file: string): void {
  const base = [place.root, place.commonDir].find((dir) => inside(file, dir));
  if (!base && !place.global) {
    throw new OperationalError(`${file} is outside the repository (core.hooksPath from ${place.hooksPath?.scope ?? 'git'} config): not writing there`);
  }
  const start = base ?? path.dirname(file);
  const parts = path.relative(start, file).split(path.sep).filter(Boolean);
  let at = start;
  for (const part of parts) {
    at = path.join(at, part);
    let link = false;
    try {
      link = lstatSync(at).isSymbolicLink();
    } catch {
      return; // the rest does not exist yet: it will be created as plain folders and files
    }
    if (link) throw new OperationalError(`${path.relative(place.root, at) || at} is a symbolic link: not writing through it`);
  }
}

/** Writes without following a symbolic link at the last component (the check above covers the rest). */
async function writeNoFollow(file: string, text: string, mode = 0o644): Promise<void> {
  const handle = await open(file, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, mode);
  try {
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
}

/** A hook file's text (undefined when absent); a FIFO, device or huge file there is an error, never a hang. */
function readOptional(file: string): string | undefined {
  try {
    return readRegularFile(file, file, MAX_CONFIG_BYTES);
  } catch (error) {
    throw new OperationalError(messageOf(error));
  }
}
