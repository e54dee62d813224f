// Statically known strings in the AST. The outermost string-building expression (`"sk-aisa-" + body`,
// templates, `[…].join("")`, `"a".concat(b)`, `String.fromCharCode(…)`, `String.raw`, TS wrappers…) is cut
// into ordered pieces: literals written in place, constants resolved through scope (also members of
// constant objects and arrays, `parts.tail`, `parts[0]`), other static values. Consecutive known pieces
// form runs the detector reads as one text, so a key split across pieces is found once, at the whole.
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { ASTUtils, AST_NODE_TYPES as T } from './typescript-eslint.js';

export interface Piece {
  node: TSESTree.Node;
  /** The piece's value as text; undefined when it is not known statically (it ends a run). */
  text: string | undefined;
  /** `literal`: written in the source (here or at a constant's definition); `computed`: other. */
  kind: 'literal' | 'computed';
  /** Reached through a constant's name: a key inside this piece alone is reported at its definition. */
  remote: boolean;
}

export interface Run {
  text: string;
  pieces: Piece[];
  /** Offset of each piece's text inside `text`. */
  starts: number[];
}

type Scope = TSESLint.Scope.Scope;

const WRAPPERS = new Set<string>([T.TSAsExpression, T.TSSatisfiesExpression, T.TSNonNullExpression, T.TSTypeAssertion]);
/** How deep constants may refer to constants; also stops cycles. */
const MAX_DEPTH = 8;

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
    case T.CallExpression:
      return stringCallKind(node) !== undefined;
    default:
      return WRAPPERS.has(node.type);
  }
}

/** True when `node` is a piece of a larger string-building expression (which is evaluated instead). */
export function isPieceOfLarger(node: TSESTree.Node): boolean {
  const parent = node.parent;
  if (!parent) return false;
  if (WRAPPERS.has(parent.type)) return true;
  switch (parent.type) {
    case T.BinaryExpression:
      return parent.operator === '+';
    case T.TemplateLiteral:
      return true;
    case T.TaggedTemplateExpression:
      return parent.quasi === node;
    case T.CallExpression:
      // an argument of `"a".concat(…)` / `String.fromCharCode(…)`
      return stringCallKind(parent) !== undefined && parent.arguments.includes(node as TSESTree.CallExpressionArgument);
    case T.MemberExpression: {
      // `"a".concat(…)`: the string the call starts from
      const call = parent.parent;
      return parent.object === node && call?.type === T.CallExpression && call.callee === parent && stringCallKind(call) === 'concat';
    }
    case T.ArrayExpression: {
      // an element of `[…].join(sep)`
      const member = parent.parent;
      return member?.type === T.MemberExpression && member.object === parent && member.parent?.type === T.CallExpression && stringCallKind(member.parent) === 'join';
    }
    default:
      return false;
  }
}

type StringCall = 'join' | 'concat' | 'fromCharCode';

function stringCallKind(node: TSESTree.CallExpression): StringCall | undefined {
  const callee = node.callee;
  if (callee.type !== T.MemberExpression || callee.computed || callee.property.type !== T.Identifier) return undefined;
  const name = callee.property.name;
  if (name === 'join' && node.arguments.length <= 1) return 'join';
  if (name === 'concat' && callee.object.type !== T.ArrayExpression) return 'concat';
  if ((name === 'fromCharCode' || name === 'fromCodePoint') && callee.object.type === T.Identifier && callee.object.name === 'String') {
    return 'fromCharCode';
  }
  return undefined;
}

