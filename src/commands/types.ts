import type { ParseArgsConfig } from 'node:util';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | string[] | undefined>;

/** One subcommand: its flags, help text and body. The CLI only parses and dispatches. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: OptionSpec;
  run(values: OptionValues, positionals: string[]): Promise<number>;
}
