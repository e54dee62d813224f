// create-vue --ts --eslint (ESLint 10, eslint-plugin-vue, @vue/eslint-config-typescript, oxlint) with the
// README's line added to its eslint.config.ts. Its lint script runs `eslint . --fix --cache`.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeKey } from '../../helpers/keys.js';
import { git } from '../git-repo.js';
import { INSTALL_TIMEOUT, lintBeforeAndAfter, npm, ourMessages, runCli, templateProject, type Project } from './template-project.js';

const K = fakeKey('templates:create-vue');

describe('create-vue@3.24.0 --ts --eslint (ESLint 10)', () => {
  let project: Project;
  beforeAll(() => {
    project = templateProject({
      name: 'create-vue@3.24.0',
      create: (dir) => runCli(dir, 'create-vue@3.24.0', ['--ts', '--eslint']),
      devDependencies: { typescript: '~5.9.3' },
      config: { file: 'eslint.config.ts', before: '\n)' },
    });
    project.write({
      'src/aisa.ts': `// The AIsa client's key\nexport const aisaKey = '${K}'\n`,
      '.env': `VITE_AISA_API_KEY=${K}\n`,
      '.env.local': `AISA_API_KEY=${K}\n`,
    });
  }, INSTALL_TIMEOUT);
  afterAll(() => project?.remove());

  it("the README line: keys at their lines, no crash, the template's own results unchanged", () => {
    const run = lintBeforeAndAfter(project);
    expect(run.after.stderr).toBe('');
    expect(run.ours).toEqual([
      '.env:1 aisa-guard/no-client-exposed-key',
      '.env:1 aisa-guard/no-hardcoded-key',
      '.env:1 aisa-guard/no-unignored-env-file',
      'src/aisa.ts:2 aisa-guard/no-hardcoded-key',
    ]);
    expect(run.theirsAfterOnSameFiles).toEqual(run.theirsBefore);
    expect(run.added).toEqual({ '.env': [], '.env.local': [] });
  }, INSTALL_TIMEOUT);

  it('its `npm run lint:eslint` (--fix --cache) reports .env.local once `git add -f` commits it', () => {
    const lintScript = () => {
      try {
        return npm(project.dir, 'run', 'lint:eslint');
      } catch (error) {
        return String((error as { stdout?: string }).stdout);
      }
    };
    expect(lintScript()).not.toContain('.env.local');
    git(project.dir, 'add', '-f', '.env.local');
    expect(lintScript()).toMatch(/\.env\.local\n\s+1:1\s+error\s+\.env\.local is committed to git/);
    expect(ourMessages(project.lint(['--cache']).results)).toContain('.env.local:1 aisa-guard/no-unignored-env-file');
  }, INSTALL_TIMEOUT);
});
