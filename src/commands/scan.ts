import { statSync } from 'node:fs';
import path from 'node:path';
import { OUTPUT_HELP, OUTPUT_OPTIONS, maxFileSizeOption, outputOptions } from './options.js';
import type { Command, OptionValues } from './types.js';
import type { FinishOptions } from '../pipeline.js';
import type { ScanResult } from '../types.js';

export const scanCommand: Command = {
  name: 'scan',
  summary: 'scan files and directories (default: .)',
  usage: `aisa-guard scan [options] [paths…]

Scans the given files and directories; "-" reads standard input (reported as <stdin>). Inside a git
work tree a directory scan reads what git would consider (tracked and untracked-not-ignored files);
elsewhere it honours .gitignore files. node_modules and .git are skipped. Files named on the command
line are always scanned, even when ignored.

Options:
${OUTPUT_HELP}
      --no-ignore         scan everything: ignore no .gitignore, skip nothing by default
      --max-file-size N   skip (with a warning) files larger than N (e.g. 50MB)`,
  options: {
    ...OUTPUT_OPTIONS,
    'no-ignore': { type: 'boolean' },
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
  const root = scanRoot(paths);
  const options = outputOptions(values, command, root);
  const maxFileSize = maxFileSizeOption(values, options);
  // Loaded on demand: `--help` and the other commands never pay for the scanner's dependencies.
  const { scanPaths } = await import('../sources/files.js');
  const config = options.config;
  const result = await scanPaths(paths, {
    root,
    noIgnore: values['no-ignore'] === true,
    maxFileSize,
    reveal: options.reveal,
    extraWords: config?.config.placeholderWords,
    // Skipping at walk time is exact only when the globs are relative to the one folder walked; the
    // filter step applies them to every finding anyway.
    exclude: positionals.length <= 1 && config?.dir === root ? config.config.ignore : undefined,
  });
  return { result, options };
}

/** One directory given: paths are relative to it. Otherwise relative to the working directory. */
function scanRoot(paths: string[]): string {
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

