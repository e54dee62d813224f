// An ESLint `languages` entry for dotenv files (`language: 'aisa-guard/dotenv'`), shaped like
// @eslint/json's: ESLint reads the file, this parses it, the rules walk the DotenvDocument tree.
import { parseDotenv, VISITOR_KEYS, type DotenvDocument } from './parse.js';
import { DotenvSourceCode } from './source-code.js';

export interface LintedFile {
  body: string | Uint8Array;
}

export const dotenvLanguage = {
  fileType: 'text' as const,
  lineStart: 1 as const,
  columnStart: 1 as const,
  nodeTypeKey: 'type',
  visitorKeys: VISITOR_KEYS,
  defaultLanguageOptions: {},

  /** Nothing to configure. Options set for every file (a global parser, globals) are ignored, not refused. */
  validateLanguageOptions(): void {},

  parse(file: LintedFile): { ok: true; ast: DotenvDocument } {
    return { ok: true, ast: parseDotenv(textOf(file)) };
  },

  createSourceCode(file: LintedFile, input: { ast: DotenvDocument }): DotenvSourceCode {
    return new DotenvSourceCode({ text: textOf(file), ast: input.ast });
  },
};

function textOf(file: LintedFile): string {
  return typeof file.body === 'string' ? file.body : new TextDecoder().decode(file.body);
}
