// The plugin object: its shape, its docs links, and the built package export `aisa-guard/eslint-plugin`.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import plugin from '../../rules/index.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };

describe('the aisa-guard ESLint plugin', () => {
  it('names itself and its version', () => {
    expect(plugin.meta).toEqual({ name: 'aisa-guard', version: pkg.version });
  });

  it('recommends all three rules as errors and lints .env files as dotenv', () => {
    const [rules, dotenv] = plugin.configs.recommended;
    expect(rules.plugins?.['aisa-guard']).toBe(plugin);
    expect(rules.rules).toEqual({
      'aisa-guard/no-hardcoded-key': 'error',
      'aisa-guard/no-client-exposed-key': 'error',
      'aisa-guard/no-unignored-env-file': 'error',
    });
    expect(dotenv).toMatchObject({ files: ['**/.env', '**/.env.*'], language: 'aisa-guard/dotenv' });
    expect(plugin.languages.dotenv).toMatchObject({ fileType: 'text', lineStart: 1, columnStart: 1, nodeTypeKey: 'type' });
  });

  it('links every rule to its docs page, which exists', () => {
    for (const [name, rule] of Object.entries(plugin.rules)) {
      expect(rule.meta.docs?.url).toBe(`https://github.com/aisa-guard/aisa-guard/blob/main/docs/rules/${name}.md`);
      expect(fs.existsSync(path.join(ROOT, 'docs/rules', `${name}.md`))).toBe(true);
    }
  });

  it('is importable from the built package as aisa-guard/eslint-plugin', () => {
    const script =
      "import p from 'aisa-guard/eslint-plugin';" +
      'console.log(JSON.stringify([p.meta.name, Object.keys(p.rules), p.configs.recommended.map((c) => c.name)]));';
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual([
      'aisa-guard',
      ['no-hardcoded-key', 'no-client-exposed-key', 'no-unignored-env-file'],
      ['aisa-guard/recommended', 'aisa-guard/dotenv'],
    ]);
  });
});
