// @typescript-eslint/rule-tester running inside vitest, parsing TS and TSX.
import { RuleTester } from '@typescript-eslint/rule-tester';
import type { RuleModule } from '@typescript-eslint/utils/ts-eslint';
import { afterAll, describe, it } from 'vitest';

RuleTester.afterAll = afterAll;
RuleTester.it = it;
RuleTester.itOnly = it.only;
RuleTester.describe = describe;

export const ruleTester = new RuleTester({
  languageOptions: { parserOptions: { ecmaFeatures: { jsx: true } } },
});

type TesterRule<M extends string, O extends readonly unknown[]> = Parameters<typeof ruleTester.run<M, O>>[1];

/**
 * The tester ships its own, older copy of @typescript-eslint/utils, whose types differ from ours only in
 * version: the rule object is the same at run time, and message ids and options stay checked.
 */
export function testerRule<M extends string, O extends readonly unknown[]>(rule: RuleModule<M, O>): TesterRule<M, O> {
  return rule as unknown as TesterRule<M, O>;
}
