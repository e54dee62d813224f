// The argument parser under random input: it either understands the call or says why in one line
// (a UsageError) — never any other exception; the real CLI answers every such call with 0, 1 or 2.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseCommandLine } from '../../src/cli.js';
import { loadAllCommands } from '../../src/commands/index.js';
import { parseSize, settingsFor } from '../../src/settings/index.js';
import { UsageError } from '../../src/errors.js';
import { runCli } from '../helpers/run-cli.js';

const COMMANDS = await loadAllCommands();
const flags = [...new Set(COMMANDS.flatMap((c) => Object.entries(c.options).flatMap(([name, spec]) => [`--${name}`, ...(spec.short ? [`-${spec.short}`] : [])])))];
const token = fc.oneof(
  fc.constantFrom(...COMMANDS.map((c) => c.name), 'help', '--help', '-h', '--version'),
  fc.constantFrom(...flags),
  fc.constantFrom('json', 'text', 'sarif', 'high', 'low', '10MB', '-1', '0', '--', '-', '--format=json', '=', 'HEAD', '..'),
  fc.string({ maxLength: 12 }),
);
const argv = fc.array(token, { maxLength: 8 });

async function onlyUsageErrors(run: () => unknown): Promise<void> {
  try {
    await run();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).not.toContain('\n');
  }
}

describe('CLI argument parser', () => {
  it('throws nothing but one-line UsageErrors, whatever the argv', async () => {
    await fc.assert(
      fc.asyncProperty(argv, async (args) => {
        await onlyUsageErrors(async () => {
          const parsed = await parseCommandLine(args);
          if (parsed.kind === 'run') await settingsFor(parsed.command.name, parsed.values, { root: '/' });
        });
      }),
      { numRuns: 3000 },
    );
  });

  it('parses sizes or rejects them with a UsageError', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 10 }), (text) => onlyUsageErrors(() => parseSize(text, '--max-file-size'))), { numRuns: 2000 });
    expect(parseSize('10MB', '--x')).toBe(10 * 1024 * 1024);
    expect(parseSize('1.5k', '--x')).toBe(1536);
  });

  it('answers random calls of the real binary with 0, 1 or 2 and at most one-line errors', () => {
    const cwd = mkdtempSync(path.join(os.tmpdir(), 'aisa-fuzz-'));
    const samples = fc.sample(argv.filter((a) => !a.includes('--revoke') && !a.includes('init')), { numRuns: 25, seed: 42 });
    for (const args of samples) {
      const run = runCli(args, { cwd, timeoutMs: 30_000 });
      expect([0, 1, 2], JSON.stringify(args)).toContain(run.code);
      expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      if (run.code === 2) expect(run.stderr.trim().split('\n').filter((l) => !l.includes('warning:'))).toHaveLength(1);
    }
  }, 120_000);
});
