#!/usr/bin/env node
// Argument parsing, dispatch and exit codes only. Every failure becomes one line on stderr.
import { parseArgs } from 'node:util';
import { realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EXIT, Interrupted, OperationalError, UsageError, messageOf } from './errors.js';
import { VERSION } from './version.js';
import { printable } from './report/escape.js';
import { COMMANDS, loadAllCommands } from './commands/index.js';
import type { Command, OptionValues } from './commands/types.js';

export async function helpText(): Promise<string> {
  const commands = await loadAllCommands();
  const width = Math.max(...commands.map((c) => c.name.length));
  return `aisa-guard ${VERSION}: find AIsa API keys (sk-aisa-…) before they leak

Usage: aisa-guard <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

Run "aisa-guard <command> --help" for a command's options.
Exit codes: 0 clean, 1 keys found, 2 usage or operational error, 3 a live key was found and not revoked.
`;
}

export type ParsedCommandLine =
  | { kind: 'help' | 'version' | 'no-command' }
  | { kind: 'command-help'; command: Command }
  | { kind: 'run'; command: Command; values: OptionValues; positionals: string[] };

/** argv in, what to do out (loading only the command asked for). Throws only UsageError. */
export async function parseCommandLine(argv: string[]): Promise<ParsedCommandLine> {
  const [name, ...rest] = argv;
  if (name === undefined) return { kind: 'no-command' };
  if (name === '--help' || name === '-h' || name === 'help') return { kind: 'help' };
  if (name === '--version' || name === '-v') return { kind: 'version' };
  const entry = COMMANDS.find((c) => c.name === name);
  if (!entry) throw new UsageError(`unknown command "${name}" (try: ${COMMANDS.map((c) => c.name).join(', ')})`);
  const command = await entry.load();
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...command.options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(`${argumentProblem(error, command)}; see "aisa-guard ${command.name} --help"`);
  }
  if (parsed.values.help) return { kind: 'command-help', command };
  const max = command.maxPositionals;
  if (max !== undefined && parsed.positionals.length > max) {
    const extra = parsed.positionals[max];
    const takes = max === 0 ? 'takes no arguments' : `takes at most ${max} argument${max === 1 ? '' : 's'}`;
    throw new UsageError(`unexpected argument "${extra}": ${command.name} ${takes}; see "aisa-guard ${command.name} --help"`);
  }
  return { kind: 'run', command, values: parsed.values as OptionValues, positionals: parsed.positionals };
}

/** parseArgs' complaint in our words: an unknown flag names the closest real one. */
function argumentProblem(error: unknown, command: Command): string {
  const unknown = /^Unknown option '([^']+)'/.exec(messageOf(error));
  if (!unknown) return messageOf(error).replace(/\.$/, '');
  const flag = unknown[1];
  const names = Object.keys(command.options).concat('help');
  const wanted = flag.replace(/^-+/, '').split('=')[0];
  const best = names
    .map((name) => ({ name, distance: editDistance(wanted, name) }))
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name))[0];
  const close = best && (best.distance <= Math.max(2, Math.floor(wanted.length / 3)) || best.name.startsWith(wanted));
  return `unknown option ${flag} for "${command.name}"${close ? ` (did you mean --${best.name}?)` : ''}`;
}

/** Levenshtein distance: small inputs (flag names), plain dynamic programming. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

export async function main(argv: string[], signal: AbortSignal = new AbortController().signal): Promise<number> {
  const parsed = await parseCommandLine(argv);
  switch (parsed.kind) {
    case 'no-command':
    case 'help':
      process.stdout.write(await helpText());
      return parsed.kind === 'help' ? EXIT.clean : EXIT.error;
    case 'version':
      process.stdout.write(`${VERSION}\n`);
      return EXIT.clean;
    case 'command-help':
      process.stdout.write(parsed.command.usage + '\n');
      return EXIT.clean;
    case 'run':
      return parsed.command.run(parsed.values, parsed.positionals, signal);
  }
}

export function exitCodeFor(error: unknown): { code: number; message: string } {
  if (error instanceof UsageError) return { code: EXIT.error, message: `aisa-guard: ${messageOf(error)}` };
  if (error instanceof OperationalError) return { code: EXIT.error, message: `aisa-guard: ${messageOf(error)}` };
  return { code: EXIT.error, message: `aisa-guard: internal error: ${messageOf(error)}` };
}

const SIGNAL_EXIT = { SIGINT: EXIT.sigint, SIGTERM: EXIT.sigterm } as const;

/**
 * Ctrl-C and SIGTERM abort the run's signal: sources stop and their git children are killed; the exit
 * code is 130 / 143 whatever the unwinding throws. Whatever cannot be cancelled gets a moment, then exits.
 */
function cancelOnSignals(controller: AbortController): { code(): number | undefined } {
  let code: number | undefined;
  for (const name of Object.keys(SIGNAL_EXIT) as (keyof typeof SIGNAL_EXIT)[]) {
    process.once(name, () => {
      code = SIGNAL_EXIT[name];
      // Also when the run has already returned and the process is only draining (a child's exit, output).
      process.exitCode = code;
      controller.abort(new Interrupted(name));
      setTimeout(() => process.exit(code), 1000).unref();
    });
  }
  return { code: () => code };
}

async function runCli(): Promise<void> {
  const controller = new AbortController();
  const interrupted = cancelOnSignals(controller);
  try {
    process.exitCode = await main(process.argv.slice(2), controller.signal);
  } catch (error) {
    const { code, message } = exitCodeFor(error);
    if (interrupted.code() === undefined) {
      process.stderr.write(printable(message) + '\n');
      if (process.env.AISA_GUARD_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    }
    process.exitCode = code;
  }
  process.exitCode = interrupted.code() ?? process.exitCode;
}

function isEntryPoint(): boolean {
  try {
    return realpathSync(process.argv[1] ?? '') === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isEntryPoint()) void runCli();
