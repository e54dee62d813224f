// Interrupting a history scan kills its git children and exits 130 (SIGINT) or 143 (SIGTERM); the progress line's arithmetic.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readlinkSync, readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { progressLine } from '../../src/progress.js';
import { TestRepo, cleanup, gitEnv } from '../helpers/git.js';
import { CLI } from '../helpers/run-cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(cleanup));

/** Processes (pid → command line) whose working directory is `dir`. */
function processesIn(dir: string): Map<number, string> {
  const found = new Map<number, string>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/cwd`) === dir) found.set(Number(entry), readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim());
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

/** ~60 MB of unique text blobs in 1,500 commits, written by git fast-import in a second or two. */
function bigRepo(): string {
  const repo = TestRepo.init();
  dirs.push(repo.dir);
  let script = '';
  for (let n = 1; n <= 1500; n++) {
    const content = `${n} `.repeat(8_000 + n) + '\n';
    script += `commit refs/heads/main\nmark :${n}\ncommitter T <t@example.com> ${1_700_000_000 + n} +0000\ndata 1\nc\n`;
    if (n > 1) script += `from :${n - 1}\n`;
    script += `M 100644 inline f${n % 50}.txt\ndata ${Buffer.byteLength(content)}\n${content}\n`;
  }
  const imported = spawnSync('git', ['fast-import', '--quiet'], { cwd: repo.dir, input: script, env: gitEnv() });
  expect(imported.status).toBe(0);
  return repo.dir;
}

describe('history interruption', () => {
  let repo: string | undefined;
  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)('%s mid-scan kills git cat-file and exits %i', async (signal, code) => {
    const dir = (repo ??= bigRepo());
    const child = spawn(process.execPath, [CLI, 'history', '--repo', dir], { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    let seen = false;
    for (let i = 0; i < 600 && !seen; i++) {
      // The reading pass (`cat-file --batch-all-objects --unordered --batch=…`), not a short query beside it.
      seen = [...processesIn(dir).values()].some((command) => /^git( -c \S+| --no-pager)* cat-file --batch-all-objects --unordered --batch=/.test(command));
      if (!seen) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect({ seen, stderr }).toEqual({ seen: true, stderr: '' });
    child.kill(signal);
    expect(await exited).toBe(code);
    let left = processesIn(dir);
    for (let i = 0; i < 40 && left.size; i++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      left = processesIn(dir);
    }
    expect([...left.values()]).toEqual([]);
  }, 120_000);
});

describe('progress line', () => {
  it('shows count, percentage, size, rate and ETA once the total is known', () => {
    const line = progressLine({ done: 250, total: 1000, final: true, bytes: 20 * 1024 * 1024 }, 2, 'objects');
    expect(line).toBe('aisa-guard: 250/1,000 objects  25%  20.0 MB  10.0 MB/s  ETA 6s');
  });

  it('shows no ETA while the total can still grow', () => {
    const line = progressLine({ done: 10, total: 40, final: false, bytes: 2048 }, 1, 'objects');
    expect(line).toBe('aisa-guard: 10/40+ objects  2.0 KB  2.0 KB/s');
  });
});
