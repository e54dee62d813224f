// Issue 12: a directory named on the command line is read whole, paths are relative to the current
// directory in every format, and a scan that read nothing or skipped something never prints a bare ✔.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { git, tempDir } from '../helpers/git.js';
import { fakeKey } from '../helpers/keys.js';
import { runCli } from '../helpers/run-cli.js';

const made: string[] = [];
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

function repo(files: Record<string, string>, ignore: string): string {
  const dir = tempDir();
  made.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  writeFileSync(path.join(dir, '.gitignore'), ignore);
  git(dir, ['init', '-q', '-b', 'main']);
  git(dir, ['add', '-A']);
  git(dir, ['commit', '-q', '-m', 'init']);
  return dir;
}

const files = (stdout: string) => (JSON.parse(stdout) as { findings: { file: string }[] }).findings.map((f) => f.file).sort();

describe('a directory named on the command line', () => {
  it('is read whole even when the enclosing repository ignores it; ignore files inside it still apply', () => {
    const dir = repo(
      {
        'src/app.ts': 'export {};\n',
        'dist/assets/index.js': `const k="${fakeKey('bundle')}";\n`,
        'dist/.gitignore': 'cache/\n',
        'dist/cache/old.js': `const k="${fakeKey('cache')}";\n`,
      },
      'dist/\n',
    );
    // `.` keeps the git-aware listing: dist/ is ignored there.
    expect(runCli(['scan', '-f', 'json'], { cwd: dir }).code).toBe(0);
    const named = runCli(['scan', 'dist', '-f', 'json'], { cwd: dir });
    expect(named.code).toBe(1);
    expect(files(named.stdout)).toEqual(['dist/assets/index.js']);
  });

  it('reports paths relative to the current directory, in every format', () => {
    const dir = repo({ 'src/app.ts': `const k = "${fakeKey('src-app')}";\n` }, '');
    const github = runCli(['scan', 'src', '-f', 'github'], { cwd: dir });
    expect(github.code).toBe(1);
    expect(github.stdout).toMatch(/^::error file=src\/app\.ts,line=1,/m);
    expect(files(runCli(['scan', 'src', '-f', 'json'], { cwd: dir }).stdout)).toEqual(['src/app.ts']);
    const sarif = JSON.parse(runCli(['scan', 'src', '-f', 'sarif'], { cwd: dir }).stdout) as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[];
    };
    expect(sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('src/app.ts');
    const junit = runCli(['scan', 'src', '-f', 'junit'], { cwd: dir }).stdout;
    expect(junit).toContain('src/app.ts');
    expect(junit).not.toMatch(/name="app\.ts/);
    // A folder outside the current directory: absolute, never `../../…` nor relative to the folder.
    mkdirSync(path.join(dir, 'web'));
    expect(files(runCli(['scan', '../src', '-f', 'json'], { cwd: path.join(dir, 'web') }).stdout)).toEqual([path.join(dir, 'src/app.ts')]);
  });
});

describe('never a bare ✔', () => {
  it('a scan that read 0 files says so', () => {
    const dir = tempDir();
    made.push(dir);
    const run = runCli(['scan', '.'], { cwd: dir });
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('✔');
    expect(run.stdout).toContain('! nothing was scanned: 0 AIsa keys found in 0 files');
  });

  it('a scan that skipped files says what and why', () => {
    const dir = tempDir();
    made.push(dir);
    writeFileSync(path.join(dir, 'a.txt'), 'hello\n');
    writeFileSync(path.join(dir, 'image.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]));
    writeFileSync(path.join(dir, 'big.log'), 'x'.repeat(5000));
    const run = runCli(['scan', '.', '--max-file-size', '1KB'], { cwd: dir });
    expect(run.code).toBe(2);
    // The binary is read like any file; only the big one is left out: not a ✔ but "incomplete", and why.
    expect(run.stdout).toMatch(/^! incomplete: 0 AIsa keys found in 2 files .*\n {2}skipped: 1 input larger than --max-file-size, not read \(the scan is incomplete\)\n$/m);
  });
});
