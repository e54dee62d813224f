// The directory scan over real temp dirs: git and non-git listings, ignores, odd files, big files.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprintOf } from '../../src/detect/index.js';
import { scanPaths } from '../../src/sources/files.js';
import { CHUNK_SIZE } from '../../src/sources/read.js';
import { git, tempDir } from '../helpers/git.js';
import { fakeKey } from '../helpers/keys.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function tree(files: Record<string, string | Buffer>, dir = tempDir()): string {
  made.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const line = (seed: string) => `AISA_API_KEY=${fakeKey(seed)}\n`;

/** `file:line:column` of every finding, sorted as the scan sorts them. */
async function where(paths: string[], root: string, options: Partial<Parameters<typeof scanPaths>[1]> = {}) {
  const result = await scanPaths(paths, { root, ...options });
  return { at: result.findings.map((f) => `${f.file}:${f.line}:${f.column}`), result };
}

describe('inside a git work tree', () => {
  function repo(): string {
    const dir = tree({
      '.gitignore': 'secrets.env\nbuild/\n',
      'tracked.ts': `export const k = "${fakeKey('tracked')}";\n`,
      'untracked.env': line('untracked'),
      'secrets.env': line('ignored'),
      'build/out.js': line('build'),
      'node_modules/pkg/index.js': line('node-modules'),
      'src/deep/config.json': `{\n  "k": "${fakeKey('deep')}"\n}\n`,
    });
    git(dir, ['init', '-q', '-b', 'main']);
    git(dir, ['add', '.gitignore', 'tracked.ts']);
    git(dir, ['commit', '-q', '-m', 'init']);
    writeFileSync(path.join(dir, '.git', 'description'), line('dot-git'));
    return dir;
  }

  it('reads tracked and untracked-not-ignored files; skips ignored ones, node_modules and .git', async () => {
    const dir = repo();
    const { at, result } = await where([dir], dir);
    expect(at).toEqual(['src/deep/config.json:2:9', 'tracked.ts:1:19', 'untracked.env:1:14']);
    expect(result.stats.files).toBe(4); // .gitignore, tracked.ts, untracked.env, src/deep/config.json
    expect(result.warnings).toEqual([]);
  });

  it('--no-ignore reads everything, node_modules and .git included', async () => {
    const dir = repo();
    const { at } = await where([dir], dir, { noIgnore: true });
    // The committed blob is a zlib stream: the zlib decoder opens it (its line is the blob's content line).
    const objects = at.filter((place) => place.startsWith('.git/objects/'));
    expect(objects).toEqual([expect.stringMatching(/^\.git\/objects\/[0-9a-f]{2}\/[0-9a-f]{38}:1:1$/)]);
    expect(at.filter((place) => !objects.includes(place))).toEqual([
      '.git/description:1:14',
      'build/out.js:1:14',
      'node_modules/pkg/index.js:1:14',
      'secrets.env:1:14',
      'src/deep/config.json:2:9',
      'tracked.ts:1:19',
      'untracked.env:1:14',
    ]);
  });

  it('scans a subdirectory of the work tree with paths relative to it', async () => {
    const dir = repo();
    const { at } = await where([path.join(dir, 'src')], path.join(dir, 'src'));
    expect(at).toEqual(['deep/config.json:2:9']);
  });

  it('a file named directly is scanned even when ignored', async () => {
    const dir = repo();
    const { at } = await where([path.join(dir, 'secrets.env'), path.join(dir, 'node_modules/pkg/index.js')], dir);
    expect(at).toEqual(['node_modules/pkg/index.js:1:14', 'secrets.env:1:14']);
  });
});

