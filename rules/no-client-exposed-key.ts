// no-client-exposed-key: an AIsa key must never reach a browser or mobile bundle. Bundlers inline every
// env variable with a public prefix (VITE_, NEXT_PUBLIC_…) into client code, and an OpenAI-compatible
// client with `dangerouslyAllowBrowser: true` sends the key from every visitor's browser. A key also
// reaches the bundle through Vite's `envPrefix`, a bundler `define`, Next's `next.config` `env`, and
// `'use client'` modules reading it; env objects are followed through aliases (`const env = import.meta.env`).
import path from 'node:path';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { ASTUtils, AST_NODE_TYPES as T, childrenOf } from './typescript-eslint.js';
import { isAllowedAt } from './allow.js';
import { createRule, readsAsText } from './create-rule.js';
import type { DotenvEntry } from './dotenv/parse.js';
import { staticValue } from './static-value.js';
import { readableText } from './text/readable.js';
import { leadingDirective } from './runtime.js';
import { viteEnvPrefixes } from './vite-config.js';

/** Prefixes that frameworks inline into client code (Vite, Next.js, CRA, Expo, Nuxt, SvelteKit/Astro, Gatsby, Storybook). */
export const CLIENT_PREFIXES = ['VITE_', 'NEXT_PUBLIC_', 'REACT_APP_', 'EXPO_PUBLIC_', 'NUXT_PUBLIC_', 'PUBLIC_', 'GATSBY_', 'STORYBOOK_'];

const BROWSER_FLAG = 'dangerouslyAllowBrowser';
const BASE_URL_NAMES = new Set(['baseURL', 'baseUrl']);
const AISA_HOST = 'aisa.one';

type Options = [{ prefixes?: string[]; keyNames?: string[] }];
type MessageIds = 'exposedEnv' | 'browserClient' | 'definedIntoClient' | 'nextConfigEnv' | 'readInClientModule';

/** Next.js config files, whose `env` entries Next inlines into the client bundle. */
const NEXT_CONFIG = /^next\.config\.[cm]?[jt]s$/;
/** Bundler configs, where a `define` entry replaces text in client code. */
const BUNDLER_CONFIG = /^(?:vite|vitest|webpack|rollup|rolldown|rspack|rsbuild|esbuild|tsup|astro|nuxt|svelte|quasar)\.config\.[cm]?[jt]s$/;
/** How far `const env = import.meta.env` aliases are followed. */
const MAX_ALIAS_HOPS = 4;

