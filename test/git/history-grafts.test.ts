// `.git/info/grafts` (or a GIT_GRAFT_FILE) rewrites parents for every git command: a graft that makes the
// tip's parent the commit before the leak hides the leak from `git log`, `--branch` and `--range`. A push
// still sends the real commits, so history reads them with grafts off, like replace objects.
import { describe, expect, it } from 'vitest';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { git, perTestTemp, tempDir } from '../helpers/git.js';
import { fakeKey } from '../helpers/keys.js';
import { runCli, runHistory } from '../helpers/run-cli.js';

const { repo, track } = perTestTemp();
const key = fakeKey('grafted-away');

/** main: base → leak (adds deploy.env with a key) → tip (removes it); a graft makes base tip's parent. */
function graftedRepo() {
  const r = repo();
  const base = r.commit('base', { 'README.md': 'hello\n' });
  const leak = r.commit('deploy settings', { 'deploy.env': `AISA_API_KEY=${key}\n` });
  const tip = r.commit('tip', { 'deploy.env': null });
  writeFileSync(path.join(r.dir, '.git', 'info', 'grafts'), `${tip} ${base}\n`);
  // Control: git's own view skips the leak.
  expect(r.git('rev-list', 'main').split('\n')).toEqual([tip, base]);
  return { r, base, leak, tip };
}

const commits = (run: ReturnType<typeof runHistory>) => run.findings.map((f) => [f.file, f.line, f.commit]);

describe('grafts cannot hide a commit', () => {
  it('history --branch main finds the key at the grafted-away commit', () => {
    const { r, leak } = graftedRepo();
    const run = runHistory(r.dir, '--branch', 'main');
    expect(run.code).toBe(1);
    expect(commits(run)).toEqual([['deploy.env', 1, leak]]);
  });

  it('history --range base..main finds it too', () => {
    const { r, base, leak } = graftedRepo();
    const run = runHistory(r.dir, '--range', `${base}..main`);
    expect(run.code).toBe(1);
    expect(commits(run)).toEqual([['deploy.env', 1, leak]]);
  });

  it('a graft file named by GIT_GRAFT_FILE is ignored as well', () => {
    const { r, base, leak, tip } = graftedRepo();
    rmSync(path.join(r.dir, '.git', 'info', 'grafts'));
    const graftFile = path.join(track(tempDir()), 'grafts');
    writeFileSync(graftFile, `${tip} ${base}\n`);
    expect(git(r.dir, ['rev-list', 'main'], { env: { GIT_GRAFT_FILE: graftFile } }).split('\n')).toEqual([tip, base]);
    const run = runCli(['history', '--repo', r.dir, '--branch', 'main', '--format', 'json'], { env: { GIT_GRAFT_FILE: graftFile } });
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as { findings: { commit: string }[] }).findings.map((f) => f.commit)).toEqual([leak]);
    expect(run.stderr).not.toContain('grafts');
  });
});
