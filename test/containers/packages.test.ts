// zstd, lz4 and brotli streams, and the package formats built on ar, cpio and RPM: .deb (dpkg-deb, every payload
// compression), static libraries (ar), cpio (newc, odc), .rpm (rpmbuild, every payload compression).
// Each built at test time by the real tool; each finding at its exact path through the containers.
import { writeFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { needsTool, needsTools } from '../helpers/tools.js';
import { brotliCompressSync } from 'node:zlib';
import { scanPaths } from '../../src/sources/files.js';
import { FrameHeaders } from '../../src/containers/zstd.js';
import { unlz4 } from '../../src/containers/lz4.js';
import { Budget, DEFAULT_ARCHIVE_LIMITS } from '../../src/containers/limits.js';
import { createHash, randomBytes } from 'node:crypto';
import { ArchiveError } from '../../src/containers/limits.js';
import { fakeKey } from '../helpers/keys.js';
import { execFileSync } from 'node:child_process';
import { tool, treeMaker, zipOf } from '../helpers/archives.js';
import { runCli } from '../helpers/run-cli.js';

const dir = treeMaker();

/** A JS file with the key on line 3, column 17. */
const source = (seed: string) => `// app\nexport const url = "https://api.example.com";\nconst apiKey = "${fakeKey(seed)}";\n`;

const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function found(root: string, names: string[]) {
  const result = await scanPaths(names.map((n) => path.join(root, n)), { root });
  return { at: result.findings.map((f) => `${f.file}:${f.line}:${f.column}`), result };
}

/** A package tree: `opt/demo/config.js` holding the seed's key, plus a clean file. */
function packageTree(root: string, seed: string): void {
  mkdirSync(path.join(root, 'pkg/opt/demo'), { recursive: true });
  writeFileSync(path.join(root, 'pkg/opt/demo/config.js'), source(seed));
  writeFileSync(path.join(root, 'pkg/opt/demo/README'), 'nothing here\n');
}

describe.skipIf(needsTool('zstd', 'zstd'))('zstd', () => {
  it('a .zst file, a tar --zstd, two frames back to back and a skippable frame, by magic bytes', async () => {
    const root = dir({ 'app.log': `a\nb\nAISA_API_KEY=${fakeKey('zst-log')}\n`, 'second.log': `x\n${fakeKey('zst-second')}\n` });
    packageTree(root, 'zst-tar');
    tool(root, 'zstd', ['-q', 'app.log', '-o', 'app.log.zst']);
    tool(root, 'zstd', ['-q', 'second.log', '-o', 'second.log.zst']);
    tool(root, 'tar', ['--zstd', '-cf', 'pkg.tar.zst', '-C', 'pkg', 'opt']);
    // A skippable frame (magic 0x184D2A5?, a length, that many bytes) between two real frames.
    const skippable = Buffer.from([0x5a, 0x2a, 0x4d, 0x18, 5, 0, 0, 0, 1, 2, 3, 4, 5]);
    writeFileSync(path.join(root, 'both.zst'), Buffer.concat([readFileSync(path.join(root, 'app.log.zst')), skippable, readFileSync(path.join(root, 'second.log.zst'))]));
    const { at, result } = await found(root, ['app.log.zst', 'pkg.tar.zst', 'both.zst']);
    expect(at).toEqual(['app.log.zst!app.log:3:14', 'both.zst!both:3:14', 'both.zst!both:5:1', 'pkg.tar.zst!opt/demo/config.js:3:17']);
    expect(result.warnings).toEqual([]);
  });

  it('a long window (--long=27) and a frame of known size (single segment)', async () => {
    // Numbered lines: text that compresses like text (about 10:1), not like a bomb.
    const lines = Array.from({ length: 300_000 }, (_, i) => `line ${i} of ${(i * 7919) % 100_003}\n`).join('');
    const root = dir({ 'big.txt': lines + `KEY=${fakeKey('zst-long')}\n`, 'small.txt': source('zst-single') });
    tool(root, 'zstd', ['-q', '--long=27', 'big.txt', '-o', 'big.zst']);
    tool(root, 'zstd', ['-q', 'small.txt', '-o', 'small.zst']);
    const { at, result } = await found(root, ['big.zst', 'small.zst']);
    expect(at).toEqual(['big.zst!big:300001:5', 'small.zst!small:3:17']);
    expect(result.warnings).toEqual([]);
  });

  it('a frame claiming a 2 GB window is refused before any allocation; a truncated and a corrupt stream are scanned as far as they go', async () => {
    // Magic, descriptor (no single segment, no checksum), window byte: 2^(10 + byte >> 3) × (1 + (byte & 7) / 8).
    const window = (byte: number) => Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, byte, 0x01, 0x00, 0x00]);
    const frames = new FrameHeaders();
    expect(() => frames.check(window(0x88))).not.toThrow(); // exactly 128 MB: the limit itself
    expect(() => new FrameHeaders().check(window(0x89))).toThrow(ArchiveError);
    const root = dir({ 'app.log': `${'line of log text\n'.repeat(20_000)}KEY=${fakeKey('zst-cut')}\n${'more text after the key\n'.repeat(50_000)}` });
    tool(root, 'zstd', ['-q', 'app.log', '-o', 'app.log.zst']);
    const whole = readFileSync(path.join(root, 'app.log.zst'));
    writeFileSync(path.join(root, 'cut.zst'), whole.subarray(0, Math.floor(whole.length * 0.8)));
    writeFileSync(path.join(root, 'huge-window.zst'), Buffer.concat([window(0xa8), Buffer.alloc(64)])); // 2^31
    const { at, result } = await found(root, ['cut.zst', 'huge-window.zst']);
    expect(at).toEqual(['cut.zst!cut:20001:5']);
    expect(result.warnings).toEqual(['cut.zst: corrupt zstd data (truncated)', 'huge-window.zst: zstd frame window of 2048 MB (over 128 MB), not decompressed']);
    const cli = runCli(['scan', 'huge-window.zst'], { cwd: root });
    expect([cli.code, cli.stderr.trim().split('\n')]).toEqual([
      2,
      ['aisa-guard: warning: huge-window.zst: zstd frame window of 2048 MB (over 128 MB), not decompressed', 'aisa-guard: 1 input could not be read: the scan is incomplete'],
    ]);
  });

  it('a zip entry compressed with zstd (method 93, as 7-Zip and recent zip tools write) next to a deflated one', async () => {
    const zstd = (text: string) => execFileSync('zstd', ['-q', '-c'], { input: text });
    const root = dir({
      'app.zip': zipOf([
        { name: 'src/zstd.js', data: source('zip-zstd'), packed: { method: 93, bytes: zstd(source('zip-zstd')) } },
        { name: 'src/deflated.js', data: source('zip-deflated') },
        { name: 'src/lzma.js', data: 'x', packed: { method: 95, bytes: Buffer.from('not read') } },
      ]),
    });
    const { at, result } = await found(root, ['app.zip']);
    expect(at).toEqual(['app.zip!src/deflated.js:3:17', 'app.zip!src/zstd.js:3:17']);
    expect(result.warnings).toEqual(['app.zip!src/lzma.js: compression method 95 entry, not scanned']);
  });

  it('a zstd bomb (1 GB of zeros in a few KB) stops at the byte limit with a warning and exit 2', () => {
    const root = dir();
    tool(root, 'sh', ['-c', 'head -c 300000000 /dev/zero | zstd -q -19 -o zeros.zst']);
    const cli = runCli(['scan', '--max-archive-bytes', '50000000', '--max-archive-ratio', '100000', 'zeros.zst'], { cwd: root });
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain('zeros.zst: more than 50000000 bytes inflated (--max-archive-bytes), the rest not scanned');
    const ratio = runCli(['scan', 'zeros.zst'], { cwd: root });
    expect([ratio.code, ratio.stderr]).toEqual([2, expect.stringContaining('compression ratio above 100:1')]);
  });
});

