// Issue 11: a tracked symlink must not make aisa-guard read (and report, or send) what lies outside the
// repository. Links out of the scan root are counted and named once; --follow opts in.
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { git, tempDir } from '../helpers/git.js';
import { fakeKey } from '../helpers/keys.js';
import { runCli } from '../helpers/run-cli.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** /base/home (the user's files, a key in each) and /base/repo, whose committed links point at them. */
function hostileRepo(): { repo: string; home: string } {
  const base = tempDir();
  made.push(base);
  const home = path.join(base, 'home');
  const repo = path.join(base, 'repo');
  mkdirSync(path.join(home, '.config'), { recursive: true });
  writeFileSync(path.join(home, '.config', 'secrets.env'), `AISA_API_KEY=${fakeKey('home-dir')}\n`);
  writeFileSync(path.join(base, 'other.env'), `AISA_API_KEY=${fakeKey('sibling-file')}\n`);
  mkdirSync(repo);
  writeFileSync(path.join(repo, 'README.md'), 'hello\n');
  symlinkSync(home, path.join(repo, 'docs'));
  symlinkSync('../other.env', path.join(repo, 'notes.txt'));
  git(repo, ['init', '-q', '-b', 'main']);
  git(repo, ['add', '-A']);
  git(repo, ['commit', '-q', '-m', 'links']);
  return { repo, home };
}

describe('symlinks out of the scan root', () => {
  it('are not followed by default, inside a git work tree: counted, named once, nothing outside is read', () => {
    const { repo } = hostileRepo();
    expect(git(repo, ['ls-files']).split('\n').sort()).toEqual(['README.md', 'docs', 'notes.txt']);
    const run = runCli(['scan'], { cwd: repo });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('sk-aisa-');
    expect(run.stdout).toContain('✔ 0 AIsa keys found in 1 file');
    expect(run.stdout).toContain('skipped: 2 symlinks out of the scanned folder, not followed (--follow to read)');
    const named = run.stderr.split('\n').filter((l) => l.includes('not followed'));
    expect(named).toEqual(['aisa-guard: warning: 2 symlinks out of the scanned folder not followed (--follow to read them): docs, notes.txt']);

    const json = JSON.parse(runCli(['scan', '-f', 'json'], { cwd: repo }).stdout) as { findings: unknown[]; stats: { skipped: object } };
    expect(json.findings).toEqual([]);
    expect(json.stats.skipped).toEqual({ symlink: 2 });
  });

  it('a named directory holding such links: the same rule', () => {
    const { repo } = hostileRepo();
    const run = runCli(['scan', repo, '-f', 'json'], { cwd: path.dirname(repo) });
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { findings: unknown[] }).findings).toEqual([]);
  });

  it('--follow opts in: both keys are found, at the link paths', () => {
    const { repo } = hostileRepo();
    const run = runCli(['scan', '--follow', '-f', 'json'], { cwd: repo });
    expect(run.code).toBe(1);
    const files = (JSON.parse(run.stdout) as { findings: { file: string }[] }).findings.map((f) => f.file).sort();
    expect(files).toEqual(['docs/.config/secrets.env', 'notes.txt']);
  });
});
