// git-filter-repo rewrites the blobs of notes (so their keys are purged) but not the commit ids their
// trees are named by: every note would stay attached to an old commit that no longer exists. Each
// notes ref gets its notes copied to the new commit ids (from the commit map) and the orphans pruned.
import { OperationalError } from '../errors.js';
import type { Git } from '../git/index.js';

export async function reattachNotes(git: Git, commitMap: Record<string, string>): Promise<number> {
  const refs = (await git.text(['for-each-ref', '--format=%(refname)', 'refs/notes/'])).split('\n').filter(Boolean);
  const moved = Object.entries(commitMap).filter(([from, to]) => from !== to && !/^0+$/.test(to));
  if (!refs.length || !moved.length) return 0;
  // Copying writes a notes commit: git needs a committer, which a fresh mirror may not have configured.
  const ident = await git.run(['var', 'GIT_COMMITTER_IDENT']);
  const identity = ident.code === 0 ? [] : ['-c', 'user.name=aisa-guard purge', '-c', 'user.email=aisa-guard@localhost'];
  for (const ref of refs) {
    const listed = await git.text(['notes', `--ref=${ref}`, 'list']);
    const annotated = new Set(listed.split('\n').map((line) => line.split(' ')[1]).filter(Boolean));
    const pairs = moved.filter(([from]) => annotated.has(from)).map(([from, to]) => `${from} ${to}\n`).join('');
    if (!pairs) continue;
    for (const args of [[...identity, 'notes', `--ref=${ref}`, 'copy', '--force', '--stdin'], [...identity, 'notes', `--ref=${ref}`, 'prune']]) {
      const result = await git.run(args, args.includes('--stdin') ? pairs : '');
      if (result.code !== 0) throw new OperationalError(`cannot move the notes of ${ref} to the rewritten commits: ${result.stderr.trim().split('\n')[0]}`);
    }
  }
  return refs.length;
}
