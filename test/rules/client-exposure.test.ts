// no-client-exposed-key beyond a public prefix read in place (all of these were silent on main): env
// objects through aliases, Vite's `envPrefix`, bundler `define`s, Next's `next.config` `env`, and
// `'use client'` modules reading a key.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { Linter } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import rule from '../../rules/no-client-exposed-key.js';
import { ruleTester, testerRule } from './tester.js';

/** The one error a case expects, spanning the first `needle` in `code`. */
function at(code: string, needle: string, messageId: string, data: Record<string, string>) {
  const start = code.indexOf(needle);
  const before = code.slice(0, start).split('\n');
  const column = before[before.length - 1].length + 1;
  return { messageId: messageId as never, data, line: before.length, column, endColumn: column + needle.length };
}
const exposed = (code: string, needle: string, name: string, prefix: string, filename?: string) => ({
  code,
  ...(filename ? { filename } : {}),
  errors: [at(code, needle, 'exposedEnv', { name, prefix })],
});
const one = (code: string, needle: string, messageId: string, name: string, filename: string) => ({
  code,
  filename,
  errors: [at(code, needle, messageId, { name })],
});

// A Vite project whose config sets envPrefix, and a folder outside it.
const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'aisa-guard-client-exposure-')));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
fs.mkdirSync(path.join(dir, 'app/src/deep'), { recursive: true });
fs.mkdirSync(path.join(dir, 'other/src'), { recursive: true });
fs.writeFileSync(path.join(dir, 'app/package.json'), '{}');
fs.writeFileSync(path.join(dir, 'app/vite.config.ts'), "import { defineConfig } from 'vite';\nexport default defineConfig({ envPrefix: ['APP_', 'VITE_'] });\n");
fs.writeFileSync(path.join(dir, 'other/package.json'), '{}');
const appFile = path.join(dir, 'app/src/deep/chat.ts');
const otherFile = path.join(dir, 'other/src/chat.ts');

const DEFINE = (entry: string) => `import { defineConfig, loadEnv } from 'vite';\nexport default defineConfig(({ mode }) => {\n  const env = loadEnv(mode, process.cwd(), '');\n  return { define: { ${entry} } };\n});`;

