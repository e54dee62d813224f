// Finds the config file nearest to the scan root (walking up) and loads it, validated.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError, messageOf } from '../errors.js';
import { configProblem } from '../config/schema.js';
import type { AisaGuardConfig, LoadedConfig } from '../config/types.js';

/** Looked for in each folder, in this order; `package.json` counts only when it has an "aisa-guard" key. */
export const CONFIG_FILES = ['aisa-guard.config.json', '.aisa-guardrc.json', 'package.json'] as const;
const PACKAGE_KEY = 'aisa-guard';

/**
 * The validated config for a scan rooted at `startDir`: `explicitPath` if given (`--config`), else the
 * nearest config file in `startDir` or above, else an empty config. Any problem is a UsageError naming
 * the file, the JSON path and what is wrong.
 */
export function loadConfig(startDir: string, explicitPath?: string): LoadedConfig {
  if (explicitPath !== undefined) {
    const file = path.resolve(explicitPath);
    const text = readText(file);
    if (text === undefined) throw new UsageError(`${explicitPath}: config file not found`);
    return parse(file, text, path.basename(file) === 'package.json');
  }
  for (let dir = path.resolve(startDir); ; dir = path.dirname(dir)) {
    for (const name of CONFIG_FILES) {
      const file = path.join(dir, name);
      const text = readText(file);
      if (text === undefined) continue;
      if (name !== 'package.json') return parse(file, text, false);
      const loaded = parse(file, text, true, true);
      if (loaded) return loaded;
    }
    if (path.dirname(dir) === dir) return { config: {}, dir: path.resolve(startDir) };
  }
}

function parse(file: string, text: string, fromPackage: boolean): LoadedConfig;
function parse(file: string, text: string, fromPackage: boolean, optional: true): LoadedConfig | undefined;
function parse(file: string, text: string, fromPackage: boolean, optional = false): LoadedConfig | undefined {
  const shown = displayPath(file);
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
  return { config: config as AisaGuardConfig, file, dir: path.dirname(file) };
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR') return undefined;
    throw new UsageError(`${displayPath(file)}: cannot read config (${code ?? messageOf(error)})`);
  }
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
