// typescript-eslint's runtime helpers, loaded with `require`. They are CommonJS: an ESM `import` of them
// makes Node scan every re-exported file for export names (~100 ms per ESLint start and editor start);
// `require` reads just what runs. Types come from the same packages with `import type`.
import { createRequire } from 'node:module';
import type * as Types from '@typescript-eslint/types';
import type { TSESTree } from '@typescript-eslint/utils';
import type * as AstUtils from '@typescript-eslint/utils/ast-utils';
import type * as EslintUtils from '@typescript-eslint/utils/eslint-utils';

const load = createRequire(import.meta.url);

export const AST_NODE_TYPES = (load('@typescript-eslint/types') as typeof Types).AST_NODE_TYPES;

let astUtils: typeof AstUtils | undefined;
/** The scope and static-value helpers, loaded at first use (~70 ms of module loading an import need not pay). */
export const ASTUtils = new Proxy({} as typeof AstUtils, {
  get: (_, name) => (astUtils ??= load('@typescript-eslint/utils/ast-utils') as typeof AstUtils)[name as keyof typeof AstUtils],
});

let eslintUtils: typeof EslintUtils | undefined;
/** typescript-eslint's `applyDefault` (rule options merged over their defaults), loaded at the first rule run. */
export function applyDefault<Options extends readonly unknown[]>(defaults: Readonly<Options>, options: Readonly<unknown[]> | null): Options {
  eslintUtils ??= load('@typescript-eslint/utils/eslint-utils') as typeof EslintUtils;
  return eslintUtils.applyDefault(defaults, options as never) as Options;
}

type VisitorKeys = typeof import('@typescript-eslint/visitor-keys').visitorKeys;
let keys: VisitorKeys | undefined;

/** typescript-eslint's traversal keys, loaded at first use: most lint runs never walk a tree themselves. */
export function visitorKeys(): VisitorKeys {
  return (keys ??= (load('@typescript-eslint/visitor-keys') as typeof import('@typescript-eslint/visitor-keys')).visitorKeys);
}

/** A node's child nodes, in traversal order. */
export function childrenOf(node: TSESTree.Node): TSESTree.Node[] {
  const children: TSESTree.Node[] = [];
  for (const key of visitorKeys()[node.type as keyof VisitorKeys] ?? []) {
    const child = (node as unknown as Record<string, unknown>)[key];
    for (const each of Array.isArray(child) ? child : [child]) {
      if (each && typeof each === 'object' && typeof (each as TSESTree.Node).type === 'string') children.push(each as TSESTree.Node);
    }
  }
  return children;
}
