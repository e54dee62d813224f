import { statSync } from 'node:fs';
import path from 'node:path';
import { OUTPUT_HELP, OUTPUT_OPTIONS, outputOptions, parseSize } from './options.js';
import type { Command } from './types.js';

export const scanCommand: Command = {
  name: 'scan',
  summary: 'scan files and directories (default: .)',
  usage: `aisa-guard scan [options] [paths…]

Scans the given files and directories. Inside a git work tree a directory scan reads what git would
consider (tracked and untracked-not-ignored files); elsewhere it honours .gitignore files. node_modules
and .git are skipped. Files named on the command line are always scanned, even when ignored.

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
    const paths = positionals.length ? positionals : ['.'];
    const root = scanRoot(paths);
    const options = outputOptions(values, 'scan', root);
    const maxFileSize =
      values['max-file-size'] !== undefined ? parseSize(values['max-file-size'] as string, '--max-file-size') : undefined;
    // Loaded on demand: `--help` and the other commands never pay for the scanner's dependencies.
    const [{ scanPaths }, { finish }] = await Promise.all([import('../sources/files.js'), import('../pipeline.js')]);
    const result = await scanPaths(paths, {
      root,
      noIgnore: values['no-ignore'] === true,
      maxFileSize,
      reveal: options.reveal,
    });
    return finish(result, options);
  },
};

/** One directory given: paths are relative to it. Otherwise relative to the working directory. */
function scanRoot(paths: string[]): string {
  if (paths.length === 1) {
    const only = path.resolve(paths[0]);
    try {
      if (statSync(only).isDirectory()) return only;
    } catch {
      // reported by the scan itself
    }
  }
  return process.cwd();
}