describe('outside git', () => {
  it('honours nested .gitignore files, each relative to its folder, with git precedence', async () => {
    const dir = tree({
      '.gitignore': '*.log\nlocal/\n',
      'app.log': line('root-log'),
      'local/x.env': line('local-dir'),
      'keep.env': line('keep'),
      'sub/.gitignore': 'private.env\n!important.log\n/anchored.env\n',
      'sub/private.env': line('sub-private'),
      'sub/important.log': line('sub-important'),
      'sub/other.log': line('sub-other'),
      'sub/anchored.env': line('sub-anchored'),
      'sub/deeper/anchored.env': line('deeper-anchored'),
      'sub/deeper/private.env': line('deeper-private'),
      'node_modules/x/y.js': line('nm'),
    });
    const { at } = await where([dir], dir);
    expect(at).toEqual(['keep.env:1:14', 'sub/deeper/anchored.env:1:14', 'sub/important.log:1:14']);
  });

  it('binary files (NUL) are scanned, their keys placed by byte offset; UTF-16 text by line', async () => {
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`[aisa]\r\nkey=${fakeKey('utf16')}\r\n`, 'utf16le')]);
    const binary = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d]), Buffer.from(fakeKey('png'))]);
    const dir = tree({ 'settings.ini': utf16, 'image.png': binary, 'plain.txt': 'nothing here\n' });
    const { at, result } = await where([dir], dir);
    expect(at).toEqual(['image.png:1:9', 'settings.ini:2:5']);
    expect(result.findings.map((f) => [f.offset, f.encoding])).toEqual([[8, undefined], [undefined, 'utf16le']]);
    expect(result.stats.skipped).toEqual({});
    expect(result.stats.files).toBe(3);
    expect(result.warnings).toEqual([]);
  });

  it('--max-file-size skips larger files with a warning', async () => {
    const dir = tree({ 'big.env': line('big') + 'x'.repeat(2000), 'small.env': line('small') });
    const { at, result } = await where([dir], dir, { maxFileSize: 1000 });
    expect(at).toEqual(['small.env:1:14']);
    expect(result.stats.skipped).toEqual({ 'too-large': 1 });
    expect(result.warnings).toEqual(['big.env: 2065 bytes > --max-file-size, skipped']);
  });

  it('broken symlinks and symlink loops are warnings, not crashes', async () => {
    const dir = tree({ 'real/a.env': line('real'), 'outside.txt': 'x' });
    symlinkSync('does-not-exist', path.join(dir, 'broken'));
    symlinkSync('self', path.join(dir, 'self'));
    symlinkSync('..', path.join(dir, 'real', 'up'));
    symlinkSync('a.env', path.join(dir, 'real', 'same.env'));
    const { at, result } = await where([dir], dir);
    expect(at).toEqual(['real/a.env:1:14']);
    expect(result.warnings.sort()).toEqual(['broken: broken symlink, skipped', 'self: symlink loop, skipped']);
    // A link to a folder holding it is a loop when links are followed.
    symlinkSync(path.dirname(dir), path.join(dir, 'real', 'parent'));
    const followed = await where([dir], dir, { follow: true });
    expect(followed.result.warnings).toContain('real/parent: symlink loop, not followed');
  });

  it('links out of the tree are counted and named once; --follow reads them, files and folders alike', async () => {
    const outside = tree({ 'shared/creds.env': line('outside-dir'), 'one.env': line('outside-file') });
    const dir = tree({ 'x.txt': 'x' });
    symlinkSync(path.join(outside, 'shared'), path.join(dir, 'shared'));
    symlinkSync(path.join(outside, 'one.env'), path.join(dir, 'one.env'));
    const left = await where([dir], dir);
    expect(left.at).toEqual([]);
    expect(left.result.stats.skipped).toEqual({ symlink: 2 });
    expect(left.result.warnings).toEqual(['2 symlinks out of the scanned folder not followed (--follow to read them): one.env, shared']);
    const { at } = await where([dir], dir, { follow: true });
    expect(at).toEqual(['one.env:1:14', 'shared/creds.env:1:14']);
  });

  it('a FIFO is never opened, and a file that fails to read is a warning', async () => {
    const dir = tree({ 'a.env': line('fifo-neighbour') });
    execFileSync('mkfifo', [path.join(dir, 'pipe')]);
    // Reading /proc/self/mem at offset 0 fails with EIO even for root: a regular file we cannot read.
    symlinkSync('/proc/self/mem', path.join(dir, 'mem'));
    const { at, result } = await where([dir], dir, { follow: true });
    expect(at).toEqual(['a.env:1:14']);
    expect(result.stats.skipped).toEqual({ 'not-a-file': 1, unreadable: 1 });
    expect(result.warnings.sort()).toEqual(['mem: EIO, skipped', 'pipe: not a regular file, skipped']);
  });

  it('a path that does not exist is an operational error', async () => {
    const dir = tree({});
    await expect(scanPaths([path.join(dir, 'nope')], { root: dir })).rejects.toThrow(/nope: no such file or directory/);
  });
});

describe('a file larger than CHUNK_SIZE', () => {
  it('finds a key straddling the chunk boundary at its exact line and column', async () => {
    const key = fakeKey('straddle');
    const lineText = 'y'.repeat(99) + '\n';
    const lines = Math.floor((CHUNK_SIZE - 20) / lineText.length);
    const head = lineText.repeat(lines) + 'x'.repeat(CHUNK_SIZE - 20 - lines * lineText.length);
    expect(head.length).toBe(CHUNK_SIZE - 20);
    const dir = tree({ 'huge.txt': head + key + '\n' + lineText.repeat(1000) + `tail=${fakeKey('tail')}` });
    const { at, result } = await where([dir], dir);
    const column = CHUNK_SIZE - 20 - lines * lineText.length + 1;
    expect(at).toEqual([`huge.txt:${lines + 1}:${column}`, `huge.txt:${lines + 1002}:6`]);
    expect(result.findings[0].endColumn).toBe(column + key.length);
    expect(result.findings[0].fingerprint).toBe(fingerprintOf(key));
    expect(result.stats.bytes).toBe(head.length + key.length + 1 + lineText.length * 1000 + 5 + key.length);
  }, 60_000);
});
