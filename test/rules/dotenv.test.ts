// The dotenv language: the parser, and the recommended config linting real .env files in a real repository.
import fs from 'node:fs';
import path from 'node:path';
import { Linter } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import plugin from '../../rules/index.js';
import { parseDotenv } from '../../rules/dotenv/parse.js';
import { fakeKey } from '../helpers/keys.js';
import { git, makeRepo } from './git-repo.js';

const K = fakeKey('dotenv:tracked');

describe('parseDotenv', () => {
  it('reads the forms dotenv accepts, with 1-based positions', () => {
    const text = [
      '# leading comment',
      'export AISA_API_KEY="a\\nb" # trailing',
      "SINGLE='x # not a comment'",
      'BARE = plain value  # comment',
      'COLON: yes',
      'MULTI="line one',
      'line two"',
      'EMPTY=',
      'not an entry',
    ].join('\r\n');
    const doc = parseDotenv(text);
    expect(doc.body.map((e) => [e.key.name, e.value.value, e.value.quote, e.exported])).toEqual([
      ['AISA_API_KEY', 'a\nb', '"', true],
      ['SINGLE', 'x # not a comment', "'", false],
      ['BARE', 'plain value', null, false],
      ['COLON', 'yes', null, false],
      ['MULTI', 'line one\r\nline two', '"', false],
      ['EMPTY', '', null, false],
    ]);
    expect(doc.comments.map((c) => [c.value, c.loc.start])).toEqual([
      [' leading comment', { line: 1, column: 1 }],
      [' trailing', { line: 2, column: 28 }],
      [' comment', { line: 4, column: 21 }],
    ]);
    const [first, , , , multi] = doc.body;
    expect(first.key.loc).toEqual({ start: { line: 2, column: 8 }, end: { line: 2, column: 20 } });
    expect(first.value.loc).toEqual({ start: { line: 2, column: 21 }, end: { line: 2, column: 27 } });
    expect(multi.value.loc).toEqual({ start: { line: 6, column: 7 }, end: { line: 7, column: 10 } });
    expect(text.slice(...multi.value.range)).toBe('"line one\r\nline two"');
  });

  it('reads an unterminated quote as dotenv does: the raw rest of the line', () => {
    expect(parseDotenv('A="open\nB=2').body.map((e) => [e.key.name, e.value.value])).toEqual([
      ['A', '"open'],
      ['B', '2'],
    ]);
  });
});

describe('recommended config on .env files', () => {
  const repo = makeRepo(
    {
      '.gitignore': '.env.local\n',
      '.env': `# shared settings\nAISA_BASE_URL=https://api.aisa.one/v1\nAISA_API_KEY="${K}"\n`,
      '.env.local': `AISA_API_KEY=${fakeKey('dotenv:ignored')}\n`,
      '.env.example': `AISA_API_KEY=${fakeKey('dotenv:example')}\nOTHER=sk-aisa-your-key-here\n`,
      '.env.production': 'VITE_AISA_API_KEY=\n',
    },
    { commit: ['.gitignore', '.env'] },
  );
  const outside = makeRepo({ '.env': `AISA_API_KEY=${fakeKey('dotenv:outside')}\n` }, { git: false });
  afterAll(() => {
    fs.rmSync(repo, { recursive: true, force: true });
    fs.rmSync(outside, { recursive: true, force: true });
  });

  const lint = (dir: string, name: string) => {
    const linter = new Linter({ configType: 'flat', cwd: dir });
    const file = path.join(dir, name);
    return linter
      .verify(fs.readFileSync(file, 'utf8'), plugin.configs.recommended as Linter.Config[], { filename: file })
      .map((m) => ({ ruleId: m.ruleId, line: m.line, column: m.column, endColumn: m.endColumn, message: m.message }));
  };

  it('reports a committed .env and the key in it, redacted', () => {
    expect(lint(repo, '.env')).toEqual([
      {
        ruleId: 'aisa-guard/no-unignored-env-file',
        line: 1,
        column: 1,
        endColumn: 18,
        message: '.env is committed to git, with every secret in it: run `git rm --cached .env` and ignore it.',
      },
      {
        ruleId: 'aisa-guard/no-hardcoded-key',
        line: 3,
        column: 15,
        endColumn: 66,
        message: `AIsa API key sk-aisa-${K.slice(8, 12)}…${K.slice(-4)} in an env file git will commit: keep real keys in an ignored file.`,
      },
    ]);
  });

  it('says nothing about an ignored .env.local holding a key: that is where keys belong', () => {
    expect(lint(repo, '.env.local')).toEqual([]);
  });

  it('reports a real key in a template, which is committed on purpose, but not its placeholders', () => {
    expect(lint(repo, '.env.example').map((m) => [m.ruleId, m.line, m.column])).toEqual([['aisa-guard/no-hardcoded-key', 1, 14]]);
  });

  it('reports an unignored file and a client-exposed key name in it', () => {
    expect(lint(repo, '.env.production').map((m) => [m.ruleId, m.line, m.column, m.endColumn])).toEqual([
      ['aisa-guard/no-unignored-env-file', 1, 1, 19],
      ['aisa-guard/no-client-exposed-key', 1, 1, 18],
    ]);
  });

  it('says nothing outside a git repository', () => {
    expect(lint(outside, '.env')).toEqual([]);
  });

  it('sees .gitignore edits and untracking at once, as a long-running editor server must', () => {
    fs.appendFileSync(path.join(repo, '.gitignore'), '.env.production\n');
    expect(lint(repo, '.env.production').map((m) => m.ruleId)).toEqual(['aisa-guard/no-client-exposed-key']);

    git(repo, 'rm', '-q', '--cached', '.env');
    expect(lint(repo, '.env').map((m) => m.message)).toEqual([
      '.env is not ignored by git: add it to .gitignore before it gets committed.',
      expect.stringContaining('in an env file git will commit'),
    ]);
    fs.appendFileSync(path.join(repo, '.gitignore'), '.env\n');
    expect(lint(repo, '.env')).toEqual([]);
  });
});
