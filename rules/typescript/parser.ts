// An ESLint parser for TypeScript that needs no `typescript` package, so TypeScript 7 projects (where
// typescript-eslint cannot be installed) are linted out of the box. oxc-parser emits the TS-ESTree shape
// typescript-eslint emits (same node types and ranges on this repository's own sources); this module
// adds what ESLint expects on top: `loc` on every node, comments, tokens, and typescript-eslint's own
// scope analysis. Where typescript-eslint's parser is installed, `parseForESLint` hands the file to it
// unchanged, so type-aware configs keep their parser services.
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ScopeManager } from '@typescript-eslint/scope-manager';
import type { TSESTree } from '@typescript-eslint/utils';
import type { visitorKeys } from '@typescript-eslint/visitor-keys';
import type { ParserOptions as OxcOptions } from 'oxc-parser';
import { VERSION } from '../version.js';
import { locator, tokenize, type Located } from './tokens.js';

export interface ParserOptions {
  filePath?: string;
  sourceType?: 'script' | 'module' | 'commonjs';
  ecmaFeatures?: { jsx?: boolean; globalReturn?: boolean; impliedStrict?: boolean };
  jsxPragma?: string | null;
  jsxFragmentName?: string | null;
  lib?: string[];
  /** `oxc` always uses the built-in parser; `auto` (default) prefers an installed @typescript-eslint/parser. */
  aisaGuardParser?: 'auto' | 'oxc';
  [option: string]: unknown;
}

export interface ParseResult {
  ast: TSESTree.Program;
  scopeManager: ScopeManager;
  visitorKeys: typeof visitorKeys;
  services: Record<string, unknown>;
}

interface DelegateParser {
  parseForESLint(code: string, options: unknown): ParseResult;
}

export const meta = { name: 'eslint-plugin-aisa-guard/typescript-parser', version: VERSION };

const load = createRequire(import.meta.url);
type Heavy = {
  analyze: typeof import('@typescript-eslint/scope-manager').analyze;
  visitorKeys: typeof visitorKeys;
  parseSync: typeof import('oxc-parser').parseSync;
};
let heavy: Heavy | undefined;

/**
 * oxc-parser (a native binding) and typescript-eslint's scope manager, loaded at the first file parsed
 * here: most projects never need this parser (typescript-eslint's is installed), and importing the plugin
 * stays cheap for every ESLint run and editor start.
 */
function heavyParts(): Heavy {
  return (heavy ??= {
    analyze: (load('@typescript-eslint/scope-manager') as typeof import('@typescript-eslint/scope-manager')).analyze,
    visitorKeys: (load('@typescript-eslint/visitor-keys') as typeof import('@typescript-eslint/visitor-keys')).visitorKeys,
    parseSync: (load('oxc-parser') as typeof import('oxc-parser')).parseSync,
  });
}

export function parseForESLint(code: string, options: ParserOptions = {}): ParseResult {
  const delegate = options.aisaGuardParser === 'oxc' ? undefined : installedTypescriptEslintParser();
  if (delegate) {
    const { aisaGuardParser: _ignored, ...rest } = options;
    return delegate.parseForESLint(code, rest);
  }
  return parseWithOxc(code, options);
}

export function parse(code: string, options?: ParserOptions): TSESTree.Program {
  return parseForESLint(code, options).ast;
}

export function parseWithOxc(code: string, options: ParserOptions = {}): ParseResult {
  const { visitorKeys } = heavyParts();
  const filePath = options.filePath ?? (options.ecmaFeatures?.jsx ? 'file.tsx' : 'file.ts');
  const locate = locator(code);
  const { ast, comments, analyze } = parseBare(code, filePath, options, locate);
  const { atoms, closingAngles, names } = addLocations(ast, locate);
  ast.comments = comments.map((c) => {
    const range: [number, number] = [c.start, c.end];
    return { type: c.type, value: c.value, range, loc: { start: locate(c.start), end: locate(c.end) } } as TSESTree.Comment;
  });
  ast.tokens = tokenize(code, { atoms, comments: ast.comments, closingAngles, names }, locate);
  return { ast, scopeManager: analyze(), visitorKeys, services: {} };
}

/**
 * The tree alone (ranges, no `loc`, tokens or comments) and its scope analysis on demand: what reading
 * constants out of another module needs, at a fraction of the cost. `.js`/`.jsx` files may hold JSX.
 */
export function parseTree(code: string, filePath: string): { ast: TSESTree.Program; analyze: () => ScopeManager } {
  // Where a syntax error lies does not matter here: the caller skips the module.
  const { ast, analyze } = parseBare(code, filePath, { ecmaFeatures: { jsx: !/\.[cm]?ts$/.test(filePath) } }, () => ({ line: 1, column: 0 }));
  return { ast, analyze };
}

