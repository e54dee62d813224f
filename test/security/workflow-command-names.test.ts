// Issue 22: every sink escapes. A file whose name is a GitHub workflow command (`::add-mask::x.env`,
// `::error …`, `::stop-commands::…`, Azure's `##[…]`) never makes a line of ours start with `::` in any
// format but our own annotations, and invisible or line-separator characters in a name are shown escaped.
import { describe, expect, it } from 'vitest';
import { fakeKey } from '../helpers/keys.js';
import { gitEnv, perTestTemp } from '../helpers/git.js';
import { runCli } from '../helpers/run-cli.js';
import { expectInert } from './helpers.js';

const temp = perTestTemp();
const KEY = fakeKey('workflow-command-names');

const NAMES = ['::add-mask::x.env', '::error file=app.js,line=1::pwned.env', '::stop-commands::tok.env', '##[set-output name=a]b.env', ' ::warning::lead.env'];
const INVISIBLE = { 'a\u2028b.env': 'a\\u2028b.env', 'c\u2029d.env': 'c\\u2029d.env', 'e\u200bf.env': 'e\\u200bf.env', 'g\u202eh.env': 'g\\u202eh.env', 'i\ufeffj.env': 'i\\ufeffj.env' };

function repo() {
  const r = temp.repo();
  const files: Record<string, string> = {};
  for (const name of [...NAMES, ...Object.keys(INVISIBLE)]) files[name] = `AISA_API_KEY=${KEY}\n`;
  r.write(files);
  return r;
}

/** Lines that start (after blanks) like a workflow command. */
const commandLines = (text: string) => text.split('\n').filter((line) => /^\s*(::|##\[)/.test(line));

describe('no line of ours starts a workflow command', () => {
  it('text report: every name shown, escaped at the line start, exit 1', () => {
    const r = repo();
    const run = runCli(['scan', '.'], { cwd: r.dir, env: gitEnv() });
    expect(run.code, run.stderr).toBe(1);
    expect(commandLines(run.stdout)).toEqual([]);
    expect(commandLines(run.stderr)).toEqual([]);
    expect(run.stdout).toMatch(/^\\x3a:add-mask::x\.env:1:14 /m);
    expect(run.stdout).toMatch(/^\\x3a:stop-commands::tok\.env:1:14 /m);
    expect(run.stdout).toMatch(/^\\x23#\[set-output name=a\]b\.env:1:14 /m);
    expect(run.stdout).toMatch(/^ \\x3a:warning::lead\.env:1:14 /m);
    for (const shown of Object.values(INVISIBLE)) expect(run.stdout).toContain(`${shown}:1:14 `);
    expect(run.stdout).not.toMatch(/[\u2028\u2029\u200b\u202e\ufeff]/);
    expectInert(run, [KEY]);
  });

  for (const format of ['json', 'sarif', 'junit', 'codequality', 'html', 'github']) {
    it(`${format} report: no foreign workflow command on stdout or stderr`, () => {
      const r = repo();
      const run = runCli(['scan', '.', '--format', format], { cwd: r.dir, env: gitEnv() });
      expect(run.code, run.stderr).toBe(1);
      const foreign = commandLines(run.stdout).filter((line) => !/^::(error|warning|notice) file=[^\n]*::/.test(line));
      expect(foreign).toEqual([]);
      expect(commandLines(run.stderr)).toEqual([]);
      expect(run.stdout).not.toMatch(/[\u2028\u2029\u200b\u202e\ufeff]/);
      expectInert(run, [KEY]);
    });
  }

  it('an error naming a hostile path is inert too (stderr, exit 2)', () => {
    const r = temp.repo();
    const run = runCli(['scan', '::add-mask::missing'], { cwd: r.dir, env: gitEnv() });
    expect(run.code).toBe(2);
    expect(commandLines(run.stderr)).toEqual([]);
    expect(run.stderr).toContain('::add-mask::missing');
  });
});
