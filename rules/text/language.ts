// `language: 'aisa-guard/text'`: any file as plain text (YAML, JSON, Markdown, Python, TOML, INI,
// .properties, Dockerfiles, notebooks…), so the editor shows keys in every file it opens. The tree is one
// TextDocument node; no-hardcoded-key runs the CLI's full detector (every encoding) over the whole text.
import { VisitNodeStep } from '@eslint/plugin-kit';
import { ForeignRuleSafeSourceCode } from '../foreign-rules.js';
import { TEXT_FILE_LANGUAGE, textOf, type LintedFile } from '../language-base.js';

export interface TextDocument {
  type: 'TextDocument';
  range: [number, number];
  loc: { start: { line: number; column: number }; end: { line: number; column: number } };
}

const VISITOR_KEYS = { TextDocument: [] as string[] };

export class TextSourceCode extends ForeignRuleSafeSourceCode {
  declare ast: TextDocument;
  readonly visitorKeys = VISITOR_KEYS;

  constructor({ text, ast }: { text: string; ast: TextDocument }) {
    super({ text, ast });
  }

  override getParent(): undefined {
    return undefined;
  }

  override traverse(): VisitNodeStep[] {
    return [1, 2].map((phase) => new VisitNodeStep({ target: this.ast, phase: phase as 1 | 2, args: [this.ast, undefined] }));
  }
}

export const textLanguage = {
  ...TEXT_FILE_LANGUAGE,
  visitorKeys: VISITOR_KEYS,

  parse(file: LintedFile): { ok: true; ast: TextDocument } {
    const text = textOf(file);
    const lines = text.split(/\r\n|[\r\n]/);
    const end = { line: lines.length, column: lines[lines.length - 1].length + 1 };
    return { ok: true, ast: { type: 'TextDocument', range: [0, text.length], loc: { start: { line: 1, column: 1 }, end } } };
  },

  createSourceCode(file: LintedFile, input: { ast: TextDocument }): TextSourceCode {
    return new TextSourceCode({ text: textOf(file), ast: input.ast });
  },
};

