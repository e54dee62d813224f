// The suite's short, deterministic slice of the fuzz run (`npm run bench -- fuzz` runs it for minutes):
// a fixed seed and a fixed number of execs per container and decoder, and every saved crash replayed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { fuzz, targets } from '../../bench/fuzz-lib.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const corpusDir = path.join(root, 'fuzz/corpus');

describe('fuzz slice', () => {
  it('covers every container format in the seed corpus and every decoder', () => {
    const names = targets(corpusDir).map((t) => t.name);
    for (const format of ['7z', 'ar', 'bzip2', 'cpio', 'gzip', 'lz4', 'tar', 'xz', 'zip', 'zstd']) expect(names).toContain(`container:${format}`);
    expect(names.filter((n) => n.startsWith('decoder:')).length).toBeGreaterThanOrEqual(13);
  });

  it('finds no crash in a fixed slice', async () => {
    const report = await fuzz({ seconds: 60, seed: 20261207, corpusDir, maxExecs: 40, coverage: false });
    expect(report.crashes.map((c) => `${c.target}: ${c.reason}`)).toEqual([]);
    expect(report.targets.every((t) => t.execs === 40)).toBe(true);
  }, 60_000);

  it('replays every saved crash without one', async () => {
    const crashes = path.join(root, 'fuzz/crashes');
    if (!existsSync(crashes)) return;
    for (const dir of readdirSync(crashes)) {
      const kind = dir.slice(0, dir.indexOf('-'));
      const name = dir.slice(dir.indexOf('-') + 1);
      const target = targets(corpusDir, [name]).find((t) => t.name === `${kind}:${name}`);
      for (const file of readdirSync(path.join(crashes, dir))) {
        expect(await target!.exec(readFileSync(path.join(crashes, dir, file))), file).toBeUndefined();
      }
    }
  });
});