describe.skipIf(needsTools([['xz', 'xz-utils'], ['7zz', '7zip']]))('LZMA outside xz: .lzma files (told by name and header) and zip method 14', () => {
  it('xz --format=lzma, tar --lzma, and a zip whose entries 7-Zip compressed with LZMA', async () => {
    const root = dir({ 'app.log': `a\nb\nAISA_API_KEY=${fakeKey('lzma-log')}\n`, 'not-lzma.lzma': `plain text named .lzma\n${fakeKey('lzma-plain')}\n` });
    packageTree(root, 'lzma-tar');
    tool(root, 'xz', ['--format=lzma', '-k', 'app.log']);
    tool(root, 'tar', ['--lzma', '-cf', 'pkg.tlz', '-C', 'pkg', 'opt']);
    tool(root, '7zz', ['a', '-bd', '-bso0', '-bsp0', '-tzip', '-mm=LZMA', 'lzma.zip', 'pkg']);
    const { at, result } = await found(root, ['app.log.lzma', 'not-lzma.lzma', 'pkg.tlz', 'lzma.zip']);
    expect(at).toEqual(['app.log.lzma!app.log:3:14', 'lzma.zip!pkg/opt/demo/config.js:3:17', 'not-lzma.lzma:2:1', 'pkg.tlz!opt/demo/config.js:3:17']);
    expect(result.warnings).toEqual([]);
  });
});

