// 7z archives built at test time by the real 7-Zip (`7zz`, Debian's 7zip): every coder this reader
// decodes, solid and not, filters, encoded and plain headers, empty files, nesting, and what it names as
// unsupported (PPMd, encryption) or corrupt.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { needsTool } from '../helpers/tools.js';
import { scanPaths } from '../../src/sources/files.js';
import { fakeKey } from '../helpers/keys.js';
import { tool, treeMaker, zipOf } from '../helpers/archives.js';
import { runCli } from '../helpers/run-cli.js';

const dir = treeMaker();

/** A JS file with the key on line 3, column 17. */
const source = (seed: string) => `// app\nexport const url = "https://api.example.com";\nconst apiKey = "${fakeKey(seed)}";\n`;

/** A tree of several files (two with keys), an empty file and an empty folder, under `pkg/`. */
function tree(root: string, seed: string): void {
  mkdirSync(path.join(root, 'pkg/src/empty-folder'), { recursive: true });
  writeFileSync(path.join(root, 'pkg/README.md'), '# demo\n' + 'plain words\n'.repeat(500));
  writeFileSync(path.join(root, 'pkg/src/app.js'), source(`${seed}-app`));
  writeFileSync(path.join(root, 'pkg/src/empty.txt'), '');
  writeFileSync(path.join(root, 'pkg/src/config.env'), `A=1\nAISA_API_KEY=${fakeKey(`${seed}-env`)}\n`);
}

async function found(root: string, names: string[]) {
  const result = await scanPaths(names.map((n) => path.join(root, n)), { root });
  return { at: result.findings.map((f) => `${f.file}:${f.line}:${f.column}`), warnings: result.warnings };
}

