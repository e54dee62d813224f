// Every rule is made here so its `meta.docs.url` points at docs/rules/<name>.md in the repository.
import { ESLintUtils } from '@typescript-eslint/utils';

export const DOCS_BASE = 'https://github.com/aisa-guard/aisa-guard/blob/main/docs/rules';

export const createRule = ESLintUtils.RuleCreator((name) => `${DOCS_BASE}/${name}.md`);
