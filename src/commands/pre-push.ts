import { EXIT, UsageError } from '../errors.js';
import { finish } from '../pipeline.js';
import { openRepo } from '../sources/git/repo.js';
import { scanHistory } from '../sources/git/history.js';
import { hasObject, type RevSelection } from '../sources/git/revs.js';
import { interruptible } from '../sources/git/spawn.js';
import { OUTPUT_HELP, OUTPUT_OPTIONS, outputOptions } from './options.js';
import type { Command } from './types.js';

export const prePushCommand: Command = {
  name: 'pre-push',
  summary: 'git pre-push hook: scan the commits a push would send',
  usage: `aisa-guard pre-push [options] [remote-name [remote-url]]

Run by git's pre-push hook, which passes the remote's name and URL as arguments and one line per
pushed ref on stdin: "<local ref> <local sha> <remote ref> <remote sha>". Only objects the remote
does not have yet are scanned: for an update, what the local commit has and the remote commit has
not; for a new branch (or a force push over a commit this clone lacks), what no remote-tracking
branch of that remote has. Deleting a ref scans nothing. Exits 1 and refuses the push when a key is
found; "git push --no-verify" skips the hook.

Options:
      --repo DIR          the repository (default: the current directory)
${OUTPUT_HELP}`,
  maxPositionals: 2,
  options: { ...OUTPUT_OPTIONS, repo: { type: 'string' } },
  async run(values, positionals) {
    if (process.stdin.isTTY && process.env.PRE_COMMIT !== '1') {
      throw new UsageError(
        'pre-push is run by git\'s pre-push hook, which passes the pushed refs on stdin ("aisa-guard init" installs it); ' +
          'to scan commits by hand use "aisa-guard history --range <remote>/<branch>..HEAD"',
      );
    }
    const repo = await openRepo((values.repo as string | undefined) ?? '.');
    const options = outputOptions(values, 'pre-push', repo.root);
    const remote = positionals[0] ?? process.env.PRE_COMMIT_REMOTE_NAME;
    const input = (await readStdin()) || preCommitFrameworkInput();
    if (!input.trim()) {
      // Nothing was pushed (or the pre-commit framework ran this hook outside a push): say so, never a ✔.
      process.stderr.write('aisa-guard pre-push: no pushed refs on stdin: nothing to check\n');
      return EXIT.clean;
    }
    const selection = await pushedObjects(repo.root, input, remote);
    const result = selection.include.length
      ? await interruptible(() => scanHistory(repo, selection, { reveal: options.reveal }))
      : { findings: [], warnings: [], stats: { files: 0, bytes: 0, ms: 0, objects: 0 } };
    const code = await finish(result, options);
    if (code !== 0 && !options.quiet) {
      process.stderr.write(
        `aisa-guard: push refused: ${result.findings.length === 1 ? 'a key is' : 'keys are'} in commits not yet on ${remote ?? 'the remote'}. ` +
          'Remove them from those commits (git rebase -i, git commit --amend) and push again; revoke any key that was pushed before.\n',
      );
    }
    return code;
  },
};

const ZERO = /^0+$/;
const OID = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

/** What the pushed refs hold that the remote does not. */
export async function pushedObjects(root: string, input: string, remote: string | undefined): Promise<RevSelection> {
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
    if (!ZERO.test(remoteSha) && (await hasObject(root, remoteSha))) selection.exclude.push(remoteSha);
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

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
