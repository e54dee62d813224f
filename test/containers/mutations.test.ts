// Hostile archives: every format read here, built by the real tools, then cut short and corrupted at
// random places (a fixed seed, so a failure is repeatable). Whatever the damage, the scan ends with
// findings and warnings, never an exception, and a key stored before the damage is still found where the
// format allows it.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { scanPaths } from '../../src/sources/files.js';
import { fakeKey } from '../helpers/keys.js';
import { asarOf, crxOf, tool, treeMaker, zipOf } from '../helpers/archives.js';
import { prng } from '../../bench/lib/random.js';
import { needsTools } from '../helpers/tools.js';

const dir = treeMaker();


/** One archive of each kind, holding the same small tree. */
function archives(root: string): Record<string, Buffer> {
  mkdirSync(path.join(root, 'pkg/src'), { recursive: true });
  const text = `// app\n${'some source line\n'.repeat(200)}const apiKey = "${fakeKey('mutations')}";\n`;
  writeFileSync(path.join(root, 'pkg/src/app.js'), text);
  writeFileSync(path.join(root, 'pkg/README.md'), 'plain words\n'.repeat(300));
  // Each archive with the tools that make it: one whose tool is missing is left out, its Debian package named.
  const recipes: [string, string, [command: string, debianPackage: string][]][] = [
    ['x.tar', 'tar -cf x.tar pkg', []],
    ['x.tgz', 'tar -czf x.tgz pkg', []],
    ['x.tbz2', 'tar -cjf x.tbz2 pkg', [['bzip2', 'bzip2']]],
    ['x.txz', 'tar -cJf x.txz pkg', [['xz', 'xz-utils']]],
    ['x.tzst', 'tar --zstd -cf x.tzst pkg', [['zstd', 'zstd']]],
    ['x.tar.lz4', 'tar -cf - pkg | lz4 -q > x.tar.lz4', [['lz4', 'lz4']]],
    ['x.tlz', 'tar --lzma -cf x.tlz pkg', [['xz', 'xz-utils']]],
    ['x.zip', 'zip -qr x.zip pkg', [['zip', 'zip']]],
    ['x.7z', '7zz a -bd -bso0 -bsp0 x.7z pkg', [['7zz', '7zip']]],
    ['x.cpio', 'find pkg | cpio --quiet -o -H newc > x.cpio', [['cpio', 'cpio']]],
    ['x.a', 'ar rc x.a pkg/src/app.js pkg/README.md', [['ar', 'binutils']]],
  ];
  const made = recipes.filter(([, , tools]) => !needsTools(tools)).map(([name, command]) => [name, command]);
  tool(root, 'sh', ['-c', made.map(([, command]) => command).join(' && ')]);
  const out: Record<string, Buffer> = Object.fromEntries(made.map(([name]) => [name, readFileSync(path.join(root, name))]));
  out['x.js.br'] = brotliCompressSync(text);
  out['x.asar'] = asarOf([{ name: 'src/app.js', data: text }]);
  out['x.crx'] = crxOf(zipOf([{ name: 'src/app.js', data: text }]));
  return out;
}

describe('damaged archives', () => {
  it('cut at random lengths or with random bytes changed: warnings, never an exception', async () => {
    const root = dir();
    const next = prng(14);
    const files: string[] = [];
    for (const [name, bytes] of Object.entries(archives(root))) {
      for (let i = 0; i < Number(process.env.MUTANTS ?? 12); i++) {
        const damaged = Buffer.from(bytes.subarray(0, i % 3 === 0 ? Math.floor(next() * bytes.length) : bytes.length));
        if (i % 3 !== 0) for (let flips = 1 + Math.floor(next() * 8); flips > 0; flips--) damaged[Math.floor(next() * damaged.length)] = Math.floor(next() * 256);
        const file = path.join(root, 'damaged', `${i}-${name}`);
        mkdirSync(path.dirname(file), { recursive: true });
        writeFileSync(file, damaged);
        files.push(file);
      }
    }
    const result = await scanPaths(files, { root });
    // A reader that threw anything but its own ArchiveError would show as an unreadable file here.
    expect(Object.keys(result.stats.skipped ?? {}).filter((reason) => !reason.startsWith('archive-'))).toEqual([]);
    expect(result.warnings.filter((w) => /internal|Error|undefined|Cannot read|Invalid|out of range/.test(w))).toEqual([]);
    // Damage is said: many parts could not be read. Cuts and changes that spare the key's entry still find it.
    expect(result.warnings.length).toBeGreaterThan(files.length / 4);
    expect(result.findings.length).toBeGreaterThan(10);
  });
});
