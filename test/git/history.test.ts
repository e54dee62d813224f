// `aisa-guard history` over real repositories: exact commit, path, line and ref attribution.
import { mkdirSync, existsSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TestRepo, cleanup, git, tempDir } from '../helpers/git.js';
import { fakeKey } from '../helpers/keys.js';
import { runCli, runHistory } from '../helpers/run-cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(cleanup));

function repo(): TestRepo {
  const made = TestRepo.init();
  dirs.push(made.dir);
  return made;
}

const history = runHistory;

const dateOf = (r: TestRepo, sha: string) => r.git('log', '-1', '--format=%aI', sha);

describe('history attribution', () => {
  it('finds a key added then removed, at the commit and line that added it', () => {
    const r = repo();
    const key = fakeKey('added-then-deleted');
    r.commit('start', { 'README.md': '# demo\n' });
    const added = r.commit('configure', { 'src/config.js': `// settings\nconst key = "${key}";\nexport default key;\n` });
    r.commit('remove key', { 'src/config.js': '// settings\nconst key = process.env.AISA_API_KEY;\nexport default key;\n' });
    const run = history(r.dir);
    expect(run.code).toBe(1);
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]).toMatchObject({
      file: 'src/config.js',
      line: 2,
      column: 14,
      commit: added,
      author: 'Test Author',
      email: 'author@example.com',
      date: dateOf(r, added),
      refs: ['refs/heads/main'],
      presentAtTip: false,
      onlyNonBranchRefs: false,
      objectKind: 'blob',
    });
    expect(run.findings[0].blob).toBe(r.git('rev-parse', `${added}:src/config.js`));
    expect(run.stdout).not.toContain(key);
  });

  it('streams blobs larger than a chunk and finds keys on either side of a chunk boundary', () => {
    const r = repo();
    const line = 'x'.repeat(99) + '\n'; // 100 bytes a line
    const lines = Math.floor((16 * 1024 * 1024) / line.length) - 1;
    const first = fakeKey('big-blob-boundary');
    const second = fakeKey('big-blob-end');
    // The first key straddles the 16 MB chunk boundary; the second sits on the blob's last line.
    const before = 'y'.repeat(16 * 1024 * 1024 - lines * line.length - 20);
    const content = line.repeat(lines) + before + first + '\n' + line.repeat(50_000) + `k=${second}\n`;
    const added = r.commit('big dump', { 'dump.sql': content });
    const run = history(r.dir);
    expect(run.code).toBe(1);
    expect(run.findings.map((f) => [f.file, f.line, f.column, f.commit])).toEqual([
      ['dump.sql', lines + 1, before.length + 1, added],
      ['dump.sql', lines + 2 + 50_000, 3, added],
    ]);
    const capped = history(r.dir, '--max-file-size', '1MB');
    expect(capped.code).toBe(2); // a blob left out: incomplete
    expect(capped.stderr).toContain('is larger than --max-file-size, skipped');
  }, 60_000);

  it('finds a key only on an unmerged branch', () => {
    const r = repo();
    r.commit('start', { 'a.txt': 'a\n' });
    r.git('checkout', '-q', '-b', 'feature');
    const onBranch = r.commit('wip', { 'wip.txt': `token=${fakeKey('unmerged')}\n` });
    r.git('checkout', '-q', 'main');
    r.commit('main moves on', { 'b.txt': 'b\n' });
    const [finding, ...rest] = history(r.dir).findings;
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ file: 'wip.txt', line: 1, column: 7, commit: onBranch, refs: ['refs/heads/feature'], presentAtTip: true, onlyNonBranchRefs: false });
  });

  it('marks a key reachable only from a tag', () => {
    const r = repo();
    r.commit('start', { 'a.txt': 'a\n' });
    r.git('checkout', '-q', '-b', 'release-tmp');
    const tagged = r.commit('release build', { 'dist/env.js': `window.KEY = '${fakeKey('tag-only')}';\n` });
    r.git('tag', '-a', 'v1.0.0', '-m', 'release');
    r.git('checkout', '-q', 'main');
    r.git('branch', '-q', '-D', 'release-tmp');
    const [finding, ...rest] = history(r.dir).findings;
    expect(rest).toEqual([]);
    expect(finding).toMatchObject({ file: 'dist/env.js', line: 1, column: 15, commit: tagged, refs: ['refs/tags/v1.0.0'], presentAtTip: true, onlyNonBranchRefs: true });
  });

  it('attributes a renamed (and later edited) file to the introducing commit and original path', () => {
    const r = repo();
    const key = fakeKey('renamed');
    const introduced = r.commit('add keys', { 'old/keys.txt': `one\ntwo\nkey: ${key}\n` });
    r.git('mv', 'old/keys.txt', 'new-keys.txt');
    r.commit('rename');
    r.commit('edit', { 'new-keys.txt': `zero\none\ntwo\nkey: ${key}\n` });
    const run = history(r.dir);
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]).toMatchObject({ file: 'old/keys.txt', line: 3, column: 6, commit: introduced, presentAtTip: true });
  });

  it('attributes a key that first appears in a merge resolution to the merge commit', () => {
    const r = repo();
    r.commit('start', { 'settings.ini': 'mode=dev\n' });
    r.git('checkout', '-q', '-b', 'feature');
    r.commit('feature mode', { 'settings.ini': 'mode=feature\n' });
    r.git('checkout', '-q', 'main');
    r.commit('prod mode', { 'settings.ini': 'mode=prod\n' });
    const merge = r.merge('feature', 'merge feature', { 'settings.ini': `mode=prod\napi_key=${fakeKey('merge')}\n` });
    expect(r.git('rev-list', '--parents', '-n1', merge).split(' ')).toHaveLength(3);
    const run = history(r.dir);
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]).toMatchObject({ file: 'settings.ini', line: 2, column: 9, commit: merge, presentAtTip: true });
  });

  it('does not blame a merge for a key one parent already had', () => {
    const r = repo();
    r.commit('start', { 'a.txt': 'a\n' });
    r.git('checkout', '-q', '-b', 'feature');
    const onFeature = r.commit('feature key', { 'f.txt': `k=${fakeKey('merge-parent')}\n` });
    r.git('checkout', '-q', 'main');
    r.commit('main', { 'm.txt': 'm\n' });
    r.merge('feature', 'merge');
    const run = history(r.dir);
    expect(run.findings.map((f) => [f.file, f.commit])).toEqual([['f.txt', onFeature]]);
    expect(run.findings[0].refs).toEqual(['refs/heads/feature', 'refs/heads/main']);
  });

  it('finds a key in a commit message', () => {
    const r = repo();
    r.commit('start', { 'a.txt': 'a\n' });
    const sha = r.commit(`deploy\n\nused key ${fakeKey('message')} for the smoke test`);
    const run = history(r.dir);
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]).toMatchObject({ file: '<commit message>', line: 3, column: 10, commit: sha, objectKind: 'commit-message', author: 'Test Author', date: dateOf(r, sha), refs: ['refs/heads/main'] });
  });

  it('finds a key in an annotated tag message', () => {
    const r = repo();
    r.commit('start', { 'a.txt': 'a\n' });
    r.git('tag', '-a', 'v2', '-m', `release notes\nkey=${fakeKey('tag-message')}`);
    const run = history(r.dir);
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]).toMatchObject({ file: '<tag message>', line: 2, column: 5, objectKind: 'tag-message', refs: ['refs/tags/v2'], onlyNonBranchRefs: true });
    expect(run.findings[0].blob).toBe(r.git('rev-parse', 'v2'));
  });

  it('finds a key in a file that was later deleted', () => {
    const r = repo();
    r.commit('start', { 'a.txt': 'a\n' });
    const added = r.commit('add env', { '.env': `X=1\nAISA_API_KEY=${fakeKey('deleted-file')}\n` });
    r.commit('delete env', { '.env': null });
    const run = history(r.dir);
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]).toMatchObject({ file: '.env', line: 2, column: 14, commit: added, presentAtTip: false });
  });

  it('counts the same key in three files once per path', () => {
    const r = repo();
    const content = `key = ${fakeKey('three-files')}\n`;
    const sha = r.commit('copies', { 'a.txt': content, 'b.txt': content, 'deep/c.txt': content });
    const run = history(r.dir);
    expect(run.findings.map((f) => [f.file, f.line, f.commit])).toEqual([
      ['a.txt', 1, sha],
      ['b.txt', 1, sha],
      ['deep/c.txt', 1, sha],
    ]);
    expect(new Set(run.findings.map((f) => f.fingerprint)).size).toBe(1);
    expect(run.findings.every((f) => f.presentAtTip)).toBe(true);
  });

  it('attributes a key on a detached HEAD to HEAD', () => {
    const r = repo();
    r.commit('start', { 'a.txt': 'a\n' });
    r.git('checkout', '-q', '--detach');
    const detached = r.commit('detached work', { 'd.txt': `k=${fakeKey('detached')}\n` });
    const run = history(r.dir);
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]).toMatchObject({ file: 'd.txt', commit: detached, refs: ['HEAD'], presentAtTip: true, onlyNonBranchRefs: false });
  });

  it('text output names the commit, author and refs, redacted', () => {
    const r = repo();
    const key = fakeKey('text');
    const sha = r.commit('add', { 'k.txt': `${key}\n` });
    const run = runCli(['history', '--repo', r.dir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('k.txt:1:1');
    expect(run.stdout).toContain(`commit ${sha.slice(0, 12)} by Test Author <author@example.com>`);
    expect(run.stdout).toContain('refs: refs/heads/main');
    expect(run.stdout).not.toContain(key);
  });
});

