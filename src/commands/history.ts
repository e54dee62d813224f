import { EXIT, UsageError } from '../errors.js';
import { finish } from '../pipeline.js';
import { createProgress } from '../progress.js';
import { openRepo } from '../sources/git/repo.js';
import { scanHistory } from '../sources/git/history.js';
import { resolveRev, type RevSelection } from '../sources/git/revs.js';
import { allowLazyFetch, interruptible } from '../sources/git/spawn.js';
import { OUTPUT_HELP, OUTPUT_OPTIONS, outputOptions, parseSize } from './options.js';
import type { Command, OptionValues } from './types.js';

export const historyCommand: Command = {
  name: 'history',
  summary: 'scan every commit, file version and message in a repository',
  usage: `aisa-guard history [options]

Scans everything a git repository has ever held: each unique file version (blob) once, plus commit and
tag messages, reachable from every ref (branches, tags, remote-tracking branches, stash, notes) or from
the selected revisions. Each key is reported once per path, at the commit that first introduced it
(merges included), with the refs that reach it and whether it is still at a ref's tip.

Options:
      --repo DIR          the repository (default: the current directory)
      --branch REF        scan only what REF reaches (repeatable)
      --since REV         scan only what is new since REV (REV..the selected refs)
      --range A..B        scan only what B has and A has not
      --state FILE        incremental: scan only objects new since the tips recorded in FILE (every ref;
                          a new or force-pushed ref in full), then record the current tips there
      --fetch-missing     in a partial clone, fetch objects it lacks from the promisor remote (default:
                          count them missing, warn, scan the rest and exit 2 unless keys are found)
      --max-file-size N   skip (with a warning) blobs larger than N (default: scan all; large blobs are
                          streamed in chunks)
${OUTPUT_HELP}`,
  options: {
    ...OUTPUT_OPTIONS,
    repo: { type: 'string' },
    branch: { type: 'string', multiple: true },
    since: { type: 'string' },
    range: { type: 'string' },
    'max-file-size': { type: 'string' },
    'fetch-missing': { type: 'boolean' },
    state: { type: 'string' },
  },
  async run(values, positionals) {
    if (positionals.length) throw new UsageError(`history takes no paths (got "${positionals[0]}"); use --repo DIR`);
    const repo = await openRepo((values.repo as string | undefined) ?? '.');
    const options = outputOptions(values, 'history', repo.root);
    const stateFile = values.state as string | undefined;
    if (stateFile !== undefined && (values.range !== undefined || values.since !== undefined || values.branch !== undefined)) {
      throw new UsageError('--state covers every ref: it cannot be combined with --range, --since or --branch');
    }
    const { planFromState, readState, writeState } = await import('../sources/git/state.js');
    const plan = stateFile !== undefined ? await planFromState(repo.root, readState(stateFile)) : undefined;
    const selection = plan?.selection ?? (await selectionFrom(repo.root, values));
    const maxBlobSize =
      values['max-file-size'] !== undefined ? parseSize(values['max-file-size'] as string, '--max-file-size') : undefined;
    const fetchMissing = values['fetch-missing'] === true;
    allowLazyFetch(fetchMissing);
    const progress = createProgress('objects', { quiet: options.quiet });
    const result = await interruptible(
      () =>
        scanHistory(repo, selection, {
          reveal: options.reveal,
          maxBlobSize,
          fetchMissing,
          onProgress: (p) => progress.update({ done: p.objects, total: p.total, final: p.listed, bytes: p.bytes }),
        }),
      () => progress.end(),
    );
    progress.end();
    const code = await finish(result, options);
    if (plan && stateFile !== undefined) {
      const { unchanged, incremental, full, deleted } = plan.counts;
      const summary = `${unchanged} ref(s) unchanged, ${incremental} scanned from their last tip, ${full} in full (new or rewritten), ${deleted} deleted`;
      // An incomplete scan leaves the state as it was: the next run reads those objects again.
      if (code === EXIT.error) process.stderr.write(`aisa-guard: --state ${stateFile} not updated (the scan is incomplete); ${summary}\n`);
      else {
        await writeState(stateFile, plan.next);
        if (!options.quiet) process.stderr.write(`aisa-guard: --state ${stateFile}: ${summary}\n`);
      }
    }
    return code;
  },
};

async function selectionFrom(root: string, values: OptionValues): Promise<RevSelection> {
  const branches = (values.branch as string[] | undefined) ?? [];
  const since = values.since as string | undefined;
  const range = values.range as string | undefined;
  if (range !== undefined && (since !== undefined || branches.length)) {
    throw new UsageError('--range cannot be combined with --since or --branch');
  }
  if (range !== undefined) {
    const ends = range.split('..');
    if (ends.length !== 2 || ends.some((end) => end === '' || end.startsWith('.'))) {
      throw new UsageError(`--range takes A..B (got "${range}")`);
    }
    return { all: false, include: [await resolveRev(root, ends[1], '--range')], exclude: [await resolveRev(root, ends[0], '--range')] };
  }
  const include: string[] = [];
  for (const branch of branches) include.push(await resolveRev(root, branch, '--branch'));
  const exclude = since !== undefined ? [await resolveRev(root, since, '--since')] : [];
  return { all: include.length === 0, include, exclude };
}
