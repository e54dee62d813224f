// no-hardcoded-key: an AIsa key written into source code, in any static form the AST reveals, into a
// dotenv file git would commit, or anywhere in a file of another language (the text language, @eslint/json,
// markdown…: the CLI's full detector over the whole text). The core detector decides what is a key, so
// placeholders stay quiet.
import path from 'node:path';
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { AST_NODE_TYPES as T } from './typescript-eslint.js';
import { findKeys, PREFILTER_NEEDLES, type KeyMatch } from '../src/detect/detector.js';
import { redactKey } from '../src/detect/findings.js';
import { isAllowedAt } from './allow.js';
import { createRule, readsAsText } from './create-rule.js';
import { isTemplateEnvFile } from './env-files.js';
import { envFileStatus } from './git-status.js';
import { envReadFor, runtimeOf } from './runtime.js';
import { isPieceOfLarger, isStringBuilder, piecesOf, runsOf, type ImportGate, type Piece, type Run } from './static-string.js';
import { markupListeners } from './markup.js';
import { importsMayMention } from './module-graph.js';
import { readableText } from './text/readable.js';

type Options = [{ envVariable?: string; placeholderWords?: string[] }];
type MessageIds = 'hardcodedKey' | 'hardcodedKeyInClient' | 'keyInEnvFile' | 'keyInFile' | 'useEnv';

interface Replacement {
  range: [number, number];
  text: string;
}

// `aisa` also covers the key prefix and most encoded needles: one scan of the text instead of several.
const OTHER_NEEDLES = PREFILTER_NEEDLES.filter((needle) => !needle.includes('aisa'));

/** Calls that build text out of character codes, where no needle is written. */
const CODE_POINT_CALLS = ['fromCharCode', 'fromCodePoint'];

/** Whatever else the file holds, a text without these cannot hold a key (also not split or encoded). */
function mayMentionKey(text: string, code: boolean): boolean {
  return (
    text.includes('aisa') ||
    OTHER_NEEDLES.some((needle) => text.includes(needle)) ||
    (code && CODE_POINT_CALLS.some((call) => text.includes(call)))
  );
}

