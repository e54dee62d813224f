// Keys inside archives and compressed files, found through every level with the exact path and line.
// Archives are built at test time by the writers in test/helpers/archives.ts and by the real tools.
import { createHash, randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { needsTools } from '../helpers/tools.js';
import { scanPaths } from '../../src/sources/files.js';
import { DEFAULT_ARCHIVE_LIMITS, type ArchiveSettings } from '../../src/containers/index.js';
import { fakeKey } from '../helpers/keys.js';
import { asarOf, crxOf, tarOf, tool, zipOf, treeMaker } from '../helpers/archives.js';
import { runCli } from '../helpers/run-cli.js';

const dir = treeMaker();

/** A JS file with the key on line 3, column 16. */
const source = (seed: string) => `// app\nexport const url = "https://api.example.com";\nconst apiKey = "${fakeKey(seed)}";\n`;

/** `file:line:column` of every finding, and the result. */
async function found(root: string, names: string[], archives?: ArchiveSettings) {
  const result = await scanPaths(names.map((n) => path.join(root, n)), { root, archives });
  return { at: result.findings.map((f) => `${f.file}:${f.line}:${f.column}`), result };
}

describe('archives built by the writers (node:zlib)', () => {
  it('finds keys in stored and deflated zip entries, naming the path through the zip and the zip as container', async () => {
    const root = dir({
      'dist/app.zip': zipOf([
        { name: 'README.md', data: 'nothing here\n' },
        { name: 'src/deflated.js', data: source('deflated') },
        { name: 'src/stored.js', data: source('stored'), stored: true },
      ]),
    });
    const { at, result } = await found(root, ['dist/app.zip']);
    expect(at).toEqual(['dist/app.zip!src/deflated.js:3:17', 'dist/app.zip!src/stored.js:3:17']);
    expect(result.findings.map((f) => f.container)).toEqual(['dist/app.zip', 'dist/app.zip']);
    expect(result.findings.map((f) => f.fingerprint)).toEqual([fakeKey('deflated'), fakeKey('stored')].map(sha256));
    expect(result.stats.files).toBe(1);
    expect(result.warnings).toEqual([]);
  });

  it('reads tar (ustar and GNU long names), gzip and a tar.gz, by magic bytes whatever the name', async () => {
    const longName = `deep/${'very-long-folder-name/'.repeat(6)}config.js`;
    const tar = tarOf([
      { name: 'package/index.js', data: source('tar') },
      { name: longName, data: source('long') },
    ]);
    const root = dir({ 'pkg.tar': tar, 'pkg.tgz': gzipSync(tar), 'logs/app.log.gz': gzipSync(`a\nb\nAISA_API_KEY=${fakeKey('log')}\n`), 'renamed.dat': gzipSync(tar) });
    const { at } = await found(root, ['pkg.tar', 'pkg.tgz', 'logs/app.log.gz', 'renamed.dat']);
    expect(at).toEqual([
      'logs/app.log.gz!app.log:3:14',
      `pkg.tar!${longName}:3:17`,
      'pkg.tar!package/index.js:3:17',
      `pkg.tgz!${longName}:3:17`,
      'pkg.tgz!package/index.js:3:17',
      `renamed.dat!${longName}:3:17`,
      'renamed.dat!package/index.js:3:17',
    ]);
  });

  it('reads a multi-member gzip to the end (cat a.gz b.gz), lines counted across members', async () => {
    const root = dir({ 'two.gz': Buffer.concat([gzipSync('one\ntwo\n'), gzipSync(`three\nAISA_API_KEY=${fakeKey('member')}\n`)]) });
    expect((await found(root, ['two.gz'])).at).toEqual(['two.gz!two:4:14']);
  });

  it('opens nested archives two deep: a zip inside a tgz, a tar inside a zip', async () => {
    const inner = zipOf([{ name: 'assets/index.android.bundle', data: source('bundle') }]);
    const root = dir({
      'release.tgz': gzipSync(tarOf([{ name: 'out/app.apk', data: inner }])),
      'bundle.zip': zipOf([{ name: 'layer.tar', data: tarOf([{ name: 'etc/app.env', data: `X=1\nAISA_API_KEY=${fakeKey('env')}\n` }]) }]),
    });
    const { at, result } = await found(root, ['release.tgz', 'bundle.zip']);
    expect(at).toEqual(['bundle.zip!layer.tar!etc/app.env:2:14', 'release.tgz!out/app.apk!assets/index.android.bundle:3:17']);
    expect(result.findings.map((f) => f.container)).toEqual(['bundle.zip', 'release.tgz']);
  });

  it('reads a crx (CRX3 header, then a zip) and an Electron asar', async () => {
    const root = dir({
      'ext.crx': crxOf(zipOf([{ name: 'background.js', data: source('crx') }])),
      'resources/app.asar': asarOf([
        { name: 'package.json', data: '{"name":"app"}\n' },
        { name: 'dist/main.js', data: source('asar') },
      ]),
    });
    expect((await found(root, ['ext.crx', 'resources/app.asar'])).at).toEqual([
      'ext.crx!background.js:3:17',
      'resources/app.asar!dist/main.js:3:17',
    ]);
  });

  it('reads a docker-save image: a tar of layer tars, and OCI blobs that are gzip-compressed layer tars', async () => {
    const plainLayer = tarOf([{ name: 'app/.env', data: `AISA_API_KEY=${fakeKey('layer')}\n` }]);
    const ociLayer = gzipSync(tarOf([{ name: 'srv/config.js', data: source('oci') }]));
    const digest = 'a'.repeat(64);
    const image = tarOf([
      { name: 'manifest.json', data: '[{"Layers":["3f1c/layer.tar"]}]' },
      { name: '3f1c/layer.tar', data: plainLayer },
      { name: 'oci-layout', data: '{"imageLayoutVersion":"1.0.0"}' },
      { name: `blobs/sha256/${digest}`, data: ociLayer },
    ]);
    const root = dir({ 'image.tar': image });
    expect((await found(root, ['image.tar'])).at).toEqual([`image.tar!3f1c/layer.tar!app/.env:1:14`, `image.tar!blobs/sha256/${digest}!srv/config.js:3:17`]);
  });

  it('scans an archive with a corrupt entry as far as it goes: the good entries, and a warning naming the bad one', async () => {
    const zip = zipOf([
      { name: 'a.js', data: source('before') },
      { name: 'b.js', data: source('corrupt').repeat(20) },
      { name: 'c.js', data: source('after') },
    ]);
    const at = zip.indexOf('b.js') + 4 + 10; // inside b.js's deflate stream
    zip.fill(0xff, at, at + 12);
    const root = dir({ 'broken.zip': zip });
    const { at: where, result } = await found(root, ['broken.zip']);
    expect(where).toEqual(['broken.zip!a.js:3:17', 'broken.zip!c.js:3:17']);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toMatch(/^broken\.zip!b\.js: corrupt compressed data \(/);
    expect(result.stats.skipped).toEqual({ 'archive-corrupt': 1 });
  });

  it('scans a truncated tgz up to where it ends', async () => {
    const members = Array.from({ length: 40 }, (_, i) => ({ name: `f${i}.js`, data: i === 0 ? source('first') : randomBytes(30_000).toString('base64') }));
    const tgz = gzipSync(tarOf(members), { level: 1 });
    const root = dir({ 'cut.tgz': tgz.subarray(0, Math.floor(tgz.length / 2)) });
    const { at, result } = await found(root, ['cut.tgz']);
    expect(at).toEqual(['cut.tgz!f0.js:3:17']);
    expect(result.warnings).toEqual(['cut.tgz: corrupt compressed data (truncated)']);
  });

  it('a key in an entry name is a finding on the name (location: path), redacted in the path', async () => {
    const key = fakeKey('entry-name');
    const root = dir({ 'named.zip': zipOf([{ name: `keys/${key}.txt`, data: 'hi\n' }]) });
    const { result } = await found(root, ['named.zip']);
    const shown = `named.zip!keys/sk-aisa-${key.slice(8, 12)}…${key.slice(-4)}.txt`;
    expect(result.findings.map((f) => [f.file, f.location, f.column, f.container])).toEqual([[shown, 'path', 6, 'named.zip']]);
    expect(JSON.stringify(result.findings)).not.toContain(key);
  });

  it('--no-archives: the archive is plain bytes, nothing inside is found', async () => {
    const root = dir({ 'app.zip': zipOf([{ name: 'a.js', data: source('off') }]) });
    expect((await found(root, ['app.zip'], false)).at).toEqual([]);
    expect((await found(root, ['app.zip'], DEFAULT_ARCHIVE_LIMITS)).at).toEqual(['app.zip!a.js:3:17']);
  });
});

describe.skipIf(needsTools([['zip', 'zip'], ['unzip', 'unzip'], ['bzip2', 'bzip2'], ['xz', 'xz-utils']]))('archives built by the real tools', () => {
  function project(): string {
    const root = dir({ 'pkg/src/app.js': source('tool'), 'pkg/README.md': '# readme\n', 'pkg/data/values.txt': 'x\n'.repeat(5000) });
    return root;
  }

  it('zip: every zip-family extension is found as a zip (jar, war, apk, aab, ipa, vsix, whl, nupkg, xpi)', async () => {
    const root = project();
    tool(root, 'zip', ['-qr', 'app.zip', 'pkg']);
    const names = ['app.jar', 'app.war', 'app.apk', 'app.aab', 'app.ipa', 'app.vsix', 'app.whl', 'app.nupkg', 'app.xpi'];
    for (const name of names) copyFileSync(path.join(root, 'app.zip'), path.join(root, name));
    tool(root, 'zip', ['-q0r', 'stored.zip', 'pkg']); // -0: stored, not deflated
    const { at } = await found(root, ['app.zip', 'stored.zip', ...names]);
    expect(at).toEqual([...names, 'app.zip', 'stored.zip'].sort().map((n) => `${n}!pkg/src/app.js:3:17`));
  });

  it('zip -fz (zip64 fields) and a zip written to a pipe (data descriptors, entry named "-")', async () => {
    const root = project();
    tool(root, 'zip', ['-q', '-fz', 'z64.zip', 'pkg/src/app.js', 'pkg/data/values.txt']);
    writeFileSync(path.join(root, 'piped.zip'), execFileSync('zip', ['-q', '-', '-'], { cwd: root, input: source('piped') }));
    expect((await found(root, ['z64.zip', 'piped.zip'])).at).toEqual(['piped.zip!-:3:17', 'z64.zip!pkg/src/app.js:3:17']);
  });

  it('tar (ustar, GNU and pax formats), tar -z, gzip, and a zip inside a tgz', async () => {
    const root = project();
    const deep = `pkg/${'a-really-long-directory-name/'.repeat(5)}`;
    mkdirSync(path.join(root, deep), { recursive: true });
    writeFileSync(path.join(root, deep, 'secret.js'), source('deep'));
    tool(root, 'tar', ['--format=ustar', '-cf', 'ustar.tar', 'pkg/src']);
    tool(root, 'tar', ['--format=gnu', '-cf', 'gnu.tar', 'pkg']);
    tool(root, 'tar', ['--format=pax', '-cf', 'pax.tar', 'pkg']);
    tool(root, 'zip', ['-qr', 'inner.zip', 'pkg/src']);
    tool(root, 'tar', ['-czf', 'release.tgz', 'inner.zip', 'pkg/README.md']);
    writeFileSync(path.join(root, 'app.js.gz'), tool(root, 'gzip', ['-c', 'pkg/src/app.js']));
    const { at } = await found(root, ['ustar.tar', 'gnu.tar', 'pax.tar', 'release.tgz', 'app.js.gz']);
    expect(at).toEqual([
      'app.js.gz!app.js:3:17',
      `gnu.tar!${deep}secret.js:3:17`,
      'gnu.tar!pkg/src/app.js:3:17',
      `pax.tar!${deep}secret.js:3:17`,
      'pax.tar!pkg/src/app.js:3:17',
      'release.tgz!inner.zip!pkg/src/app.js:3:17',
      'ustar.tar!pkg/src/app.js:3:17',
    ]);
  });

  it('xz (xz -c, tar -J) is decompressed; a truncated xz is scanned as far as it goes', async () => {
    const root = project();
    writeFileSync(path.join(root, 'app.js.xz'), tool(root, 'xz', ['-c', 'pkg/src/app.js']));
    tool(root, 'tar', ['-cJf', 'pkg.tar.xz', 'pkg']);
    tool(root, 'tar', ['-cf', 'big.tar', 'pkg/src/app.js']);
    const noise = randomBytes(400_000).toString('base64');
    writeFileSync(path.join(root, 'noise.txt'), noise);
    tool(root, 'tar', ['-rf', 'big.tar', 'noise.txt']);
    const big = tool(root, 'xz', ['-c', 'big.tar']);
    writeFileSync(path.join(root, 'cut.txz'), big.subarray(0, big.length - 1000));
    const { at, result } = await found(root, ['app.js.xz', 'pkg.tar.xz', 'cut.txz']);
    expect(at).toEqual(['app.js.xz!app.js:3:17', 'cut.txz!pkg/src/app.js:3:17', 'pkg.tar.xz!pkg/src/app.js:3:17']);
    expect(result.warnings).toEqual(['cut.txz: corrupt xz data (truncated)']);
  });

  it('bzip2 (bzip2 -c, tar -j) is decompressed like gzip and xz (more in bzip2.test.ts)', async () => {
    const root = project();
    writeFileSync(path.join(root, 'app.js.bz2'), tool(root, 'bzip2', ['-c', 'pkg/src/app.js']));
    tool(root, 'tar', ['-cjf', 'pkg.tbz2', 'pkg']);
    const { at, result } = await found(root, ['app.js.bz2', 'pkg.tbz2']);
    expect(at).toEqual(['app.js.bz2!app.js:3:17', 'pkg.tbz2!pkg/src/app.js:3:17']);
    expect(result.warnings).toEqual([]);
  });

  it('standard input: a tgz piped in is opened (<stdin>!path)', () => {
    const root = project();
    tool(root, 'tar', ['-czf', 'pkg.tgz', 'pkg']);
    const run = runCli(['scan', '-', '-f', 'json'], { cwd: root, input: readFileSync(path.join(root, 'pkg.tgz')) });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as { findings: { file: string; line: number; container: string }[] };
    expect(report.findings.map((f) => [f.file, f.line, f.container])).toEqual([['<stdin>!pkg/src/app.js', 3, '<stdin>']]);
  });
});

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
