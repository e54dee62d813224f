// The subcommands, in the order `--help` lists them.
import type { Command } from './types.js';
import { scanCommand } from './scan.js';

export const COMMANDS: Command[] = [scanCommand];
