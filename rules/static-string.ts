// Statically known strings in the AST. The outermost string-building expression (`"sk-aisa-" + body`,
// templates, `[…].join("")`, `"a".concat(b)`, `String.fromCharCode(…)`, `String.raw`, TS wrappers…) is cut
// into ordered pieces: literals written in place, constants resolved through scope (also members of
// constant objects and arrays, `parts.tail`, `parts[0]`, `const`s imported from another module), other
// static values. Consecutive known pieces form runs the detector reads as one text, so a key split across
// pieces is found once, at the whole. Every expression is cut within a budget of steps and of text taken
// from constants, so no file makes the work grow faster than the file.
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { ASTUtils, AST_NODE_TYPES as T } from './typescript-eslint.js';
import { importedConstant, moduleOf, scopeInModule } from './module-graph.js';
import { staticValue } from './static-value.js';

export interface Piece {
  node: TSESTree.Node;
  /** The piece's value as text; undefined when it is not known statically (it ends a run). */
  text: string | undefined;
  /** `literal`: written in the source (here or at a constant's definition); `computed`: other. */
  kind: 'literal' | 'computed';
  /**
   * The outermost constant value this piece was reached through (an initialiser, property or element,
   * here or in an imported module), undefined when written in the expression itself. That value is an
   * expression of its own, checked where it is written: a key lying wholly inside it is reported there.
   */
  via: TSESTree.Node | undefined;
}

export interface Run {
  text: string;
  pieces: Piece[];
  /** Offset of each piece's text inside `text`. */
  starts: number[];
}

type Scope = TSESLint.Scope.Scope;

/**
 * Which of the project's modules an imported constant is read from (reading one means parsing it):
 * `follow` answers per import; `skipped` is set when one was left unread (its value then unknown).
 */
export interface ImportGate {
  follow(fromFile: string, specifier: string): boolean;
  skipped: boolean;
}

const WRAPPERS = new Set<string>([T.TSAsExpression, T.TSSatisfiesExpression, T.TSNonNullExpression, T.TSTypeAssertion]);
/** How deep constants may refer to constants; also stops cycles. */
const MAX_DEPTH = 8;
/** Nodes visited to cut one expression, and characters of text taken from constants into it. */
export const PIECE_BUDGET = { steps: 2048, constantText: 16 * 1024 };

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

/**
 * The ordered pieces of a string-building expression in the file `filename`; `scope` (the root's scope)
 * is asked for lazily (names only); imported constants are read where `imports` lets (all by default).
 * Past the budget the rest of the expression is one unknown piece.
 */
