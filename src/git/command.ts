// The one place that decides how git is started: its argv prefix and its environment. Every git process
// aisa-guard runs (scans, hooks, the ESLint rules) is built here, so hardening applies to all of them.

/** `-c` settings put before every git subcommand (the scanned repository's config must not run programs). */
export const GIT_CONFIG_FLAGS: readonly string[] = [];

/** The full argv for `git <args>`. */
export function gitArgs(args: readonly string[]): string[] {
  return [...GIT_CONFIG_FLAGS, ...args];
}

/**
 * The environment for every git child: ours, with optional locks off (a hook never fights the user's git
 * for the index) and no prompt for credentials.
 */
export function gitEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...base, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0' };
}

/** What to hand to child_process (spawn, execFile, execFileSync) to run `git <args>`. */
export function gitCommand(args: readonly string[]): { file: 'git'; args: string[]; env: NodeJS.ProcessEnv } {
  return { file: 'git', args: gitArgs(args), env: gitEnv() };
}
