// SvelteKit from `sv create --template minimal --types ts --add eslint` (ESLint 10, its unscoped
// js/typescript-eslint/svelte configs), with the README's line added. Its .gitignore keeps `.env.test`.
// Also the .svelte markup check under ESLint 10 (markup.test.ts runs .svelte under ESLint 9 only).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fakeKey } from '../../helpers/keys.js';
import { INSTALL_TIMEOUT, lintBeforeAndAfter, npm, templateProject, type Project } from './template-project.js';

const K = fakeKey('templates:sveltekit');

describe('sv@0.17.1 create --add eslint (ESLint 10)', () => {
  let project: Project;
  beforeAll(() => {
    project = templateProject({
      name: 'sv@0.17.1-minimal-ts-eslint',
      create: (dir) => npm(dir, 'exec', '--yes', '--', 'sv@0.17.1', 'create', '.', '--template', 'minimal', '--types', 'ts', '--add', 'eslint', '--no-install'),
      devDependencies: { typescript: '~5.9.3' },
      config: { file: 'eslint.config.js', before: '\n);' },
    });
    project.write({
      'src/lib/aisa.ts': `// The AIsa client's key\nexport const aisaKey = '${K}';\n`,
      '.env.test': `PUBLIC_AISA_API_KEY=${K}\n`,
      '.env': `AISA_API_KEY=${K}\n`,
      // Markup under ESLint 10 with the template's own svelte-eslint-parser (and eslint-scope 9): an
      // attribute, a mustache tag and an HTML comment.
      'src/lib/AisaChat.svelte': `<script lang="ts">\n  const label = 'AIsa';\n</script>\n\n<input data-key="${K}" />\n<p>{label}: {'${K}'}</p>\n<!-- ${K} -->\n`,
    });
  }, INSTALL_TIMEOUT);
  afterAll(() => project?.remove());

  it("the README line: keys at their lines, no crash, the template's own results unchanged", () => {
    const run = lintBeforeAndAfter(project);
    expect(run.after.stderr).toBe('');
    expect(run.ours).toEqual([
      '.env.test:1 aisa-guard/no-client-exposed-key',
      '.env.test:1 aisa-guard/no-hardcoded-key',
      '.env.test:1 aisa-guard/no-unignored-env-file',
      'src/lib/AisaChat.svelte:5 aisa-guard/no-hardcoded-key',
      'src/lib/AisaChat.svelte:6 aisa-guard/no-hardcoded-key',
      'src/lib/AisaChat.svelte:7 aisa-guard/no-hardcoded-key',
      'src/lib/aisa.ts:2 aisa-guard/no-hardcoded-key',
    ]);
    expect(run.theirsAfterOnSameFiles).toEqual(run.theirsBefore);
    expect(Object.keys(run.added).sort()).toEqual(['.env.test']);
    expect(run.added['.env.test']).toEqual([]);
  }, INSTALL_TIMEOUT);
});
