import { RESPONSE_HELP, RESPONSE_OPTIONS } from '../settings/index.js';
import type { Command } from './types.js';

export const purgeCommand: Command = {
  name: 'purge',
  summary: 'rewrite history so no commit, tag, note or message holds a found key, and prove it',
  usage: `aisa-guard purge [options]

Scans the whole history (as "aisa-guard history"), then rewrites it with git-filter-repo: every key
found is replaced by AISA_API_KEY_REMOVED in file contents, file names, commit and tag messages and
notes, in the encoding it was found in (plain, base64, hex, percent, UTF-16, escapes). A file holding a
key inside an archive member or in binary content is replaced whole by a one-line note (or dropped
with --drop-path). Works on a fresh mirror clone (<repository>-purged, or --out DIR) and never pushes.
Then proves it: a full history scan of the result, unreachable objects included, must find none of
the purged keys (else exit 2). Writes a report mapping old to new commit ids, and prints the steps left.

Revoke first: with --verify (or --revoke) a key still live at AIsa stops the purge (exit 3).

Options:
      --repo DIR          the repository (default: the current directory)
      --out DIR           where the rewritten mirror clone goes (must not exist or be empty)
      --in-place          rewrite this repository itself (needs a clean work tree; expires its reflogs)
      --drop-path PATH    remove PATH (a file or folder) from every commit instead (repeatable)
      --allow-live        purge even keys verified live
      --ignore-lfs        purge a Git LFS repository's git side only (stops otherwise: LFS content is not rewritten)
      --report FILE       write the report here (default: <rewritten git dir>/aisa-guard-purge-report.json)
      --config FILE       the config file (allowlists; as for history)
${RESPONSE_HELP}
Needs git-filter-repo (Debian/Ubuntu: apt-get install git-filter-repo).`,
  maxPositionals: 0,
  options: {
    ...RESPONSE_OPTIONS,
    repo: { type: 'string' },
    out: { type: 'string' },
    'in-place': { type: 'boolean' },
    'drop-path': { type: 'string', multiple: true },
    'allow-live': { type: 'boolean' },
    'ignore-lfs': { type: 'boolean' },
    report: { type: 'string' },
    config: { type: 'string' },
  },
  async run(values, _positionals, signal) {
    const { purge } = await import('../purge/index.js');
    return purge({
      repo: (values.repo as string | undefined) ?? '.',
      out: values.out as string | undefined,
      inPlace: values['in-place'] === true,
      dropPaths: (values['drop-path'] as string[] | undefined) ?? [],
      allowLive: values['allow-live'] === true,
      ignoreLfs: values['ignore-lfs'] === true,
      report: values.report as string | undefined,
      flags: values,
      signal,
    });
  },
};
