// `history --all-objects` (on by default for full scans): objects held only by a reflog and dangling ones
// are scanned and reported with how they are (not) reachable; `--no-all-objects` leaves them out. Also
// tag-message findings carry their tag and commit.
import { describe, expect, it } from 'vitest';
import type { Finding } from '../../src/types.js';
import { git, perTestTemp } from '../helpers/git.js';
import { fakeKey } from '../helpers/keys.js';
import { runCli, runHistory } from '../helpers/run-cli.js';

const { repo } = perTestTemp();
const history = runHistory;

const view = (f: Finding) => ({ file: f.file, line: f.line, column: f.column, commit: f.commit, blob: f.blob, reachable: f.reachable, objectKind: f.objectKind });

describe('history --all-objects', () => {
  it('a key only in stash@{1} (a newer stash on top): reflog-only, at the stash commit and path', () => {
    const r = repo();
    const key = fakeKey('stash-1');
    r.commit('start', { 'config.env': 'KEY=\n' });
    r.write({ 'config.env': `KEY=${key}\n` });
    r.git('stash', '-q');
    const older = r.git('rev-parse', 'stash@{0}');
    r.write({ 'config.env': 'KEY=from-the-environment\n' });
    r.git('stash', '-q');
    expect(r.git('rev-parse', 'stash@{1}')).toBe(older);
    const blob = r.git('rev-parse', `${older}:config.env`);
    const run = history(r.dir);
    expect(run.code).toBe(1);
    expect(run.findings.map(view)).toEqual([
      { file: 'config.env', line: 1, column: 5, commit: older, blob, reachable: 'reflog-only', objectKind: 'blob' },
    ]);
    expect(run.findings[0]).toMatchObject({ refs: [], presentAtTip: false });
    const text = runCli(['history', '--repo', r.dir]);
    expect(text.stdout).toContain(`config.env:1:5  aisa-api-key  high`);
    expect(text.stdout).toContain('reachable: no (reflog only)');
    expect(text.stdout).not.toContain('removed since');
    const off = history(r.dir, '--no-all-objects');
    expect([off.code, off.findings]).toEqual([0, []]);
  });

  it('an amended commit: its old message and content are reflog-only', () => {
    const r = repo();
    const key = fakeKey('amended');
    r.commit('start', { 'a.txt': 'a\n' });
    const first = r.commit(`deploy with ${key}`, { 'app.js': `const k = "${key}";\n` });
    r.write({ 'app.js': 'const k = process.env.AISA_API_KEY;\n' });
    r.git('add', '-A');
    r.git('commit', '-q', '--amend', '-m', 'deploy');
    const run = history(r.dir);
    expect(run.code).toBe(1);
    expect(run.findings.map((f) => [f.objectKind, f.file, f.commit, f.reachable])).toEqual([
      ['commit-message', '<commit message>', first, 'reflog-only'],
      ['blob', 'app.js', first, 'reflog-only'],
    ]);
  });

  it('a dangling blob (hash-object -w) and a dangling commit (reset, reflogs expired)', () => {
    const r = repo();
    const blobKey = fakeKey('dangling-blob');
    const commitKey = fakeKey('dangling-commit');
    r.commit('start', { 'README.md': '# x\n' });
    const blob = git(r.dir, ['hash-object', '-w', '--stdin'], { input: `token=${blobKey}\n` });
    const lost = r.commit('oops', { 'deep/secret.txt': `\n  ${commitKey}\n` });
    const lostBlob = r.git('rev-parse', `${lost}:deep/secret.txt`);
    r.git('reset', '-q', '--hard', 'HEAD~1');
    r.git('reflog', 'expire', '--expire=now', '--all');
    // git itself agrees nothing reaches them (the commit's two trees aside).
    const unreachable = r.git('fsck', '--unreachable', '--no-reflogs').split('\n').filter((line) => !line.startsWith('unreachable tree '));
    expect(unreachable.sort()).toEqual([`unreachable blob ${blob}`, `unreachable blob ${lostBlob}`, `unreachable commit ${lost}`].sort());
    // A staged blob is not dangling (the index holds it): `aisa-guard staged` reports it, history does not.
    r.write({ 'staged.env': `KEY=${fakeKey('staged-only')}\n` });
    r.git('add', 'staged.env');
    const run = history(r.dir);
    expect(run.code).toBe(1);
    expect(run.findings.map(view)).toEqual([
      { file: blob, line: 1, column: 7, commit: undefined, blob, reachable: 'dangling', objectKind: 'blob' },
      { file: 'deep/secret.txt', line: 2, column: 3, commit: lost, blob: lostBlob, reachable: 'dangling', objectKind: 'blob' },
    ]);
    const text = runCli(['history', '--repo', r.dir]).stdout;
    expect(text.match(/reachable: no \(dangling\)/g)).toHaveLength(2);
    const off = history(r.dir, '--no-all-objects');
    expect([off.code, off.findings]).toEqual([0, []]);
  });

  it('is off for partial scans, and cannot be asked for with one', () => {
    const r = repo();
    r.commit('start', { 'README.md': '# x\n' });
    git(r.dir, ['hash-object', '-w', '--stdin'], { input: `token=${fakeKey('partial')}\n` });
    const branch = history(r.dir, '--branch', 'main');
    expect([branch.code, branch.findings]).toEqual([0, []]);
    const both = runCli(['history', '--repo', r.dir, '--branch', 'main', '--all-objects']);
    expect(both.code).toBe(2);
    expect(both.stderr.trim().split('\n')).toEqual([
      'aisa-guard: --all-objects reads every object the repository holds: it cannot be combined with --branch, --since, --range or --state',
    ]);
    expect(runCli(['history', '--repo', r.dir, '--all-objects', '--no-all-objects']).code).toBe(2);
    expect(history(r.dir, '--all-objects').code).toBe(1);
  });
});