export default createRule<Options, MessageIds>({
  name: 'no-hardcoded-key',
  meta: {
    type: 'problem',
    hasSuggestions: true,
    docs: { description: 'Disallow AIsa API keys written into source code or committed env files' },
    // JavaScript/TypeScript through the AST; every other language as text.
    languages: ['*'],
    messages: {
      hardcodedKey: 'Hardcoded AIsa API key {{redacted}}{{encoding}}: read it from an environment variable instead.',
      hardcodedKeyInClient:
        'Hardcoded AIsa API key {{redacted}}{{encoding}} in code that runs in the browser, where no variable keeps it secret: call AIsa from a server route instead.',
      keyInEnvFile: 'AIsa API key {{redacted}} in an env file git will commit: keep real keys in an ignored file.',
      keyInFile: 'AIsa API key {{redacted}}{{encoding}} in this file: keep it in an ignored env file or a secret store.',
      useEnv: 'Replace the key with {{replacement}}.',
    },
    schema: [
      {
        type: 'object',
        properties: {
          envVariable: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_]*$', description: 'Variable the suggestion reads.' },
          placeholderWords: { type: 'array', items: { type: 'string' }, description: 'More words that mark a placeholder.' },
        },
        additionalProperties: false,
      },
    ],
  },
  defaultOptions: [{ envVariable: 'AISA_API_KEY', placeholderWords: [] }],

  create(context, [options]) {
    const sourceCode = context.sourceCode;
    const asText = readsAsText(sourceCode.ast);
    const readable = asText ? readableText(sourceCode.text) : undefined;
    // The one cost every file pays: most files never get a listener.
    if (!mayMentionKey(readable?.text ?? sourceCode.text, !readable) && !(!readable && importsMayMentionKey(sourceCode.ast, context.filename))) {
      return {};
    }
    const detect = { extraWords: options.placeholderWords ?? [] };
    // What a fix may put in place of a key depends on where the file runs (runtime.ts).
    const runtime = runtimeOf(context.filename, sourceCode.text);
    const env = envReadFor(runtime, options.envVariable ?? 'AISA_API_KEY') ?? '';

    const report = (start: number, end: number, match: KeyMatch, messageId: MessageIds, fix?: Replacement) => {
      if (isAllowedAt(sourceCode.text, start)) return;
      const loc = { start: sourceCode.getLocFromIndex(start), end: sourceCode.getLocFromIndex(end) };
      const inClient = messageId === 'hardcodedKey' && runtime === 'client';
      context.report({
        loc,
        messageId: inClient ? 'hardcodedKeyInClient' : messageId,
        data: { redacted: redactKey(match.key), encoding: match.encoding ? ` (${match.encoding}-encoded)` : '' },
        suggest:
          fix && env
            ? [{ messageId: 'useEnv', data: { replacement: env }, fix: (fixer) => fixer.replaceTextRange(fix.range, fix.text) }]
            : [],
      });
    };

    if (readable) {
      // The whole file as text, as the CLI reads it (UTF-16 files too: see readable.ts).
      for (const match of findKeys(readable.text, detect)) {
        if (isAllowedAt(readable.text, match.start)) continue;
        const [start, end] = [readable.offsetOf(match.start), readable.offsetOf(match.end)];
        const loc = { start: sourceCode.getLocFromIndex(start), end: sourceCode.getLocFromIndex(end) };
        const data = { redacted: redactKey(match.key), encoding: match.encoding ? ` (${match.encoding}-encoded)` : readable.encoding };
        context.report({ loc, messageId: 'keyInFile', data });
      }
      return {};
    }

    if ((sourceCode.ast as { type: string }).type === 'DotenvDocument') {
      return {
        DotenvDocument() {
          const matches = findKeys(sourceCode.text, detect);
          if (!matches.length || !willBeCommitted(context.filename)) return;
          for (const match of matches) report(match.start, match.end, match, 'keyInEnvFile');
        },
      } as TSESLint.RuleListener;
    }

    /** A Vue template's expressions sit outside the script's Program; the names they use are the script's. */
    const scopeFor = (node: TSESTree.Node) => {
      const scope = sourceCode.getScope(node);
      return scope.type === 'global' ? (scope.childScopes.find((child) => child.type === 'module') ?? scope) : scope;
    };

    /** Whether an import (of this file or of a module read from it) leads to text that may hold a key. */
    const importAnswers = new Map<string, boolean>();
    const mayHoldKey = (from: string, specifier: string) => {
      const key = from + '\0' + specifier;
      let answer = importAnswers.get(key);
      if (answer === undefined) importAnswers.set(key, (answer = importsMayMention(from, [specifier], mayMentionKeyInCode)));
      return answer;
    };

    const checkExpression = (node: TSESTree.Node) => {
      if (!isStringBuilder(node) || isPieceOfLarger(node)) return;
      let scope: TSESLint.Scope.Scope | undefined;
      const scopeOf = () => (scope ??= scopeFor(node));
      // Imported constants are read first only from modules whose text (or theirs) may hold a key. When
      // this expression's own text then names one, the other modules may hold the rest: all are read.
      const imports: ImportGate = { follow: mayHoldKey, skipped: false };
      let pieces = piecesOf(node, scopeOf, context.filename, imports);
      if (imports.skipped && mayMentionKey(pieces.map((piece) => piece.text ?? '').join(''), false)) {
        pieces = piecesOf(node, scopeOf, context.filename);
      }
      for (const run of runsOf(pieces)) {
        for (const match of findKeys(run.text, detect)) {
          const covering = run.pieces.filter((piece, i) => run.starts[i] < match.end && run.starts[i] + piece.text!.length > match.start);
          const only = covering.length === 1 ? covering[0] : undefined;
          // A key wholly inside one constant's value is reported there (in this file or the one it is
          // imported from), once, not again at every use.
          const via = covering[0]?.via;
          if (via && covering.every((piece) => piece.via === via)) continue;
          const exact = only?.kind === 'literal' ? exactSpan(run, only, match) : undefined;
          const [start, end] = exact ?? node.range;
          const whole = run.pieces.length === pieces.length ? { node, value: run.text } : undefined;
          const written = exact && only ? { piece: only, span: exact } : undefined;
          report(start, end, match, 'hardcodedKey', match.encoding ? undefined : replacementFor(run, match, written, whole));
        }
      }
    };

    /** Where the key is written verbatim inside one literal piece, if it is (escapes can hide it). */
    const exactSpan = (run: Run, piece: Piece, match: KeyMatch): [number, number] | undefined => {
      const written = run.text.slice(match.start, match.end);
      const [from, to] = piece.node.range;
      const at = sourceCode.text.slice(from, to).indexOf(written, match.start - run.starts[run.pieces.indexOf(piece)]);
      return at === -1 ? undefined : [from + at, from + at + written.length];
    };

    /** Rewrite the literal piece holding the key, or else the whole expression when all of it is static. */
    const replacementFor = (
      run: Run,
      match: KeyMatch,
      written: { piece: Piece; span: [number, number] } | undefined,
      whole: { node: TSESTree.Node; value: string } | undefined,
    ): Replacement | undefined => {
      const node = written?.piece.node;
      if (node?.type === T.TemplateElement) return { range: written!.span, text: '${' + env + '}' };
      if (node?.type === T.Literal) {
        const offset = match.start - run.starts[run.pieces.indexOf(written!.piece)];
        return replaceExpression(node, String(node.value), offset, match.end - match.start);
      }
      return whole && replaceExpression(whole.node, whole.value, match.start, match.end - match.start);
    };

    /** The expression rewritten to read the key from `env`; only where an expression may stand. */
    const replaceExpression = (node: TSESTree.Node, value: string, offset: number, length: number): Replacement | undefined => {
      if (!isExpressionPosition(node)) return undefined;
      if (!env || (runtime === 'astro-server' && hasJsxAncestor(node))) return undefined;
      const expression =
        offset === 0 && length === value.length
          ? env
          : '`' + templateText(value.slice(0, offset)) + '${' + env + '}' + templateText(value.slice(offset + length)) + '`';
      return { range: node.range, text: node.parent?.type === T.JSXAttribute ? `{${expression}}` : expression };
    };

    const listeners: TSESLint.RuleListener = {
      Literal: checkExpression,
      TemplateLiteral: checkExpression,
      TaggedTemplateExpression: checkExpression,
      BinaryExpression: checkExpression,
      CallExpression: checkExpression,
      TSAsExpression: checkExpression,
      TSSatisfiesExpression: checkExpression,
      TSNonNullExpression: checkExpression,
      TSTypeAssertion: checkExpression,
      JSXText(node) {
        const [from, to] = node.range;
        for (const match of findKeys(sourceCode.text.slice(from, to), detect)) {
          const fix = match.encoding || runtime === 'astro-server' ? undefined : { range: [from + match.start, from + match.end] as [number, number], text: `{${env}}` };
          report(from + match.start, from + match.end, match, 'hardcodedKey', fix);
        }
      },
      Program() {
        for (const comment of sourceCode.getAllComments()) {
          const from = comment.range[0] + 2; // after `//`, `/*` or `#!`
          for (const match of findKeys(comment.value, detect)) {
            report(from + match.start, from + match.end, match, 'hardcodedKey');
          }
        }
      },
    };
    // Markup of .vue, .svelte and .astro files: text, attribute values and HTML comments are read as
    // text; their expressions are ESTree and go through the same listeners as script code.
    const checkText = (range: readonly [number, number]) => {
      const [from, to] = range;
      for (const match of findKeys(sourceCode.text.slice(from, to), detect)) report(from + match.start, from + match.end, match, 'hardcodedKey');
    };
    return markupListeners(sourceCode, listeners, checkText);
  },
});

