import { statSync } from 'node:fs';
import path from 'node:path';
import { OUTPUT_HELP, OUTPUT_OPTIONS, maxFileSizeOption, outputOptions } from './options.js';
import { pathIgnorer } from '../config/allowlist.js';
import type { Command, OptionValues } from './types.js';
import type { FinishOptions } from '../pipeline.js';
import type { ScanResult } from '../types.js';

export const scanCommand: Command = {
  name: 'scan',
  summary: 'scan files and directories (default: .)',
  usage: `aisa-guard scan [options] [paths…]

Scans the given files and directories; "-" reads standard input (reported as <stdin>). Inside a git
work tree, scanning the current directory reads what git would consider (tracked and untracked-not-
ignored files); any other directory named is read whole, honouring only the .gitignore files inside it
(as ripgrep does), and outside git .gitignore files are honoured. node_modules and .git are skipped.
Files named on the command line are always scanned, even when ignored. Paths are reported relative to
the current directory.

Options:
${OUTPUT_HELP}
      --no-ignore         scan everything: ignore no .gitignore, skip nothing by default
      --follow            follow symlinks that point out of a scanned folder (default: count and name them)
      --max-file-size N   skip (with a warning) files larger than N (e.g. 50MB)`,
  options: {
    ...OUTPUT_OPTIONS,
    'no-ignore': { type: 'boolean' },
    follow: { type: 'boolean' },
    'max-file-size': { type: 'string' },
  },
  async run(values, positionals) {
    const { result, options } = await collectScan(values, positionals, 'scan');
    const { finish } = await import('../pipeline.js');
    return finish(result, options);
  },
};

/** Scans the paths named on the command line with the flags and config in force (`baseline scan` too). */
export async function collectScan(
  values: OptionValues,
  positionals: string[],
  command: string,
): Promise<{ result: ScanResult; options: FinishOptions }> {
  const paths = positionals.length ? positionals : ['.'];
  // Paths are reported relative to the current directory (so `scan src` says `src/app.ts`, and CI
  // annotations point at real files); the config is still looked up from the scanned folder.
  const root = process.cwd();
  const options = outputOptions(values, command, configFolder(paths));
  options.root = root;
  options.isIgnored = pathIgnorer(options.config?.config.ignore ?? [], options.config?.dir ?? root, root);
  const maxFileSize = maxFileSizeOption(values, options);
  // Loaded on demand: `--help` and the other commands never pay for the scanner's dependencies.
  const { scanPaths } = await import('../sources/files.js');
  const config = options.config;
  const result = await scanPaths(paths, {
    root,
    noIgnore: values['no-ignore'] === true,
    follow: values.follow === true,
    maxFileSize,
    reveal: options.reveal,
    extraWords: config?.config.placeholderWords,
    // The filter applies these to every finding anyway; at walk time they save reading the files.
    exclude: config?.config.ignore?.length ? { globs: config.config.ignore, base: config.dir } : undefined,
  });
  return { result, options };
}

/** One directory given: its config applies. Otherwise the working directory's. */
function configFolder(paths: string[]): string {
  if (paths.length === 1 && paths[0] !== '-') {
    const only = path.resolve(paths[0]);
    try {
      if (statSync(only).isDirectory()) return only;
    } catch {
      // reported by the scan itself
    }
  }
  return process.cwd();
}

