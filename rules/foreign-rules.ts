// What a rule written for JavaScript finds in a dotenv or text file: an empty program.
//
// Why: a config object with `files` makes ESLint lint those files, and every config object without
// `files` (js.configs.recommended, eslint-plugin-vue's and eslint-plugin-svelte's configs...) then applies
// its rules to them too, whatever their language. ESLint 9 and 10 run those rules (10 only refuses rules
// whose `meta.languages` excludes the language; core rules declare none), and many read the JavaScript
// SourceCode API when they are created (`getAllComments()`, `getScope()`, `parserServices`,
// `tokensAndComments`, `languageOptions.parserOptions`): on a plain TextSourceCodeBase they throw and the
// whole lint run stops. Here they get that API answering "no comments, no tokens, no variables", and
// since their visitors name JavaScript node types, which never occur in our trees, they report nothing.
// Only what JavaScript rules read is added; nothing ESLint itself looks for to change how it lints a
// language (getDisableDirectives, getInlineConfigNodes, applyInlineConfig, finalize) is defined here.
import { TextSourceCodeBase } from '@eslint/plugin-kit';

/** Language options every language of ours starts from: what rules destructure without checking. */
export const FOREIGN_RULE_LANGUAGE_OPTIONS = { parserOptions: {} };

const none = (): [] => [];
const nothing = (): null => null;

function emptyGlobalScope(block: unknown) {
  const scope = {
    type: 'global',
    block,
    upper: null,
    isStrict: false,
    functionExpressionScope: false,
    variables: [],
    references: [],
    through: [],
    childScopes: [],
    set: new Map(),
    implicit: { variables: [], set: new Map(), left: [] },
    variableScope: undefined as unknown,
  };
  scope.variableScope = scope;
  return scope;
}

export abstract class ForeignRuleSafeSourceCode extends TextSourceCodeBase {
  /**
   * Parsers' services, read by eslint-plugin-vue, eslint-plugin-svelte and typescript-eslint: these are
   * what typescript-eslint's parser gives without type information (rules needing types still refuse).
   */
  readonly parserServices = { esTreeNodeToTSNodeMap: new WeakMap(), tsNodeToESTreeNodeMap: new WeakMap(), program: null };
  readonly tokensAndComments: [] = [];
  readonly hasBOM: boolean;
  #globalScope: ReturnType<typeof emptyGlobalScope> | undefined;

  constructor({ text, ast }: { text: string; ast: object }) {
    super({ text, ast });
    this.hasBOM = text.charCodeAt(0) === 0xfeff;
  }

  get scopeManager() {
    const globalScope = this.getScope();
    return { globalScope, scopes: [globalScope], acquire: nothing, getDeclaredVariables: none, isES6: () => true, isModule: () => false };
  }

  getScope() {
    return (this.#globalScope ??= emptyGlobalScope(this.ast));
  }

  getDeclaredVariables = none;
  markVariableAsUsed = (): boolean => false;
  getAllComments = none;
  getComments = () => ({ leading: [], trailing: [] });
  getCommentsBefore = none;
  getCommentsAfter = none;
  getCommentsInside = none;
  commentsExistBetween = (): boolean => false;
  getJSDocComment = nothing;
  getNodeByRangeIndex = nothing;
  isSpaceBetween = (): boolean => false;
  isSpaceBetweenTokens = (): boolean => false;
  getTokens = none;
  getTokensBefore = none;
  getTokensAfter = none;
  getTokensBetween = none;
  getFirstTokens = none;
  getLastTokens = none;
  getFirstTokensBetween = none;
  getLastTokensBetween = none;
  getFirstToken = nothing;
  getLastToken = nothing;
  getTokenBefore = nothing;
  getTokenAfter = nothing;
  getFirstTokenBetween = nothing;
  getLastTokenBetween = nothing;
  getTokenByRangeStart = nothing;
}
