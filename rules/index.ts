// The aisa-guard ESLint plugin (package `eslint-plugin-aisa-guard`; `aisa-guard/eslint-plugin` re-exports
// it): three rules, a dotenv and a text language, a TypeScript parser that needs no `typescript`, and two
// flat configs. Shaped like @eslint/json's plugin object.
import type { TSESLint } from '@typescript-eslint/utils';
import { dotenvLanguage } from './dotenv/language.js';
import { ENV_FILES, onlyWhereLinted, SCRIPT_FILES, TEXT_FILES, TYPESCRIPT_FILES, TYPESCRIPT_FILES_OF_OTHER_PARSERS } from './files.js';
import noClientExposedKey from './no-client-exposed-key.js';
import noHardcodedKey from './no-hardcoded-key.js';
import noUnignoredEnvFile from './no-unignored-env-file.js';
import { envFilesFingerprint } from './git-status.js';
import { textLanguage } from './text/language.js';
import typescriptParser from './typescript/parser.js';
import { VERSION } from './version.js';

const rules = {
  'no-hardcoded-key': noHardcodedKey,
  'no-client-exposed-key': noClientExposedKey,
  'no-unignored-env-file': noUnignoredEnvFile,
};

type Configs = Record<'recommended' | 'all', TSESLint.FlatConfig.ConfigArray>;

const plugin = {
  meta: { name: 'eslint-plugin-aisa-guard', namespace: 'aisa-guard', version: VERSION },
  rules,
  languages: { dotenv: dotenvLanguage, text: textLanguage },
  parsers: { typescript: typescriptParser },
  configs: {} as Configs,
};

const plugins = { 'aisa-guard': plugin } as unknown as TSESLint.FlatConfig.Plugins;

/**
 * `eslint --cache` replays a file's results while the file and its config's hash are unchanged; whether
 * an env file is ignored or tracked is git state, in neither. ESLint hashes the config with
 * JSON.stringify semantics, so this setting's toJSON puts what git says about the project's env files
 * into the hash: `git add -f .env.local` or a .gitignore edit makes the next run lint afresh.
 */
const gitStateForCache = { toJSON: () => envFilesFingerprint(process.cwd()) };

/**
 * `...aisaGuard.configs.recommended`: the key rules on every file the project's own configs lint
 * (`.ts`/`.tsx`/`.mts`/`.cts` through typescript-eslint's parser when the project has it, else the
 * built-in one), and `.env` files as dotenv. The only files it adds to the lint run are `.env` files,
 * in a language of ours on which other configs' rules find nothing (foreign-rules.ts); everything else
 * is matched through `onlyWhereLinted`, so no `.d.ts`, `.vue` or `.ts` file is pulled into a run that
 * did not lint it.
 */
plugin.configs.recommended = [
  {
    name: 'aisa-guard/recommended',
    plugins,
    rules: { 'aisa-guard/no-hardcoded-key': 'error', 'aisa-guard/no-client-exposed-key': 'error' },
  },
  {
    name: 'aisa-guard/env-loading',
    ...onlyWhereLinted([...SCRIPT_FILES, ...ENV_FILES]),
    plugins,
    settings: { 'aisa-guard': { envFilesInGit: gitStateForCache } },
    rules: { 'aisa-guard/no-unignored-env-file': 'error' },
  },
  {
    name: 'aisa-guard/typescript',
    ...onlyWhereLinted(TYPESCRIPT_FILES, TYPESCRIPT_FILES_OF_OTHER_PARSERS),
    languageOptions: { parser: typescriptParser as TSESLint.FlatConfig.Parser },
  },
  { name: 'aisa-guard/dotenv', files: ENV_FILES, plugins, language: 'aisa-guard/dotenv' },
];

/** `recommended`, plus config, docs and script files of other languages checked as text. */
plugin.configs.all = [
  ...plugin.configs.recommended,
  { name: 'aisa-guard/text', files: TEXT_FILES, plugins, language: 'aisa-guard/text' },
];

export default plugin;
