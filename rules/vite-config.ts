// Vite's `envPrefix` (vite.config.*): every variable with one of these prefixes is inlined into client
// code, like `VITE_`. The config is read statically, never run (it is the project's code): the nearest
// vite.config.* above the linted file, up to the folder holding its package.json. Cached per folder and
// per config file size and modification time.
import fs from 'node:fs';
import path from 'node:path';
import type { TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES as T, childrenOf } from './typescript-eslint.js';
import { parseWithOxc } from './typescript/parser.js';

const CONFIG_NAMES = ['vite.config.ts', 'vite.config.mts', 'vite.config.js', 'vite.config.mjs', 'vite.config.cjs', 'vite.config.cts'];
const MAX_CONFIG_BYTES = 256 * 1024;
const MAX_LEVELS = 32;

const configOfFolder = new Map<string, string | null>();
const prefixesOfConfig = new Map<string, { key: string; prefixes: string[] }>();

/** The `envPrefix` values of the Vite project `file` belongs to ([] when none is set or found). */
export function viteEnvPrefixes(file: string): string[] {
  if (!path.isAbsolute(file)) return [];
  const config = configFor(path.dirname(file), 0);
  return config ? prefixesOf(config) : [];
}

function configFor(folder: string, level: number): string | null {
  const known = configOfFolder.get(folder);
  if (known !== undefined) return known;
  let found: string | null = null;
  const names = safeReaddir(folder);
  const name = CONFIG_NAMES.find((each) => names.has(each));
  if (name) found = path.join(folder, name);
  else if (!names.has('package.json') && level < MAX_LEVELS && path.dirname(folder) !== folder) found = configFor(path.dirname(folder), level + 1);
  configOfFolder.set(folder, found);
  return found;
}

function safeReaddir(folder: string): Set<string> {
  try {
    return new Set(fs.readdirSync(folder));
  } catch {
    return new Set();
  }
}

function prefixesOf(config: string): string[] {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(config);
  } catch {
    return [];
  }
  const key = `${stat.size}:${stat.mtimeMs}`;
  const cached = prefixesOfConfig.get(config);
  if (cached?.key === key) return cached.prefixes;
  let prefixes: string[] = [];
  if (stat.isFile() && stat.size <= MAX_CONFIG_BYTES) {
    try {
      prefixes = envPrefixIn(parseWithOxc(fs.readFileSync(config, 'utf8'), { filePath: config }).ast);
    } catch {
      prefixes = []; // a config that does not parse sets nothing we can read
    }
  }
  prefixesOfConfig.set(config, { key, prefixes });
  return prefixes;
}

/** Every `envPrefix: 'X_'` or `envPrefix: ['X_', 'Y_']` in the config, wherever the object is built. */
function envPrefixIn(root: TSESTree.Node): string[] {
  const found: string[] = [];
  const visit = (node: TSESTree.Node) => {
    if (node.type === T.Property && !node.computed && keyName(node.key) === 'envPrefix') {
      const values = node.value.type === T.ArrayExpression ? node.value.elements : [node.value];
      for (const value of values) {
        if (value?.type === T.Literal && typeof value.value === 'string' && value.value) found.push(value.value);
      }
    }
    for (const child of childrenOf(node)) visit(child);
  };
  visit(root);
  return found;
}

function keyName(key: TSESTree.Node): string | undefined {
  return key.type === T.Identifier ? key.name : key.type === T.Literal ? String(key.value) : undefined;
}