export default createRule<Options, MessageIds>({
  name: 'no-client-exposed-key',
  meta: {
    type: 'problem',
    docs: { description: 'Disallow AIsa keys read through client-exposed env variables or used from the browser' },
    // JavaScript/TypeScript through the AST, dotenv entries, and names in the text of any other language.
    languages: ['*'],
    messages: {
      exposedEnv:
        '{{name}} is inlined into client bundles by its {{prefix}} prefix: an AIsa key must stay on the server.',
      browserClient:
        'AIsa client created with dangerouslyAllowBrowser: the key would ship to every visitor. Call AIsa from a server route.',
      definedIntoClient: '`define` inlines {{name}} into client bundles: an AIsa key must stay on the server.',
      nextConfigEnv: '`env` in next.config inlines {{name}} into the client bundle: an AIsa key must stay on the server.',
      readInClientModule: "{{name}} is read in a 'use client' module, which ships to the browser: call AIsa from a server route or action.",
    },
    schema: [
      {
        type: 'object',
        properties: {
          prefixes: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'More client-exposed prefixes.' },
          keyNames: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'More names that hold an AIsa key.' },
        },
        additionalProperties: false,
      },
    ],
  },
  defaultOptions: [{ prefixes: [], keyNames: [] }],

  create(context, [options]) {
    const sourceCode = context.sourceCode;
    const projectPrefixes = viteEnvPrefixes(context.filename);
    const prefixes = [...new Set([...CLIENT_PREFIXES, ...projectPrefixes, ...(options.prefixes ?? [])])].sort((a, b) => b.length - a.length);
    const keyNames = new Set(options.keyNames ?? []);
    const text = sourceCode.text;
    // Files of other languages are read as text, UTF-16 ones with their NULs taken out.
    const readable = readsAsText(sourceCode.ast) ? readableText(text) : undefined;
    const mayExposeEnv = prefixes.some((prefix) => (readable?.text ?? text).includes(prefix));
    const base = path.basename(context.filename);
    // Where a key's name alone (no public prefix) is a leak: the client module, and the configs that inline it.
    const clientModule = !readable && leadingDirective(text) === 'client';
    const inlinesNames = !readable && (clientModule || NEXT_CONFIG.test(base) || BUNDLER_CONFIG.test(base) || text.includes('DefinePlugin'));
    const mayNameKey = /aisa/i.test(text) || [...keyNames].some((name) => text.includes(name));
    if (!mayExposeEnv && !text.includes(BROWSER_FLAG) && !(inlinesNames && mayNameKey)) return {};

    /** Whether `name` (without its prefix) is the name of an AIsa key. */
    const isKeyName = (name: string, prefix = '') => {
      const upper = name.toUpperCase();
      return (upper.includes('AISA') && /KEY|TOKEN|SECRET/.test(upper)) || keyNames.has(name) || keyNames.has(name.slice(prefix.length));
    };
    /** The prefix that exposes `name`, when `name` holds an AIsa key. */
    const exposure = (name: string): string | undefined => {
      const prefix = prefixes.find((p) => name.startsWith(p));
      return prefix && isKeyName(name, prefix) ? prefix : undefined;
    };
    const reportName = (node: TSESTree.Node | DotenvEntry['key'], name: string | undefined) => {
      const prefix = name === undefined ? undefined : exposure(name);
      if (prefix && !isAllowedAt(text, node.range[0])) context.report({ loc: node.loc, messageId: 'exposedEnv', data: { name, prefix } });
    };

    if (readable) {
      // Compose files, CI workflows, Dockerfiles, docs: the variable's name is what leaks it.
      const names = new RegExp(`(?<![A-Za-z0-9_])(?:${prefixes.map(escapeRegExp).join('|')})[A-Za-z0-9_]*`, 'g');
      for (const found of readable.text.matchAll(names)) {
        const name = found[0];
        const prefix = exposure(name);
        if (!prefix || isAllowedAt(readable.text, found.index)) continue;
        const [start, end] = [readable.offsetOf(found.index), readable.offsetOf(found.index + name.length)];
        const loc = { start: sourceCode.getLocFromIndex(start), end: sourceCode.getLocFromIndex(end) };
        context.report({ loc, messageId: 'exposedEnv', data: { name, prefix } });
      }
      return {};
    }

    if ((sourceCode.ast as { type: string }).type === 'DotenvDocument') {
      return {
        DotenvEntry(node: DotenvEntry) {
          reportName(node.key, node.key.name);
        },
      } as TSESLint.RuleListener;
    }

    const staticName = (node: TSESTree.Node): string | undefined => {
      const value = staticValue(node, sourceCode.getScope(node));
      return typeof value?.value === 'string' ? value.value : undefined;
    };
    const isTrue = (node: TSESTree.Node) => staticValue(node, sourceCode.getScope(node))?.value === true;
    /** A static URL naming the AIsa host, or (when not static) an expression that names AIsa, like AISA_BASE_URL. */
    const pointsAtAisa = (node: TSESTree.Node): boolean => {
      const value = staticName(node);
      return value !== undefined ? value.includes(AISA_HOST) : /aisa/i.test(sourceCode.getText(node));
    };
    const propertyName = (node: TSESTree.MemberExpression | TSESTree.Property): string | undefined => {
      const key = node.type === T.Property ? node.key : node.property;
      if (!node.computed && key.type === T.Identifier) return key.name;
      return staticName(key);
    };

    /** `process.env` / `import.meta.env`, also through `const env = …` or `const { env } = process`. */
    const isEnv = (node: TSESTree.Node) => isEnvObject(node) || isEnvAlias(node, () => sourceCode.getScope(node), 0);
    /** A key's name read from the env in a 'use client' module: shipped to the browser whatever its prefix. */
    const reportClientRead = (node: TSESTree.Node, name: string | undefined) => {
      if (name !== undefined && !exposure(name) && isKeyName(name) && !isAllowedAt(text, node.range[0])) {
        context.report({ node, messageId: 'readInClientModule', data: { name } });
      }
    };

    const listeners: TSESLint.RuleListener = {};
    if (mayExposeEnv || clientModule) {
      listeners.MemberExpression = (node) => {
        const direct = isEnvObject(node.object);
        if (!direct && node.object.type !== T.Identifier) return;
        const name = propertyName(node);
        // The name first: only a key's name makes it worth resolving what `env` is.
        if (name === undefined || !(exposure(name) || (clientModule && isKeyName(name)))) return;
        if (!direct && !isEnv(node.object)) return;
        reportName(node, name);
        if (clientModule) reportClientRead(node, name);
      };
      listeners.ObjectPattern = (node) => {
        const source =
          node.parent.type === T.VariableDeclarator ? node.parent.init : node.parent.type === T.AssignmentExpression ? node.parent.right : null;
        if (!source || !isEnv(source)) return;
        for (const property of node.properties) {
          if (property.type !== T.Property) continue;
          reportName(property.key, propertyName(property));
          if (clientModule) reportClientRead(property.key, propertyName(property));
        }
      };
      listeners.ImportDeclaration = (node) => {
        // SvelteKit: `import { PUBLIC_AISA_API_KEY } from '$env/static/public'`.
        if (node.source.value !== '$env/static/public') return;
        for (const specifier of node.specifiers) {
          if (specifier.type === T.ImportSpecifier && specifier.imported.type === T.Identifier) {
            reportName(specifier.imported, specifier.imported.name);
          }
        }
      };
    }
    const newExpressions: ((node: TSESTree.NewExpression) => void)[] = [];
    if (inlinesNames && mayNameKey) {
      /** Entries of a `define` / `env` object that carry a key: by what they read, or by their name. */
      const reportEntries = (object: TSESTree.ObjectExpression, messageId: 'definedIntoClient' | 'nextConfigEnv') => {
        for (const property of object.properties) {
          if (property.type !== T.Property) continue;
          const name = [...namesRead(property.value), propertyName(property)].find((each) => each !== undefined && isKeyName(lastSegment(each)));
          if (name !== undefined && !isAllowedAt(text, property.range[0])) context.report({ node: property, messageId, data: { name } });
        }
      };
      listeners.Property = (node) => {
        if (node.value.type !== T.ObjectExpression) return;
        const name = propertyName(node);
        if (name === 'define' && BUNDLER_CONFIG.test(base)) reportEntries(node.value, 'definedIntoClient');
        if (name === 'env' && NEXT_CONFIG.test(base)) reportEntries(node.value, 'nextConfigEnv');
      };
      newExpressions.push((node) => {
        // webpack's `new DefinePlugin({ … })` / `new webpack.DefinePlugin({ … })`
        const callee = node.callee.type === T.MemberExpression ? node.callee.property : node.callee;
        const settings = objectArgument(node.arguments[0], () => sourceCode.getScope(node));
        if (callee.type === T.Identifier && callee.name === 'DefinePlugin' && settings) reportEntries(settings, 'definedIntoClient');
      });
    }
    if (text.includes(BROWSER_FLAG)) {
      newExpressions.push((node) => {
        const settings = objectArgument(node.arguments[0], () => sourceCode.getScope(node));
        if (!settings) return;
        const flag = findProperty(settings, (name) => name === BROWSER_FLAG);
        const baseURL = findProperty(settings, (name) => BASE_URL_NAMES.has(name));
        if (flag && baseURL && isTrue(flag.value) && pointsAtAisa(baseURL.value) && !isAllowedAt(text, flag.range[0])) {
          context.report({ node: flag, messageId: 'browserClient' });
        }
      });
    }
    if (newExpressions.length) listeners.NewExpression = (node) => newExpressions.forEach((check) => check(node));
    return listeners;
  },
});