describe.skipIf(needsTool('lz4', 'lz4'))('lz4', () => {
  /** Our decoder's output for a file's bytes, whole. */
  async function decoded(bytes: Buffer): Promise<Buffer> {
    async function* pieces() {
      for (let at = 0; at < bytes.length; at += 10_000) yield bytes.subarray(at, at + 10_000);
    }
    const out: Buffer[] = [];
    for await (const piece of unlz4(pieces(), new Budget(DEFAULT_ARCHIVE_LIMITS))) out.push(Buffer.from(piece));
    return Buffer.concat(out);
  }

  it('equals lz4 -dc byte for byte: block sizes, linked and independent blocks, checksums, legacy frames, levels', async () => {
    const root = dir();
    const options = [[], ['-B4', '-BD'], ['-B5', '-BX', '--content-size'], ['-B6', '--no-frame-crc'], ['-l'], ['-9', '-BD']];
    for (const [i, flags] of options.entries()) {
      // Compressible text with runs and repeats at every distance, then random bytes (stored blocks).
      const text = Array.from({ length: 10_000 + i * 8_000 }, (_, n) => `row ${n % 97} ${'x'.repeat(n % 13)} ${(n * 7919) % 1009}\n`).join('');
      const data = Buffer.concat([Buffer.from(text), randomBytes(70_000 * (i % 3)), Buffer.from(text.slice(0, 99_999))]);
      writeFileSync(path.join(root, 'in.bin'), data);
      tool(root, 'lz4', ['-q', '-f', ...flags, 'in.bin', 'in.lz4']);
      const ours = await decoded(readFileSync(path.join(root, 'in.lz4')));
      expect([flags.join(' '), sha(ours)]).toEqual([flags.join(' '), sha(data)]);
    }
  });

  it('a .lz4 file and a tar | lz4, concatenated frames; a truncated file scanned as far as it goes', async () => {
    const root = dir({ 'app.log': `a\nb\nAISA_API_KEY=${fakeKey('lz4-log')}\n`, 'more.log': `${fakeKey('lz4-more')}\n` });
    packageTree(root, 'lz4-tar');
    tool(root, 'sh', ['-c', 'lz4 -q app.log app.log.lz4 && lz4 -q more.log more.lz4 && cat app.log.lz4 more.lz4 > both.lz4 && tar -cf - -C pkg opt | lz4 -q > pkg.tar.lz4']);
    const big = Array.from({ length: 200_000 }, (_, n) => `line ${n} ${(n * 7919) % 100_003}\n`).join('') + `KEY=${fakeKey('lz4-cut')}\n` + 'tail\n'.repeat(100_000);
    writeFileSync(path.join(root, 'big.log'), big);
    tool(root, 'lz4', ['-q', '-B4', 'big.log', 'big.lz4']); // 64 KB blocks: the cut loses only the last
    const whole = readFileSync(path.join(root, 'big.lz4'));
    writeFileSync(path.join(root, 'cut.lz4'), whole.subarray(0, whole.length - 1000));
    const { at, result } = await found(root, ['app.log.lz4', 'both.lz4', 'pkg.tar.lz4', 'cut.lz4']);
    expect(at).toEqual(['app.log.lz4!app.log:3:14', 'both.lz4!both:3:14', 'both.lz4!both:4:1', 'cut.lz4!cut:200001:5', 'pkg.tar.lz4!opt/demo/config.js:3:17']);
    expect(result.warnings).toEqual(['cut.lz4: corrupt lz4 data (truncated)']);
  });

  it('an lz4 bomb stops at the limits; corrupt sequences are a warning', () => {
    const root = dir({ 'bad.lz4': Buffer.from([0x04, 0x22, 0x4d, 0x18, 0x64, 0x40, 0xa7, 0x05, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 0]) });
    tool(root, 'sh', ['-c', 'head -c 300000000 /dev/zero | lz4 -q -9 > zeros.lz4']);
    const bomb = runCli(['scan', '--max-archive-bytes', '50000000', '--max-archive-ratio', '100000', 'zeros.lz4'], { cwd: root });
    expect([bomb.code, bomb.stderr.split('\n')[0]]).toEqual([2, 'aisa-guard: warning: zeros.lz4: more than 50000000 bytes inflated (--max-archive-bytes), the rest not scanned']);
    const ratio = runCli(['scan', 'zeros.lz4'], { cwd: root });
    expect([ratio.code, ratio.stderr]).toEqual([2, expect.stringContaining('compression ratio above 100:1')]);
    const bad = runCli(['scan', 'bad.lz4'], { cwd: root });
    expect([bad.code, bad.stderr.split('\n')[0]]).toEqual([2, 'aisa-guard: warning: bad.lz4: corrupt lz4 data (bad sequence)']);
  });
});

