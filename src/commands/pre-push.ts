import { UsageError } from '../errors.js';
import { collect, finish } from '../pipeline.js';
import { SCAN_HELP, SCAN_OPTIONS, settingsFor } from '../settings/index.js';
import { prePushSource, readHookInput } from '../sources/git/pre-push.js';
import type { ScanCommand } from './types.js';

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
  options: { ...SCAN_OPTIONS, repo: { type: 'string' } },
  async source(values, positionals) {
    if (positionals.length > 2) throw new UsageError('pre-push takes at most a remote name and URL');
    const remote = positionals[0] ?? process.env.PRE_COMMIT_REMOTE_NAME;
    return prePushSource((values.repo as string | undefined) ?? '.', await readHookInput(), remote);
  },
  async run(values, positionals, signal) {
    const source = await this.source(values, positionals);
    const settings = await settingsFor('pre-push', values, source);
    const result = await collect(source, settings, signal);
    const code = await finish(result, settings);
    if (code !== 0 && !settings.report.quiet) {
      const remote = positionals[0] ?? process.env.PRE_COMMIT_REMOTE_NAME ?? 'the remote';
      process.stderr.write(
        `aisa-guard: push refused: ${result.findings.length === 1 ? 'a key is' : 'keys are'} in commits not yet on ${remote}. ` +
          'Remove them from those commits (git rebase -i, git commit --amend) and push again; revoke any key that was pushed before.\n',
      );
    }
    return code;
  },
};
