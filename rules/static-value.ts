// ESLint's getStaticValue, bounded. It expands every constant it meets, again at each use and without
// memory, so 27 lines of `const aN = aN-1 + aN-1` make it build a 2^27-fold string; `"x".padStart(1e9)`
// allocates a gigabyte. Here the size of what it would expand is measured first (constants counted once
// each, linear in the file), and a value that could grow past the budget is simply not known.
import type { TSESLint, TSESTree } from '@typescript-eslint/utils';
import { ASTUtils, AST_NODE_TYPES as T } from './typescript-eslint.js';
import { visitorKeys } from '@typescript-eslint/visitor-keys';

/** Nodes getStaticValue may visit for one value, constants expanded at every use. */
export const STATIC_VALUE_BUDGET = 2000;

/** Calls whose result may be far larger than their source. */
const GROWING_CALLS = new Set(['padStart', 'padEnd', 'repeat']);

type Scope = TSESLint.Scope.Scope;
type Variable = TSESLint.Scope.Variable;

/** `getStaticValue(node, scope)`, or null when the value is not static or could exceed the budget. */
export function staticValue(node: TSESTree.Node, scope: Scope): { value: unknown } | null {
  if (node.type === T.Literal) return { value: node.value };
  return expandedSize(node, scope) <= STATIC_VALUE_BUDGET ? ASTUtils.getStaticValue(node, scope) : null;
}

/** How many nodes evaluating `root` visits when each constant is expanded where it is used (capped). */
function expandedSize(root: TSESTree.Node, scope: Scope): number {
  const sizes = new Map<Variable, number>();
  const sizeOf = (node: TSESTree.Node): number => {
    let total = 1;
    if (node.type === T.Identifier) total += variableSize(node);
    if (node.type === T.MemberExpression && !node.computed && node.property.type === T.Identifier && GROWING_CALLS.has(node.property.name)) {
      return Infinity;
    }
    for (const key of visitorKeys[node.type as keyof typeof visitorKeys] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      for (const each of Array.isArray(child) ? child : [child]) {
        if (each && typeof each === 'object' && typeof (each as TSESTree.Node).type === 'string') total += sizeOf(each as TSESTree.Node);
        if (total > STATIC_VALUE_BUDGET) return Infinity;
      }
    }
    return total;
  };
  const variableSize = (name: TSESTree.Identifier): number => {
    const variable = ASTUtils.findVariable(scope, name);
    const definition = variable?.defs.length === 1 ? variable.defs[0].node : undefined;
    if (!variable || definition?.type !== T.VariableDeclarator || !definition.init) return 0;
    const known = sizes.get(variable);
    if (known !== undefined) return known;
    sizes.set(variable, Infinity); // a constant defined through itself never ends
    const size = sizeOf(definition.init);
    sizes.set(variable, size);
    return size;
  };
  return sizeOf(root);
}