describe.skipIf(needsTools([['ar', 'binutils'], ['cpio', 'cpio']]))('archives read forward, cut inside an entry', () => {
  it.each([
    ['tar', 'tar -cf x.tar big.env'],
    ['ar', 'ar rc x.ar big.env'],
    ['cpio', 'echo big.env | cpio --quiet -o -H newc > x.cpio'],
  ])('%s: the entry is scanned as far as it goes and the cut is said (never a silent pass)', async (kind, command) => {
    const root = dir({ 'big.env': `KEY=${fakeKey(`cut-${kind}`)}\n${'x'.repeat(20_000)}\n` });
    tool(root, 'sh', ['-c', command]);
    const whole = readFileSync(path.join(root, `x.${kind}`));
    writeFileSync(path.join(root, `cut.${kind}`), whole.subarray(0, 4096));
    const { at, result } = await found(root, [`cut.${kind}`]);
    expect([at, result.warnings]).toEqual([[`cut.${kind}!big.env:1:5`], [`cut.${kind}!big.env: truncated archive (the entry ends early)`]]);
    const cut = dir({ 'clean.env': `${'y'.repeat(20_000)}\n` });
    tool(cut, 'sh', ['-c', command.replaceAll('big.env', 'clean.env')]);
    writeFileSync(path.join(cut, `cut.${kind}`), readFileSync(path.join(cut, `x.${kind}`)).subarray(0, 4096));
    const cli = runCli(['scan', `cut.${kind}`], { cwd: cut });
    expect([cli.code, cli.stderr.split('\n')[0]]).toEqual([2, `aisa-guard: warning: cut.${kind}!clean.env: truncated archive (the entry ends early)`]);
  });
});

describe('a tar cut right after a long-name record', () => {
  it('says it is truncated (the entry it announces never came)', async () => {
    const longName = `deep/${'folder/'.repeat(20)}app.env`;
    const root = dir();
    mkdirSync(path.join(root, path.dirname(longName)), { recursive: true });
    writeFileSync(path.join(root, longName), `KEY=${fakeKey('long-cut')}\n`);
    tool(root, 'tar', ['--format=gnu', '-cf', 'x.tar', longName]);
    writeFileSync(path.join(root, 'cut.tar'), readFileSync(path.join(root, 'x.tar')).subarray(0, 1024));
    const { at, result } = await found(root, ['cut.tar']);
    expect([at, result.warnings]).toEqual([[], ['cut.tar: truncated tar (ends after a long-name or pax record)']]);
  });
});

