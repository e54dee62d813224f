// Row "git replace X Y over the commit holding a key": git shows Y wherever X is, but a push sends X.
// history and pre-push read the real objects (GIT_NO_REPLACE_OBJECTS=1), and history also scans what
// refs/replace/* points at.
import { afterAll, describe, expect, it } from 'vitest';
import { rmSync } from 'node:fs';
import { fakeKey } from '../helpers/keys.js';
import { runCli } from '../helpers/run-cli.js';
import { gitEnv, tempDir, TestRepo } from '../helpers/git.js';
import { expectInert } from './helpers.js';

const key = fakeKey('git-replace');
const replacementKey = fakeKey('git-replace-replacement');
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

interface Findings {
  findings: { file: string; line: number; commit?: string; fingerprint: string }[];
}

/** main: base → leak (adds deploy.env with a key) → tip; `git replace leak clean`, clean holding no key. */
function replacedRepo() {
  const repo = TestRepo.init({ dir: tempDir('aisa-sec-replace-') });
  dirs.push(repo.dir);
  repo.commit('base', { 'README.md': 'hello\n' });
  const leak = repo.commit('deploy settings', { 'deploy.env': `AISA_API_KEY=${key}\n` });
  repo.commit('tip', { 'deploy.env': 'AISA_API_KEY=\n' });
  repo.git('checkout', '-q', '-b', 'scratch', `${leak}^`);
  const clean = repo.commit('deploy settings', { 'deploy.env': 'AISA_API_KEY=\n' });
  repo.git('checkout', '-q', 'main');
  repo.git('branch', '-D', 'scratch');
  repo.git('replace', leak, clean);
  // Control: git's own view hides the key.
  expect(repo.git('log', '-p', 'main')).not.toContain(key);
  return { repo, leak, clean };
}

const cli = (args: string[], cwd: string, input = '') => runCli(args, { cwd, env: gitEnv(), input });

describe('git replace cannot hide a commit', () => {
  it('history finds the key in the replaced commit, at that commit', () => {
    const { repo, leak } = replacedRepo();
    const run = cli(['history', '--format', 'json'], repo.dir);
    expect(run.code).toBe(1);
    const found = (JSON.parse(run.stdout) as Findings).findings.map((f) => [f.file, f.line, f.commit]);
    expect(found).toEqual([['deploy.env', 1, leak]]);
    expectInert(run, [key]);
  });

  it('history --range over the pushed commits finds it too', () => {
    const { repo, leak } = replacedRepo();
    const run = cli(['history', '--range', `${leak}^..main`, '--format', 'json'], repo.dir);
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as Findings).findings.map((f) => f.commit)).toEqual([leak]);
  });

  it('pre-push refuses the push that would send the real commit', () => {
    const { repo } = replacedRepo();
    const head = repo.head();
    const run = cli(['pre-push', 'origin', 'https://example.invalid/repo.git'], repo.dir, `refs/heads/main ${head} refs/heads/main ${'0'.repeat(40)}\n`);
    expect(run.code).toBe(1);
    expect(run.stderr + run.stdout).toContain('deploy.env');
    expectInert(run, [key]);
  });

  it('what refs/replace/* points at is scanned as well', () => {
    const repo = TestRepo.init({ dir: tempDir('aisa-sec-replace2-') });
    dirs.push(repo.dir);
    repo.commit('base', { 'README.md': 'hello\n' });
    const original = repo.commit('settings', { 'app.env': 'A=1\n' });
    repo.git('checkout', '-q', '-b', 'scratch', `${original}^`);
    const replacement = repo.commit('settings', { 'app.env': `AISA_API_KEY=${replacementKey}\n` });
    repo.git('checkout', '-q', 'main');
    repo.git('branch', '-D', 'scratch');
    repo.git('replace', original, replacement);
    const run = cli(['history', '--format', 'json'], repo.dir);
    expect(run.code).toBe(1);
    expect((JSON.parse(run.stdout) as Findings).findings.map((f) => [f.file, f.commit])).toEqual([['app.env', replacement]]);
  });
});
