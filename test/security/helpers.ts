// Shared by the trust-boundary suites: marker programs that record that they ran, and the assertions
// every attack test makes about what aisa-guard printed and wrote.
import { expect } from 'vitest';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { CliRun } from '../helpers/run-cli.js';

/** A folder of marker files: a program the attacker plants writes `<dir>/<name>` when it runs. */
export class Markers {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  /** An executable shell script that creates the marker `name`, then succeeds; its absolute path. */
  program(name: string, binDir = path.join(this.dir, '..', 'bin'), fileName = name): string {
    mkdirSync(binDir, { recursive: true });
    const file = path.join(binDir, fileName);
    writeFileSync(file, `#!/bin/sh\ntouch '${path.join(this.dir, name)}'\nexit 0\n`);
    chmodSync(file, 0o755);
    return file;
  }

  /** Forgets the markers created so far (each test asserts only what its own command ran). */
  reset(): void {
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
  }

  /** Names of the markers created so far. */
  fired(): string[] {
    return existsSync(this.dir) ? readdirSync(this.dir).sort() : [];
  }
}

/** Lines that would be GitHub workflow commands, other than our own annotations (`::error file=…`). */
export function foreignWorkflowCommands(text: string): string[] {
  return text.split('\n').filter((line) => line.startsWith('::') && !/^::(error|warning|notice) file=[^\n]*::/.test(line));
}

/** What every attack test checks of a CLI run: no ESC, no BEL, no injected workflow command, no full key. */
export function expectInert(run: CliRun, keys: readonly string[] = []): void {
  for (const [stream, text] of [['stdout', run.stdout], ['stderr', run.stderr]] as const) {
    expect(text.includes('\u001b'), `ESC in ${stream}`).toBe(false);
    expect(text.includes('\u0007'), `BEL in ${stream}`).toBe(false);
    expect(/[\u202a-\u202e\u2066-\u2069]/.test(text), `bidi override in ${stream}`).toBe(false);
    expect(foreignWorkflowCommands(text), `workflow commands in ${stream}`).toEqual([]);
    for (const key of keys) expect(text.includes(key), `full key in ${stream}`).toBe(false);
    expect(text, `stack trace in ${stream}`).not.toMatch(/\n\s+at /);
  }
}

/** No file under `dir` (recursively) holds any of `keys`. */
export function expectNoKeyInFiles(files: readonly string[], keys: readonly string[]): void {
  for (const file of files) {
    if (!existsSync(file)) continue;
    const text = readFileSync(file, 'utf8');
    for (const key of keys) expect(text.includes(key), `full key in ${file}`).toBe(false);
  }
}