function parseBare(code: string, filePath: string, options: ParserOptions, locate: (offset: number) => TSESTree.Position) {
  const { analyze, parseSync } = heavyParts();
  const sourceType: 'script' | 'commonjs' | 'module' = options.sourceType === 'script' ? 'script' : options.sourceType === 'commonjs' ? 'commonjs' : 'module';
  const result = parseSync(filePath, code, {
    lang: languageOf(filePath, options),
    sourceType,
    astType: 'ts',
    range: true,
    preserveParens: false,
  });
  const error = result.errors.find((e) => e.severity === 'Error') ?? result.errors[0];
  if (error) throw syntaxError(error.message, error.labels[0]?.start ?? 0, locate);

  const ast = result.program as unknown as TSESTree.Program & { hashbang?: unknown; tokens: TSESTree.Token[]; comments: TSESTree.Comment[] };
  delete ast.hashbang; // ESLint turns a shebang into a `//` comment before parsing
  const scopeOptions = {
    globalReturn: options.ecmaFeatures?.globalReturn ?? false,
    impliedStrict: options.ecmaFeatures?.impliedStrict ?? false,
    jsxPragma: options.jsxPragma === undefined ? 'React' : options.jsxPragma,
    jsxFragmentName: options.jsxFragmentName ?? null,
    lib: (options.lib as never) ?? ['esnext'],
    sourceType: sourceType === 'commonjs' ? ('script' as const) : sourceType,
  };
  return { ast, comments: result.comments, analyze: () => analyze(ast, scopeOptions) };
}

function languageOf(filePath: string, options: ParserOptions): OxcOptions['lang'] {
  const base = path.basename(filePath).toLowerCase();
  if (/\.d\.[cm]?ts$/.test(base)) return 'dts';
  if (/\.[cm]?tsx$/.test(base)) return 'tsx';
  if (/\.[cm]?ts$/.test(base)) return 'ts';
  // Script blocks handed over by vue/svelte/astro parsers, or other names: TypeScript, JSX if asked for.
  return options.ecmaFeatures?.jsx ? 'tsx' : 'ts';
}

/**
 * Adds `loc` to every node; collects the nodes that are single tokens (literals, names in JSX…), where
 * type-argument lists close (there `>>` is two tokens, as TypeScript reads it) and where names start.
 */
function addLocations(root: TSESTree.Node, locate: (offset: number) => TSESTree.Position) {
  const atoms: Located[] = [];
  const closingAngles = new Set<number>();
  const names = new Set<number>();
  const metaProperties = new Set<number>();
  const keysOf = heavyParts().visitorKeys;
  const visit = (node: TSESTree.Node) => {
    const loose = node as unknown as Record<string, unknown> & { start?: number; end?: number };
    node.loc = { start: locate(node.range[0]), end: locate(node.range[1]) };
    delete loose.start;
    delete loose.end;
    if (ATOMS.has(node.type)) atoms.push(node as Located);
    // `import.meta`, `new.target`: their first word is a keyword, though the AST holds it as an Identifier.
    else if (node.type === 'MetaProperty') metaProperties.add(node.range[0]);
    else if (node.type === 'Identifier' && !metaProperties.has(node.range[0])) names.add(node.range[0]);
    else if (node.type === 'TSTypeParameterInstantiation' || node.type === 'TSTypeParameterDeclaration') closingAngles.add(node.range[1] - 1);
    const keys = keysOf[node.type as keyof typeof visitorKeys] ?? [];
    for (const key of keys) {
      const child = loose[key];
      if (Array.isArray(child)) {
        for (const each of child) if (each && typeof each === 'object') visit(each as TSESTree.Node);
      } else if (child && typeof child === 'object' && typeof (child as { type?: unknown }).type === 'string') {
        visit(child as TSESTree.Node);
      }
    }
  };
  visit(root);
  return { atoms, closingAngles, names };
}

const ATOMS = new Set<string>(['Literal', 'TemplateElement', 'JSXText', 'JSXIdentifier', 'PrivateIdentifier']);

function syntaxError(message: string, offset: number, locate: (offset: number) => TSESTree.Position): Error {
  const position = locate(offset);
  return Object.assign(new SyntaxError(message), { index: offset, lineNumber: position.line, column: position.column + 1 });
}

let delegate: DelegateParser | null | undefined;

/**
 * @typescript-eslint/parser as the project has it, once per process: first the copy the `typescript-eslint`
 * package uses (the very `tseslint.parser` object of the user's config, so nothing is loaded twice), then a
 * direct install; looked up from the working directory, then from this package.
 */
export function installedTypescriptEslintParser(): DelegateParser | undefined {
  if (delegate !== undefined) return delegate ?? undefined;
  delegate = null;
  const places = [path.join(process.cwd(), 'package.json'), import.meta.url];
  const candidates = [
    ...places.map((from) => () => createRequire(createRequire(from).resolve('typescript-eslint'))('@typescript-eslint/parser')),
    ...places.map((from) => () => createRequire(from)('@typescript-eslint/parser')),
  ];
  for (const load of candidates) {
    try {
      const loaded = load() as DelegateParser;
      if (typeof loaded.parseForESLint === 'function') return (delegate = loaded);
    } catch {
      // not installed here, or unusable (e.g. no TypeScript it supports): the built-in parser is used
    }
  }
  return undefined;
}

export default { meta, parseForESLint, parse };
