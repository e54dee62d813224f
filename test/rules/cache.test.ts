// `eslint --cache` (create-vue's lint script uses it) with results that depend on git state: lint, commit
// the env file with `git add -f`, lint again: the second run reports it, on ESLint 9 and 10's CLIs.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { git, makeRepo } from './git-repo.js';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

describe.each(['eslint', 'eslint10'])('%s --cache', (pkg) => {
  it('reports an env file committed with `git add -f` after a cached clean run, and forgets it after `git rm --cached`', () => {
    const bin = path.join(path.dirname(require.resolve(`${pkg}/package.json`)), 'bin/eslint.js');
    const dir = makeRepo({
      'package.json': '{ "type": "module" }',
      '.gitignore': 'node_modules\n.env.local\n.eslintcache\n',
      '.env.local': 'A=1\n',
      'app.js': 'export const a = 1;\n',
      'eslint.config.js': "import aisaGuard from 'eslint-plugin-aisa-guard';\n\nexport default [...aisaGuard.configs.recommended];\n",
    }, { commit: ['.gitignore', 'app.js'] });
    fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
    const lint = () => {
      const run = spawnSync(process.execPath, [bin, '--cache', '--format', 'json', '.'], { cwd: dir, encoding: 'utf8' });
      expect(run.stderr).toBe('');
      const results = JSON.parse(run.stdout) as { filePath: string; messages: { ruleId: string; line: number }[] }[];
      return results.flatMap((r) => r.messages.map((m) => `${path.relative(dir, r.filePath)}:${m.line} ${m.ruleId}`));
    };
    try {
      expect(lint()).toEqual([]);
      expect(fs.existsSync(path.join(dir, '.eslintcache'))).toBe(true);
      git(dir, 'add', '-f', '.env.local');
      expect(lint()).toEqual(['.env.local:1 aisa-guard/no-unignored-env-file']);
      git(dir, 'rm', '-q', '--cached', '.env.local');
      expect(lint()).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
