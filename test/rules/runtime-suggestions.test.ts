// Suggestions follow where the file runs: Node configs and server code read `process.env`, Astro's server
// side `import.meta.env`, and browser code gets no env fix at all (only the advice to call AIsa from a
// server route). The vite.config fix is applied and the config built with the real Vite: on main the fix
// was `import.meta.env.AISA_API_KEY` (the file mentions import.meta.env) and Vite could not load it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Linter } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import plugin from '../../rules/index.js';
import rule from '../../rules/no-hardcoded-key.js';
import { fakeKey } from '../helpers/keys.js';
import { ruleTester, testerRule } from './tester.js';

const K = fakeKey('runtime:whole');
const PROCESS = 'process.env.AISA_API_KEY';

const VITE_CONFIG = `// client code reads import.meta.env.VITE_* variables\nexport default {\n  define: { __AISA_KEY__: JSON.stringify('${K}') },\n};\n`;

/** One error on the key, whose one suggestion puts `replacement` in place of the quoted key. */
function suggests(code: string, filename: string, replacement: string) {
  const start = code.indexOf(K);
  const before = code.slice(0, start).split('\n');
  const column = before[before.length - 1].length + 1;
  const error = { messageId: 'hardcodedKey' as const, line: before.length, column, endColumn: column + K.length };
  return { code, filename, errors: [{ ...error, suggestions: [{ messageId: 'useEnv' as const, output: code.replace(`'${K}'`, replacement) }] }] };
}
function inClient(code: string, filename: string) {
  const start = code.indexOf(K);
  const before = code.slice(0, start).split('\n');
  const column = before[before.length - 1].length + 1;
  return { code, filename, errors: [{ messageId: 'hardcodedKeyInClient' as const, line: before.length, column, endColumn: column + K.length, suggestions: [] }] };
}

ruleTester.run('no-hardcoded-key suggestions by runtime', testerRule(rule), {
  valid: [],
  invalid: [
    // Node: tool configs, whatever else their text mentions.
    suggests(VITE_CONFIG, 'vite.config.ts', PROCESS),
    suggests(`export default { env: { other: 'x' }, headers: { key: '${K}' } };\n// import.meta.env`, 'next.config.mjs', PROCESS),
    suggests(`const k = '${K}';\nexport default [];`, 'eslint.config.js', PROCESS),
    suggests(`module.exports = { key: '${K}' };`, '.prettierrc.cjs', PROCESS),
    // Server code by framework convention or directive, even where client-looking text is present.
    suggests(`const url = import.meta.env.VITE_URL;\nexport const GET = () => fetch(url, { headers: { key: '${K}' } });`, 'src/routes/api/chat/+server.ts', PROCESS),
    suggests(`import.meta.env.MODE;\nconst key = '${K}';`, 'src/lib/aisa.server.ts', PROCESS),
    suggests(`'use server';\nimport.meta.env;\nexport async function ask() { return '${K}'; }`, 'app/actions.ts', PROCESS),
    suggests(`export async function POST() { return '${K}'; }`, 'app/api/chat/route.ts', PROCESS),
    // The browser: nothing an env variable could hide.
    inClient(`'use client';\nexport const key = '${K}';`, 'app/chat.tsx'),
    inClient(`const url = import.meta.env.VITE_URL;\nconst key = '${K}';`, 'src/main.ts'),
    // A single-page app's `api/` folder is the browser's fetch code, not a server.
    inClient(`const base = import.meta.env.VITE_API;\nexport const headers = { key: '${K}' };`, 'src/api/client.ts'),
    suggests(`export default defineEventHandler(() => '${K}');`, 'server/api/chat.ts', PROCESS),
    suggests(`export default function handler(req, res) { res.send('${K}'); }`, 'pages/api/chat.js', PROCESS),
  ],
});

describe('the vite.config suggestion, applied and built with Vite', () => {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'aisa-guard-vite-fix-')));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** The config text after applying the first suggestion ESLint offers on it. */
  const fixed = (): string => {
    const linter = new Linter({ configType: 'flat' });
    // As docs/eslint.md says: the recommended config narrows the files another config lints, so name the .ts files.
    const config = [{ files: ['**/*.ts'] }, ...plugin.configs.recommended];
    const messages = linter.verify(VITE_CONFIG, config as never, { filename: 'vite.config.ts' });
    // The define itself puts a key into client code: the other rule says so on the same line.
    expect(messages.map((m) => [m.ruleId, m.line])).toEqual([
      ['aisa-guard/no-client-exposed-key', 3],
      ['aisa-guard/no-hardcoded-key', 3],
    ]);
    const fix = messages[1].suggestions![0].fix;
    return VITE_CONFIG.slice(0, fix.range[0]) + fix.text + VITE_CONFIG.slice(fix.range[1]);
  };

  const build = async (project: string, config: string) => {
    fs.mkdirSync(project, { recursive: true });
    fs.writeFileSync(path.join(project, 'vite.config.ts'), config);
    fs.writeFileSync(path.join(project, 'index.html'), '<!doctype html><script type="module" src="/main.js"></script>\n');
    fs.writeFileSync(path.join(project, 'main.js'), 'console.log(typeof __AISA_KEY__);\n');
    const vite = await import('vite');
    await vite.build({ root: project, configFile: path.join(project, 'vite.config.ts'), logLevel: 'silent', build: { outDir: 'dist' } });
    return fs.readdirSync(path.join(project, 'dist'));
  };

  it('reads process.env, and Vite loads the config and builds', async () => {
    const config = fixed();
    expect(config).toContain(`JSON.stringify(${PROCESS})`);
    expect(config).not.toContain(K);
    expect(await build(path.join(dir, 'fixed'), config)).toContain('index.html');
  }, 60_000);

  it("main's fix (import.meta.env in a config Node loads) is what broke the build", async () => {
    const broken = VITE_CONFIG.replace(`'${K}'`, 'import.meta.env.AISA_API_KEY');
    // Node has no import.meta.env: reading the key from it throws while Vite loads the config.
    await expect(build(path.join(dir, 'broken'), broken)).rejects.toThrow(/AISA_API_KEY/);
  }, 60_000);
});
