import { runScan } from '../pipeline.js';
import { SCAN_HELP, SCAN_OPTIONS, settingsFor } from '../settings/index.js';
import { filesSource } from '../sources/files.js';
import type { ScanCommand } from './types.js';

export const scanCommand: ScanCommand = {
  name: 'scan',
  summary: 'scan files and directories (default: .)',
  usage: `aisa-guard scan [options] [paths…]

Scans the given files and directories; "-" reads standard input (reported as <stdin>). Inside a git
work tree, scanning the current directory reads what git would consider (tracked and untracked-not-
ignored files); any other directory named is read whole, honouring only the .gitignore files inside it
(as ripgrep does), and outside git .gitignore files are honoured. node_modules and .git are skipped.
Files named on the command line are always scanned, even when ignored. Paths are reported relative to
the current directory. Symlinks out of a scanned folder are counted and named, not followed.

Options:
${SCAN_HELP}
      --no-ignore         scan everything: ignore no .gitignore, skip nothing by default
      --follow            follow symlinks that point out of a scanned folder`,
  options: {
    ...SCAN_OPTIONS,
    'no-ignore': { type: 'boolean' },
    follow: { type: 'boolean' },
  },
  async source(values, positionals) {
    return filesSource(positionals, { noIgnore: values['no-ignore'] === true, follow: values.follow === true });
  },
  async run(values, positionals, signal) {
    const source = await this.source(values, positionals);
    return runScan(source, await settingsFor('scan', values, source), signal);
  },
};