/** `process.env` or `import.meta.env`. */
function isEnvObject(node: TSESTree.Node): boolean {
  if (node.type !== T.MemberExpression || node.computed || node.property.type !== T.Identifier || node.property.name !== 'env') {
    return false;
  }
  const object = node.object;
  return (
    (object.type === T.Identifier && object.name === 'process') ||
    (object.type === T.MetaProperty && object.meta.name === 'import' && object.property.name === 'meta')
  );
}

/**
 * `env` in `const env = import.meta.env` (or `process.env`), `const { env } = process`, and aliases of
 * those, a few hops deep; only `const`s, or variables never written again.
 */
function isEnvAlias(node: TSESTree.Node, scope: () => TSESLint.Scope.Scope, hops: number): boolean {
  if (node.type !== T.Identifier || hops >= MAX_ALIAS_HOPS) return false;
  const variable = ASTUtils.findVariable(scope(), node);
  const definition = variable?.defs.length === 1 ? variable.defs[0].node : undefined;
  if (definition?.type !== T.VariableDeclarator || !definition.init) return false;
  if (variable!.references.some((reference) => reference.isWrite() && !reference.init)) {
    return false;
  }
  const init = definition.init;
  if (definition.id.type === T.Identifier) return isEnvObject(init) || isEnvAlias(init, scope, hops + 1);
  // `const { env } = process` / `const { env } = import.meta`
  const isProcess = init.type === T.Identifier && init.name === 'process';
  const isImportMeta = init.type === T.MetaProperty && init.meta.name === 'import' && init.property.name === 'meta';
  return definition.id.type === T.ObjectPattern && (isProcess || isImportMeta) && isDestructuredEnv(definition.id, node.name);
}

