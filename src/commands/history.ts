import { UsageError } from '../errors.js';
import { runScan } from '../pipeline.js';
import { SCAN_HELP, SCAN_OPTIONS, settingsFor } from '../settings/index.js';
import { historySource } from '../sources/git/history.js';
import type { ScanCommand } from './types.js';

export const historyCommand: ScanCommand = {
  name: 'history',
  summary: 'scan every commit, file version and message in a repository',
  usage: `aisa-guard history [options]

Scans everything a git repository has ever held: each unique file version (blob) once, plus commit and
tag messages, reachable from every ref (branches, tags, remote-tracking branches, stash, notes) or from
the selected revisions. Each key is reported once per path, at the commit that first introduced it
(merges included), with the refs that reach it and whether it is still at a ref's tip. Large blobs are
streamed in chunks; --max-file-size skips larger ones instead.

Options:
      --repo DIR          the repository (default: the current directory)
      --branch REF        scan only what REF reaches (repeatable)
      --since REV         scan only what is new since REV (REV..the selected refs)
      --range A..B        scan only what B has and A has not
${SCAN_HELP}`,
  options: {
    ...SCAN_OPTIONS,
    repo: { type: 'string' },
    branch: { type: 'string', multiple: true },
    since: { type: 'string' },
    range: { type: 'string' },
  },
  async source(values, positionals) {
    if (positionals.length) throw new UsageError(`history takes no paths (got "${positionals[0]}"); use --repo DIR`);
    return historySource((values.repo as string | undefined) ?? '.', {
      branches: values.branch as string[] | undefined,
      since: values.since as string | undefined,
      range: values.range as string | undefined,
    });
  },
  async run(values, positionals, signal) {
    const source = await this.source(values, positionals);
    return runScan(source, await settingsFor('history', values, source), signal);
  },
};
