// typescript-eslint's runtime helpers, loaded with `require`. They are CommonJS: an ESM `import` of them
// makes Node scan every re-exported file for export names (~100 ms per ESLint start and editor start);
// `require` reads just what runs. Types come from the same packages with `import type`.
import { createRequire } from 'node:module';
import type * as Types from '@typescript-eslint/types';
import type * as AstUtils from '@typescript-eslint/utils/ast-utils';
import type * as EslintUtils from '@typescript-eslint/utils/eslint-utils';

const load = createRequire(import.meta.url);

export const ASTUtils = load('@typescript-eslint/utils/ast-utils') as typeof AstUtils;
export const AST_NODE_TYPES = (load('@typescript-eslint/types') as typeof Types).AST_NODE_TYPES;
export const RuleCreator = (load('@typescript-eslint/utils/eslint-utils') as typeof EslintUtils).RuleCreator;
