// The aisa-guard ESLint plugin (`aisa-guard/eslint-plugin`): three rules, a dotenv language so ESLint
// can lint `.env` files, and a flat `recommended` config. Shaped like @eslint/json's plugin object.
import type { TSESLint } from '@typescript-eslint/utils';
import { VERSION } from '../src/version.js';
import { dotenvLanguage } from './dotenv/language.js';
import noClientExposedKey from './no-client-exposed-key.js';
import noHardcodedKey from './no-hardcoded-key.js';
import noUnignoredEnvFile from './no-unignored-env-file.js';

const rules = {
  'no-hardcoded-key': noHardcodedKey,
  'no-client-exposed-key': noClientExposedKey,
  'no-unignored-env-file': noUnignoredEnvFile,
};

const plugin = {
  meta: { name: 'aisa-guard', version: VERSION },
  rules,
  languages: { dotenv: dotenvLanguage },
  configs: {} as { recommended: TSESLint.FlatConfig.ConfigArray },
};

/** Use as `...aisaGuard.configs.recommended` (or in `extends`): the rules, and `.env` files linted as dotenv. */
plugin.configs.recommended = [
  {
    name: 'aisa-guard/recommended',
    plugins: { 'aisa-guard': plugin },
    rules: {
      'aisa-guard/no-hardcoded-key': 'error',
      'aisa-guard/no-client-exposed-key': 'error',
      'aisa-guard/no-unignored-env-file': 'error',
    },
  },
  {
    name: 'aisa-guard/dotenv',
    files: ['**/.env', '**/.env.*'],
    language: 'aisa-guard/dotenv',
    plugins: { 'aisa-guard': plugin },
  },
];

export default plugin;
