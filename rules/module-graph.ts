// Constants imported from another module of the project: `import { PREFIX } from './parts'`. The imported
// file is read and parsed here (ESLint gives a rule no other file's tree), within a budget: relative
// specifiers only, script files only, a size cap, a few re-export hops, and a small cache keyed by path,
// size and modification time, so one lint run parses each imported module once.
import fs from 'node:fs';
import path from 'node:path';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES as T, childrenOf } from './typescript-eslint.js';
import { parseTree } from './typescript/parser.js';

/** Larger modules are not read: constants worth folding live in small files. */
const MAX_MODULE_BYTES = 256 * 1024;
/** Re-export hops (`export { X } from './y'`) followed for one name. */
const MAX_HOPS = 4;
const MAX_CACHED = 500;
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];
/** TypeScript's ESM convention: `./parts.js` names `./parts.ts`. */
const SOURCE_FOR_OUTPUT: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'], '.cjs': ['.cts'] };

export interface Module {
  file: string;
  program: TSESTree.Program;
  /** Analysed on first use: most imported constants are plain literals that need no scope. */
  readonly scopeManager: TSESLint.Scope.ScopeManager;
}

interface Cached {
  key: string;
  text: string | undefined;
  /** Parsed on first need; null when it does not parse. */
  module?: Module | null;
  /** Whether this module or one it re-exports from may hold a key, by the caller's test. */
  mentions?: boolean;
}

const cache = new Map<string, Cached>();
const programs = new WeakMap<TSESTree.Node, Module>();

/** `from './x'` in a module's text: what it imports or re-exports from the project. */
const RELATIVE_FROM = /\bfrom\s*['"](\.{1,2}\/[^'"]*)['"]/g;

/**
 * Whether a module `fromFile` imports from the project (or one they take from, a few hops on) has text
 * that passes `test`: read, never parsed, so a file whose imports hold no key pays a read per import.
 */
export function importsMayMention(fromFile: string, specifiers: readonly string[], test: (text: string) => boolean, hops = 0): boolean {
  if (hops > MAX_HOPS || !path.isAbsolute(fromFile)) return false;
  for (const specifier of specifiers) {
    if (!specifier.startsWith('.')) continue;
    const file = resolve(path.resolve(path.dirname(fromFile), specifier));
    const entry = file ? read(file) : undefined;
    if (!file || !entry?.text) continue;
    if (entry.mentions === undefined) {
      entry.mentions = false; // a cycle of imports answers no on the way round
      const next = [...entry.text.matchAll(RELATIVE_FROM)].map((found) => found[1]);
      entry.mentions = test(entry.text) || importsMayMention(file, next, test, hops + 1);
    }
    if (entry.mentions) return true;
  }
  return false;
}

/** The module a node of an imported file belongs to (undefined for the file being linted). */
export function moduleOf(node: TSESTree.Node): Module | undefined {
  let root = node;
  while (root.parent) root = root.parent;
  return programs.get(root);
}

/** The innermost scope of `node` in an imported module, found as ESLint finds it in the linted file. */
export function scopeInModule(module: Module, node: TSESTree.Node): TSESLint.Scope.Scope {
  for (let current: TSESTree.Node | undefined = node; current; current = current.parent) {
    const scope = module.scopeManager.acquire(current, true);
    if (scope) return scope.type === 'function-expression-name' ? scope.childScopes[0] : scope;
  }
  return module.scopeManager.scopes[0];
}

/**
 * The expression a `const` exported as `name` from `specifier` (imported by `fromFile`) stands for,
 * following re-exports; undefined when it is not a constant of a readable module.
 */
export function importedConstant(fromFile: string, specifier: string, name: string, hops = 0): TSESTree.Node | undefined {
  if (hops > MAX_HOPS || !specifier.startsWith('.') || !path.isAbsolute(fromFile)) return undefined;
  const file = resolve(path.resolve(path.dirname(fromFile), specifier));
  const module = file && load(file);
  if (!module) return undefined;
  for (const statement of module.program.body) {
    if (statement.type === T.ExportNamedDeclaration) {
      if (statement.declaration?.type === T.VariableDeclaration) {
        if (statement.declaration.kind !== 'const') continue;
        const declarator = statement.declaration.declarations.find((d) => d.id.type === T.Identifier && d.id.name === name);
        if (declarator) return declarator.init ?? undefined;
        continue;
      }
      for (const specifierNode of statement.specifiers) {
        if (exportedName(specifierNode.exported) !== name) continue;
        const local = exportedName(specifierNode.local);
        if (statement.source) return importedConstant(file, statement.source.value, local, hops + 1);
        return localConstant(module, local, hops);
      }
    } else if (statement.type === T.ExportDefaultDeclaration && name === 'default') {
      const declaration = statement.declaration;
      if (declaration.type === T.Identifier) return localConstant(module, declaration.name, hops);
      return declaration.type.endsWith('Declaration') ? undefined : declaration;
    }
  }
  return undefined;
}

