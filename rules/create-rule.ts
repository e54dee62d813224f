// Every rule is made here so its `meta.docs.url` points at docs/rules/<name>.md in the repository.
// typescript-eslint's RuleCreator, without loading its module when the plugin is imported.
import type { TSESLint } from '@typescript-eslint/utils';
import type { RuleWithMetaAndName } from '@typescript-eslint/utils/eslint-utils';
import { applyDefault } from './typescript-eslint.js';

export const DOCS_BASE = 'https://github.com/aisa-guard/aisa-guard/blob/main/docs/rules';

export function createRule<Options extends readonly unknown[], MessageIds extends string>({
  name,
  meta,
  defaultOptions,
  create,
}: Readonly<RuleWithMetaAndName<Options, MessageIds>>): TSESLint.RuleModule<MessageIds, Options> & { name: string } {
  const defaults = (meta.defaultOptions ?? defaultOptions ?? []) as Options;
  return {
    name,
    meta: { ...meta, docs: { ...meta.docs, url: `${DOCS_BASE}/${name}.md` } },
    defaultOptions: defaults,
    create: (context) => create(context, applyDefault<Options>(defaults, context.options as readonly unknown[])),
  };
}

/** Names ESLint parsers for other formats give their trees under a `Program` root (jsonc, yaml, toml). */
const FOREIGN_TREE = /^(JSON|YAML|TOML)/;

/** An ESTree program (JavaScript, TypeScript, the script of .vue/.svelte/.astro), not another format's tree. */
function isEstreeProgram(ast: unknown): boolean {
  const root = ast as { type?: string; body?: { type: string }[] };
  return root.type === 'Program' && !(root.body ?? []).some((node) => FOREIGN_TREE.test(node.type));
}

/** Trees the rules cannot walk as code or dotenv (the text language, @eslint/json, markdown…): read as text. */
export function readsAsText(ast: unknown): boolean {
  return !isEstreeProgram(ast) && (ast as { type?: string }).type !== 'DotenvDocument';
}
