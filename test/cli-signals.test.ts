// cli.ts alone maps signals to exit codes: SIGINT 130, SIGTERM 143, for any command, even one waiting on
// input nothing can cancel (standard input), and with no error line on the way out.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanup, tempDir } from './helpers/git.js';
import { fakeKey } from './helpers/keys.js';
import { CLI } from './helpers/run-cli.js';

const dirs: string[] = [];
afterAll(() => dirs.forEach(cleanup));

describe('signals', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s while "scan -" waits on standard input exits %i, silently', async (signal, code) => {
    const child = spawn(process.execPath, [CLI, 'scan', '-'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, CI: 'true' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdin.write('partial line, no newline yet');
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await new Promise((resolve) => setTimeout(resolve, 1500)); // started and reading (generous on a loaded machine)
    child.kill(signal);
    expect(await exited).toBe(code);
    expect(output).toBe('');
  }, 30_000);

  it('SIGTERM after the run has returned, while its report still drains into a full pipe, exits 143 (not the run\'s code)', async () => {
    const dir = tempDir('aisa-guard-signal-');
    dirs.push(dir);
    // A JSON report of 3,000 keys: far more than a pipe holds, so the process lives on after main() returns.
    writeFileSync(path.join(dir, 'many.env'), Array.from({ length: 3000 }, (_, i) => `k${i}=${fakeKey(`drain-${i}`)}\n`).join(''));
    const child = spawn(process.execPath, [CLI, 'scan', '-f', 'json', 'many.env'], { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.pause();
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await new Promise((resolve) => setTimeout(resolve, 1500)); // scanned and reporting, blocked on the pipe
    child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 100));
    child.stdout.resume(); // the report drains well within the second the handler allows
    expect(await exited).toBe(143);
  }, 30_000);
});
