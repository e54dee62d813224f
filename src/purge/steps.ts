// What purge leaves to the user, in order: it never pushes, and much of a leak lives outside git.
import { printable } from '../report/escape.js';

export function nextSteps(where: { target: string; inPlace: boolean; report: string }): string[] {
  const dir = printable(where.target);
  return [
    'next steps (nothing has been pushed):',
    '  1. revoke every purged key at AIsa if not done yet: the rewrite does not un-leak them ("aisa-guard history --verify --revoke" in the original clone)',
    `  2. check the result: git -C ${dir} log --all --stat; aisa-guard history --repo ${dir}`,
    `  3. force-push every rewritten ref: git -C ${dir} push --force <remote> 'refs/heads/*:refs/heads/*' 'refs/tags/*:refs/tags/*' 'refs/notes/*:refs/notes/*'`,
    '     and delete on the remote any branch or tag that no longer exists here',
    '  4. outside git, the old commits stay until you act: forks; pull/merge-request refs (refs/pull/*, refs/merge-requests/*) and',
    "     the hosting service's caches and cached views (ask its support to purge them); CI logs and build artifacts; and every",
    "     teammate's clone: they must re-clone (a pull or merge of an old branch brings the key back)",
    '  5. stop the next one at the server: aisa-guard init --server <bare repository> (see docs/after-a-leak.md)',
    ...(where.inPlace ? ['  (rewritten in place: the old history is gone from this clone, its reflogs expired)'] : []),
  ];
}
