// Finds and loads config files, validated, and decides which of them may be trusted with what.
//
// Trust: the repository's own config (aisa-guard.config.json, .aisa-guardrc.json, package.json#aisa-guard)
// is scanned content. It may narrow what is reported, but it may not choose where keys are sent: a
// repository config that sets `aisa.*` or `revoke.*` is refused. Those come only from flags, environment,
// the user-level config ($XDG_CONFIG_HOME/aisa-guard/config.json) or a file named with --config.
// Lookup walks up from the scan root but stops at the repository root (the scan root outside git), and a
// file not owned by the current user, or writable by others, is never read: a discovered one is ignored
// with a warning (ignoring a config only ever reports more), one named with --config is an error.
import { statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UsageError, messageOf } from '../errors.js';
import { configProblem } from '../config/schema.js';
import { MAX_CONFIG_BYTES, readRegularFile } from '../config/read.js';
import type { AisaGuardConfig, ConfigOrigin, LoadedConfig } from '../config/types.js';
import { findWorkTree } from '../git/index.js';
import { DEFAULT_ARCHIVE_LIMITS } from '../containers/index.js';
import { parseSize } from './flags.js';

/** Looked for in each folder, in this order; `package.json` counts only when it has an "aisa-guard" key. */
export const CONFIG_FILES = ['aisa-guard.config.json', '.aisa-guardrc.json', 'package.json'] as const;
const PACKAGE_KEY = 'aisa-guard';
/** Keys that choose where keys are sent and how requests authenticate. */
const ENDPOINT_KEYS = ['aisa', 'revoke'] as const;

export interface ConfigLookup {
  /** `--config FILE`: used instead of any discovered file. */
  explicit?: string;
  /** The highest folder searched (default: the repository root above the start, else the start itself). */
  stopAt?: string;
  /** Files ignored (ownership, permissions) are reported here. */
  warnings?: string[];
}

/**
 * The validated project config for a scan rooted at `startDir`: the --config file if given, else the
 * nearest config file from `startDir` up to the repository root, else an empty config. Any problem is a
 * UsageError naming the file, the JSON path and what is wrong.
 */
export function loadConfig(startDir: string, lookup: string | ConfigLookup = {}): LoadedConfig {
  const { explicit, stopAt, warnings = [] } = typeof lookup === 'string' ? { explicit: lookup } : lookup;
  const start = path.resolve(startDir);
  if (explicit !== undefined) {
    const file = path.resolve(explicit);
    const text = readText(file, 'explicit', warnings);
    if (text === undefined) throw new UsageError(`${explicit}: config file not found`);
    return parse(file, displayPath(file), text, path.basename(file) === 'package.json', 'explicit');
  }
  const top = path.resolve(stopAt ?? findWorkTree(start)?.root ?? start);
  const inside = start === top || start.startsWith(top.endsWith(path.sep) ? top : top + path.sep);
  for (let dir = start; ; dir = path.dirname(dir)) {
    const found = configIn(dir, warnings);
    if (found) return found;
    if (!inside || dir === top || path.dirname(dir) === dir) return { config: {}, dir: start, origin: 'none' };
  }
}

function configIn(dir: string, warnings: string[]): LoadedConfig | undefined {
  for (const name of CONFIG_FILES) {
    const file = path.join(dir, name);
    const text = readText(file, 'repository', warnings);
    if (text === undefined) continue;
    const loaded = parse(file, displayPath(file), text, name === 'package.json', 'repository', name === 'package.json');
    if (loaded) return loaded;
  }
  return undefined;
}

/** A repository config read from git (the base revision of a range scan): `texts` in CONFIG_FILES order. */
export function configFromRevision(root: string, revision: string, texts: readonly (string | undefined)[]): LoadedConfig {
  for (const [i, name] of CONFIG_FILES.entries()) {
    const text = texts[i];
    if (text === undefined) continue;
    const shown = `${revision.slice(0, 12)}:${name}`;
    const loaded = parse(path.join(root, name), shown, text, name === 'package.json', 'repository', name === 'package.json');
    if (loaded) return { ...loaded, file: shown };
  }
  return { config: {}, dir: root, origin: 'none' };
}

/** `$XDG_CONFIG_HOME/aisa-guard/config.json` (default `~/.config/…`): the user's own, trusted settings. */
export function userConfigFile(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'aisa-guard', 'config.json');
}

export function loadUserConfig(warnings: string[] = [], env: NodeJS.ProcessEnv = process.env): LoadedConfig | undefined {
  const file = userConfigFile(env);
  const text = readText(file, 'user', warnings);
  if (text === undefined) return undefined;
  const loaded = parse(file, file, text, false, 'user');
  // Globs are relative to a project's folder; the user's file has none.
  if (loaded.config.ignore) throw new UsageError(`${file}: /ignore: belongs in a project's config, not the user config`);
  return loaded;
}

/** The user config's keys as defaults under the project's (or --config's). */
export function withUserDefaults(project: LoadedConfig, user: LoadedConfig | undefined, warnings: string[] = []): LoadedConfig {
  const config: AisaGuardConfig = { ...user?.config, ...project.config };
  if (project.origin === 'repository') capLimits(project, config, user?.config ?? {}, warnings);
  if (!user) return { ...project, config };
  // Endpoints: a trusted project file (--config) wins; otherwise only the user's count.
  if (project.origin !== 'explicit') for (const key of ENDPOINT_KEYS) if (user.config[key]) config[key] = user.config[key] as never;
  return { ...project, config };
}