/** Parts of a key may come from `const`s of the project's other modules (see module-graph.ts). */
function importsMayMentionKey(ast: unknown, filename: string): boolean {
  const body = (ast as { body?: TSESTree.ProgramStatement[] }).body ?? [];
  const specifiers = body.flatMap((statement) => (statement.type === T.ImportDeclaration ? [statement.source.value] : []));
  return importsMayMention(filename, specifiers, mayMentionKeyInCode);
}

function mayMentionKeyInCode(text: string): boolean {
  return mayMentionKey(text, true);
}

/** Templates are committed on purpose; other env files only when git does not ignore them. */
function willBeCommitted(file: string): boolean {
  if (isTemplateEnvFile(file)) return true;
  const status = envFileStatus(path.resolve(file));
  return status === 'tracked' || status === 'unignored';
}

const NOT_EXPRESSIONS = new Set<string>([
  T.TSLiteralType,
  T.ImportDeclaration,
  T.ExportAllDeclaration,
  T.ExportNamedDeclaration,
  T.ImportExpression,
  T.ImportAttribute,
  T.ImportSpecifier,
  T.ExportSpecifier,
  T.TSExternalModuleReference,
  T.TSModuleDeclaration,
  T.TSImportType,
  T.TSEnumMember,
]);

/** Inside JSX-like markup: in an Astro file that is rendered into the page, and a variable there with it. */
function hasJsxAncestor(node: TSESTree.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === T.JSXElement || current.type === T.JSXFragment) return true;
  }
  return false;
}

function isExpressionPosition(node: TSESTree.Node): boolean {
  const parent = node.parent;
  if (!parent || NOT_EXPRESSIONS.has(parent.type)) return false;
  if (parent.type === T.ExpressionStatement && parent.directive !== undefined) return false;
  if ('key' in parent && parent.key === node) return 'computed' in parent && parent.computed === true;
  return true;
}

const TEMPLATE_ESCAPES: Record<string, string> = { '\\': '\\\\', '`': '\\`', $: '\\$', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Text as it must be written inside a template literal to mean `value`. */
function templateText(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '$' && value[i + 1] !== '{') out += c;
    else if (TEMPLATE_ESCAPES[c]) out += TEMPLATE_ESCAPES[c];
    else if (c < ' ') out += '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0');
    else out += c;
  }
  return out;
}
