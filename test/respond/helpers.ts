// Shared by the respond suites: real findings for generated keys, and the CLI run without blocking the
// event loop (the emulator answers from this same process, so spawnSync would deadlock).
import { spawn } from 'node:child_process';
import { KeyStore, scanText } from '../../src/detect/index.js';
import type { Finding } from '../../src/types.js';
import { CLI, type CliRun } from '../helpers/run-cli.js';

/** The key store the suites' findings are remembered in, as a scan's would be. */
export const KEYS = new KeyStore();

/** One real finding per key (the detector remembers each key in KEYS), in `file`. */
export function findingsFor(keys: string[], file = 'src/config.ts'): Finding[] {
  const findings = scanText(keys.map((k) => `const key = "${k}";`).join('\n'), { file, keys: KEYS });
  if (findings.length !== keys.length) throw new Error(`expected ${keys.length} findings, got ${findings.length}`);
  return findings;
}

export interface AsyncRunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Run inside a pseudo-terminal (util-linux `script`) and type this into it. */
  terminalInput?: string;
  /** Standard input (without a terminal). */
  stdin?: string;
}

export function runCliAsync(args: string[], options: AsyncRunOptions): Promise<CliRun> {
  const started = performance.now();
  const argv = [CLI, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const [command, commandArgs] =
    options.terminalInput === undefined ? [process.execPath, [CLI, ...args]] : ['script', ['-qec', `'${process.execPath}' ${argv}`, '/dev/null']];
  const child = spawn(command, commandArgs, {
    cwd: options.cwd,
    env: { ...process.env, NO_COLOR: '1', CI: 'true', ...options.env },
    stdio: 'pipe',
  });
  child.stdin.end(options.terminalInput ?? options.stdin ?? '');
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: Math.round(performance.now() - started) }));
  });
}

/** Fast retries for tests: the behaviour is the same, the waits are short. */
export const FAST = { timeoutMs: 2_000, attempts: 3, baseDelayMs: 20, maxDelayMs: 100, maxRetryAfterMs: 5_000 };
