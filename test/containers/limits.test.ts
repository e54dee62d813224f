// The limits that keep an archive bomb harmless, through the CLI: each ends the scan with a warning
// naming the file and the limit, and exit 2 (incomplete), in bounded time and memory.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { needsTool } from '../helpers/tools.js';
import { fakeKey } from '../helpers/keys.js';
import { zipOf, treeMaker } from '../helpers/archives.js';
import { runCli } from '../helpers/run-cli.js';

const dir = treeMaker();

/** 42.zip in small: 8 MiB of zeros, 16 of those per zip, three zips deep: 32 GiB nominal from ~100 KB. */
function bomb(): Buffer {
  let level = zipOf(Array.from({ length: 16 }, (_, i) => ({ name: `${i}.bin`, data: ZEROS })));
  for (let depth = 0; depth < 2; depth++) {
    const inner = level;
    level = zipOf(Array.from({ length: 16 }, (_, i) => ({ name: `${i}.zip`, data: inner })));
  }
  return level;
}
const ZEROS = Buffer.alloc(8 * 1024 * 1024);

/** The V8 heap capped far below what the bomb would inflate to: holding it would crash the run. */
const SMALL_HEAP = { NODE_OPTIONS: '--max-old-space-size=96' };

describe.skipIf(needsTool('xz', 'xz-utils'))('archive bombs', () => {
  it('a 42.zip-style bomb stops at the default 1 GiB of inflated bytes: warning, exit 2, bounded time and heap', () => {
    const file = bomb();
    expect(file.length).toBeLessThan(200_000);
    const root = dir({ 'bomb.zip': file });
    const run = runCli(['scan', 'bomb.zip'], { cwd: root, env: SMALL_HEAP, timeoutMs: 120_000 });
    expect(run.stderr).toContain('bomb.zip: more than 1073741824 bytes inflated (--max-archive-bytes), the rest not scanned');
    // Each 8 MiB entry of zeros also passes the ratio limit once past its first MiB.
    expect(run.stderr).toContain('bomb.zip!0.zip!0.zip!0.bin: compression ratio above 100:1 (--max-archive-ratio), the rest of this entry not scanned');
    // Ten problems listed, the rest counted in one line, then the limit that stopped the file.
    expect(run.stderr).toMatch(/bomb\.zip: \d+ more archive parts not read \(past a limit, corrupt or unsupported\), not listed/);
    expect(run.stderr.split('\n').filter((line) => line.startsWith('aisa-guard: warning:'))).toHaveLength(12);
    expect(run.code).toBe(2);
  });

  it('--max-archive-bytes lowers the byte limit; a key before it is still found (exit 1 outranks incomplete)', () => {
    const key = zipOf([{ name: 'config.js', data: `const k = "${fakeKey('before-bomb')}";\n` }]);
    const root = dir({ 'mixed.zip': zipOf([{ name: 'a.zip', data: key }, { name: 'b.zip', data: bomb() }]) });
    const run = runCli(['scan', 'mixed.zip', '--max-archive-bytes', '10MB', '-f', 'json'], { cwd: root, env: SMALL_HEAP });
    expect(run.stderr).toContain('mixed.zip: more than 10485760 bytes inflated (--max-archive-bytes), the rest not scanned');
    const report = JSON.parse(run.stdout) as { findings: { file: string; line: number; column: number }[] };
    expect(report.findings.map((f) => `${f.file}:${f.line}:${f.column}`)).toEqual(['mixed.zip!a.zip!config.js:1:12']);
    expect(run.code).toBe(1);
  });

  it('one entry past the compression ratio is cut off; --max-archive-ratio raises the limit', () => {
    const root = dir({ 'zeros.zip': zipOf([{ name: 'zeros.bin', data: Buffer.alloc(32 * 1024 * 1024) }]) });
    const cut = runCli(['scan', 'zeros.zip'], { cwd: root });
    expect(cut.stderr).toContain('zeros.zip!zeros.bin: compression ratio above 100:1 (--max-archive-ratio), the rest of this entry not scanned');
    expect(cut.code).toBe(2);
    const whole = runCli(['scan', 'zeros.zip', '--max-archive-ratio', '5000'], { cwd: root });
    expect(whole.stderr).toBe('');
    expect(whole.code).toBe(0);
  });

  it('an xz stream past the compression ratio is cut off too (256 MiB of zeros in ~40 KB)', () => {
    const root = dir({});
    writeFileSync(path.join(root, 'zeros.xz'), execFileSync('xz', ['-c', '-1'], { input: Buffer.alloc(256 * 1024 * 1024), maxBuffer: 1 << 26 }));
    const run = runCli(['scan', 'zeros.xz'], { cwd: root, env: SMALL_HEAP });
    expect(run.stderr).toContain('zeros.xz: compression ratio above 100:1 (--max-archive-ratio), the rest of this entry not scanned');
    expect(run.code).toBe(2);
  });

  it('more entries than --max-archive-entries: the rest is not scanned', () => {
    const root = dir({ 'many.zip': zipOf(Array.from({ length: 50 }, (_, i) => ({ name: `f${i}.txt`, data: `entry ${i}\n` }))) });
    const run = runCli(['scan', 'many.zip', '--max-archive-entries', '10'], { cwd: root });
    expect(run.stderr).toContain('many.zip: more than 10 entries (--max-archive-entries), the rest not scanned');
    expect(run.code).toBe(2);
    expect(runCli(['scan', 'many.zip'], { cwd: root }).code).toBe(0);
  });
});

describe('nesting depth', () => {
  /** n.zip holding l1.zip holding … l5.zip holding key.js: six containers deep. */
  function nested(): Buffer {
    let zip = zipOf([{ name: 'key.js', data: `x\nconst k = "${fakeKey('deep')}";\n` }]);
    for (let i = 5; i >= 1; i--) zip = zipOf([{ name: `l${i}.zip`, data: zip }]);
    return zip;
  }

  it('stops at the default depth of 4 with a warning naming the archive not opened, exit 2', () => {
    const root = dir({ 'n.zip': nested() });
    const run = runCli(['scan', 'n.zip'], { cwd: root });
    expect(run.stderr).toContain('n.zip!l1.zip!l2.zip!l3.zip!l4.zip: archive nested more than 4 deep (--max-archive-depth), not opened');
    expect(run.stdout).not.toContain('key.js');
    expect(run.code).toBe(2);
  });

  it('--max-archive-depth 6 reaches the key, with its full path and line', () => {
    const root = dir({ 'n.zip': nested() });
    const run = runCli(['scan', 'n.zip', '--max-archive-depth', '6', '-f', 'json'], { cwd: root });
    const report = JSON.parse(run.stdout) as { findings: { file: string; line: number; column: number; container: string }[] };
    expect(report.findings.map((f) => [`${f.file}:${f.line}:${f.column}`, f.container])).toEqual([
      ['n.zip!l1.zip!l2.zip!l3.zip!l4.zip!l5.zip!key.js:2:12', 'n.zip'],
    ]);
    expect(run.code).toBe(1);
  });

  it('a bad limit is a usage error (exit 2, one line)', () => {
    const root = dir({ 'n.zip': nested() });
    const run = runCli(['scan', 'n.zip', '--max-archive-depth', 'deep'], { cwd: root });
    expect(run.stderr.trim()).toBe('aisa-guard: --max-archive-depth takes a whole number of at least 0 (got "deep")');
    expect(run.code).toBe(2);
  });
});
