// The one place that decides how git is started: its argv prefix and its environment. Every git process
// aisa-guard runs (scans, hooks, the ESLint rules) is built here, so hardening applies to all of them.

/**
 * Settings that make git run a program chosen by the repository's own config (`.git/config` of a
 * repository delivered as a folder, a nested `vendor/x/.git`, an `include.path`), turned off for every
 * call: `-c` beats every config file. Filters and textconv drivers cannot be switched off by name
 * (`filter.<any>.clean`), so no command we run applies them: `cat-file --batch` never does, and the
 * diffs we read are plumbing (`diff-index`, `log --raw`) with `--no-ext-diff --no-textconv` added.
 * Not touched, on purpose: `safe.directory` (git's own refusal of a repository another user owns stays in
 * force), the user's global and system config (identity, `core.excludesFile` and `safe.directory` are
 * needed; GIT_CONFIG_NOSYSTEM is not set), and `core.untrackedCache` (a cache, it runs nothing; with
 * GIT_OPTIONAL_LOCKS=0 git never rewrites the index for it).
 */
export const GIT_CONFIG_FLAGS: readonly string[] = [
  'core.fsmonitor=false', // runs a hook (or starts a daemon) on every index read: ls-files, diff-index, check-ignore
  'core.hooksPath=/dev/null', // no hook of the repository ever runs (reference-transaction, post-index-change)
  'core.pager=cat',
  'diff.external=',
  'core.askPass=',
  'credential.helper=', // an empty value clears the list of helpers
  'core.sshCommand=',
  'protocol.allow=never', // no transport at all: a partial clone's lazy fetch would run ssh or a remote helper
  'log.showSignature=false', // would run gpg.program
  'gpg.program=false',
].flatMap((setting) => ['-c', setting]);

export interface GitCallOptions {
  /** `rev-parse --git-path hooks` must see the real core.hooksPath (init installs there). */
  keepHooksPath?: boolean;
  /** Fetching missing objects (`--fetch-missing`) needs the transports `protocol.allow=never` turns off. */
  network?: boolean;
  /** Extra variables for this call only (purge hands git-filter-repo's callbacks their data this way). */
  env?: Record<string, string>;
}

/** The full argv for `git <args>`: no pager, the hardening settings, then `args`. */
export function gitArgs(args: readonly string[], options: GitCallOptions = {}): string[] {
  const flags: string[] = [];
  for (let i = 0; i < GIT_CONFIG_FLAGS.length; i += 2) {
    const setting = GIT_CONFIG_FLAGS[i + 1];
    if (options.keepHooksPath && setting.startsWith('core.hooksPath=')) continue;
    if ((options.network || lazyFetch) && setting.startsWith('protocol.allow=')) continue;
    flags.push('-c', setting);
  }
  return ['--no-pager', ...flags, ...args];
}

/** Environment variables through which git would start programs chosen outside our control. */
const UNSET = ['GIT_EXTERNAL_DIFF', 'GIT_SSH', 'GIT_SSH_COMMAND', 'GIT_PROXY_COMMAND', 'GIT_EDITOR', 'GIT_SEQUENCE_EDITOR'];

/**
 * A partial clone fetches a missing object from its promisor remote the moment git is asked for it:
 * a scan must not go to the network behind the user's back, so that is off unless `--fetch-missing`.
 */
let lazyFetch = false;
export function allowLazyFetch(allowed: boolean): void {
  lazyFetch = allowed;
}

/**
 * Grafts (`.git/info/grafts`, or the file GIT_GRAFT_FILE names) rewrite parents for every git command, so
 * a graft could cut the commit holding a key out of `--branch`/`--range`. A path that cannot exist (a
 * file under /dev/null: ENOTDIR, which git reads silently as "no grafts") turns them off.
 */
const NO_GRAFTS = '/dev/null/aisa-guard-no-grafts';

/**
 * The environment for every git child: ours, minus program hooks, plus: no pager, no password prompt (an
 * empty GIT_ASKPASS ends git's askpass lookup), replace objects and grafts off (`git replace` or a graft
 * must not hide a commit holding a key: history and pre-push read what a push really sends), and optional
 * locks off (a hook never fights the user's git for the index).
 */
export function gitEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const name of UNSET) delete env[name];
  return {
    ...env,
    GIT_PAGER: 'cat',
    PAGER: 'cat',
    GIT_ASKPASS: '',
    SSH_ASKPASS: '',
    GIT_TERMINAL_PROMPT: '0',
    GIT_NO_REPLACE_OBJECTS: '1',
    GIT_GRAFT_FILE: NO_GRAFTS,
    GIT_OPTIONAL_LOCKS: '0',
    ...(lazyFetch ? {} : { GIT_NO_LAZY_FETCH: '1' }),
  };
}

/** What to hand to child_process (spawn, execFile, execFileSync) to run `git <args>`. */
export function gitCommand(args: readonly string[], options: GitCallOptions = {}): { file: 'git'; args: string[]; env: NodeJS.ProcessEnv } {
  return { file: 'git', args: gitArgs(args, options), env: { ...gitEnv(), ...options.env } };
}
