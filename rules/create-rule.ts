// Every rule is made here so its `meta.docs.url` points at docs/rules/<name>.md in the repository.
import { RuleCreator } from './typescript-eslint.js';

export const DOCS_BASE = 'https://github.com/aisa-guard/aisa-guard/blob/main/docs/rules';

export const createRule = RuleCreator((name) => `${DOCS_BASE}/${name}.md`);

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
