// A minimal Astro project (ESLint 10, eslint-plugin-astro with js and typescript-eslint unscoped), with
// the README's line added. create-astro downloads its templates from GitHub (giget), so the project is
// written here from the `minimal` template's files: package.json, astro.config.mjs, tsconfig, one page.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeKey } from '../../helpers/keys.js';
import { INSTALL_TIMEOUT, lintBeforeAndAfter, templateProject, type Project } from './template-project.js';

const K = fakeKey('templates:astro');

const FILES: Record<string, string> = {
  'package.json': JSON.stringify(
    { name: 'minimal', type: 'module', version: '0.0.1', private: true, scripts: { dev: 'astro dev', build: 'astro build', lint: 'eslint .' }, dependencies: { astro: '^7.4.8' } },
    null,
    2,
  ),
  'astro.config.mjs': "// @ts-check\nimport { defineConfig } from 'astro/config';\n\n// https://astro.build/config\nexport default defineConfig({});\n",
  'tsconfig.json': '{\n  "extends": "astro/tsconfigs/strict",\n  "include": [".astro/types.d.ts", "**/*"],\n  "exclude": ["dist"]\n}\n',
  'src/pages/index.astro': '---\n\n---\n\n<html lang="en">\n\t<head>\n\t\t<meta charset="utf-8" />\n\t\t<title>Astro</title>\n\t</head>\n\t<body>\n\t\t<h1>Astro</h1>\n\t</body>\n</html>\n',
  '.gitignore': '# build output\ndist/\n\n# generated types\n.astro/\n\n# dependencies\nnode_modules/\n\n# environment variables\n.env\n.env.production\n',
  'eslint.config.js': [
    "import js from '@eslint/js';",
    "import eslintPluginAstro from 'eslint-plugin-astro';",
    "import tseslint from 'typescript-eslint';",
    '',
    'export default [',
    '  js.configs.recommended,',
    '  ...tseslint.configs.recommended,',
    '  ...eslintPluginAstro.configs.recommended,',
    '];',
    '',
  ].join('\n'),
};

describe('a minimal Astro project (ESLint 10, eslint-plugin-astro)', () => {
  let project: Project;
  beforeAll(() => {
    project = templateProject({
      name: 'astro-minimal@7.4.8',
      create: (dir) => {
        for (const [name, text] of Object.entries(FILES)) {
          fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
          fs.writeFileSync(path.join(dir, name), text);
        }
      },
      devDependencies: {
        typescript: '~5.9.3', eslint: '^10.0.0', '@eslint/js': '^10.0.0', 'eslint-plugin-astro': '^3.2.1', 'typescript-eslint': '^8.61.0',
      },
      config: { file: 'eslint.config.js', before: '];' },
    });
    project.write({
      'src/pages/chat.astro': `---\n// The AIsa client's key\nconst aisaKey = '${K}';\n---\n<p>{aisaKey.length}</p>\n`,
      '.env.development': `PUBLIC_AISA_API_KEY=${K}\n`,
      '.env': `AISA_API_KEY=${K}\n`,
    });
  }, INSTALL_TIMEOUT);
  afterAll(() => project?.remove());

  it("the README line: keys at their lines, no crash, the project's own results unchanged", () => {
    const run = lintBeforeAndAfter(project);
    expect(run.after.stderr).toBe('');
    expect(run.ours).toEqual([
      '.env.development:1 aisa-guard/no-client-exposed-key',
      '.env.development:1 aisa-guard/no-hardcoded-key',
      '.env.development:1 aisa-guard/no-unignored-env-file',
      'src/pages/chat.astro:3 aisa-guard/no-hardcoded-key',
    ]);
    expect(run.theirsAfterOnSameFiles).toEqual(run.theirsBefore);
    expect(Object.keys(run.added).sort()).toEqual(['.env', '.env.development']);
  }, INSTALL_TIMEOUT);
});