function isDestructuredEnv(pattern: TSESTree.ObjectPattern, name: string): boolean {
  return pattern.properties.some(
    (property) =>
      property.type === T.Property &&
      !property.computed &&
      property.key.type === T.Identifier &&
      property.key.name === 'env' &&
      property.value.type === T.Identifier &&
      property.value.name === name,
  );
}

/** Names an expression reads by member or string (`process.env.X`, `env['X']`, `JSON.stringify(env.X)`). */
function namesRead(root: TSESTree.Node): string[] {
  const names: string[] = [];
  const visit = (node: TSESTree.Node, depth: number) => {
    if (depth > 32) return;
    if (node.type === T.MemberExpression && !node.computed && node.property.type === T.Identifier) names.push(node.property.name);
    if (node.type === T.Literal && typeof node.value === 'string' && node.value.length < 256) names.push(node.value);
    for (const child of childrenOf(node)) visit(child, depth + 1);
  };
  visit(root, 0);
  return names;
}

/** `process.env.AISA_API_KEY` (a `define` key) names `AISA_API_KEY`. */
function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/** The options object literal, written in place or in a `const` the call names. */
function objectArgument(node: TSESTree.Node | undefined, scope: () => TSESLint.Scope.Scope): TSESTree.ObjectExpression | undefined {
  if (node?.type === T.ObjectExpression) return node;
  if (node?.type !== T.Identifier) return undefined;
  const definition = ASTUtils.findVariable(scope(), node)?.defs[0]?.node;
  return definition?.type === T.VariableDeclarator && definition.init?.type === T.ObjectExpression ? definition.init : undefined;
}

function findProperty(object: TSESTree.ObjectExpression, test: (name: string) => boolean) {
  for (const property of object.properties) {
    if (property.type !== T.Property || property.computed) continue;
    const key = property.key;
    const name = key.type === T.Identifier ? key.name : key.type === T.Literal ? String(key.value) : undefined;
    if (name !== undefined && test(name)) return property;
  }
  return undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
