// The names a selection of history gives `git cat-file --batch` (branches, ranges, pre-push, a partial
// clone's full scan): blobs with their paths and annotated tags from `rev-list --objects`, then commits.
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { gitError, revArgs, type Git, type RevSelection } from '../../git/index.js';
import type { ObjectsProgress } from './objects.js';

/**
 * Names what cat-file reads: blobs and annotated tags (trees are never read), then commits. The blob
 * filter drops commits except the tips, so commits come from a plain rev-list run alongside, whose
 * small output is held until the blobs are listed (node discards a child's unread output at exit).
 */
export async function listNames(
  git: Git,
  selection: RevSelection,
  target: Writable,
  progress: ObjectsProgress,
  fetchMissing: boolean,
  missing: string[],
): Promise<void> {
  const { args, stdin } = revArgs(selection);
  // `--missing=print` lists a missing object as `?<oid>` instead of failing (or fetching it).
  const tolerate = fetchMissing ? [] : ['--missing=print'];
  const start = (listArgs: string[]) => {
    const list = git.spawn(listArgs);
    const exit = git.exitOf(list);
    exit.catch(() => {}); // awaited below
    list.stdin!.on('error', () => {});
    list.stdin!.end(stdin);
    return { list, exit };
  };
  const objects = start(['rev-list', '--objects', '--filter=object:type=blob', ...tolerate, ...args]);
  const commits = start(['rev-list', ...tolerate, ...args]);
  const commitNames: Buffer[] = [];
  commits.list.stdout!.on('data', (chunk: Buffer) => commitNames.push(chunk));
  const write = async (text: string | Buffer) => {
    if (text.length && !target.write(text)) await once(target, 'drain');
  };
  try {
    let partial = '';
    for await (const chunk of objects.list.stdout! as AsyncIterable<Buffer>) {
      const lines = (partial + chunk.toString('latin1')).split('\n');
      partial = lines.pop()!;
      for (const line of lines) if (line.startsWith('?')) missing.push(line.slice(1));
      const kept = lines.filter((line) => line.includes(' ')); // a bare name is a tip commit (or missing)
      progress.total += kept.length;
      if (kept.length) await write(Buffer.from(kept.join('\n') + '\n', 'latin1'));
    }
    for (const listed of [objects, commits]) {
      const { code, stderr } = await listed.exit;
      if (code !== 0) throw gitError(git.cwd, ['rev-list'], stderr);
    }
    let names = Buffer.concat(commitNames);
    if (names.includes('?')) {
      const lines = names.toString('latin1').split('\n');
      for (const line of lines) if (line.startsWith('?') && !missing.includes(line.slice(1))) missing.push(line.slice(1));
      names = Buffer.from(lines.filter((line) => line && !line.startsWith('?')).map((line) => line + '\n').join(''), 'latin1');
    }
    for (let at = names.indexOf(10); at !== -1; at = names.indexOf(10, at + 1)) progress.total++;
    await write(names);
  } finally {
    progress.listed = true;
    target.end();
  }
}