describe('formats recognised but not read (RAR, cabinet, compress .Z)', () => {
  it('are named in a warning (exit 2 when nothing else is found), and their bytes are still scanned as they are', async () => {
    // What a stored (uncompressed) member looks like: the file's bytes verbatim after the headers.
    const stored = (magic: Buffer, seed: string) => Buffer.concat([magic, Buffer.alloc(40, 1), Buffer.from(`\nKEY=${fakeKey(seed)}\n`), Buffer.alloc(20)]);
    const rar = stored(Buffer.from('Rar!\x1a\x07\x01\x00', 'latin1'), 'rar-stored');
    const root = dir({
      'release.rar': rar,
      'setup.cab': stored(Buffer.from('MSCF\0\0\0\0', 'latin1'), 'cab-stored'),
      'old.tar.Z': Buffer.from([0x1f, 0x9d, 0x90, 0x61, 0x62, 0x63]),
      'bundle.zip': zipOf([{ name: 'inner/release.rar', data: rar, stored: true }]),
    });
    const result = await scanPaths(['release.rar', 'setup.cab', 'old.tar.Z', 'bundle.zip'].map((n) => path.join(root, n)), { root });
    expect(result.findings.map((f) => [f.file, f.offset, f.container])).toEqual([
      // 8 bytes of magic, 40 of header, `\nKEY=`: the key at byte 53.
      ['bundle.zip!inner/release.rar', 53, 'bundle.zip'],
      ['release.rar', 53, undefined],
      ['setup.cab', 53, undefined],
    ]);
    expect(result.warnings).toEqual([
      'release.rar: RAR archive not opened (no reader for it); its bytes were scanned as they are',
      'setup.cab: cabinet (.cab) archive not opened (no reader for it); its bytes were scanned as they are',
      'old.tar.Z: compress (.Z) stream not opened (no reader for it); its bytes were scanned as they are',
      'bundle.zip!inner/release.rar: RAR archive not opened (no reader for it); its bytes were scanned as they are',
    ]);
    const cli = runCli(['scan', 'old.tar.Z'], { cwd: root });
    expect([cli.code, cli.stderr.split('\n')[0]]).toEqual([2, 'aisa-guard: warning: old.tar.Z: compress (.Z) stream not opened (no reader for it); its bytes were scanned as they are']);
  });
});

describe('brotli (no magic number: told by the name *.br and a head that decodes)', () => {
  it('a precompressed bundle, one inside a tar, and a .br file that is not brotli (read as it is)', async () => {
    const bundle = Buffer.from(`${'!function(){var a=1;}();\n'.repeat(2000)}window.cfg={aisa:"${fakeKey('br-bundle')}"};\n`);
    const root = dir({
      'dist/main.js.br': brotliCompressSync(bundle),
      'notes.br': `plain text that only has the name\nKEY=${fakeKey('br-plain')}\n`,
      'pkg/assets/app.css.br': brotliCompressSync(`a{}\n/* ${fakeKey('br-in-tar')} */\n`),
    });
    tool(root, 'tar', ['-cf', 'pkg.tar', '-C', 'pkg', 'assets']);
    const { at, result } = await found(root, ['dist/main.js.br', 'notes.br', 'pkg.tar']);
    expect(at).toEqual(['dist/main.js.br!main.js:2001:19', 'notes.br:2:5', 'pkg.tar!assets/app.css.br!app.css:2:4']);
    expect(result.warnings).toEqual([]);
    // A truncated one: what was decoded is scanned, and the cut is said.
    const whole = brotliCompressSync(bundle);
    const cut = dir({ 'cut.js.br': whole.subarray(0, whole.length - 10) });
    const partial = await found(cut, ['cut.js.br']);
    expect(partial.result.warnings).toEqual(['cut.js.br: corrupt compressed data (truncated)']);
  });
});

