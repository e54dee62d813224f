// `history --state FILE`: the last scanned tip of every ref, so a nightly sweep reads only new objects.
// A ref whose old tip is an ancestor of its new tip is scanned from there; a new, force-pushed or
// rewritten ref is scanned in full (less what another ref's scanned tip already covered); a deleted ref
// is dropped. The file is written only after a complete scan, atomically.
import { readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { OperationalError, UsageError, messageOf } from '../../errors.js';
import { Git, type RevSelection } from '../../git/index.js';
import { listRefs } from './attribute.js';

export interface ScanState {
  version: 1;
  /** Ref name → the object its tip was when last scanned. */
  refs: Record<string, string>;
}

export interface StatePlan {
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
export async function planFromState(root: string, previous: ScanState | undefined): Promise<StatePlan> {
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
  return { selection: { all: false, include: [...include], exclude: [...exclude] }, next, counts };
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
