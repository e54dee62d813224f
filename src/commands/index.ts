// The subcommands, in the order `--help` lists them.
import type { Command } from './types.js';
import { scanCommand } from './scan.js';
import { historyCommand } from './history.js';
import { prePushCommand } from './pre-push.js';
import { stagedCommand } from './staged.js';
import { initCommand } from './init.js';
import { baselineCommand } from './baseline.js';

export const COMMANDS: Command[] = [scanCommand, historyCommand, stagedCommand, prePushCommand, initCommand, baselineCommand];
