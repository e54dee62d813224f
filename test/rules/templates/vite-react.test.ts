// create-vite react-ts with its ESLint config (--eslint), on ESLint 9 and TypeScript 5.9 (the template
// asks for TypeScript 7, which typescript-eslint cannot serve), with the README's line added.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeKey } from '../../helpers/keys.js';
import { INSTALL_TIMEOUT, lintBeforeAndAfter, runCli, templateProject, type Project } from './template-project.js';

const K = fakeKey('templates:vite-react');

describe('create-vite@9.3.0 react-ts --eslint (ESLint 9)', () => {
  let project: Project;
  beforeAll(() => {
    project = templateProject({
      name: 'create-vite@9.3.0-react-ts',
      create: (dir) => runCli(dir, 'create-vite@9.3.0', ['--template', 'react-ts', '--eslint', '--no-immediate', '--no-interactive']),
      devDependencies: { typescript: '~5.9.3', eslint: '^9.39.0', '@eslint/js': '^9.39.0' },
      config: { file: 'eslint.config.js', before: '])' },
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
});
