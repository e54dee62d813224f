// The text of the hooks `aisa-guard init` writes. POSIX sh, no bashisms: git runs hooks with sh.

export type HookName = 'pre-commit' | 'pre-push';
export const HOOK_NAMES: readonly HookName[] = ['pre-commit', 'pre-push'];

/** Marks a file as ours: init rewrites such a file and never chains to it. */
export const HOOK_MARKER = 'written by "aisa-guard init"';
/** A user's hook found in our place is renamed to this and run first. */
export const CHAINED_SUFFIX = '.aisa-guard-chained';

/**
 * How the hook finds the CLI, most explicit first: $AISA_GUARD_BIN (a command line, evaluated by the
 * shell so a quoted path with spaces works), the project's node_modules/.bin (hooks run at the top of
 * the work tree), aisa-guard on PATH, then npx without network access.
 */
const FIND_CLI = `aisa_guard() {
  if [ -n "\${AISA_GUARD_BIN:-}" ]; then
    eval "$AISA_GUARD_BIN \\"\\$@\\""
  elif [ -x node_modules/.bin/aisa-guard ]; then
    node_modules/.bin/aisa-guard "$@"
  elif command -v aisa-guard >/dev/null 2>&1; then
    aisa-guard "$@"
  else
    npx --no-install aisa-guard "$@"
  fi
}`;

const BODY: Record<HookName, string> = {
  'pre-commit': `if [ -x "$chained" ]; then
  "$chained" "$@" || exit $?
fi
aisa_guard staged`,
  // git writes the refs being pushed on stdin: both hooks must see them.
  'pre-push': `refs=$(cat)
pushed() { [ -z "$refs" ] || printf '%s\\n' "$refs"; }
if [ -x "$chained" ]; then
  pushed | "$chained" "$@" || exit $?
fi
pushed | aisa_guard pre-push "$@"`,
};

export function gitHookScript(hook: HookName): string {
  return `#!/bin/sh
# aisa-guard ${hook} hook, ${HOOK_MARKER}. Run init again to update it.
# A hook that was here before now lives in ${hook}${CHAINED_SUFFIX} and runs first;
# to uninstall, delete this file and rename that one back to ${hook}.
${FIND_CLI}
chained="$(dirname -- "$0")/${hook}${CHAINED_SUFFIX}"
${BODY[hook]}
`;
}

/** The line added to `.husky/<hook>` (husky puts node_modules/.bin on PATH, so npx stays local). */
export const HUSKY_LINE: Record<HookName, string> = {
  'pre-commit': 'npx --no-install aisa-guard staged',
  'pre-push': 'npx --no-install aisa-guard pre-push "$@"',
};
