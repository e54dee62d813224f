// The subcommands, in the order `--help` lists them. Each is loaded only when asked for, so a hook
// running `staged` never pays for the modules of `history`, the reporters it does not use, and so on.
import type { Command } from './types.js';

export interface CommandEntry {
  name: string;
  load(): Promise<Command>;
}

export const COMMANDS: CommandEntry[] = [
  { name: 'scan', load: async () => (await import('./scan.js')).scanCommand },
  { name: 'history', load: async () => (await import('./history.js')).historyCommand },
  { name: 'staged', load: async () => (await import('./staged.js')).stagedCommand },
  { name: 'pre-push', load: async () => (await import('./pre-push.js')).prePushCommand },
  { name: 'pre-receive', load: async () => (await import('./pre-receive.js')).preReceiveCommand },
  { name: 'init', load: async () => (await import('./init.js')).initCommand },
  { name: 'baseline', load: async () => (await import('./baseline.js')).baselineCommand },
  { name: 'purge', load: async () => (await import('./purge.js')).purgeCommand },
];

export function loadAllCommands(): Promise<Command[]> {
  return Promise.all(COMMANDS.map((entry) => entry.load()));
}