/** The ordered pieces of a string-building expression; `scope` is asked for lazily (names only). */
export function piecesOf(root: TSESTree.Node, scope: () => Scope): Piece[] {
  const pieces: Piece[] = [];
  const unknown = (node: TSESTree.Node, remote: boolean) => pieces.push({ node, text: undefined, kind: 'computed', remote });
  const staticText = (node: TSESTree.Node): string | undefined => {
    const value = ASTUtils.getStaticValue(node, scope());
    return value ? primitiveText(value.value) : undefined;
  };

  const template = (node: TSESTree.TemplateLiteral, raw: boolean, remote: boolean, depth: number) => {
    node.quasis.forEach((quasi, i) => {
      pieces.push({ node: quasi, text: raw ? quasi.value.raw : (quasi.value.cooked ?? quasi.value.raw), kind: 'literal', remote });
      if (i < node.expressions.length) visit(node.expressions[i], remote, depth);
    });
  };

  const visit = (node: TSESTree.Node, remote: boolean, depth: number): void => {
    if (WRAPPERS.has(node.type)) return visit((node as TSESTree.TSAsExpression).expression, remote, depth);
    switch (node.type) {
      case T.Literal:
        pieces.push({ node, text: primitiveText(node.value), kind: 'literal', remote });
        return;
      case T.BinaryExpression:
        if (node.operator !== '+') break;
        visit(node.left, remote, depth);
        visit(node.right, remote, depth);
        return;
      case T.TemplateLiteral:
        return template(node, false, remote, depth);
      case T.TaggedTemplateExpression: {
        // Another tag's result is unknown, but the text written in its template is still in the file.
        const raw = isStringRaw(node.tag);
        if (!raw) unknown(node.tag, remote);
        template(node.quasi, raw, remote, depth);
        if (!raw) unknown(node, remote);
        return;
      }
      case T.CallExpression:
        if (call(node, remote, depth)) return;
        break;
      case T.Identifier:
      case T.MemberExpression: {
        const value = depth < MAX_DEPTH ? constantValue(node, scope()) : undefined;
        if (value && isStringBuilder(value)) return visit(value, true, depth + 1);
        break;
      }
    }
    pieces.push({ node, text: staticText(node), kind: 'computed', remote });
  };

  /** `[…].join(sep)`, `a.concat(b, …)`, `String.fromCharCode(…)`: false when not static enough to cut. */
  const call = (node: TSESTree.CallExpression, remote: boolean, depth: number): boolean => {
    const kind = stringCallKind(node);
    const callee = node.callee as TSESTree.MemberExpression;
    if (kind === 'fromCharCode') {
      const codes = node.arguments.flatMap((arg) =>
        arg.type === T.SpreadElement ? (arg.argument.type === T.ArrayExpression ? arg.argument.elements : [undefined]) : [arg],
      );
      const numbers = codes.map((code) => (code && code.type !== T.SpreadElement ? ASTUtils.getStaticValue(code, scope())?.value : undefined));
      const known = numbers.every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 0x10ffff);
      const name = (callee.property as TSESTree.Identifier).name as 'fromCharCode' | 'fromCodePoint';
      pieces.push({ node, text: known ? String[name](...(numbers as number[])) : undefined, kind: 'computed', remote });
      return true;
    }
    if (kind === 'concat') {
      visit(callee.object, remote, depth);
      for (const arg of node.arguments) {
        if (arg.type === T.SpreadElement) unknown(arg, remote);
        else visit(arg, remote, depth);
      }
      return true;
    }
    if (kind === 'join') {
      let array: TSESTree.Node | undefined = callee.object;
      let inner = remote;
      if (array.type !== T.ArrayExpression) {
        array = depth < MAX_DEPTH ? constantValue(array, scope()) : undefined;
        inner = true;
      }
      if (array?.type !== T.ArrayExpression) return false;
      const separator = node.arguments[0];
      const separatorText = separator ? (separator.type === T.SpreadElement ? undefined : staticText(separator)) : ',';
      array.elements.forEach((element, i) => {
        if (i > 0) pieces.push({ node: separator ?? node, text: separatorText, kind: 'computed', remote });
        if (element === null) return;
        if (element.type === T.SpreadElement) return unknown(element, inner);
        if (element.type === T.Literal && element.value === null) return; // join writes null as ''
        visit(element, inner, depth + 1);
      });
      return true;
    }
    return false;
  };

  visit(root, false, 0);
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

/**
 * The expression a name or member stands for, when it is constant: a `const` (or a `let`/`var` never
 * written again) with an initialiser, and for `obj.k` / `arr[0]` the matching property of a constant
 * object or array literal.
 */
function constantValue(node: TSESTree.Node, scope: Scope): TSESTree.Node | undefined {
  if (node.type === T.Identifier) {
    const variable = ASTUtils.findVariable(scope, node);
    if (!variable || variable.defs.length !== 1) return undefined;
    const definition = variable.defs[0].node;
    if (definition.type !== T.VariableDeclarator || !definition.init || definition.id.type !== T.Identifier) return undefined;
    const writes = variable.references.filter((reference) => reference.isWrite());
    if (writes.length > 1 || (writes.length === 1 && writes[0].identifier !== definition.id)) return undefined;
    return unwrap(definition.init);
  }
  if (node.type !== T.MemberExpression) return undefined;
  const object = constantValue(unwrap(node.object), scope);
  if (!object) return undefined;
  const key = node.computed ? ASTUtils.getStaticValue(node.property, scope)?.value : (node.property as TSESTree.Identifier).name;
  if (object.type === T.ArrayExpression && typeof key === 'number') {
    const element = object.elements[key];
    return element && element.type !== T.SpreadElement ? unwrap(element) : undefined;
  }
  if (object.type !== T.ObjectExpression || (typeof key !== 'string' && typeof key !== 'number')) return undefined;
  // The last property of that name wins, as at run time; a spread after it could replace it.
  for (let i = object.properties.length - 1; i >= 0; i--) {
    const property = object.properties[i];
    if (property.type === T.SpreadElement) return undefined;
    if (propertyKey(property) === String(key)) return property.kind === 'init' && !property.method ? unwrap(property.value) : undefined;
  }
  return undefined;
}

function propertyKey(property: TSESTree.Property): string | undefined {
  if (!property.computed && property.key.type === T.Identifier) return property.key.name;
  return property.key.type === T.Literal ? String(property.key.value) : undefined;
}

function unwrap(node: TSESTree.Node): TSESTree.Node {
  while (WRAPPERS.has(node.type)) node = (node as TSESTree.TSAsExpression).expression;
  return node;
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