describe('tag messages', () => {
  it('carry the tag name and the commit the tag points to; through a tag of a tag too', () => {
    const r = repo();
    const key = fakeKey('tag-message');
    const tagged = r.commit('release', { 'a.txt': 'a\n' });
    r.git('tag', '-a', 'v1.0', '-m', `release notes ${key}`);
    const tagObject = r.git('rev-parse', 'v1.0');
    const run = history(r.dir);
    expect(run.code).toBe(1);
    expect(run.findings.map((f) => [f.objectKind, f.file, f.tag, f.commit, f.blob, f.refs, f.reachable])).toEqual([
      ['tag-message', '<tag message>', 'v1.0', tagged, tagObject, ['refs/tags/v1.0'], undefined],
    ]);
    expect(runCli(['history', '--repo', r.dir]).stdout).toContain(`    tag v1.0\n    commit ${tagged.slice(0, 12)}`);
    // A tag of the tag: its own message, the same commit.
    const outerKey = fakeKey('outer-tag');
    r.git('tag', '-a', 'signed-v1.0', '-m', `outer ${outerKey}`, 'v1.0');
    const outer = history(r.dir).findings.find((f) => f.tag === 'signed-v1.0');
    expect(outer).toMatchObject({ objectKind: 'tag-message', commit: tagged, blob: r.git('rev-parse', 'signed-v1.0') });
  });

  it('a blob a tag names directly (no commit holds it) carries that tag in refs; a note carries refs/notes/commits', () => {
    const r = repo();
    const head = r.commit('start', { 'a.txt': 'a\n' });
    const blob = git(r.dir, ['hash-object', '-w', '--stdin'], { input: `signing key\n${fakeKey('tagged-blob')}\n` });
    r.git('tag', '-a', 'keys', '-m', 'the signing key', blob);
    r.git('tag', 'raw-keys', blob);
    r.git('notes', 'add', '-m', `deployed with ${fakeKey('note')}`, head);
    const note = r.git('rev-parse', `refs/notes/commits:${head}`);
    const run = history(r.dir);
    expect(run.code).toBe(1);
    expect(run.findings.map((f) => [f.file, f.line, f.column, f.blob, f.refs, f.onlyNonBranchRefs]).sort()).toEqual([
      [blob, 2, 1, blob, ['refs/tags/keys', 'refs/tags/raw-keys'], true],
      // A note is a blob at the annotated commit's id in the notes tree: that id is its path.
      [head, 1, 15, note, ['refs/notes/commits'], true],
    ].sort());
  });
});
