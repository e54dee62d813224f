// What a push would send: git's pre-push hook input (or the pre-commit framework's variables) turned
// into the commits the remote does not have yet.
import { UsageError } from '../../errors.js';
import { Git, hasObject, openRepo, type RevSelection } from '../../git/index.js';
import type { Source } from '../source.js';
import { selectionSource } from './history.js';

/** `aisa-guard pre-push [remote]`: `input` is the hook's stdin, one line per pushed ref. */
export async function prePushSource(dir: string, input: string, remote: string | undefined): Promise<Source> {
  const repo = await openRepo(dir);
  return selectionSource(repo, await pushedObjects(new Git(repo.root), input || preCommitFrameworkInput(), remote));
}

const ZERO = /^0+$/;
const OID = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/** What the pushed refs hold that the remote does not. */
export async function pushedObjects(git: Git, input: string, remote: string | undefined): Promise<RevSelection> {
  const selection: RevSelection = { all: false, include: [], exclude: [], excludeRemote: remote };
  for (const line of input.split('\n')) {
    if (!line.trim()) continue;
    const fields = line.trim().split(/\s+/);
    const [, localSha, , remoteSha] = fields;
    if (fields.length !== 4 || !OID.test(localSha) || !OID.test(remoteSha)) {
      throw new UsageError(`pre-push: expected "<local ref> <local sha> <remote ref> <remote sha>" on stdin (got "${line.slice(0, 120)}")`);
    }
    if (ZERO.test(localSha)) continue; // deleting a remote ref sends nothing
    selection.include.push(localSha);
    // A remote commit we have bounds the scan exactly; otherwise the remote-tracking refs do.
    if (!ZERO.test(remoteSha) && (await hasObject(git, remoteSha))) selection.exclude.push(remoteSha);
  }
  return selection;
}

/**
 * The pre-commit framework does not pass git's stdin to pre-push hooks; it sets PRE_COMMIT_FROM_REF
 * (what the remote has) and PRE_COMMIT_TO_REF (what is pushed) instead. Same meaning, one line.
 */
export function preCommitFrameworkInput(env: NodeJS.ProcessEnv = process.env): string {
  const to = env.PRE_COMMIT_TO_REF;
  if (!to || !OID.test(to)) return '';
  const from = env.PRE_COMMIT_FROM_REF && OID.test(env.PRE_COMMIT_FROM_REF) ? env.PRE_COMMIT_FROM_REF : '0'.repeat(40);
  return `${env.PRE_COMMIT_LOCAL_BRANCH ?? 'HEAD'} ${to} ${env.PRE_COMMIT_REMOTE_BRANCH ?? 'HEAD'} ${from}\n`;
}

/** The hook's standard input, whole (a few lines); nothing on a terminal. */
export async function readHookInput(stream: NodeJS.ReadStream = process.stdin): Promise<string> {
  if (stream.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
