// create-next-app (App Router, TypeScript, ESLint 9 with eslint-config-next), with the README's line
// added to its eslint.config.mjs. Its .gitignore ignores every `.env*` file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeKey } from '../../helpers/keys.js';
import { INSTALL_TIMEOUT, lintBeforeAndAfter, runCli, templateProject, type Project } from './template-project.js';

const K = fakeKey('templates:next');

describe('create-next-app@16.4.3 --ts --eslint --app (ESLint 9)', () => {
  let project: Project;
  beforeAll(() => {
    project = templateProject({
      name: 'create-next-app@16.4.3',
      create: (dir) =>
        runCli(dir, 'create-next-app@16.4.3', [
          '--ts', '--eslint', '--app', '--no-tailwind', '--no-src-dir', '--no-react-compiler', '--import-alias', '@/*',
          '--use-npm', '--skip-install', '--disable-git', '--no-agent-feedback', '--yes',
        ]),
      devDependencies: { typescript: '~5.9.3' },
      config: { file: 'eslint.config.mjs', before: ']);' },
    });
    project.write({
      'lib/aisa.ts': `// The AIsa client's key\nexport const aisaKey = "${K}";\n`,
      'app/key-hint.tsx': `export function KeyHint() {\n  return <code>{process.env.NEXT_PUBLIC_AISA_API_KEY}</code>;\n}\n`,
      '.env.local': `AISA_API_KEY=${K}\n`,
    });
  }, INSTALL_TIMEOUT);
  afterAll(() => project?.remove());

  it("the README line: keys at their lines, no crash, the template's own results unchanged", () => {
    const run = lintBeforeAndAfter(project);
    expect(run.after.stderr).toBe('');
    expect(run.ours).toEqual(['app/key-hint.tsx:2 aisa-guard/no-client-exposed-key', 'lib/aisa.ts:2 aisa-guard/no-hardcoded-key']);
    expect(run.theirsAfterOnSameFiles).toEqual(run.theirsBefore);
    expect(run.added).toEqual({ '.env.local': [] });
  }, INSTALL_TIMEOUT);
});
