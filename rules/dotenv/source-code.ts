// SourceCode for dotenv files: line/offset helpers come from ESLint's own TextSourceCodeBase, the
// JavaScript API other configs' rules call from foreign-rules.ts; this class adds the tree walk.
import { VisitNodeStep } from '@eslint/plugin-kit';
import { ForeignRuleSafeSourceCode } from '../foreign-rules.js';
import { VISITOR_KEYS, type DotenvDocument, type DotenvNode } from './parse.js';

export class DotenvSourceCode extends ForeignRuleSafeSourceCode {
  declare ast: DotenvDocument;
  readonly visitorKeys = VISITOR_KEYS;
  readonly #parents = new WeakMap<DotenvNode, DotenvNode | undefined>();

  constructor({ text, ast }: { text: string; ast: DotenvDocument }) {
    super({ text, ast });
  }

  override getParent(node: DotenvNode): DotenvNode | undefined {
    return this.#parents.get(node);
  }

  override traverse(): VisitNodeStep[] {
    const steps: VisitNodeStep[] = [];
    const visit = (node: DotenvNode, parent: DotenvNode | undefined) => {
      this.#parents.set(node, parent);
      steps.push(new VisitNodeStep({ target: node, phase: 1, args: [node, parent] }));
      for (const key of VISITOR_KEYS[node.type]) {
        const child = (node as unknown as Record<string, DotenvNode | DotenvNode[]>)[key];
        for (const each of Array.isArray(child) ? child : [child]) visit(each, node);
      }
      steps.push(new VisitNodeStep({ target: node, phase: 2, args: [node, parent] }));
    };
    visit(this.ast, undefined);
    return steps;
  }
}
