// The server side of a push: git's pre-receive input ("<old> <new> <ref>" per line) turned into what the
// push adds to this repository. While the hook runs, the pushed objects sit in a quarantine directory
// (GIT_QUARANTINE_PATH; git hands the hook GIT_OBJECT_DIRECTORY and GIT_ALTERNATE_OBJECT_DIRECTORIES,
// which every git child inherits) and no ref has moved yet, so `rev-list <new tips> --not --all` is
// exactly the new objects: for a new ref, a fast-forward and a force push alike. A delete adds nothing.
// Ref names are pushed content too: a key in a branch or tag name is a finding.
import { UsageError } from '../../errors.js';
import { keysInName } from '../../detect/index.js';
import { Git, type RepoInfo, type RevSelection } from '../../git/index.js';
import { ResultBuilder } from '../result.js';
import type { Source } from '../source.js';
import { selectionSource } from './history.js';

export interface RefUpdate {
  old: string;
  new: string;
  ref: string;
  /** `force`: the old tip is not in the new one's history (a rewrite). */
  kind: 'create' | 'update' | 'force' | 'delete';
}

const OID = /^[0-9a-f]{40}([0-9a-f]{24})?$/;
const ZERO = /^0+$/;

/** The hook's stdin, one update per line; anything else is a usage error (git never sends it). */
export function parseUpdates(input: string): Omit<RefUpdate, 'kind'>[] {
  return input
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const [old, now, ref, ...rest] = line.trim().split(' ');
      if (!OID.test(old ?? '') || !OID.test(now ?? '') || !ref || rest.length) {
        throw new UsageError(`pre-receive: expected "<old sha> <new sha> <ref>" on stdin (got "${line.slice(0, 120)}")`);
      }
      return { old, new: now, ref };
    });
}

/** Each update with its kind: a force push is told apart from a fast-forward by ancestry. */
export async function classify(git: Git, updates: Omit<RefUpdate, 'kind'>[]): Promise<RefUpdate[]> {
  return Promise.all(
    updates.map(async (u): Promise<RefUpdate> => {
      if (ZERO.test(u.new)) return { ...u, kind: 'delete' };
      if (ZERO.test(u.old)) return { ...u, kind: 'create' };
      const fastForward = await git.run(['merge-base', '--is-ancestor', u.old, u.new]);
      return { ...u, kind: fastForward.code === 0 ? 'update' : 'force' };
    }),
  );
}

/** The objects the updates add, their commit and tag messages, and the pushed ref names. */
export function preReceiveSource(repo: RepoInfo, updates: readonly RefUpdate[]): Source {
  const include = [...new Set(updates.filter((u) => u.kind !== 'delete').map((u) => u.new))];
  const selection: RevSelection = { all: false, include, exclude: [], excludeAll: true };
  const objects = selectionSource({ ...repo, hasCommits: true }, selection);
  return {
    root: repo.root,
    async scan(settings, signal, progress) {
      const result = await objects.scan(settings, signal, progress);
      const names = new ResultBuilder(settings);
      for (const u of updates) if (u.kind !== 'delete') names.add(keysInName(u.ref, names.context(u.ref)));
      return { ...result, findings: [...names.findings, ...result.findings] };
    },
  };
}