ruleTester.run('no-client-exposed-key: aliases, envPrefix, define, next.config env, use client', testerRule(rule), {
  valid: [
    'const env = import.meta.env;\nconst title = env.VITE_APP_TITLE;',
    'const env = { VITE_AISA_API_KEY: "x" };\nconst key = env.VITE_AISA_API_KEY;',
    'let env = import.meta.env;\nenv = other;\nconst key = env.VITE_AISA_API_KEY;',
    "'use client';\nconst id = process.env.NEXT_PUBLIC_ANALYTICS_ID;",
    // Server code may read the key.
    { code: 'const key = process.env.AISA_API_KEY;', filename: 'app/api/chat/route.ts' },
    // A prefix only the app's vite.config sets: not a prefix elsewhere.
    { code: 'const key = import.meta.env.APP_AISA_API_KEY;', filename: otherFile },
    { code: DEFINE("__APP_VERSION__: JSON.stringify('1.0')"), filename: 'vite.config.ts' },
    { code: 'export default { define: { key: process.env.AISA_API_KEY } };', filename: 'src/settings.ts' },
    { code: "export default { env: { SITE_NAME: 'x' } };", filename: 'next.config.mjs' },
  ],
  invalid: [
    exposed('const env = import.meta.env;\nconst key = env.VITE_AISA_API_KEY;', 'env.VITE_AISA_API_KEY', 'VITE_AISA_API_KEY', 'VITE_'),
    exposed('const { env } = process;\nconst key = env.NEXT_PUBLIC_AISA_API_KEY;', 'env.NEXT_PUBLIC_AISA_API_KEY', 'NEXT_PUBLIC_AISA_API_KEY', 'NEXT_PUBLIC_'),
    exposed('const env = import.meta.env;\nconst { VITE_AISA_API_KEY: key } = env;', 'VITE_AISA_API_KEY', 'VITE_AISA_API_KEY', 'VITE_'),
    exposed('const e1 = import.meta.env;\nconst e2 = e1;\nconst key = e2["VITE_AISA_KEY"];', 'e2["VITE_AISA_KEY"]', 'VITE_AISA_KEY', 'VITE_'),
    exposed('const key = import.meta.env.APP_AISA_API_KEY;', 'import.meta.env.APP_AISA_API_KEY', 'APP_AISA_API_KEY', 'APP_', appFile),
    (() => {
      const code = DEFINE('__AISA_KEY__: JSON.stringify(process.env.AISA_API_KEY)');
      return one(code, '__AISA_KEY__: JSON.stringify(process.env.AISA_API_KEY)', 'definedIntoClient', 'AISA_API_KEY', 'vite.config.ts');
    })(),
    (() => {
      const code = DEFINE("'process.env.AISA_API_KEY': JSON.stringify(env.OTHER)");
      return one(code, "'process.env.AISA_API_KEY': JSON.stringify(env.OTHER)", 'definedIntoClient', 'process.env.AISA_API_KEY', 'vite.config.mts');
    })(),
    (() => {
      const code = "const webpack = require('webpack');\nmodule.exports = { plugins: [new webpack.DefinePlugin({ AISA: JSON.stringify(process.env['AISA_SECRET_TOKEN']) })] };";
      return one(code, "AISA: JSON.stringify(process.env['AISA_SECRET_TOKEN'])", 'definedIntoClient', 'AISA_SECRET_TOKEN', 'webpack.config.cjs');
    })(),
    (() => {
      const code = 'const nextConfig = {\n  env: { AISA_API_KEY: process.env.AISA_API_KEY },\n};\nexport default nextConfig;';
      return one(code, 'AISA_API_KEY: process.env.AISA_API_KEY', 'nextConfigEnv', 'AISA_API_KEY', 'next.config.mjs');
    })(),
    (() => {
      const code = '"use client";\nexport function Chat() {\n  const key = process.env.AISA_API_KEY;\n}';
      return one(code, 'process.env.AISA_API_KEY', 'readInClientModule', 'AISA_API_KEY', 'app/chat.tsx');
    })(),
    (() => {
      const code = "// a chat widget\n'use client';\nconst env = process.env;\nconst { AISA_API_KEY } = env;";
      return one(code, 'AISA_API_KEY', 'readInClientModule', 'AISA_API_KEY', 'components/widget.tsx');
    })(),
  ],
});

// A long comment header before the code (ESLint's own lib/linter/linter.js has one) once made the
// directive check backtrack exponentially: the lint of such a file never ended.
describe("'use client' after a long comment header", () => {
  const header = ['/**', ...Array.from({ length: 60 }, (_, i) => ` * line ${i} of a licence header, with // and /* inside`), ' */', '// a', '/* b */ // c'].join('\n');
  const code = `${header}\n'use client';\nconst key = process.env.AISA_API_KEY;\n`;
  it('is found, in linear time', () => {
    const linter = new Linter();
    const started = performance.now();
    const messages = linter.verify(code, [{ files: ['**/*.ts'], plugins: { t: { rules: { r: rule as never } } }, rules: { 't/r': 'error' } }], 'app/chat.ts');
    expect(messages.map((m) => [m.messageId, m.line])).toEqual([['readInClientModule', header.split('\n').length + 2]]);
    expect(performance.now() - started).toBeLessThan(1000);
  });
  it("ESLint's own lib/linter/linter.js lints in linear time (the regular expression backtracked over its comments)", () => {
    const file = path.join(path.dirname(createRequire(import.meta.url).resolve('eslint/package.json')), 'lib/linter/linter.js');
    const linter = new Linter();
    const started = performance.now();
    const messages = linter.verify(fs.readFileSync(file, 'utf8'), [{ files: ['**/*.js'], plugins: { t: { rules: { r: rule as never } } }, rules: { 't/r': 'error' } }], 'lib/linter/linter.js');
    expect(messages.filter((m) => m.ruleId === 't/r')).toEqual([]);
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
