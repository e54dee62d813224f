// Runs the built CLI as a real child process and captures everything it prints.
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Finding } from '../../src/types.js';

export const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../dist/src/cli.js');

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface CliOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  input?: string | Buffer;
  /**
   * Make file permissions bite even as root (CI runs as root): drop the capabilities that bypass them.
   * Unlike switching to another user, the process can still reach a checkout in a private folder.
   */
  unprivileged?: boolean;
  timeoutMs?: number;
}

export function runCli(args: string[], options: CliOptions = {}): CliRun {
  const dropCaps = options.unprivileged === true && process.getuid?.() === 0;
  const command = dropCaps ? 'setpriv' : process.execPath;
  const argv = dropCaps
    ? ['--bounding-set', '-dac_override,-dac_read_search', '--', process.execPath, CLI, ...args]
    : [CLI, ...args];
  const spawnOptions: SpawnSyncOptions = {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', CI: 'true', ...options.env },
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 60_000,
    maxBuffer: 64 * 1024 * 1024,
  };
  const started = performance.now();
  const result = spawnSync(command, argv, spawnOptions);
  return {
    code: result.status,
    signal: result.signal,
    stdout: String(result.stdout ?? ''),
    stderr: String(result.stderr ?? ''),
    ms: Math.round(performance.now() - started),
  };
}

/** `aisa-guard history --repo DIR --format json …`: the run and its findings (none when it printed nothing). */
export function runHistory(dir: string, ...args: string[]): CliRun & { findings: Finding[] } {
  const run = runCli(['history', '--repo', dir, '--format', 'json', ...args]);
  const report = run.stdout ? (JSON.parse(run.stdout) as { findings: Finding[] }) : undefined;
  return { ...run, findings: report?.findings ?? [] };
}