/** Archive limits, and the default each has when neither flag nor trusted config sets it. */
const LIMIT_DEFAULTS = {
  maxArchiveDepth: DEFAULT_ARCHIVE_LIMITS.maxDepth,
  maxArchiveBytes: DEFAULT_ARCHIVE_LIMITS.maxBytes,
  maxArchiveEntries: DEFAULT_ARCHIVE_LIMITS.maxEntries,
  maxArchiveRatio: DEFAULT_ARCHIVE_LIMITS.maxRatio,
} as const;

/**
 * The scanned repository's config may lower an archive limit but not raise it past the user's (or the
 * default): a bomb it ships cannot also buy itself more time and memory.
 */
function capLimits(project: LoadedConfig, config: AisaGuardConfig, user: AisaGuardConfig, warnings: string[]): void {
  for (const [key, fallback] of Object.entries(LIMIT_DEFAULTS) as [keyof typeof LIMIT_DEFAULTS, number][]) {
    const own = project.config[key];
    if (own === undefined) continue;
    const ceiling = user[key] ?? fallback;
    const size = (value: number | string) => (typeof value === 'string' ? parseSize(value, key) : value);
    if (size(own) <= size(ceiling)) continue;
    config[key] = ceiling as never;
    warnings.push(`${project.file ? displayPath(project.file) : 'config'}: /${key}: a limit above ${ceiling} is not taken from the scanned repository (use --${flagOf(key)} or the user config)`);
  }
}

const flagOf = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function parse(file: string, shown: string, text: string, fromPackage: boolean, origin: ConfigOrigin): LoadedConfig;
function parse(file: string, shown: string, text: string, fromPackage: boolean, origin: ConfigOrigin, optional: boolean): LoadedConfig | undefined;
function parse(file: string, shown: string, text: string, fromPackage: boolean, origin: ConfigOrigin, optional = false): LoadedConfig | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    // A broken package.json without our key is not ours to complain about.
    if (optional && !text.includes(`"${PACKAGE_KEY}"`)) return undefined;
    throw new UsageError(`${shown}: not valid JSON${whereJsonBroke(text, error)}`);
  }
  let config = data;
  let prefix = '';
  if (fromPackage) {
    if (typeof data !== 'object' || data === null || !(PACKAGE_KEY in data)) {
      if (optional) return undefined;
      throw new UsageError(`${shown}: no "${PACKAGE_KEY}" key`);
    }
    config = (data as Record<string, unknown>)[PACKAGE_KEY];
    prefix = `/${PACKAGE_KEY}`;
  }
  const problem = configProblem(config, prefix);
  if (problem) throw new UsageError(`${shown}: ${problem}`);
  if (origin === 'repository') refuseEndpoints(config as AisaGuardConfig, shown, prefix);
  return { config: config as AisaGuardConfig, file, dir: path.dirname(file), origin };
}

/** A scanned repository never chooses where found keys (or the admin key) are sent. */
function refuseEndpoints(config: AisaGuardConfig, shown: string, prefix: string): void {
  for (const key of ENDPOINT_KEYS) {
    const value = config[key];
    if (value === undefined) continue;
    const inner = Object.keys(value)[0];
    throw new UsageError(
      `${shown}: ${prefix}/${key}${inner ? `/${inner}` : ''}: endpoints and credentials are not taken from the scanned repository ` +
        `(set them in ${displayHome(userConfigFile())}, with --config FILE or the AISA_* environment variables)`,
    );
  }
}

/** The file's text, or undefined when absent or not trusted (see the header). */
function readText(file: string, origin: ConfigOrigin, warnings: string[]): string | undefined {
  const distrust = distrusted(file);
  if (distrust && origin === 'explicit') throw new UsageError(`${displayPath(file)}: ${distrust}: refusing to read it`);
  if (distrust) {
    // Another user's package.json without our key says nothing to us: no need to warn about it.
    if (path.basename(file) !== 'package.json' || rawText(file)?.includes(`"${PACKAGE_KEY}"`) !== false) {
      warnings.push(`${displayPath(file)}: ${distrust}, ignored`);
    }
    return undefined;
  }
  return rawText(file);
}

/** Only a regular file, opened without blocking and read up to a cap: a FIFO or /dev/zero is a one-line error. */
function rawText(file: string): string | undefined {
  return readRegularFile(file, `${displayPath(file)}: config`, MAX_CONFIG_BYTES);
}

/** Why a config file must not be read, if it must not: another user's, or writable by anyone. */
function distrusted(file: string): string | undefined {
  const info = statSync(file, { throwIfNoEntry: false });
  if (!info?.isFile()) return undefined;
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid) return `owned by another user (uid ${info.uid})`;
  if (process.platform !== 'win32' && info.mode & 0o002) return 'writable by every user';
  return undefined;
}

/** V8's messages differ by version and may quote the file; we report only where it broke. */
function whereJsonBroke(text: string, error: unknown): string {
  const message = messageOf(error);
  const position = /at position (\d+)/.exec(message);
  if (position) {
    const before = text.slice(0, Number(position[1])).split('\n');
    return ` (line ${before.length}, column ${before[before.length - 1].length + 1})`;
  }
  return /end of JSON input/.test(message) ? ' (unexpected end of file)' : '';
}

/** Relative to the working directory when below it: what the user would type. */
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

function displayHome(file: string): string {
  const home = os.homedir();
  return file.startsWith(home + path.sep) ? `~${file.slice(home.length)}` : file;
}
