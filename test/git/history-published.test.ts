// What git publishes besides file content is scanned too: ref names (branches, tags), commit and tag
// headers (author/committer idents, an annotated tag's own name) and the Git LFS content a pointer blob
// stands for (`git push` uploads it from .git/lfs/objects). Also: the full scan's one pass announces its
// total up front.
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Finding } from '../../src/types.js';
import { redactKey } from '../../src/detect/index.js';
import { historySource } from '../../src/sources/git/history.js';
import type { ProgressState } from '../../src/sources/source.js';
import { git, perTestTemp } from '../helpers/git.js';
import { fakeKey } from '../helpers/keys.js';
import { runCli, runHistory } from '../helpers/run-cli.js';

const { repo } = perTestTemp();
const view = (f: Finding) => ({ file: f.file, line: f.line, column: f.column, objectKind: f.objectKind, commit: f.commit, refs: f.refs, redacted: f.redacted });

describe('ref names', () => {
  it('a key in a branch name: reported once, as that ref, at its tip', () => {
    const r = repo();
    const key = fakeKey('branch-name');
    const tip = r.commit('start', { 'a.txt': 'a\n' });
    r.git('branch', `feature/${key}`);
    const run = runHistory(r.dir);
    expect(run.code).toBe(1);
    expect(run.findings.map(view)).toEqual([
      { file: '<ref name>', line: 1, column: 'refs/heads/feature/'.length + 1, objectKind: 'ref-name', commit: tip, refs: [`refs/heads/feature/${redactKey(key)}`], redacted: redactKey(key) },
    ]);
    expect(JSON.stringify(run.findings)).not.toContain(key);
    const text = runCli(['history', '--repo', r.dir]);
    expect(text.stdout).toContain(`<ref name>:1:20  aisa-api-key  high  ${redactKey(key)}`);
    expect(text.stdout).not.toContain(key);
  });

  it('a key in a tag name: the lightweight tag as a ref; the annotated one as a ref and in its tag object', () => {
    const r = repo();
    const light = fakeKey('light-tag');
    const annotated = fakeKey('annotated-tag');
    const tip = r.commit('start', { 'a.txt': 'a\n' });
    r.git('tag', `v1-${light}`);
    r.git('tag', '-a', `v2-${annotated}`, '-m', 'release');
    const tagObject = r.git('rev-parse', `v2-${annotated}`);
    const run = runHistory(r.dir);
    expect(run.code).toBe(1);
    const shown = run.findings.map((f) => [f.file, f.line, f.column, f.objectKind, f.commit, f.blob, f.tag, f.refs]);
    expect(shown).toEqual([
      ['<ref name>', 1, 'refs/tags/v1-'.length + 1, 'ref-name', tip, undefined, undefined, [`refs/tags/v1-${redactKey(light)}`]],
      ['<ref name>', 1, 'refs/tags/v2-'.length + 1, 'ref-name', tip, undefined, undefined, [`refs/tags/v2-${redactKey(annotated)}`]],
      // The tag object's `tag` header (line 3: object, type, tag).
      ['<tag name>', 3, 'tag v2-'.length + 1, 'tag-header', tip, tagObject, `v2-${redactKey(annotated)}`, [`refs/tags/v2-${redactKey(annotated)}`]],
    ]);
  });
});

describe('commit and tag headers', () => {
  it('a key in the author email and one in the committer name: at that commit, named for the field', () => {
    const r = repo();
    const email = fakeKey('author-email');
    const name = fakeKey('committer-name');
    r.commit('start', { 'a.txt': 'a\n' });
    git(r.dir, ['commit', '-q', '--allow-empty', '--author', `Dev <${email}@example.com>`, '-m', 'second'], { env: { GIT_COMMITTER_NAME: name } });
    const second = r.head();
    const run = runHistory(r.dir);
    expect(run.code).toBe(1);
    // tree, parent, author, committer: lines 3 and 4.
    expect(run.findings.map((f) => [f.file, f.line, f.column, f.objectKind, f.commit, f.email, f.reachable])).toEqual([
      ['<author>', 3, 'author Dev <'.length + 1, 'commit-header', second, `${redactKey(email)}@example.com`, undefined],
      ['<committer>', 4, 'committer '.length + 1, 'commit-header', second, `${redactKey(email)}@example.com`, undefined],
    ]);
    const text = runCli(['history', '--repo', r.dir]).stdout;
    expect(text).toContain(`<author>:3:13  aisa-api-key  high  ${redactKey(email)}`);
    expect(text).not.toContain(email);
    expect(text).not.toContain(name);
  });

  it('message positions are the message\'s own, with headers before them', () => {
    const r = repo();
    const key = fakeKey('message-line');
    r.commit('start', { 'a.txt': 'a\n' });
    const second = r.commit(`subject\n\nbody line\n  token ${key}\n`);
    const run = runHistory(r.dir);
    expect(run.findings.map((f) => [f.file, f.line, f.column, f.objectKind, f.commit])).toEqual([['<commit message>', 4, 9, 'commit-message', second]]);
  });
});

