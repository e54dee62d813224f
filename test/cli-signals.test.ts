// cli.ts alone maps signals to exit codes: SIGINT 130, SIGTERM 143, for any command, even one waiting on
// input nothing can cancel (standard input), and with no error line on the way out.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI } from './helpers/run-cli.js';

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
});
