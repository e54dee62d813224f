import fs from 'node:fs';
import { RuleTester } from '@typescript-eslint/rule-tester';
import { afterAll } from 'vitest';
import rule from '../../rules/no-unignored-env-file.js';
import { makeRepo } from './git-repo.js';
import { testerRule } from './tester.js';

// A real repository: `.env` committed, `.env.local` and `secrets/` ignored, `.env.production` neither.
const repo = makeRepo(
  {
    '.gitignore': '.env.local\nsecrets/\n',
    '.env': 'AISA_API_KEY=\n',
    '.env.local': 'AISA_API_KEY=\n',
    '.env.production': 'AISA_API_KEY=\n',
    '.env.example': 'AISA_API_KEY=sk-aisa-your-key-here\n',
    'secrets/app.env': 'AISA_API_KEY=\n',
    'src/server.ts': '',
  },
  { commit: ['.gitignore', '.env'] },
);
// Outside any repository: the rule has nothing to ask and stays silent.
const outside = makeRepo({ '.env': 'AISA_API_KEY=\n' }, { git: false });
afterAll(() => {
  fs.rmSync(repo, { recursive: true, force: true });
  fs.rmSync(outside, { recursive: true, force: true });
});

// Relative file names make the linter's cwd the repository, as when ESLint runs from the project root.
const ruleTester = new RuleTester({ languageOptions: { parserOptions: { tsconfigRootDir: repo } } });
const filename = 'src/server.ts';
const tracked = { messageId: 'trackedEnvFile' as const, data: { file: '.env' } };
const unignored = (file: string) => ({ messageId: 'unignoredEnvFile' as const, data: { file } });

ruleTester.run('no-unignored-env-file', testerRule(rule), {
  valid: [
    { code: 'import dotenv from "dotenv";\ndotenv.config({ path: ".env.local" });', filename },
    { code: 'import { config } from "dotenv";\nconfig({ path: ".env.example" });', filename },
    { code: 'import { config } from "dotenv";\nconfig({ path: "secrets/app.env" });', filename },
    { code: 'import { config } from "dotenv";\nconfig({ path: process.env.ENV_FILE });', filename },
    { code: 'const config = () => {};\nconfig();', filename },
    { code: 'import settings from "./settings";\nsettings.config();', filename },
    { code: `import { config } from "dotenv";\nconfig({ path: "${outside}/.env" });`, filename },
    { code: 'process.loadEnvFile(".env.local");', filename },
  ],
  invalid: [
    { code: 'import "dotenv/config";', filename, errors: [{ ...tracked, line: 1, column: 1, endColumn: 24 }] },
    { code: 'require("dotenv/config");', filename, errors: [{ ...tracked, line: 1, column: 1, endColumn: 25 }] },
    {
      code: 'import dotenv from "dotenv";\ndotenv.config();',
      filename,
      errors: [{ ...tracked, line: 2, column: 1, endColumn: 16 }],
    },
    {
      code: 'import { config } from "dotenv";\nconfig({ path: ".env.production" });',
      filename,
      errors: [{ ...unignored('.env.production'), line: 2, column: 1, endColumn: 36 }],
    },
    {
      // dotenv accepts several files: only the unignored one is reported.
      code: 'require("dotenv").config({ path: [".env.local", ".env.production"] });',
      filename,
      errors: [{ ...unignored('.env.production'), line: 1, column: 1, endColumn: 70 }],
    },
    {
      code: 'import * as dotenv from "dotenv";\nimport path from "node:path";\ndotenv.config({ path: path.resolve(__dirname, "../.env") });',
      filename,
      errors: [{ ...tracked, line: 3, column: 1, endColumn: 60 }],
    },
    {
      // A file that does not exist yet is still reported: once created, git would take it.
      code: 'const { config: load } = require("dotenv");\nload({ path: "config/.env" });',
      filename,
      errors: [{ ...unignored('config/.env'), line: 2, column: 1, endColumn: 30 }],
    },
    {
      code: 'import dotenv from "dotenv";\nimport { fileURLToPath } from "node:url";\ndotenv.config({ path: fileURLToPath(new URL("../.env.production", import.meta.url)) });',
      filename,
      errors: [{ ...unignored('.env.production'), line: 3, column: 1, endColumn: 87 }],
    },
    {
      code: 'process.loadEnvFile();\nprocess.loadEnvFile(".env.production");',
      filename,
      errors: [
        { ...tracked, line: 1, column: 1, endColumn: 22 },
        { ...unignored('.env.production'), line: 2, column: 1, endColumn: 39 },
      ],
    },
  ],
});
