// Issue 15: no input size breaks the scan. Each case is kept to a few seconds here; `npm run bench`
// runs the full sizes (1M files, a 600 MB staged file).
import { spawnSync } from 'node:child_process';
import { linkSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CHUNK_SIZE, scanText } from '../../src/detect/index.js';
import { scanPaths } from '../../src/sources/files.js';
import { git, tempDir } from '../helpers/git.js';
import { fakeKey } from '../helpers/keys.js';
import { runCli } from '../helpers/run-cli.js';

const made: string[] = [];
afterAll(() => {
  // `rm -rf` walks with openat, so it removes trees deeper than PATH_MAX too.
  for (const dir of made) spawnSync('rm', ['-rf', dir]);
});

function dir(): string {
  const made_ = tempDir();
  made.push(made_);
  return made_;
}

describe('scale', () => {
  it('150,000 files in one folder', async () => {
    const root = dir();
    const flat = path.join(root, 'flat');
    mkdirSync(flat);
    // Hard links to empty files: one system call each (ext4 allows 65,000 links to one inode).
    for (let i = 0; i < 150_000; i++) {
      const source = path.join(root, `empty${Math.floor(i / 60_000)}.txt`);
      if (i % 60_000 === 0) writeFileSync(source, '');
      linkSync(source, path.join(flat, `f${i}.txt`));
    }
    writeFileSync(path.join(flat, 'leak.env'), `AISA_API_KEY=${fakeKey('flat')}\n`);
    const result = await scanPaths([root], { root });
    expect(result.stats.files).toBe(150_004);
    expect(result.findings.map((f) => `${f.file}:${f.line}`)).toEqual(['flat/leak.env:1']);
  }, 60_000);

  it('a scan large enough for the second core reports exactly what one thread reports', () => {
    const root = dir();
    for (let i = 0; i < 8_500; i++) {
      const folder = path.join(root, `p${i % 17}`);
      if (i < 17) mkdirSync(folder);
      // Keys land in both halves (even and odd positions of the sorted list).
      writeFileSync(path.join(folder, `f${i}.txt`), i % 1_001 === 0 ? `k=${fakeKey(`sieve-${i}`)}\n` : `line ${i}\n`);
    }
    writeFileSync(path.join(root, 'p1', 'z.bin'), Buffer.from([1, 0, 2, 0, 0, 0, 3]));
    writeFileSync(path.join(root, 'p3', 'y.bin'), Buffer.concat([Buffer.from([1, 0, 2, 0, 0, 0, 3]), Buffer.from(fakeKey('binary'))]));
    writeFileSync(path.join(root, 'p2', 'z.txt'), Buffer.from('\ufeff' + `k=${fakeKey('utf16')}\n`, 'utf16le'));
    const scan = (threads: string) => {
      const run = runCli(['scan', '.', '-f', 'json'], { cwd: root, env: { AISA_GUARD_THREADS: threads } });
      expect(run.code).toBe(1);
      const { findings, stats } = JSON.parse(run.stdout) as { findings: unknown[]; stats: Record<string, unknown> };
      return { findings, stats: { ...stats, ms: 0 } };
    };
    const two = scan('2');
    expect(two).toEqual(scan('1'));
    expect(two.findings).toHaveLength(11);
    // Binaries are scanned files like any other (the key in y.bin is found by either thread's sieve).
    expect(two.stats).toMatchObject({ files: 8_503, skipped: {} });
  }, 60_000);

  it('40,000 keys in one file cost at most 5x of 10,000 (linear, not quadratic)', () => {
    const text = (n: number) => Array.from({ length: n }, (_, i) => `k${i}=${fakeKey(`many-${i}`)}`).join('\n') + '\n';
    const oneLine = (n: number) => Array.from({ length: n }, (_, i) => `"${fakeKey(`line-${i}`)}"`).join(',');
    for (const make of [text, oneLine]) {
      const small = make(10_000);
      const large = make(40_000);
      const time = (input: string) => {
        let best = Infinity;
        for (let round = 0; round < 2; round++) {
          // CPU time of this process, not wall time: the neighbours on a shared machine move it less.
          const started = process.cpuUsage();
          const found = scanText(input, { file: 'many.env' }).length;
          const used = process.cpuUsage(started);
          best = Math.min(best, used.user + used.system);
          // A generated body can be low-entropy now and then: nearly all are keys.
          expect(found).toBeGreaterThan(input === small ? 9_990 : 39_960);
        }
        return best;
      };
      time(small); // warm up the JIT
      // A burst of load from a parallel suite can spoil one measurement; quadratic cost (16×) would show
      // in every one, so the best of up to three ratios is compared (as in linear-time.test.ts).
      let ratio = Infinity;
      for (let attempt = 0; attempt < 3 && ratio > 5; attempt++) ratio = Math.min(ratio, time(large) / time(small));
      expect(ratio).toBeLessThanOrEqual(5);
    }
  }, 60_000);

  it('a backtracking config glob is refused with one line and exit 2, at once', () => {
    const root = dir();
    writeFileSync(path.join(root, 'aisa-guard.config.json'), JSON.stringify({ ignore: ['a/**/'.repeat(20) + 'b'] }));
    const deep = path.join(root, ...Array.from({ length: 60 }, () => 'a'));
    mkdirSync(deep, { recursive: true });
    writeFileSync(path.join(deep, 'c.txt'), 'x\n');
    const run = runCli(['scan', '.'], { cwd: root, timeoutMs: 20_000 });
    expect(run.code).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/config "ignore" pattern "a\/\*\*\/a.*" has 20 "\*\*" \(at most 3/);
    expect(run.ms).toBeLessThan(10_000);
  });

  it('the same pattern in a scanned .gitignore is dropped with a warning, and the scan ends quickly', () => {
    const root = dir();
    const deep = path.join(root, ...Array.from({ length: 60 }, () => 'a'));
    mkdirSync(deep, { recursive: true });
    writeFileSync(path.join(root, '.gitignore'), 'a/**/'.repeat(20) + 'b\n');
    writeFileSync(path.join(deep, 'c.env'), `AISA_API_KEY=${fakeKey('deep-glob')}\n`);
    const run = runCli(['scan', '.', '-f', 'json'], { cwd: root, timeoutMs: 20_000 });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('.gitignore: 1 pattern(s) too costly to match, not applied');
    expect(run.ms).toBeLessThan(10_000);
  });

  it('staged: a text file larger than a chunk is streamed (diffed as binary, scanned in chunks), its key found at its line', () => {
    const root = dir();
    git(root, ['init', '-q', '-b', 'main']);
    git(root, ['commit', '-q', '--allow-empty', '-m', 'base']);
    const line = 'export const filler = "lorem ipsum dolor sit amet";\n';
    const lines = Math.ceil((CHUNK_SIZE + (1 << 20)) / line.length);
    writeFileSync(path.join(root, 'huge.ts'), line.repeat(lines) + `const key = "${fakeKey('staged-huge')}";\n`);
    git(root, ['add', 'huge.ts']);
    const run = runCli(['staged', '-f', 'json'], { cwd: root, timeoutMs: 60_000 });
    expect(run.code).toBe(1);
    const { findings } = JSON.parse(run.stdout) as { findings: { file: string; line: number; column: number }[] };
    expect(findings.map((f) => `${f.file}:${f.line}:${f.column}`)).toEqual([`huge.ts:${lines + 1}:14`]);
  }, 60_000);

  it('a tree 10,000 folders deep: what could not be read makes the scan incomplete (exit 2)', () => {
    const root = dir();
    writeFileSync(path.join(root, 'top.txt'), 'nothing here\n');
    // Built from inside (chdir per level): no path to the bottom fits in PATH_MAX.
    const built = spawnSync(
      process.execPath,
      ['-e', "const fs=require('fs');for(let i=0;i<10000;i++){fs.mkdirSync('d');process.chdir('d')}fs.writeFileSync('bottom.env','x')"],
      { cwd: root },
    );
    expect(built.status).toBe(0);
    const run = runCli(['scan', '.'], { cwd: root, timeoutMs: 30_000 });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/cannot read folder \(ENAMETOOLONG\), skipped/);
    expect(run.stderr).toContain('the scan is incomplete');
    expect(run.stdout).not.toContain('✔');
  }, 60_000);
});
