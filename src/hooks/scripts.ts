// The text of the hooks `aisa-guard init` writes. POSIX sh, no bashisms: git runs hooks with sh.

export type HookName = 'pre-commit' | 'pre-push';
export const HOOK_NAMES: readonly HookName[] = ['pre-commit', 'pre-push'];

/** Marks a file as ours: init rewrites such a file and never chains to it. */
export const HOOK_MARKER = 'written by "aisa-guard init"';
/** A user's hook found in our place is renamed to this and run first. */
export const CHAINED_SUFFIX = '.aisa-guard-chained';

/** Where a hook finds the CLI, decided by init. */
export interface CliLocation {
  /** The project's install, relative to the work tree root (hooks run there): `web/node_modules/.bin/aisa-guard`. */
  project?: string;
  /** An installed CLI outside the repository (the one that ran init): absolute path of its cli.js. */
  installed?: string;
  /** Hooks shared by every repository (a global core.hooksPath): never run anything from the repository. */
  global?: boolean;
}

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * How the hook finds the CLI, most explicit first: $AISA_GUARD_BIN (a command line, evaluated by the
 * shell), the project's install (unless git tracks files in that node_modules: then it is repository
 * content, not an install), the installed CLI that ran init, aisa-guard on PATH (absolute entries only).
 * Called directly with node: no npx, which costs ~0.4 s per commit. Global hooks skip the project.
 */
function findCli(cli: CliLocation): string {
  const project = cli.global ? '' : cli.project ?? '';
  return `project_cli=${quote(project)}
installed_cli=${quote(cli.installed ?? '')}
aisa_guard() {
  if [ -n "\${AISA_GUARD_BIN:-}" ]; then
    eval "$AISA_GUARD_BIN \\"\\$@\\""
    return
  fi
  if [ -n "$project_cli" ] && [ -x "$project_cli" ]; then
    modules="\${project_cli%/.bin/aisa-guard}"
    if [ -z "$(git ls-files -- "$modules" | head -n 1)" ]; then
      "$project_cli" "$@"
      return
    fi
    echo "aisa-guard: $modules holds files tracked by git: not running the repository's copy" >&2
  fi
  if [ -n "$installed_cli" ] && [ -f "$installed_cli" ]; then
    node "$installed_cli" "$@"
    return
  fi
  found=$(command -v aisa-guard 2>/dev/null)
  case "$found" in
    /*) "$found" "$@"; return ;;
  esac
  echo "aisa-guard: cannot find the aisa-guard CLI\${project_cli:+ ($project_cli is missing: run npm install)}; run \\"aisa-guard init --check\\"" >&2
  return 2
}`;
}

const BODY: Record<HookName, string> = {
  'pre-commit': `if [ -x "$chained" ]; then
  "$chained" "$@" || exit $?
fi
aisa_guard staged --quiet`,
  // git writes the refs being pushed on stdin: both hooks must see them.
  'pre-push': `refs=$(cat)
pushed() { [ -z "$refs" ] || printf '%s\\n' "$refs"; }
if [ -x "$chained" ]; then
  pushed | "$chained" "$@" || exit $?
fi
pushed | aisa_guard pre-push --quiet "$@"`,
};

export function gitHookScript(hook: HookName, cli: CliLocation = {}): string {
  return `#!/bin/sh
# aisa-guard ${hook} hook, ${HOOK_MARKER}. Run init again to update it.
# A hook that was here before now lives in ${hook}${CHAINED_SUFFIX} and runs first;
# to uninstall, delete this file and rename that one back to ${hook}.
${findCli(cli)}
chained="$(dirname -- "$0")/${hook}${CHAINED_SUFFIX}"
${BODY[hook]}
`;
}

const ARGS: Record<HookName, string> = { 'pre-commit': 'staged --quiet', 'pre-push': 'pre-push --quiet "$@"' };

/**
 * The line added to `.husky/<hook>`: the project's installed CLI, called directly (husky runs hooks at
 * the work tree root; a package in a subfolder has its own node_modules there).
 */
export function huskyLine(hook: HookName, projectCli: string | undefined): string {
  return `${projectCli ?? 'aisa-guard'} ${ARGS[hook]}`;
}

/** A line of a husky file that runs aisa-guard for this hook (ours, of this or an older version). */
export function isHuskyLine(line: string, hook: HookName): boolean {
  const command = hook === 'pre-commit' ? 'staged' : 'pre-push';
  return new RegExp(`(^|[\\s/])aisa-guard\\s+${command}(\\s|$)`).test(line.trim());
}
