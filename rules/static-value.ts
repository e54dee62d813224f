// ESLint's getStaticValue, bounded. It expands every constant it meets, again at each use and without
// memory, so 27 lines of `const aN = aN-1 + aN-1` make it build a 2^27-fold string; `"x".padStart(1e9)`
// allocates a gigabyte. Here the size of what it would expand is measured first (constants counted once
// each, linear in the file), and a value that could grow past the budget is simply not known.
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { ASTUtils, AST_NODE_TYPES as T, childrenOf } from './typescript-eslint.js';

/** Nodes getStaticValue may visit for one value, constants expanded at every use. */
export const STATIC_VALUE_BUDGET = 2000;

/** Calls whose result may be far larger than their source. */
const GROWING_CALLS = new Set(['padStart', 'padEnd', 'repeat']);

/**
 * The node types getStaticValue evaluates (@eslint-community/eslint-utils' `operations`, and the parts
 * its parents read inline). On any other node (a function, a type…) it answers null without looking
 * inside, so such a node counts as one.
 */
const EVALUATED = new Set<string>([
  T.ArrayExpression, T.AssignmentExpression, T.BinaryExpression, T.CallExpression, T.ChainExpression,
  T.ConditionalExpression, T.ExpressionStatement, T.Identifier, T.Literal, T.LogicalExpression,
  T.MemberExpression, T.NewExpression, T.ObjectExpression, T.SequenceExpression, T.TSAsExpression,
  T.TSInstantiationExpression, T.TSNonNullExpression, T.TSSatisfiesExpression, T.TSTypeAssertion,
  T.TaggedTemplateExpression, T.TemplateLiteral, T.UnaryExpression, T.Property, T.SpreadElement,
]);

type Scope = TSESLint.Scope.Scope;
type Variable = TSESLint.Scope.Variable;

/** `getStaticValue(node, scope)`, or null when the value is not static or could exceed the budget. */
export function staticValue(node: TSESTree.Node, scope: Scope): { value: unknown } | null {
  if (node.type === T.Literal) return { value: node.value };
  return expandedSize(node, scope) <= STATIC_VALUE_BUDGET ? ASTUtils.getStaticValue(node, scope) : null;
}

/**
 * Each constant's expanded size, per scope names are looked up from: a file's expressions share a few
 * scopes, so a constant used in many places is measured once.
 */
const sizesByScope = new WeakMap<Scope, Map<Variable, number>>();

/** How many nodes evaluating `root` visits when each constant is expanded where it is used (capped). */
function expandedSize(root: TSESTree.Node, scope: Scope): number {
  let sizes = sizesByScope.get(scope);
  if (!sizes) sizesByScope.set(scope, (sizes = new Map()));
  const sizeOf = (node: TSESTree.Node): number => {
    if (!EVALUATED.has(node.type)) return 1;
    let total = 1;
    if (node.type === T.Identifier) total += variableSize(node);
    if (node.type === T.MemberExpression && !node.computed && node.property.type === T.Identifier && GROWING_CALLS.has(node.property.name)) {
      return Infinity;
    }
    for (const child of evaluatedChildren(node)) {
      total += sizeOf(child);
      if (total > STATIC_VALUE_BUDGET) return Infinity;
    }
    return total;
  };
  const variableSize = (name: TSESTree.Identifier): number => {
    const variable = ASTUtils.findVariable(scope, name);
    const definition = variable?.defs.length === 1 ? variable.defs[0].node : undefined;
    if (!variable || definition?.type !== T.VariableDeclarator || !definition.init) return 0;
    const known = sizes!.get(variable);
    if (known !== undefined) return known;
    sizes!.set(variable, Infinity); // a constant defined through itself never ends
    const size = sizeOf(definition.init);
    sizes!.set(variable, size);
    return size;
  };
  return sizeOf(root);
}

/** The children getStaticValue evaluates: not the name in `a.name` or `{ name: v }`, which it reads as is. */
function evaluatedChildren(node: TSESTree.Node): TSESTree.Node[] {
  if (node.type === T.MemberExpression && !node.computed) return [node.object];
  if (node.type === T.Property && !node.computed) return [node.value];
  return childrenOf(node);
}