describe('Git LFS objects', () => {
  it('the content in .git/lfs/objects a pointer names: reported at the pointer\'s path and commit', () => {
    const r = repo();
    const key = fakeKey('lfs-content');
    const content = `weights v3\n\nAISA_API_KEY=${key}\n`;
    const sha = createHash('sha256').update(content).digest('hex');
    const pointer = `version https://git-lfs.github.com/spec/v1\noid sha256:${sha}\nsize ${Buffer.byteLength(content)}\n`;
    r.commit('start', { 'README.md': '# x\n' });
    const added = r.commit('add the model', { 'models/config.bin': pointer });
    const store = path.join(r.dir, '.git', 'lfs', 'objects', sha.slice(0, 2), sha.slice(2, 4));
    mkdirSync(store, { recursive: true });
    writeFileSync(path.join(store, sha), content);
    const run = runHistory(r.dir);
    expect(run.code).toBe(1);
    expect(run.findings.map((f) => [f.file, f.line, f.column, f.objectKind, f.commit, f.blob])).toEqual([
      ['models/config.bin', 3, 14, 'lfs-object', added, r.git('rev-parse', `${added}:models/config.bin`)],
    ]);
    // The same through a selection (--branch): the pointer seen there leads to the same content.
    const branch = runHistory(r.dir, '--branch', 'main');
    expect(branch.findings.map((f) => [f.file, f.line, f.objectKind, f.commit])).toEqual([['models/config.bin', 3, 'lfs-object', added]]);
    // Without the local content there is nothing to find (and nothing a push could upload).
    writeFileSync(path.join(store, sha), 'other\n');
    expect(runHistory(r.dir).code).toBe(0);
  });
});

describe('Git LFS objects, staged', () => {
  it('staged reports the LFS content a staged pointer names, at the pointer\'s path', () => {
    const r = repo();
    const key = fakeKey('lfs-staged');
    const content = Buffer.from(`\0\x01binary header\nkey: ${key}\n`);
    const sha = createHash('sha256').update(content).digest('hex');
    r.commit('start', { 'README.md': '# x\n' });
    const store = path.join(r.dir, '.git', 'lfs', 'objects', sha.slice(0, 2), sha.slice(2, 4));
    mkdirSync(store, { recursive: true });
    writeFileSync(path.join(store, sha), content);
    r.write({ 'assets/blob.dat': `version https://git-lfs.github.com/spec/v1\noid sha256:${sha}\nsize ${content.length}\n` });
    r.git('add', '-A');
    const run = runCli(['staged', '-f', 'json'], { cwd: r.dir });
    expect(run.code).toBe(1);
    const found = (JSON.parse(run.stdout) as { findings: Finding[] }).findings;
    expect(found.map((f) => [f.file, f.offset, f.objectKind, f.blob])).toEqual([
      ['assets/blob.dat', 21, 'lfs-object', r.git('rev-parse', ':assets/blob.dat')],
    ]);
  });
});

describe('one pass', () => {
  it('announces every object up front: the total never grows, and the count ends at it', async () => {
    const r = repo();
    r.commit('start', { 'a.txt': 'a\n', 'dir/b.txt': 'b\n' });
    r.commit('more', { 'a.txt': 'a2\n' });
    const counted = r.git('count-objects', '-v');
    const total = ['count', 'in-pack'].reduce((sum, field) => sum + Number(new RegExp(`^${field}: (\\d+)$`, 'm').exec(counted)![1]), 0);
    const source = await historySource(r.dir);
    const states: ProgressState[] = [];
    await source.scan({ detect: {} }, new AbortController().signal, (state) => states.push({ ...state }));
    expect(total).toBe(8); // 2 commits, 3 trees, 3 blobs
    expect(states.at(-1)).toEqual({ done: total, total, final: true, bytes: expect.any(Number) });
    expect(states.every((s) => s.final && s.total === total)).toBe(true);
  });
});

describe('formats known by name alone', () => {
  it('a brotli file (no magic number: known by .br) is opened though the one pass reads blobs without paths', async () => {
    const { brotliCompressSync } = await import('node:zlib');
    const r = repo();
    const keys = [fakeKey('brotli-1'), fakeKey('brotli-2')];
    const added = r.commit('assets', {
      'public/app.js.br': brotliCompressSync(Buffer.from(`// built\nwindow.K = "${keys[0]}";\n`)),
      'public/vendor/lib.js.BR': brotliCompressSync(Buffer.from(`\n\nconst k = "${keys[1]}";\n`)),
    });
    // Loose objects come in id order, packed ones in pack order: a blob may come before or after its tree.
    for (const packed of [false, true]) {
      if (packed) r.git('gc', '-q');
      const run = runHistory(r.dir);
      expect(run.code).toBe(1);
      expect(run.findings.map((f) => [f.file, f.line, f.column, f.container, f.commit])).toEqual([
        ['public/app.js.br!app.js', 2, 13, 'public/app.js.br', added],
        ['public/vendor/lib.js.BR!lib.js', 3, 12, 'public/vendor/lib.js.BR', added],
      ]);
    }
  });
});
