import type { ParseArgsConfig } from 'node:util';
import type { Source } from '../sources/source.js';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | string[] | undefined>;

/** One subcommand: its flags, help text and body. The CLI only parses and dispatches. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: OptionSpec;
  /** `signal` is aborted on SIGINT/SIGTERM; the CLI maps that to 130/143. */
  run(values: OptionValues, positionals: string[], signal: AbortSignal): Promise<number>;
}

/** A command that scans: the source it reads, from its own flags (`baseline` reuses it). */
export interface ScanCommand extends Command {
  source(values: OptionValues, positionals: string[]): Promise<Source>;
}