export function piecesOf(root: TSESTree.Node, scope: () => Scope, filename: string, imports?: ImportGate): Piece[] {
  const pieces: Piece[] = [];
  let steps = PIECE_BUDGET.steps;
  let constantText = PIECE_BUDGET.constantText;
  /** Nodes of an imported module are resolved in that module's scope. */
  const scopeOf = (node: TSESTree.Node): Scope => {
    const module = moduleOf(node);
    return module ? scopeInModule(module, node) : scope();
  };
  const push = (piece: Piece) => {
    steps--;
    if (piece.via && piece.text !== undefined) {
      constantText -= piece.text.length;
      if (constantText < 0) piece.text = undefined;
    }
    pieces.push(piece);
  };
  const exhausted = () => steps < 0;
  const unknown = (node: TSESTree.Node, via: TSESTree.Node | undefined) => push({ node, text: undefined, kind: 'computed', via });
  const staticText = (node: TSESTree.Node): string | undefined => {
    const value = staticValue(node, scopeOf(node));
    return value ? primitiveText(value.value) : undefined;
  };
  const resolve = (node: TSESTree.Node) => constantValue(node, scopeOf(node), filename, imports);
  /** A constant's value seen through: the first one crossed is where a key wholly inside it is reported. */
  const through = (value: TSESTree.Node, via: TSESTree.Node | undefined) => via ?? (isStringBuilder(value) ? value : undefined);

  const template = (node: TSESTree.TemplateLiteral, raw: boolean, via: TSESTree.Node | undefined, depth: number) => {
    for (const [i, quasi] of node.quasis.entries()) {
      if (exhausted()) break;
      push({ node: quasi, text: raw ? quasi.value.raw : (quasi.value.cooked ?? quasi.value.raw), kind: 'literal', via });
      if (i < node.expressions.length) visit(node.expressions[i], via, depth);
    }
  };

  const visit = (node: TSESTree.Node, via: TSESTree.Node | undefined, depth: number): void => {
    if (--steps < 0) {
      if (pieces[pieces.length - 1]?.text !== undefined || !pieces.length) pieces.push({ node, text: undefined, kind: 'computed', via });
      return;
    }
    if (WRAPPERS.has(node.type)) return visit((node as TSESTree.TSAsExpression).expression, via, depth);
    switch (node.type) {
      case T.Literal:
        push({ node, text: primitiveText(node.value), kind: 'literal', via });
        return;
      case T.BinaryExpression:
        if (node.operator !== '+') break;
        visit(node.left, via, depth);
        visit(node.right, via, depth);
        return;
      case T.TemplateLiteral:
        return template(node, false, via, depth);
      case T.TaggedTemplateExpression: {
        // Another tag's result is unknown, but the text written in its template is still in the file.
        const raw = isStringRaw(node.tag);
        if (!raw) unknown(node.tag, via);
        template(node.quasi, raw, via, depth);
        if (!raw) unknown(node, via);
        return;
      }
      case T.CallExpression:
        if (call(node, via, depth)) return;
        break;
      case T.Identifier:
      case T.MemberExpression: {
        const value = depth < MAX_DEPTH ? resolve(node) : undefined;
        if (value && (isStringBuilder(value) || value.type === T.Identifier || value.type === T.MemberExpression)) {
          return visit(value, through(value, via), depth + 1);
        }
        if (depth >= MAX_DEPTH) return unknown(node, via);
        break;
      }
    }
    push({ node, text: staticText(node), kind: 'computed', via });
  };

  /** `[…].join(sep)`, `a.concat(b, …)`, `String.fromCharCode(…)`: false when not static enough to cut. */
  const call = (node: TSESTree.CallExpression, via: TSESTree.Node | undefined, depth: number): boolean => {
    const kind = stringCallKind(node);
    const callee = node.callee as TSESTree.MemberExpression;
    if (kind === 'fromCharCode') {
      const codes = node.arguments.flatMap((arg) =>
        arg.type === T.SpreadElement ? (arg.argument.type === T.ArrayExpression ? arg.argument.elements : [undefined]) : [arg],
      );
      steps -= codes.length;
      if (exhausted()) {
        unknown(node, via);
        return true;
      }
      const numbers = codes.map((code) => (code && code.type !== T.SpreadElement ? staticValue(code, scopeOf(code))?.value : undefined));
      const known = numbers.every((n) => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 0x10ffff);
      const name = (callee.property as TSESTree.Identifier).name as 'fromCharCode' | 'fromCodePoint';
      push({ node, text: known ? String[name](...(numbers as number[])) : undefined, kind: 'computed', via });
      return true;
    }
    if (kind === 'concat') {
      visit(callee.object, via, depth);
      for (const arg of node.arguments) {
        if (exhausted()) break;
        if (arg.type === T.SpreadElement) unknown(arg, via);
        else visit(arg, via, depth);
      }
      return true;
    }
    if (kind === 'join') {
      let array: TSESTree.Node | undefined = callee.object;
      let inner = false;
      if (array.type !== T.ArrayExpression) {
        array = depth < MAX_DEPTH ? resolve(array) : undefined;
        inner = true;
      }
      if (array?.type !== T.ArrayExpression) return false;
      const separator = node.arguments[0];
      const separatorText = separator ? (separator.type === T.SpreadElement ? undefined : staticText(separator)) : ',';
      for (const [i, element] of array.elements.entries()) {
        if (exhausted()) break;
        if (i > 0) push({ node: separator ?? node, text: separatorText, kind: 'computed', via });
        if (element === null) continue;
        // Each element of a constant array is an expression of its own, checked where it is written.
        const elementVia = inner ? through(unwrap(element), via) : via;
        if (element.type === T.SpreadElement) unknown(element, elementVia);
        else if (element.type !== T.Literal || element.value !== null) visit(element, elementVia, depth + 1); // join writes null as ''
      }
      return true;
    }
    return false;
  };

  visit(root, undefined, 0);
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
function constantValue(node: TSESTree.Node, scope: Scope, filename: string, imports: ImportGate | undefined): TSESTree.Node | undefined {
  if (node.type === T.Identifier) {
    const variable = ASTUtils.findVariable(scope, node);
    if (!variable || variable.defs.length !== 1) return undefined;
    const imported = importedValue(variable.defs[0], filename, imports);
    if (imported) return unwrap(imported);
    const definition = variable.defs[0].node;
    if (definition.type !== T.VariableDeclarator || !definition.init || definition.id.type !== T.Identifier) return undefined;
    const writes = variable.references.filter((reference) => reference.isWrite());
    if (writes.length > 1 || (writes.length === 1 && writes[0].identifier !== definition.id)) return undefined;
    return unwrap(definition.init);
  }
  if (node.type !== T.MemberExpression) return undefined;
  const object = constantValue(unwrap(node.object), scope, filename, imports);
  if (!object) return undefined;
  const key = node.computed ? staticValue(node.property, scope)?.value : (node.property as TSESTree.Identifier).name;
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

/** `import { NAME } from './module'` and `import NAME from './module'`: the constant that module exports. */
function importedValue(definition: TSESLint.Scope.Definition, filename: string, imports: ImportGate | undefined): TSESTree.Node | undefined {
  if (definition.type !== 'ImportBinding' || definition.parent.type !== T.ImportDeclaration) return undefined;
  const specifier = definition.node;
  const name =
    specifier.type === T.ImportSpecifier
      ? specifier.imported.type === T.Identifier
        ? specifier.imported.name
        : specifier.imported.value
      : specifier.type === T.ImportDefaultSpecifier
        ? 'default'
        : undefined;
  const from = moduleOf(definition.parent)?.file ?? filename;
  const source = definition.parent.source.value;
  if (name === undefined) return undefined;
  if (imports && !imports.follow(from, source)) {
    imports.skipped = true;
    return undefined;
  }
  return importedConstant(from, source, name);
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
