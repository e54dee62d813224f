// An ESLint `languages` entry for dotenv files (`language: 'aisa-guard/dotenv'`), shaped like
// @eslint/json's: ESLint reads the file, this parses it, the rules walk the DotenvDocument tree.
import { parseDotenv, VISITOR_KEYS, type DotenvDocument } from './parse.js';
import { DotenvSourceCode } from './source-code.js';

import { TEXT_FILE_LANGUAGE, textOf, type LintedFile } from '../language-base.js';

export type { LintedFile };

export const dotenvLanguage = {
  ...TEXT_FILE_LANGUAGE,
  visitorKeys: VISITOR_KEYS,

  parse(file: LintedFile): { ok: true; ast: DotenvDocument } {
    return { ok: true, ast: parseDotenv(textOf(file)) };
  },

  createSourceCode(file: LintedFile, input: { ast: DotenvDocument }): DotenvSourceCode {
    return new DotenvSourceCode({ text: textOf(file), ast: input.ast });
  },
};

