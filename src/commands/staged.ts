import path from 'node:path';
import { runScan } from '../pipeline.js';
import { SCAN_HELP, SCAN_OPTIONS, settingsFor } from '../settings/index.js';
import { stagedSource } from '../sources/git/staged.js';
import type { ScanCommand } from './types.js';

export const BYPASS_HINT =
  'aisa-guard: commit refused. If this is a false positive, mark the line with an "aisa-guard:allow" comment, ' +
  'or commit once with "git commit --no-verify".';

export const stagedCommand: ScanCommand = {
  name: 'staged',
  summary: 'scan what the next commit would add (the git index), for pre-commit hooks',
  usage: `aisa-guard staged [options]

Scans exactly what "git commit" would record: the staged blobs (the index, not the working tree)
compared with HEAD, or with nothing before the first commit. Only keys the commit adds are reported:
a key already in HEAD at the same path (or at a renamed file's old path) is not new. Lines are lines
of the staged file. Exit 1 when a new key is staged, so a pre-commit hook refuses the commit.

Options:
      --repo DIR          the repository (default: the current directory)
${SCAN_HELP}`,
  options: { ...SCAN_OPTIONS, repo: { type: 'string' } },
  source: (values) => stagedSource(path.resolve((values.repo as string | undefined) ?? '.')),
  async run(values, positionals, signal) {
    const source = await this.source(values, positionals);
    const settings = await settingsFor('staged', values, source);
    const code = await runScan(source, settings, signal);
    if (code !== 0 && settings.report.format === 'text') process.stderr.write(`${BYPASS_HINT}\n`);
    return code;
  },
};
