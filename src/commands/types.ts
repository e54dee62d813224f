import type { ParseArgsConfig } from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | string[] | undefined>;

/** One subcommand: its flags, help text and body. The CLI only parses and dispatches. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: OptionSpec;
  /** How many positional arguments the command accepts (absent: any number, e.g. paths). */
  maxPositionals?: number;
  run(values: OptionValues, positionals: string[]): Promise<number>;
}
