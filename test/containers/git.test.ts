// A committed or staged archive is a blob like any other: history and staged open it, and each finding
// names the path through it, the commit, and the archive as its container.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { perTestTemp } from '../helpers/git.js';
import { fakeKey } from '../helpers/keys.js';
import { tarOf, zipOf } from '../helpers/archives.js';
import { runCli } from '../helpers/run-cli.js';

const temp = perTestTemp();

interface Reported {
  findings: { file: string; line: number; column: number; container?: string; commit?: string; presentAtTip?: boolean }[];
}

const js = (seed: string) => `// built\nwindow.AISA = "${fakeKey(seed)}";\n`;

describe('history', () => {
  it('finds a key in a committed zip and in a tgz inside it, at the commit that added each, under the path of that commit', () => {
    const repo = temp.repo();
    repo.commit('readme', { 'README.md': '# app\n' });
    const added = repo.commit('add the build', { 'dist/app.zip': zipOf([{ name: 'assets/index.android.bundle', data: js('apk') }]) });
    const nested = repo.commit('add the package', {
      'dist/pkg.zip': zipOf([{ name: 'npm/pkg.tgz', data: gzipSync(tarOf([{ name: 'package/index.js', data: js('tgz') }])) }]),
    });
    repo.commit('remove the build', { 'dist/app.zip': null });
    const run = runCli(['history', '-f', 'json'], { cwd: repo.dir });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as Reported;
    expect(report.findings.map((f) => [`${f.file}:${f.line}:${f.column}`, f.container, f.commit, f.presentAtTip])).toEqual([
      ['dist/app.zip!assets/index.android.bundle:2:16', 'dist/app.zip', added, false],
      ['dist/pkg.zip!npm/pkg.tgz!package/index.js:2:16', 'dist/pkg.zip', nested, true],
    ]);
  });

  it('--no-archives reads the committed zip as plain bytes', () => {
    const repo = temp.repo();
    repo.commit('add the build', { 'dist/app.zip': zipOf([{ name: 'main.js', data: js('off') }]) });
    const run = runCli(['history', '--no-archives', '-f', 'json'], { cwd: repo.dir });
    expect((JSON.parse(run.stdout) as Reported).findings).toEqual([]);
    expect(run.code).toBe(0);
  });

  it('a corrupt committed archive is reported as incomplete (exit 2)', () => {
    const repo = temp.repo();
    const zip = zipOf([{ name: 'main.js', data: 'x'.repeat(5000) }]);
    repo.commit('add', { 'broken.zip': zip.subarray(0, zip.length - 30) });
    const run = runCli(['history'], { cwd: repo.dir });
    expect(run.stderr).toContain('broken.zip: no zip central directory (truncated archive?)');
    expect(run.code).toBe(2);
  });
});

describe('staged', () => {
  it('finds a key in a staged zip, and not one the same path already held in HEAD', () => {
    const repo = temp.repo();
    repo.commit('old build', { 'app.vsix': zipOf([{ name: 'extension/old.js', data: js('old') }]) });
    repo.write({ 'app.vsix': zipOf([{ name: 'extension/old.js', data: js('old') }, { name: 'extension/new.js', data: js('new') }]) });
    repo.git('add', '-A');
    const run = runCli(['staged', '-f', 'json'], { cwd: repo.dir });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as Reported;
    expect(report.findings.map((f) => [`${f.file}:${f.line}:${f.column}`, f.container])).toEqual([['app.vsix!extension/new.js:2:16', 'app.vsix']]);
  });
});
