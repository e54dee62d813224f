import { EXIT, UsageError } from '../errors.js';
import { allowLazyFetch, openRepo } from '../git/index.js';
import type { Source } from '../sources/source.js';
import type { StatePlan } from '../sources/git/state.js';
import { runScan } from '../pipeline.js';
import { SCAN_HELP, SCAN_OPTIONS, settingsFor } from '../settings/index.js';
import { historySource } from '../sources/git/history.js';
import type { OptionValues, ScanCommand } from './types.js';

/** The history source for these flags; with --state, the plan that picked its selection. */
async function historyPlan(values: OptionValues, positionals: string[]): Promise<{ source: Source; plan?: StatePlan }> {
  if (positionals.length) throw new UsageError(`history takes no paths (got "${positionals[0]}"); use --repo DIR`);
  const dir = (values.repo as string | undefined) ?? '.';
  const fetchMissing = values['fetch-missing'] === true;
  allowLazyFetch(fetchMissing);
  const stateFile = values.state as string | undefined;
  let plan: StatePlan | undefined;
  if (stateFile !== undefined) {
    if (values.range !== undefined || values.since !== undefined || values.branch !== undefined) {
      throw new UsageError('--state covers every ref: it cannot be combined with --range, --since or --branch');
    }
    const { planFromState, readState } = await import('../sources/git/state.js');
    plan = await planFromState((await openRepo(dir)).root, readState(stateFile));
  }
  const source = await historySource(dir, {
    branches: values.branch as string[] | undefined,
    since: values.since as string | undefined,
    range: values.range as string | undefined,
    selection: plan?.selection,
    fetchMissing,
  });
  return { source, plan };
}

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
      --state FILE        incremental: scan only objects new since the tips recorded in FILE (every ref;
                          a new or force-pushed ref in full), then record the current tips there
      --fetch-missing     in a partial clone, fetch objects it lacks from the promisor remote (default:
                          count them missing, warn, scan the rest and exit 2 unless keys are found)
${SCAN_HELP}`,
  options: {
    ...SCAN_OPTIONS,
    repo: { type: 'string' },
    branch: { type: 'string', multiple: true },
    since: { type: 'string' },
    range: { type: 'string' },
    state: { type: 'string' },
    'fetch-missing': { type: 'boolean' },
  },
  async source(values, positionals) {
    return (await historyPlan(values, positionals)).source;
  },
  async run(values, positionals, signal) {
    const { source, plan } = await historyPlan(values, positionals);
    const code = await runScan(source, await settingsFor('history', values, source), signal);
    const stateFile = values.state as string | undefined;
    if (plan && stateFile !== undefined) {
      const { unchanged, incremental, full, deleted } = plan.counts;
      const summary = `${unchanged} ref(s) unchanged, ${incremental} scanned from their last tip, ${full} in full (new or rewritten), ${deleted} deleted`;
      // An incomplete scan leaves the state as it was: the next run reads those objects again.
      if (code === EXIT.error) process.stderr.write(`aisa-guard: --state ${stateFile} not updated (the scan is incomplete); ${summary}\n`);
      else {
        const { writeState } = await import('../sources/git/state.js');
        await writeState(stateFile, plan.next);
        if (values.quiet !== true) process.stderr.write(`aisa-guard: --state ${stateFile}: ${summary}\n`);
      }
    }
    return code;
  },
};
