// What the plugin's two `languages` (dotenv, text) share: ESLint's text-file fields and how a file's body
// becomes text. Each language adds its own visitor keys, parse and source code.
import { FOREIGN_RULE_LANGUAGE_OPTIONS } from './foreign-rules.js';

export interface LintedFile {
  body: string | Uint8Array;
}

export const TEXT_FILE_LANGUAGE = {
  fileType: 'text' as const,
  lineStart: 1 as const,
  columnStart: 1 as const,
  nodeTypeKey: 'type',
  defaultLanguageOptions: FOREIGN_RULE_LANGUAGE_OPTIONS,

  /** Nothing to configure. Options set for every file (a global parser, globals) are ignored, not refused. */
  validateLanguageOptions(): void {},
};

export function textOf(file: LintedFile): string {
  return typeof file.body === 'string' ? file.body : new TextDecoder().decode(file.body);
}
