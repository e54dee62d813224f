import path from 'node:path';
import { OUTPUT_HELP, OUTPUT_OPTIONS, outputOptions } from './options.js';
import type { Command } from './types.js';

export const BYPASS_HINT =
  'aisa-guard: commit refused. If this is a false positive, mark the line with an "aisa-guard:allow" comment, ' +
  'or commit once with "git commit --no-verify".';

export const stagedCommand: Command = {
  name: 'staged',
  summary: 'scan what the next commit would add (the git index), for pre-commit hooks',
  usage: `aisa-guard staged [options]

Scans exactly what "git commit" would record: the staged blobs (the index, not the working tree)
compared with HEAD, or with nothing before the first commit. Only keys the commit adds are reported:
a key already in HEAD at the same path (or at a renamed file's old path) is not new. Lines are lines
of the staged file. Exit 1 when a new key is staged, so a pre-commit hook refuses the commit.

Options:
      --repo DIR          the repository (default: the current directory)
${OUTPUT_HELP}`,
  maxPositionals: 0,
  options: {
    ...OUTPUT_OPTIONS,
    repo: { type: 'string' },
  },
  async run(values) {
    const cwd = path.resolve((values.repo as string | undefined) ?? '.');
    // Loaded on demand: commands share one registry and a hook pays for every import on each commit.
    const [{ openStaged, scanStaged }, { finish }] = await Promise.all([import('../sources/git/staged.js'), import('../pipeline.js')]);
    const repo = await openStaged(cwd);
    const options = outputOptions(values, 'staged', repo.root);
    const result = await scanStaged(repo, { reveal: options.reveal, extraWords: options.config?.config.placeholderWords });
    const code = await finish(result, options);
    if (code !== 0 && options.format === 'text') process.stderr.write(`${BYPASS_HINT}\n`);
    return code;
  },
};