function exportedName(node: TSESTree.Identifier | TSESTree.StringLiteral): string {
  return node.type === T.Identifier ? node.name : node.value;
}

/** A module-level `const` of `module` by name, also when it is itself imported there. */
function localConstant(module: Module, name: string, hops: number): TSESTree.Node | undefined {
  const variable = module.scopeManager.scopes.find((s) => s.type === 'module')?.set.get(name);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!definition) return undefined;
  if (definition.type === 'ImportBinding' && definition.parent.type === T.ImportDeclaration) {
    const imported = definition.node.type === T.ImportSpecifier ? exportedName(definition.node.imported) : definition.node.type === T.ImportDefaultSpecifier ? 'default' : undefined;
    return imported === undefined ? undefined : importedConstant(module.file, definition.parent.source.value, imported, hops + 1);
  }
  const declarator = definition.node;
  return declarator.type === T.VariableDeclarator && definition.parent?.type === T.VariableDeclaration && definition.parent.kind === 'const'
    ? (declarator.init ?? undefined)
    : undefined;
}

/**
 * Resolutions of the last moments: one lint run asks for the same imports again and again, while an
 * editor's long-lived process must see a module created a moment ago.
 */
const resolved = new Map<string, { file: string | undefined; at: number }>();
const RESOLVED_FOR_MS = 2000;

function resolve(target: string): string | undefined {
  const now = Date.now();
  const known = resolved.get(target);
  if (known && now - known.at < RESOLVED_FOR_MS) return known.file;
  if (resolved.size >= MAX_CACHED) resolved.clear();
  const file = candidatesFor(target).find(isRegularFile);
  resolved.set(target, { file, at: now });
  return file;
}

function candidatesFor(target: string): string[] {
  const extension = path.extname(target);
  return [
    ...(EXTENSIONS.includes(extension) ? [target] : []),
    ...(SOURCE_FOR_OUTPUT[extension] ?? []).map((source) => target.slice(0, -extension.length) + source),
    ...EXTENSIONS.map((each) => target + each),
    ...EXTENSIONS.map((each) => path.join(target, 'index' + each)),
  ];
}

function isRegularFile(file: string): boolean {
  // No exception for a missing file (most candidates are missing, and an error costs a stack trace);
  // other errors still throw (ENOTDIR for `./logo.png/index.ts`, EACCES) and mean no module here.
  try {
    return fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

/** The file's text, once per size and modification time; undefined when too large or unreadable. */
function read(file: string): Cached | undefined {
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(file, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
  if (!stat) return undefined;
  const key = `${stat.size}:${stat.mtimeMs}`;
  const cached = cache.get(file);
  if (cached?.key === key) return cached;
  let text: string | undefined;
  try {
    text = stat.isFile() && stat.size <= MAX_MODULE_BYTES ? fs.readFileSync(file, 'utf8') : undefined;
  } catch {
    text = undefined;
  }
  if (cache.size >= MAX_CACHED) cache.delete(cache.keys().next().value!);
  const entry: Cached = { key, text };
  cache.set(file, entry);
  return entry;
}

function load(file: string): Module | undefined {
  const entry = read(file);
  if (!entry?.text) return undefined;
  if (entry.module === undefined) {
    try {
      // The bare tree (no locations, tokens or comments: nothing is reported in another file), parents set.
      const { ast, analyze } = parseTree(entry.text, file);
      setParents(ast);
      let scopeManager: TSESLint.Scope.ScopeManager | undefined;
      entry.module = {
        file,
        program: ast,
        get scopeManager() {
          return (scopeManager ??= analyze() as unknown as TSESLint.Scope.ScopeManager);
        },
      };
      programs.set(ast, entry.module);
    } catch {
      entry.module = null; // not valid code: nothing is folded from it
    }
  }
  return entry.module ?? undefined;
}

function setParents(node: TSESTree.Node): void {
  for (const child of childrenOf(node)) {
    (child as { parent: TSESTree.Node }).parent = node;
    setParents(child);
  }
}
