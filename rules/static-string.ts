// Statically known strings in the AST. The outermost string-building expression (`"sk-aisa-" + body`,
// a template, `String.raw`, a TS `as` wrapper…) is cut into ordered pieces: literals written in place,
// constants resolved through scope, other static values. Consecutive known pieces form runs the detector
// reads as one text, so a key split across pieces is found once, at the whole, and never piece by piece.
import { ASTUtils, AST_NODE_TYPES as T, type TSESLint, type TSESTree } from '@typescript-eslint/utils';

export interface Piece {
  node: TSESTree.Node;
  /** The piece's value as text; undefined when it is not known statically (it ends a run). */
  text: string | undefined;
  /** `literal`: written right here; `reference`: an identifier resolved through scope; `computed`: other. */
  kind: 'literal' | 'reference' | 'computed';
}

export interface Run {
  text: string;
  pieces: Piece[];
  /** Offset of each piece's text inside `text`. */
  starts: number[];
}

type Scope = TSESLint.Scope.Scope;

const WRAPPERS = new Set<string>([T.TSAsExpression, T.TSSatisfiesExpression, T.TSNonNullExpression, T.TSTypeAssertion]);

/** Node types that build a string out of pieces, or are one. */
export function isStringBuilder(node: TSESTree.Node): boolean {
  switch (node.type) {
    case T.Literal:
      return typeof node.value === 'string';
    case T.TemplateLiteral:
    case T.TaggedTemplateExpression:
      return true;
    case T.BinaryExpression:
      return node.operator === '+';
    default:
      return WRAPPERS.has(node.type);
  }
}

/** True when `node` is a piece of a larger string-building expression (which is evaluated instead). */
export function isPieceOfLarger(node: TSESTree.Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (WRAPPERS.has(parent.type)) return true;
  if (parent.type === T.BinaryExpression) return parent.operator === '+';
  if (parent.type === T.TemplateLiteral) return true;
  return parent.type === T.TaggedTemplateExpression && parent.quasi === node;
}

/** The ordered pieces of a string-building expression; `scope` is asked for lazily (identifiers only). */
export function piecesOf(root: TSESTree.Node, scope: () => Scope): Piece[] {
  const pieces: Piece[] = [];
  const unknown = (node: TSESTree.Node) => pieces.push({ node, text: undefined, kind: 'computed' });

  const template = (node: TSESTree.TemplateLiteral, raw: boolean) => {
    node.quasis.forEach((quasi, i) => {
      pieces.push({ node: quasi, text: raw ? quasi.value.raw : (quasi.value.cooked ?? quasi.value.raw), kind: 'literal' });
      if (i < node.expressions.length) visit(node.expressions[i]);
    });
  };

  const visit = (node: TSESTree.Node): void => {
    if (WRAPPERS.has(node.type)) return visit((node as TSESTree.TSAsExpression).expression);
    switch (node.type) {
      case T.BinaryExpression:
        if (node.operator === '+') {
          visit(node.left);
          visit(node.right);
          return;
        }
        break;
      case T.TemplateLiteral:
        return template(node, false);
      case T.TaggedTemplateExpression: {
        // Another tag's result is unknown, but the text written in its template is still in the file.
        const raw = isStringRaw(node.tag);
        if (!raw) unknown(node.tag);
        template(node.quasi, raw);
        if (!raw) unknown(node);
        return;
      }
      case T.Literal:
        pieces.push({ node, text: primitiveText(node.value), kind: 'literal' });
        return;
    }
    const value = ASTUtils.getStaticValue(node, scope());
    pieces.push({
      node,
      text: value ? primitiveText(value.value) : undefined,
      kind: node.type === T.Identifier ? 'reference' : 'computed',
    });
  };

  visit(root);
  return pieces;
}

/** Consecutive known pieces joined into texts for the detector. */
export function runsOf(pieces: readonly Piece[]): Run[] {
  const runs: Run[] = [];
  let current: Run | undefined;
  for (const piece of pieces) {
    if (piece.text === undefined) {
      current = undefined;
      continue;
    }
    if (!current) runs.push((current = { text: '', pieces: [], starts: [] }));
    current.starts.push(current.text.length);
    current.pieces.push(piece);
    current.text += piece.text;
  }
  return runs;
}

/** An identifier whose `const` value is itself a string expression: the key is reported there. */
export function isDefinedByStringExpression(node: TSESTree.Node, scope: Scope): boolean {
  if (node.type !== T.Identifier) return false;
  const definition = ASTUtils.findVariable(scope, node)?.defs[0];
  return (
    definition?.node.type === T.VariableDeclarator && definition.node.init != null && isStringBuilder(definition.node.init)
  );
}

function isStringRaw(tag: TSESTree.Expression): boolean {
  return (
    tag.type === T.MemberExpression &&
    !tag.computed &&
    tag.object.type === T.Identifier &&
    tag.object.name === 'String' &&
    tag.property.type === T.Identifier &&
    tag.property.name === 'raw'
  );
}

function primitiveText(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
}
