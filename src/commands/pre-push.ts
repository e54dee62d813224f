import { printable } from '../report/escape.js';
import { EXIT, UsageError } from '../errors.js';
import { openRepo } from '../git/index.js';
import { collect, finish } from '../pipeline.js';
import { SCAN_HELP, SCAN_OPTIONS, settingsFor } from '../settings/index.js';
import { preCommitFrameworkInput, prePushSource, readHookInput } from '../sources/git/pre-push.js';
import type { ScanCommand } from './types.js';

/** git's lines on stdin (or the pre-commit framework's variables); on a terminal, what this is for. */
async function hookInput(): Promise<string> {
  if (process.stdin.isTTY && process.env.PRE_COMMIT !== '1') {
    throw new UsageError(
      'pre-push is run by git\'s pre-push hook, which passes the pushed refs on stdin ("aisa-guard init" installs it); ' +
        'to scan commits by hand use "aisa-guard history --range <remote>/<branch>..HEAD"',
    );
  }
  return (await readHookInput()) || preCommitFrameworkInput();
}

export const prePushCommand: ScanCommand = {
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
${SCAN_HELP}`,
  maxPositionals: 2,
  options: { ...SCAN_OPTIONS, repo: { type: 'string' } },
  async source(values, positionals) {
    const remote = positionals[0] ?? process.env.PRE_COMMIT_REMOTE_NAME;
    return prePushSource((values.repo as string | undefined) ?? '.', await hookInput(), remote);
  },
  async run(values, positionals, signal) {
    const input = await hookInput();
    if (!input.trim()) {
      await openRepo((values.repo as string | undefined) ?? '.'); // outside a repository is still an error
      // Nothing was pushed (or the pre-commit framework ran this hook outside a push): say so, never a ✔.
      process.stderr.write('aisa-guard pre-push: no pushed refs on stdin: nothing to check\n');
      return EXIT.clean;
    }
    const remote = positionals[0] ?? process.env.PRE_COMMIT_REMOTE_NAME;
    const source = await prePushSource((values.repo as string | undefined) ?? '.', input, remote);
    const settings = await settingsFor('pre-push', values, source);
    const result = await collect(source, settings, signal);
    const code = await finish(result, settings);
    // Said even with --quiet (the hook's mode): the one advice that makes the next push pass.
    if (result.findings.length) {
      const remote = positionals[0] ?? process.env.PRE_COMMIT_REMOTE_NAME ?? 'the remote';
      process.stderr.write(
        `aisa-guard: push refused: ${result.findings.length === 1 ? 'a key is' : 'keys are'} in commits not yet on ${printable(remote)}. ` +
          'Rewrite those commits (git rebase -i, git commit --amend) so they no longer hold the key, push again, and revoke any key that was pushed before.\n',
      );
    }
    return code;
  },
};
