// configs.all with the real ESLint 9 and 10: the text language over config/docs/script files, the
// CLI's allow comment, eslint-disable directives, and ESLint 10's check of `meta.languages`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ESLint as ESLint9 } from 'eslint';
import { ESLint as ESLint10 } from 'eslint10';
import { afterAll, describe, expect, it } from 'vitest';
import plugin from '../../rules/index.js';
import { fakeKey } from '../helpers/keys.js';

const K = fakeKey('languages:plain');
const B64 = Buffer.from(fakeKey('languages:base64')).toString('base64');
const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'aisa-guard-eslint-languages-')));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

type Problem = [ruleId: string | null, line: number, column: number];

describe.each([
  ['ESLint 9', ESLint9],
  ['ESLint 10', ESLint10],
])('%s, configs.all', (_name, ESLint) => {
  const eslint = new ESLint({ cwd: dir, overrideConfigFile: true, overrideConfig: plugin.configs.all as never });
  const lint = async (file: string, text: string): Promise<Problem[]> => {
    const [result] = await eslint.lintText(text, { filePath: path.join(dir, file) });
    return result.messages.map((m) => [m.ruleId, m.line, m.column]);
  };

  it.each([
    ['config.yaml', `api:\n  key: ${K}\n`, [['aisa-guard/no-hardcoded-key', 2, 8]]],
    ['README.md', `# Setup\n\n\`\`\`sh\nexport AISA_API_KEY=${K}\n\`\`\`\n`, [['aisa-guard/no-hardcoded-key', 4, 21]]],
    ['app/settings.py', `import os\nAISA_KEY = "${K}"\n`, [['aisa-guard/no-hardcoded-key', 2, 13]]],
    ['pyproject.toml', `[tool.app]\nblob = "${B64}"\n`, [['aisa-guard/no-hardcoded-key', 2, 9]]],
    ['notebook.ipynb', JSON.stringify({ cells: [{ source: [`key = '${K}'`] }] }, null, 1), [['aisa-guard/no-hardcoded-key', 5, 13]]],
    ['app.properties', `aisa.key=${K}\n`, [['aisa-guard/no-hardcoded-key', 1, 10]]],
    ['settings.ini', `[aisa]\nkey = ${K}\n`, [['aisa-guard/no-hardcoded-key', 2, 7]]],
    [
      'Dockerfile',
      `FROM node:20\nENV NEXT_PUBLIC_AISA_API_KEY=${K}\n`,
      [
        ['aisa-guard/no-client-exposed-key', 2, 5],
        ['aisa-guard/no-hardcoded-key', 2, 30],
      ],
    ],
    ['clean.yaml', 'api:\n  key: ${AISA_API_KEY}\n  example: sk-aisa-your-key-here\n', []],
    // The CLI's allow rule: on the line, or on a comment-only line right above it; not after code above.
    ['allowed.yaml', `# aisa-guard:allow test fixture\nkey: ${K}\nother: ${K} # aisa-guard:allow\n`, []],
    ['not-allowed.yaml', `a: 1 # aisa-guard:allow\nkey: ${K}\n`, [['aisa-guard/no-hardcoded-key', 2, 6]]],
  ] as [string, string, Problem[]][])('%s', async (file, text, expected) => {
    expect(await lint(file, text)).toEqual(expected);
  });

  it('reads a UTF-16 file as the CLI does (ESLint hands it over as UTF-8)', async () => {
    const file = path.join(dir, 'utf16.txt');
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`line one\r\nkey=${K}\r\nVITE_AISA_KEY=x\r\n`, 'utf16le')]));
    const [result] = await eslint.lintFiles([file]);
    expect(result.messages.map((m) => [m.ruleId, m.line, m.message.includes('UTF-16')])).toEqual([
      ['aisa-guard/no-hardcoded-key', 2, true],
      ['aisa-guard/no-client-exposed-key', 3, false],
    ]);
  });

  it('honours eslint-disable directives in code', async () => {
    const code = `// eslint-disable-next-line aisa-guard/no-hardcoded-key\nconst a = "${K}";\nconst b = "${K}"; // eslint-disable-line\n/* eslint-disable aisa-guard/no-hardcoded-key */\nconst c = "${K}";\n`;
    expect(await lint('src/disabled.js', code)).toEqual([]);
    expect(await lint('src/enabled.js', `const a = "${K}";`)).toEqual([['aisa-guard/no-hardcoded-key', 1, 12]]);
  });

  it('applies the CLI allow rule in code too', async () => {
    expect(await lint('src/a.js', `// aisa-guard:allow fixture\nconst a = "${K}";`)).toEqual([]);
    expect(await lint('src/b.js', `const x = 1; // aisa-guard:allow\nconst a = "${K}";`)).toEqual([['aisa-guard/no-hardcoded-key', 2, 12]]);
  });

  it('never shows the key in full', async () => {
    const [result] = await eslint.lintText(`key: ${K}\n`, { filePath: path.join(dir, 'x.yml') });
    expect(JSON.stringify(result.messages)).not.toContain(K);
    expect(result.messages[0].message).toContain(`${K.slice(0, 12)}…${K.slice(-4)}`);
  });
});

describe('meta.languages', () => {
  it('ESLint 10 refuses a rule on a language it does not declare', async () => {
    const config = [...plugin.configs.all, { files: ['**/*.yaml'], rules: { 'aisa-guard/no-unignored-env-file': 'error' } }];
    const eslint = new ESLint10({ cwd: dir, overrideConfigFile: true, overrideConfig: config as never });
    await expect(eslint.lintText('a: 1\n', { filePath: path.join(dir, 'x.yaml') })).rejects.toThrow(
      /do not support the language "aisa-guard\/text"[\s\S]*no-unignored-env-file/,
    );
  });
});
