// `history --state FILE`: the last scanned tip of every ref, so a nightly sweep reads only new objects.
// A ref whose old tip is an ancestor of its new tip is scanned from there; a new, force-pushed or
// rewritten ref is scanned in full (less what another ref's scanned tip already covered); a deleted ref
// is dropped. The file is written only after a complete scan, atomically.
import { readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { EXIT, OperationalError, UsageError, messageOf } from '../../errors.js';
import { Git, allowLazyFetch, openRepo, type RevSelection } from '../../git/index.js';
import type { OptionValues } from '../../commands/types.js';
import type { Source } from '../source.js';
import { historySource } from './history.js';
import { listRefs } from './attribute.js';

export interface ScanState {
  version: 1;
  /** Ref name → the object its tip was when last scanned. */
  refs: Record<string, string>;
}

export interface StatePlan {
  file: string;
  selection: RevSelection;
  next: ScanState;
  counts: { unchanged: number; incremental: number; full: number; deleted: number };
}

export function readState(file: string): ScanState | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined; // the first run
    throw new OperationalError(`--state ${file}: ${messageOf(error)}`);
  }
  try {
    const state = JSON.parse(text) as ScanState;
    const valid =
      state?.version === 1 &&
      typeof state.refs === 'object' &&
      Object.values(state.refs).every((oid) => typeof oid === 'string' && /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(oid));
    if (valid) return state;
  } catch {
    // reported below
  }
  throw new UsageError(`--state ${file}: not an aisa-guard state file (expected {"version": 1, "refs": {"<ref>": "<sha>"}})`);
}

/** What to scan given the previous state, and the state to record once that scan is complete. */
/** The history source for `aisa-guard history`'s flags; with --state, the plan that picked its selection. */
export async function historyPlan(values: OptionValues, positionals: string[]): Promise<{ source: Source; plan?: StatePlan }> {
  if (positionals.length) throw new UsageError(`history takes no paths (got "${positionals[0]}"); use --repo DIR`);
  const dir = (values.repo as string | undefined) ?? '.';
  const fetchMissing = values['fetch-missing'] === true;
  allowLazyFetch(fetchMissing);
  const file = values.state as string | undefined;
  let plan: StatePlan | undefined;
  if (file !== undefined) {
    if (values.range !== undefined || values.since !== undefined || values.branch !== undefined) {
      throw new UsageError('--state covers every ref: it cannot be combined with --range, --since or --branch');
    }
    plan = await planFromState((await openRepo(dir)).root, file, readState(file));
  }
  const source = await historySource(dir, {
    branches: values.branch as string[] | undefined,
    since: values.since as string | undefined,
    range: values.range as string | undefined,
    selection: plan?.selection,
    fetchMissing,
    allObjects: allObjectsFlag(values),
  });
  return { source, plan };
}

/** `--all-objects` / `--no-all-objects`, or undefined for the default (on for full scans). */
function allObjectsFlag(values: OptionValues): boolean | undefined {
  if (values['all-objects'] === true && values['no-all-objects'] === true) throw new UsageError('--all-objects and --no-all-objects contradict each other');
  return values['no-all-objects'] === true ? false : values['all-objects'] === true ? true : undefined;
}

/** After the scan: record the new tips, unless it was incomplete (then the next run reads those objects again). */
export async function recordState(plan: StatePlan, code: number, quiet: boolean): Promise<void> {
  const { unchanged, incremental, full, deleted } = plan.counts;
  const summary = `${unchanged} ref(s) unchanged, ${incremental} scanned from their last tip, ${full} in full (new or rewritten), ${deleted} deleted`;
  if (code === EXIT.error) {
    process.stderr.write(`aisa-guard: --state ${plan.file} not updated (the scan is incomplete); ${summary}\n`);
    return;
  }
  await writeState(plan.file, plan.next);
  if (!quiet) process.stderr.write(`aisa-guard: --state ${plan.file}: ${summary}\n`);
}

export async function planFromState(root: string, file: string, previous: ScanState | undefined): Promise<StatePlan> {
  const git = new Git(root);
  const refs = await listRefs(git);
  const next: ScanState = { version: 1, refs: {} };
  const counts = { unchanged: 0, incremental: 0, full: 0, deleted: 0 };
  const include = new Set<string>();
  const exclude = new Set<string>();
  for (const ref of refs) {
    next.refs[ref.name] = ref.target;
    const old = previous?.refs[ref.name];
    include.add(ref.target);
    if (old === ref.target) {
      counts.unchanged++;
      exclude.add(old);
    } else if (old && (await isAncestor(git, old, ref.target))) {
      counts.incremental++;
      exclude.add(old);
    } else counts.full++;
  }
  for (const name of Object.keys(previous?.refs ?? {})) if (!(name in next.refs)) counts.deleted++;
  return { file, selection: { all: false, include: [...include], exclude: [...exclude] }, next, counts };
}

async function isAncestor(git: Git, old: string, tip: string): Promise<boolean> {
  const result = await git.run(['merge-base', '--is-ancestor', old, tip]);
  return result.code === 0; // 1: not an ancestor (force push); 128: old tip no longer exists
}

export async function writeState(file: string, state: ScanState): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(temporary, JSON.stringify(state, null, 2) + '\n');
    await rename(temporary, file);
  } catch (error) {
    throw new OperationalError(`cannot write --state ${file}: ${messageOf(error)}`);
  }
}
