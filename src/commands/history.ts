import { historyPlan, recordState } from '../sources/git/state.js';
import { runScan } from '../pipeline.js';
import { SCAN_HELP, SCAN_OPTIONS, settingsFor } from '../settings/index.js';
import type { ScanCommand } from './types.js';

export const historyCommand: ScanCommand = {
  name: 'history',
  summary: 'scan every commit, file version and message in a repository',
  usage: `aisa-guard history [options]

Scans everything a git repository has ever held: each unique file version (blob) once, commit and tag
messages and headers (author, committer, tagger, tag name), ref names, and the Git LFS content pointer
files stand for (from .git/lfs/objects), reachable from every ref (branches, tags, remote-tracking
branches, stash, notes) or from the selected revisions. A full scan reads every object the repository
holds, reachable or not, in one pass; only objects holding a key are then placed. Each key is reported
once per path, at the commit that first introduced it (merges included), with the refs that reach it and
whether it is still at a ref's tip. Grafts and replace refs are ignored (a push sends the real commits).
Large blobs are streamed in chunks; --max-file-size skips larger ones instead.

Options:
      --repo DIR          the repository (default: the current directory)
      --branch REF        scan only what REF reaches (repeatable)
      --since REV         scan only what is new since REV (REV..the selected refs)
      --range A..B        scan only what B has and A has not
      --state FILE        incremental: scan only objects new since the tips recorded in FILE (every ref;
                          a new or force-pushed ref in full), then record the current tips there
      --fetch-missing     in a partial clone, fetch objects it lacks from the promisor remote (default:
                          count them missing, warn, scan the rest and exit 2 unless keys are found)
      --all-objects       also scan every object no ref reaches: held only by a reflog (an older stash,
                          an amended commit) or dangling (a dropped stash, a blob added then reset);
                          their findings say "reachable: no". Default on for a full scan (no --branch,
                          --since, --range or --state)
      --no-all-objects    scan only what the refs reach
${SCAN_HELP}`,
  options: {
    ...SCAN_OPTIONS,
    repo: { type: 'string' },
    branch: { type: 'string', multiple: true },
    since: { type: 'string' },
    range: { type: 'string' },
    state: { type: 'string' },
    'fetch-missing': { type: 'boolean' },
    'all-objects': { type: 'boolean' },
    'no-all-objects': { type: 'boolean' },
  },
  async source(values, positionals) {
    return (await historyPlan(values, positionals)).source;
  },
  async run(values, positionals, signal) {
    const { source, plan } = await historyPlan(values, positionals);
    const code = await runScan(source, await settingsFor('history', values, source), signal);
    if (plan) await recordState(plan, code, values.quiet === true);
    return code;
  },
};
