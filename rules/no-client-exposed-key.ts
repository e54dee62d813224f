// no-client-exposed-key: an AIsa key must never reach a browser or mobile bundle. Bundlers inline every
// env variable with a public prefix (VITE_, NEXT_PUBLIC_…) into client code, and an OpenAI-compatible
// client with `dangerouslyAllowBrowser: true` sends the key from every visitor's browser.
import { ASTUtils, AST_NODE_TYPES as T, type TSESLint, type TSESTree } from '@typescript-eslint/utils';
import { isAllowedAt } from './allow.js';
import { createRule, readsAsText } from './create-rule.js';
import type { DotenvEntry } from './dotenv/parse.js';
import { staticValue } from './static-value.js';
import { readableText } from './text/readable.js';

/** Prefixes that frameworks inline into client code (Vite, Next.js, CRA, Expo, Nuxt, SvelteKit/Astro, Gatsby, Storybook). */
export const CLIENT_PREFIXES = ['VITE_', 'NEXT_PUBLIC_', 'REACT_APP_', 'EXPO_PUBLIC_', 'NUXT_PUBLIC_', 'PUBLIC_', 'GATSBY_', 'STORYBOOK_'];

const BROWSER_FLAG = 'dangerouslyAllowBrowser';
const BASE_URL_NAMES = new Set(['baseURL', 'baseUrl']);
const AISA_HOST = 'aisa.one';

type Options = [{ prefixes?: string[]; keyNames?: string[] }];
type MessageIds = 'exposedEnv' | 'browserClient';

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
    const prefixes = [...CLIENT_PREFIXES, ...(options.prefixes ?? [])].sort((a, b) => b.length - a.length);
    const keyNames = new Set(options.keyNames ?? []);
    const text = sourceCode.text;
    // Files of other languages are read as text, UTF-16 ones with their NULs taken out.
    const readable = readsAsText(sourceCode.ast) ? readableText(text) : undefined;
    const mayExposeEnv = prefixes.some((prefix) => (readable?.text ?? text).includes(prefix));
    if (!mayExposeEnv && !text.includes(BROWSER_FLAG)) return {};

    /** The prefix that exposes `name`, when `name` holds an AIsa key. */
    const exposure = (name: string): string | undefined => {
      const prefix = prefixes.find((p) => name.startsWith(p));
      if (!prefix) return undefined;
      const upper = name.toUpperCase();
      const aisaName = upper.includes('AISA') && /KEY|TOKEN|SECRET/.test(upper);
      return aisaName || keyNames.has(name) || keyNames.has(name.slice(prefix.length)) ? prefix : undefined;
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

    const listeners: TSESLint.RuleListener = {};
    if (mayExposeEnv) {
      listeners.MemberExpression = (node) => {
        if (isEnvObject(node.object)) reportName(node, propertyName(node));
      };
      listeners.ObjectPattern = (node) => {
        const source =
          node.parent.type === T.VariableDeclarator ? node.parent.init : node.parent.type === T.AssignmentExpression ? node.parent.right : null;
        if (!source || !isEnvObject(source)) return;
        for (const property of node.properties) {
          if (property.type === T.Property) reportName(property.key, propertyName(property));
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
    if (!text.includes(BROWSER_FLAG)) return listeners;
    listeners.NewExpression = (node) => {
      const settings = objectArgument(node.arguments[0], () => sourceCode.getScope(node));
      if (!settings) return;
      const flag = findProperty(settings, (name) => name === BROWSER_FLAG);
      const baseURL = findProperty(settings, (name) => BASE_URL_NAMES.has(name));
      if (flag && baseURL && isTrue(flag.value) && pointsAtAisa(baseURL.value) && !isAllowedAt(text, flag.range[0])) {
        context.report({ node: flag, messageId: 'browserClient' });
      }
    };
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
