// Markup of component files, checked like JSX. vue-eslint-parser keeps a .vue template beside the script
// Program (`templateBody`, walked through its `defineTemplateBodyVisitor` service); svelte-eslint-parser
// and astro-eslint-parser put markup nodes in the Program itself. Text, static attribute values and HTML
// comments are read as text; expressions in the markup are ESTree and get the script's listeners.
import type { TSESLint } from '@typescript-eslint/utils';

interface Ranged {
  range: [number, number];
}

interface VueServices {
  defineTemplateBodyVisitor?: (template: Record<string, (node: never) => void>, script: TSESLint.RuleListener) => TSESLint.RuleListener;
}

/** Node types of markup whose source is text a key could be written in, by parser. */
const TEXT_NODES = {
  // svelte: text, the static parts of attribute values (`apiKey="…"`, `title="a {b} c"`), comments
  svelte: ['SvelteText', 'SvelteLiteral', 'SvelteHTMLComment'],
  astro: ['AstroHTMLComment', 'AstroRawText'],
};

/** `listeners` for the script, plus the same for markup; `checkText` reads a range of the file as text. */
export function markupListeners(
  sourceCode: Readonly<TSESLint.SourceCode>,
  listeners: TSESLint.RuleListener,
  checkText: (range: [number, number]) => void,
): TSESLint.RuleListener {
  const text = (node: Ranged) => checkText(node.range);
  const all: Record<string, unknown> = { ...listeners };
  for (const type of Object.values(TEXT_NODES).flat()) all[type] = text;

  const vue = sourceCode.parserServices as VueServices | undefined;
  const templateBody = (sourceCode.ast as { templateBody?: { comments?: (Ranged & { type: string })[] } }).templateBody;
  if (!vue?.defineTemplateBodyVisitor || !templateBody) return all as TSESLint.RuleListener;
  const template: Record<string, (node: never) => void> = { ...(listeners as Record<string, (node: never) => void>) };
  template.VText = text;
  // A static attribute (`api-key="…"`); directives (`:api-key="…"`) hold expressions, checked as such.
  template['VAttribute[directive=false]'] = (node: { value: Ranged | null }) => node.value && text(node.value);
  const program = listeners.Program;
  all.Program = (node: never) => {
    (program as ((node: never) => void) | undefined)?.(node);
    for (const comment of templateBody.comments ?? []) if (comment.type === 'HTMLComment') text(comment);
  };
  return vue.defineTemplateBodyVisitor(template, all as TSESLint.RuleListener);
}
