// no-unignored-env-file: an env file git does not ignore is one `git add .` away from being published.
// Reported where code loads it (dotenv, process.loadEnvFile) and, through the dotenv language, on the
// file itself. Git decides what is ignored; outside a git work tree the rule says nothing.
import path from 'node:path';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES as T } from './typescript-eslint.js';
import { isAllowedAt } from './allow.js';
import { createRule } from './create-rule.js';
import { isTemplateEnvFile } from './env-files.js';
import { envFileStatus } from './git-status.js';
import { staticValue } from './static-value.js';

type MessageIds = 'trackedEnvFile' | 'unignoredEnvFile';

const DEFAULT_ENV_FILE = '.env';

export default createRule<[], MessageIds>({
  name: 'no-unignored-env-file',
  meta: {
    type: 'problem',
    docs: { description: 'Disallow env files that git does not ignore' },
    languages: ['js/js', 'aisa-guard/dotenv'],
    messages: {
      trackedEnvFile: '{{file}} is committed to git, with every secret in it: run `git rm --cached {{file}}` and ignore it.',
      unignoredEnvFile: '{{file}} is not ignored by git: add it to .gitignore before it gets committed.',
    },
    schema: [],
  },
  defaultOptions: [],

  create(context) {
    const sourceCode = context.sourceCode;
    const cwd = context.cwd;
    const fileDir = path.dirname(path.resolve(cwd, context.filename));

    const check = (file: string, report: (messageId: MessageIds, data: { file: string }) => void) => {
      if (isTemplateEnvFile(file)) return;
      const status = envFileStatus(file);
      if (status !== 'tracked' && status !== 'unignored') return;
      const shown = path.relative(cwd, file).split(path.sep).join('/') || path.basename(file);
      report(status === 'tracked' ? 'trackedEnvFile' : 'unignoredEnvFile', { file: shown });
    };

    if ((sourceCode.ast as { type: string }).type === 'DotenvDocument') {
      return {
        DotenvDocument() {
          const firstLine = sourceCode.lines[0] ?? '';
          const loc = { start: { line: 1, column: 1 }, end: { line: 1, column: 1 + firstLine.length } };
          // An allow comment on the first line (or a comment line above it) accepts the file as it is.
          if (isAllowedAt(sourceCode.text, 0)) return;
          check(path.resolve(cwd, context.filename), (messageId, data) => context.report({ loc, messageId, data }));
        },
      } as TSESLint.RuleListener;
    }
    if (!sourceCode.text.includes('dotenv') && !sourceCode.text.includes('loadEnvFile')) return {};

    const dotenvObjects = new Set<string>();
    const configFunctions = new Set<string>();
    const loads = (node: TSESTree.Node, files: string[] | undefined) => {
      if (isAllowedAt(sourceCode.text, node.range[0])) return;
      for (const file of files ?? []) check(file, (messageId, data) => context.report({ node, messageId, data }));
    };

    /** A path expression evaluated the way the running program would see it: relative paths from the cwd. */
    const evaluatePath = (node: TSESTree.Node): string | undefined => {
      const value = pathValue(node);
      return value === undefined ? undefined : path.resolve(cwd, value);
    };

    /** The string a path expression builds: constants, `__dirname`, `process.cwd()`, `path.join`/`resolve`. */
    const pathValue = (node: TSESTree.Node): string | undefined => {
      if (node.type === T.Identifier && node.name === '__dirname') return fileDir;
      if (node.type === T.MemberExpression && isImportMeta(node.object) && propertyIs(node, 'dirname')) return fileDir;
      if (node.type === T.CallExpression) {
        const callee = node.callee;
        if (callee.type === T.MemberExpression && isProcess(callee.object) && propertyIs(callee, 'cwd')) return cwd;
        const name = callee.type === T.Identifier ? callee.name : callee.type === T.MemberExpression && propertyIs(callee, 'join') ? 'join' : callee.type === T.MemberExpression && propertyIs(callee, 'resolve') ? 'resolve' : '';
        if (name === 'resolve' || name === 'join') {
          const parts = node.arguments.map((argument) => pathValue(argument));
          if (parts.some((part) => part === undefined)) return undefined;
          return name === 'join' ? path.join(...(parts as string[])) : path.resolve(cwd, ...(parts as string[]));
        }
        if (name === 'fileURLToPath' && node.arguments[0]?.type === T.NewExpression) return fileUrlPath(node.arguments[0]);
      }
      const value = staticValue(node, sourceCode.getScope(node))?.value;
      return typeof value === 'string' ? value : undefined;
    };

    /** `fileURLToPath(new URL('../.env', import.meta.url))`. */
    const fileUrlPath = (node: TSESTree.NewExpression): string | undefined => {
      const [relative, base] = node.arguments;
      if (!relative || !base || base.type !== T.MemberExpression || !isImportMeta(base.object) || !propertyIs(base, 'url')) return undefined;
      const value = staticValue(relative, sourceCode.getScope(relative))?.value;
      return typeof value === 'string' ? path.resolve(fileDir, value) : undefined;
    };

    /** Files named by dotenv's `config({ path })` (a string or an array of them); `.env` by default. */
    const configFiles = (options: TSESTree.Node | undefined): string[] | undefined => {
      if (!options) return [path.resolve(cwd, DEFAULT_ENV_FILE)];
      if (options.type !== T.ObjectExpression) return undefined;
      const property = options.properties.find(
        (p) => p.type === T.Property && !p.computed && p.key.type === T.Identifier && p.key.name === 'path',
      ) as TSESTree.Property | undefined;
      if (!property) return [path.resolve(cwd, DEFAULT_ENV_FILE)];
      const values = property.value.type === T.ArrayExpression ? property.value.elements : [property.value];
      const files = values.map((value) => (value && value.type !== T.SpreadElement ? evaluatePath(value) : undefined));
      return files.filter((file): file is string => file !== undefined);
    };

    const isDotenvModule = (node: TSESTree.Node | null | undefined) => isRequireOf(node, 'dotenv');

    return {
      ImportDeclaration(node) {
        if (node.source.value === 'dotenv/config') return loads(node, configFiles(undefined));
        if (node.source.value !== 'dotenv') return;
        for (const specifier of node.specifiers) {
          if (specifier.type !== T.ImportSpecifier) dotenvObjects.add(specifier.local.name);
          else if (specifier.imported.type === T.Identifier && specifier.imported.name === 'config') configFunctions.add(specifier.local.name);
        }
      },
      VariableDeclarator(node) {
        if (!isDotenvModule(node.init)) return;
        if (node.id.type === T.Identifier) dotenvObjects.add(node.id.name);
        if (node.id.type !== T.ObjectPattern) return;
        for (const property of node.id.properties) {
          if (property.type === T.Property && property.key.type === T.Identifier && property.key.name === 'config' && property.value.type === T.Identifier) {
            configFunctions.add(property.value.name);
          }
        }
      },
      CallExpression(node) {
        const callee = node.callee;
        if (isRequireOf(node, 'dotenv/config')) return loads(node, configFiles(undefined));
        const isConfigCall =
          (callee.type === T.Identifier && configFunctions.has(callee.name)) ||
          (callee.type === T.MemberExpression &&
            propertyIs(callee, 'config') &&
            ((callee.object.type === T.Identifier && dotenvObjects.has(callee.object.name)) || isDotenvModule(callee.object)));
        if (isConfigCall) return loads(node, configFiles(node.arguments[0]));
        // Node's own loader: `process.loadEnvFile(path = './.env')`.
        if (callee.type === T.MemberExpression && isProcess(callee.object) && propertyIs(callee, 'loadEnvFile')) {
          const argument = node.arguments[0];
          const file = argument ? evaluatePath(argument) : path.resolve(cwd, DEFAULT_ENV_FILE);
          loads(node, file === undefined ? undefined : [file]);
        }
      },
    };
  },
});

function isRequireOf(node: TSESTree.Node | null | undefined, module: string): boolean {
  return (
    node?.type === T.CallExpression &&
    node.callee.type === T.Identifier &&
    node.callee.name === 'require' &&
    node.arguments[0]?.type === T.Literal &&
    node.arguments[0].value === module
  );
}

function isProcess(node: TSESTree.Node): boolean {
  return node.type === T.Identifier && node.name === 'process';
}

function isImportMeta(node: TSESTree.Node): boolean {
  return node.type === T.MetaProperty && node.meta.name === 'import' && node.property.name === 'meta';
}

function propertyIs(node: TSESTree.MemberExpression, name: string): boolean {
  return !node.computed && node.property.type === T.Identifier && node.property.name === name;
}