describe('history selection', () => {
  function twoKeys() {
    const r = repo();
    const first = r.commit('first', { 'one.txt': `k=${fakeKey('range-one')}\n` });
    const second = r.commit('second', { 'two.txt': `k=${fakeKey('range-two')}\n` });
    return { r, first, second };
  }

  it('--range covers only objects new in the range', () => {
    const { r, first, second } = twoKeys();
    const run = history(r.dir, '--range', `${first}..${second}`);
    expect(run.code).toBe(1);
    expect(run.findings.map((f) => [f.file, f.commit])).toEqual([['two.txt', second]]);
  });

  it('--range over a clean range is clean', () => {
    const { r, second } = twoKeys();
    const third = r.commit('third', { 'three.txt': 'clean\n' });
    const run = history(r.dir, '--range', `${second}..${third}`);
    expect(run.code).toBe(0);
    expect(run.findings).toEqual([]);
  });

  it('--since REV and --branch REF', () => {
    const { r, first, second } = twoKeys();
    expect(history(r.dir, '--since', first).findings.map((f) => f.commit)).toEqual([second]);
    r.git('branch', 'old', first);
    expect(history(r.dir, '--branch', 'old').findings.map((f) => f.commit)).toEqual([first]);
  });

  it('rejects revisions that look like options, without passing them to git', () => {
    const { r } = twoKeys();
    const marker = path.join(r.dir, 'injected');
    for (const args of [[`--branch=--output=${marker}`], [`--range=--output=${marker}..main`], ['--since=-n1']]) {
      const run = runCli(['history', '--repo', r.dir, ...args]);
      expect(run.code).toBe(2);
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
      expect(run.stderr).toMatch(/^aisa-guard: --(branch|range|since): ".*" is not a revision/);
    }
    expect(existsSync(marker)).toBe(false);
  });

  it('an unknown revision is one line, exit 2', () => {
    const { r } = twoKeys();
    const run = runCli(['history', '--repo', r.dir, '--branch', 'nope']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('aisa-guard: --branch: unknown revision "nope"\n');
  });
});

describe('history on unusual repositories', () => {
  it('an empty repository is clean with a warning', () => {
    const r = repo();
    const run = runCli(['history', '--repo', r.dir]);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('warning: repository has no commits yet');
  });

  it('a shallow clone works and warns that history is partial', () => {
    const r = repo();
    r.commit('old', { 'k.txt': `k=${fakeKey('shallow')}\n` });
    r.commit('newer', { 'b.txt': 'b\n' });
    const tip = r.commit('newest', { 'c.txt': 'c\n' });
    const clone = tempDir();
    dirs.push(clone);
    git(clone, ['clone', '-q', '--depth', '1', `file://${r.dir}`, 'shallow']);
    const run = history(path.join(clone, 'shallow'));
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('shallow clone');
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]).toMatchObject({ file: 'k.txt', commit: tip, presentAtTip: true });
  });

  it('a bare repository is scanned too', () => {
    const r = repo();
    const sha = r.commit('k', { 'k.txt': `k=${fakeKey('bare')}\n` });
    const bare = tempDir();
    dirs.push(bare);
    git(bare, ['clone', '-q', '--bare', r.dir, 'b.git']);
    const run = history(path.join(bare, 'b.git'));
    expect(run.findings.map((f) => [f.file, f.commit])).toEqual([['k.txt', sha]]);
  });

  it('a directory that is not a repository: one line, exit 2', () => {
    const dir = tempDir();
    dirs.push(dir);
    const run = runCli(['history', '--repo', dir], { env: { GIT_CEILING_DIRECTORIES: path.dirname(dir) } });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(`aisa-guard: ${dir}: not a git repository\n`);
    const missing = runCli(['history', '--repo', path.join(dir, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`aisa-guard: ${path.join(dir, 'nope')}: no such directory\n`);
  });

  it('git missing from PATH: one line, exit 2', () => {
    const r = repo();
    r.commit('a', { 'a.txt': 'a\n' });
    const bin = tempDir();
    dirs.push(bin);
    mkdirSync(path.join(bin, 'bin'));
    symlinkSync(process.execPath, path.join(bin, 'bin', 'node'));
    const run = runCli(['history', '--repo', r.dir], { env: { PATH: path.join(bin, 'bin') } });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('aisa-guard: git not found on PATH: install git to scan repositories\n');
  });

  it('stash and notes are scanned', () => {
    const r = repo();
    r.commit('start', { 'a.txt': 'a\n' });
    r.write({ 'a.txt': `a\nstashed=${fakeKey('stash')}\n` });
    r.git('stash', '-q');
    r.git('notes', 'add', '-m', `note ${fakeKey('note')}`, 'HEAD');
    const run = history(r.dir);
    const byRef = run.findings.map((f) => [f.file, f.line, f.refs, f.onlyNonBranchRefs]);
    expect(byRef).toContainEqual(['a.txt', 2, ['refs/stash'], true]);
    const head = r.head();
    expect(byRef).toContainEqual([head, 1, ['refs/notes/commits'], true]);
  });
});