describe.skipIf(needsTools([['dpkg-deb', 'dpkg'], ['xz', 'xz-utils'], ['zstd', 'zstd']]))('.deb packages (ar + tar)', () => {
  it.each(['gzip', 'xz', 'zstd', 'none'])('dpkg-deb -Z%s: the key at its path through the package and its data tar', async (compression) => {
    const root = dir();
    packageTree(root, `deb-${compression}`);
    mkdirSync(path.join(root, 'pkg/DEBIAN'));
    writeFileSync(path.join(root, 'pkg/DEBIAN/control'), 'Package: demo\nVersion: 1.0\nArchitecture: all\nMaintainer: T <t@example.com>\nDescription: demo\n');
    tool(root, 'dpkg-deb', ['--root-owner-group', `-Z${compression}`, '--build', 'pkg', 'demo.deb']);
    const member = { gzip: 'data.tar.gz', xz: 'data.tar.xz', zstd: 'data.tar.zst', none: 'data.tar' }[compression];
    const { at, result } = await found(root, ['demo.deb']);
    expect(at).toEqual([`demo.deb!${member}!opt/demo/config.js:3:17`]);
    expect(result.warnings).toEqual([]);
  });
});

describe.skipIf(needsTools([['cc', 'gcc'], ['ar', 'binutils']]))('ar archives', () => {
  it('a static library: GNU long names and a key compiled into an object file, by byte offset', async () => {
    const key = fakeKey('ar-object');
    const root = dir({ 'a-very-long-object-file-name-indeed.txt': source('ar-long'), 'short.txt': 'nothing\n' });
    writeFileSync(path.join(root, 'lib.c'), `const char *api_key = "${key}";\n`);
    tool(root, 'cc', ['-c', 'lib.c', '-o', 'lib.o']);
    const offset = readFileSync(path.join(root, 'lib.o')).indexOf(key);
    tool(root, 'ar', ['rcs', 'libdemo.a', 'lib.o', 'a-very-long-object-file-name-indeed.txt', 'short.txt']);
    const result = await scanPaths([path.join(root, 'libdemo.a')], { root });
    expect(result.findings.map((f) => [f.file, f.offset ?? `${f.line}:${f.column}`])).toEqual([
      ['libdemo.a!a-very-long-object-file-name-indeed.txt', '3:17'],
      ['libdemo.a!lib.o', offset],
    ]);
    expect(result.warnings).toEqual([]);
  });
});

describe.skipIf(needsTool('cpio', 'cpio'))('cpio', () => {
  it.each(['newc', 'odc', 'crc'])('cpio -H %s, plain and gzip-compressed (initramfs style)', async (format) => {
    const root = dir();
    packageTree(root, `cpio-${format}`);
    tool(root, 'sh', ['-c', `cd pkg && find . | sort | cpio --quiet -o -H ${format} > ../x.cpio && gzip -kc ../x.cpio > ../x.cpio.gz`]);
    const { at, result } = await found(root, ['x.cpio', 'x.cpio.gz']);
    expect(at).toEqual(['x.cpio!opt/demo/config.js:3:17', 'x.cpio.gz!opt/demo/config.js:3:17']);
    expect(result.warnings).toEqual([]);
  });
});

describe.skipIf(needsTool('rpmbuild', 'rpm'))('.rpm packages (headers + compressed cpio)', () => {
  // RPM writes its xz payloads with a SHA-256 check (read since the xz decoder is our own).
  it.each(['gzdio', 'xzdio', 'zstdio', 'bzdio'])('rpmbuild with a %s payload', async (io) => {
    const root = dir();
    const key = fakeKey(`rpm-${io}`);
    writeFileSync(
      path.join(root, 'demo.spec'),
      [
        'Name: demo',
        'Version: 1.0',
        'Release: 1',
        'Summary: demo',
        'License: MIT',
        'BuildArch: noarch',
        '%description',
        'demo',
        '%install',
        'mkdir -p %{buildroot}/opt/demo',
        `printf '// app\\nconst apiKey = "${key}";\\n' > %{buildroot}/opt/demo/config.js`,
        '%files',
        '/opt/demo/config.js',
        '',
      ].join('\n'),
    );
    tool(root, 'rpmbuild', ['-bb', '--quiet', '--define', `_topdir ${root}/build`, '--define', `_binary_payload w6.${io}`, 'demo.spec']);
    tool(root, 'sh', ['-c', 'cp build/RPMS/noarch/*.rpm demo.rpm']);
    const { at, result } = await found(root, ['demo.rpm']);
    expect(at).toEqual(['demo.rpm!opt/demo/config.js:2:17']);
    expect(result.warnings).toEqual([]);
  });
});
