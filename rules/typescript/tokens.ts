// Tokens for an AST that came without them. ESLint's token API (getFirstToken, getTokenBefore…) needs a
// token list; core rules crash without one. Literals, template parts and JSX names/text are read from the
// AST (their extents are context-dependent: regex vs division, JSX text); the rest of the text between
// them, outside comments, is only identifiers, keywords and punctuators, which a small lexer reads.
import type { TSESTree } from '@typescript-eslint/utils';

export type Located = TSESTree.Literal | TSESTree.TemplateElement | TSESTree.JSXText | TSESTree.JSXIdentifier | TSESTree.PrivateIdentifier;

const KEYWORDS = new Set(
  ('break case catch class const continue debugger default delete do else export extends finally for function if ' +
    'import in instanceof new return super switch this throw try typeof var void while with').split(' '),
);
/**
 * Words TypeScript's scanner reads as keywords that may also be names (`yield`, `let`, `static`…). These
 * and the keywords are Keyword tokens, as typescript-estree makes them, except where the AST has an
 * Identifier (`var yield`, `{ static: 1 }`, `as const`).
 */
const RESERVED_UNLESS_NAMED = new Set('enum implements interface let package private protected public static yield'.split(' '));
const IDENTIFIER = /(?:[\p{ID_Start}$_]|\\u[\da-fA-F]{4}|\\u\{[\da-fA-F]+\})(?:[\p{ID_Continue}$\u200c\u200d]|\\u[\da-fA-F]{4}|\\u\{[\da-fA-F]+\})*/uy;
const NUMBER = /(?:0[xXoObB][\da-fA-F_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?)n?/y;
const PUNCTUATORS = [
  '>>>=', '...', '===', '!==', '**=', '<<=', '>>=', '>>>', '&&=', '||=', '??=',
  '=>', '==', '!=', '<=', '>=', '&&', '||', '??', '?.', '++', '--', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '**', '<<', '>>', '${',
];
const WHITESPACE = /[\s\uFEFF]+/y;

/** 0-based column, 1-based line, lines broken as ESLint breaks them (\r\n, \n, \r, U+2028, U+2029). */
export function locator(text: string): (offset: number) => TSESTree.Position {
  const starts = [0];
  const breaks = /\r\n|[\n\r\u2028\u2029]/g;
  for (let m = breaks.exec(text); m; m = breaks.exec(text)) starts.push(m.index + m[0].length);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - starts[low] };
  };
}

export interface TokenHints {
  atoms: readonly Located[];
  comments: readonly TSESTree.Comment[];
  /** Offsets of the `>` closing a type-argument list. */
  closingAngles: ReadonlySet<number>;
  /** Start offsets of Identifier nodes. */
  names: ReadonlySet<number>;
}

export function tokenize(text: string, { atoms, comments, closingAngles, names }: TokenHints, locate: (offset: number) => TSESTree.Position): TSESTree.Token[] {
  const skips = [...atoms.map((node) => ({ range: node.range, node })), ...comments.map((c) => ({ range: c.range, node: undefined }))]
    .sort((a, b) => a.range[0] - b.range[0]);
  const tokens: TSESTree.Token[] = [];
  const push = (type: string, start: number, end: number, extra?: object) =>
    tokens.push({ type, value: text.slice(start, end), range: [start, end], loc: { start: locate(start), end: locate(end) }, ...extra } as TSESTree.Token);

  let at = 0;
  let next = 0;
  while (at < text.length) {
    while (next < skips.length && skips[next].range[1] <= at) next++;
    const skip = skips[next];
    if (skip && skip.range[0] <= at) {
      if (skip.node) pushAtom(skip.node, push);
      at = skip.range[1];
      next++;
      continue;
    }
    const limit = skip ? skip.range[0] : text.length;
    WHITESPACE.lastIndex = at;
    if (WHITESPACE.test(text)) {
      at = Math.min(WHITESPACE.lastIndex, limit);
      continue;
    }
    const word = sticky(IDENTIFIER, text, at) ?? sticky(NUMBER, text, at);
    if (word !== undefined && at + word.length <= limit) {
      const named = names.has(at);
      const keyword = !named && (KEYWORDS.has(word) || RESERVED_UNLESS_NAMED.has(word));
      // A `null` left to the lexer is the type (`string | null`): the value is a Literal atom.
      const type = /^[\d.]/.test(word) ? 'Numeric' : keyword ? 'Keyword' : word === 'null' && !named ? 'Null' : 'Identifier';
      push(type, at, at + word.length);
      at += word.length;
      continue;
    }
    const punctuator = closingAngles.has(at) ? '>' : PUNCTUATORS.find((p) => text.startsWith(p, at) && at + p.length <= limit) ?? text[at];
    push('Punctuator', at, at + punctuator.length);
    at += punctuator.length;
  }
  return tokens;
}

function pushAtom(node: Located, push: (type: string, start: number, end: number, extra?: object) => void): void {
  const [start, end] = node.range;
  switch (node.type) {
    case 'Literal': {
      const literal = node as TSESTree.Literal & { regex?: { pattern: string; flags: string } };
      if (literal.regex) return push('RegularExpression', start, end, { regex: literal.regex });
      const value = literal.value;
      const type =
        typeof value === 'string' ? 'String' : typeof value === 'boolean' ? 'Boolean' : value === null && !('bigint' in literal) ? 'Null' : 'Numeric';
      return push(type, start, end);
    }
    case 'TemplateElement':
      return push('Template', start, end);
    case 'PrivateIdentifier':
      return push('PrivateIdentifier', start, end, { value: node.name });
    default:
      return push(node.type, start, end);
  }
}

function sticky(pattern: RegExp, text: string, at: number): string | undefined {
  pattern.lastIndex = at;
  return pattern.exec(text)?.[0];
}
