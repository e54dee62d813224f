// The long-lived `git cat-file --batch` reader that history (and staged) read objects through.
import { afterAll, describe, expect, it } from 'vitest';
import { Readable } from 'node:stream';
import { CatFile, batchObjects } from '../../src/git/catfile.js';
import { TestRepo, cleanup } from '../helpers/git.js';

const repo = TestRepo.init();
afterAll(() => cleanup(repo.dir));

describe('CatFile', () => {
  it('answers many reads, in order, through one process', async () => {
    const big = 'x'.repeat(300_000) + '\n';
    repo.commit('files', { 'a.txt': 'alpha\n', 'big.txt': big, 'name with spaces.txt': 'spaced\n' });
    const reader = new CatFile(repo.dir);
    try {
      const [a, large, spaced, missing, commit] = await Promise.all([
        reader.read('HEAD:a.txt'),
        reader.read(repo.git('rev-parse', 'HEAD:big.txt')),
        reader.read('HEAD:name with spaces.txt'),
        reader.read('HEAD:nope.txt'),
        reader.read('HEAD'),
      ]);
      expect(a).toMatchObject({ type: 'blob', size: 6, oid: repo.git('rev-parse', 'HEAD:a.txt') });
      expect(a!.content!.toString()).toBe('alpha\n');
      expect(large!.content!.toString()).toBe(big);
      expect(spaced!.content!.toString()).toBe('spaced\n');
      expect(missing).toBeUndefined();
      expect(commit!.type).toBe('commit');
      await expect(reader.read('a\nb')).rejects.toThrow('newline');
    } finally {
      reader.close();
    }
  });
});

describe('batchObjects', () => {
  it('reads a missing name that holds spaces as one missing item, then the next object', async () => {
    const stream = Readable.from([Buffer.from('HEAD:my file.env missing\n0123abcd blob 3\nabc\n')]);
    const items = [];
    for await (const item of batchObjects(stream)) items.push('missing' in item ? item : { ...item, content: item.content?.toString() });
    expect(items).toEqual([
      { oid: 'HEAD:my file.env', missing: true },
      { oid: '0123abcd', type: 'blob', size: 3, content: 'abc', rest: '' },
    ]);
  });
});