describe.skipIf(needsTool('7zz', '7zip'))('7z', () => {
  it.each([
    ['LZMA2, solid (the default)', []],
    ['LZMA2, one stream per file', ['-ms=off']],
    ['LZMA', ['-m0=lzma']],
    ['stored (copy)', ['-m0=copy']],
    ['deflate', ['-m0=deflate']],
    ['bzip2', ['-m0=bzip2']],
    ['plain header (-mhc=off)', ['-mhc=off']],
    ['BCJ x86 + LZMA2', ['-mf=BCJ']],
    ['delta + LZMA', ['-mf=Delta:4', '-m0=lzma']],
    ['ARM64 + LZMA2', ['-mf=ARM64']],
    ['encrypted file data, names in the clear', ['-pSECRET', '-mhe=off']],
  ])('%s: each key at its path and line inside the archive', async (label, flags) => {
    const root = dir();
    tree(root, 'sz');
    tool(root, '7zz', ['a', '-bd', '-bso0', '-bsp0', ...flags, 'demo.7z', 'pkg']);
    const { at, warnings } = await found(root, ['demo.7z']);
    if (label.startsWith('encrypted')) {
      expect([at, warnings]).toEqual([[], ['demo.7z!pkg/README.md: encrypted entry, not scanned', 'demo.7z!pkg/src/app.js: encrypted entry, not scanned', 'demo.7z!pkg/src/config.env: encrypted entry, not scanned']]);
      return;
    }
    expect(at.sort()).toEqual(['demo.7z!pkg/src/app.js:3:17', 'demo.7z!pkg/src/config.env:2:14']);
    expect(warnings).toEqual([]);
  });

  it('many files in solid blocks, one of them large, a 7z in a zip and a zip in a 7z', async () => {
    const root = dir();
    mkdirSync(path.join(root, 'many'));
    for (let i = 0; i < 300; i++) writeFileSync(path.join(root, 'many', `f${i}.txt`), `file ${i}\n${i % 97 === 50 ? `token=${fakeKey(`many-${i}`)}\n` : ''}`);
    writeFileSync(path.join(root, 'many', 'big.log'), Array.from({ length: 150_000 }, (_, n) => `line ${n} ${(n * 7919) % 100_003}\n`).join('') + `KEY=${fakeKey('many-big')}\n`);
    writeFileSync(path.join(root, 'inner.zip'), zipOf([{ name: 'deep/app.js', data: source('zip-in-7z') }]));
    tool(root, '7zz', ['a', '-bd', '-bso0', '-bsp0', '-ms=1m', 'many.7z', 'many', 'inner.zip']);
    writeFileSync(path.join(root, 'outer.zip'), zipOf([{ name: 'release/many.7z', data: readFileSync(path.join(root, 'many.7z')), stored: true }]));
    const { at, warnings } = await found(root, ['outer.zip']);
    expect(at.sort()).toEqual(
      [
        'outer.zip!release/many.7z!inner.zip!deep/app.js:3:17',
        'outer.zip!release/many.7z!many/big.log:150001:5',
        'outer.zip!release/many.7z!many/f147.txt:2:7',
        'outer.zip!release/many.7z!many/f244.txt:2:7',
        'outer.zip!release/many.7z!many/f50.txt:2:7',
      ].sort(),
    );
    expect(warnings).toEqual([]);
  });

  it('PPMd and encrypted headers are named as unsupported; a truncated archive and a corrupt one are warnings, never a crash', async () => {
    const root = dir();
    tree(root, 'sz-bad');
    tool(root, '7zz', ['a', '-bd', '-bso0', '-bsp0', '-m0=PPMd', 'ppmd.7z', 'pkg']);
    tool(root, '7zz', ['a', '-bd', '-bso0', '-bsp0', '-pSECRET', '-mhe=on', 'hidden.7z', 'pkg']);
    tool(root, '7zz', ['a', '-bd', '-bso0', '-bsp0', 'good.7z', 'pkg']);
    const good = readFileSync(path.join(root, 'good.7z'));
    writeFileSync(path.join(root, 'cut.7z'), good.subarray(0, good.length - 40));
    const flipped = Buffer.from(good);
    flipped[40] ^= 0xff; // inside the packed stream
    writeFileSync(path.join(root, 'flipped.7z'), flipped);
    const { at, warnings } = await found(root, ['ppmd.7z', 'hidden.7z', 'cut.7z', 'flipped.7z']);
    expect(at).toEqual([]);
    expect(warnings.filter((w) => w.startsWith('ppmd.7z'))).toEqual([
      'ppmd.7z!pkg/README.md: 7z coder PPMd entry, not scanned',
      'ppmd.7z!pkg/src/app.js: 7z coder PPMd entry, not scanned',
      'ppmd.7z!pkg/src/config.env: 7z coder PPMd entry, not scanned',
    ]);
    expect(warnings.filter((w) => w.startsWith('hidden.7z'))).toEqual(['hidden.7z: 7z header encrypted, not read']);
    expect(warnings.filter((w) => w.startsWith('cut.7z'))).toEqual(['cut.7z: truncated 7z archive (header out of bounds)']);
    expect(warnings.filter((w) => w.startsWith('flipped.7z'))).toEqual([expect.stringMatching(/^flipped\.7z: corrupt 7z data \(.+\)$/)]);
    const cli = runCli(['scan', 'ppmd.7z'], { cwd: root });
    expect(cli.code).toBe(2);
  });

  it('an empty archive (a start header naming no header) is read as empty, not as corrupt', async () => {
    const empty = Buffer.alloc(32);
    Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0x00, 0x04]).copy(empty);
    const root = dir({ 'empty.7z': empty });
    expect(await found(root, ['empty.7z'])).toEqual({ at: [], warnings: [] });
  });

  it('a 7z bomb (zeros) stops at the ratio limit with a warning and exit 2', () => {
    const root = dir();
    tool(root, 'sh', ['-c', 'head -c 200000000 /dev/zero > zeros.bin && 7zz a -bd -bso0 -bsp0 zeros.7z zeros.bin && rm zeros.bin']);
    const cli = runCli(['scan', 'zeros.7z'], { cwd: root });
    expect([cli.code, cli.stderr.split('\n')[0]]).toEqual([2, 'aisa-guard: warning: zeros.7z!zeros.bin: compression ratio above 100:1 (--max-archive-ratio), the rest of this entry not scanned']);
  });
});
