#!/usr/bin/env bash
# The Action's scan step (action.yml runs it; tests run it with the environment GitHub sets).
# Resolves the CLI (this action's own checkout, or an npm version), picks what to scan from the event,
# writes annotations and a SARIF report, and records the exit code. It never turns "could not run"
# into "found keys": any failure to install or run is exit code 2, and no SARIF path is published
# unless the file exists.
set -uo pipefail

output() { echo "$1" >> "${GITHUB_OUTPUT:-/dev/null}"; }
could_not_run() {
  echo "::error title=aisa-guard::$1: nothing was scanned"
  output "exit-code=2"
  exit 0
}

action_path="${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/.." && pwd)}"
temp="${RUNNER_TEMP:-${TMPDIR:-/tmp}}"

# The CLI: an npm release when `version` is given, else this action's own checkout (built on first use).
if [ -n "${INPUT_VERSION:-}" ]; then
  prefix="${temp}/aisa-guard-cli"
  npm install --prefix "$prefix" --no-audit --no-fund --no-save --loglevel=error "aisa-guard@${INPUT_VERSION}" >&2 \
    || could_not_run "could not install aisa-guard@${INPUT_VERSION} from npm"
  cli=("${prefix}/node_modules/.bin/aisa-guard")
else
  if [ ! -f "${action_path}/dist/src/cli.js" ]; then
    (cd "$action_path" && npm ci --no-audit --no-fund --loglevel=error >&2) \
      || could_not_run "could not install and build aisa-guard from the action's checkout (${action_path})"
  fi
  cli=(node "${action_path}/dist/src/cli.js")
fi
"${cli[@]}" --version > /dev/null 2>&1 || could_not_run "the aisa-guard CLI does not start"

# The event, as GitHub describes it in GITHUB_EVENT_PATH.
event() { node -e 'const e = JSON.parse(require("fs").readFileSync(process.env.GITHUB_EVENT_PATH, "utf8")); const v = process.argv[1].split(".").reduce((o, k) => (o == null ? o : o[k]), e); process.stdout.write(v == null ? "" : String(v));' "$1" 2>/dev/null; }
event_name="${GITHUB_EVENT_NAME:-}"
zero=0000000000000000000000000000000000000000

scan=(history)
if [ -n "${INPUT_STATE:-}" ]; then
  mkdir -p "$(dirname "${INPUT_STATE}")"
  scan=(history --state "${INPUT_STATE}")
else
  case "${INPUT_SCOPE:-auto}" in
    files) scan=(scan .) ;;
    history) ;;
    auto)
      if [ "$event_name" = pull_request ] || [ "$event_name" = pull_request_target ]; then
        base="$(event pull_request.base.sha)"
        head="$(event pull_request.head.sha)"
        [ -n "$base" ] && [ -n "$head" ] || could_not_run "pull_request event without base and head commits"
        scan=(history --range "${base}..${head}")
      elif [ "$event_name" = push ]; then
        before="$(event before)"
        default_branch="$(event repository.default_branch)"
        if [ "${GITHUB_REF:-}" != "refs/heads/${default_branch}" ] && [ -n "$before" ] && [ "$before" != "$zero" ]; then
          scan=(history --range "${before}..${GITHUB_SHA}")
        else
          # The default branch (or a new branch): everything the pushed commit reaches, which holds the
          # pushed range; never other branches (a key only on an open PR branch must not fail main).
          scan=(history --branch "${GITHUB_SHA}")
        fi
      fi ;;
    *) echo "::error title=aisa-guard::scope must be auto, history or files (got ${INPUT_SCOPE})"; output "exit-code=2"; exit 0 ;;
  esac
fi
if [ "${scan[0]}" = history ] && [ "$(git rev-parse --is-shallow-repository 2>/dev/null)" = true ]; then
  echo "::warning title=aisa-guard::shallow clone: only the fetched commits are scanned; use actions/checkout with fetch-depth: 0"
fi
extra=()
[ -n "${INPUT_BASELINE:-}" ] && extra+=(--baseline "${INPUT_BASELINE}")
# shellcheck disable=SC2206 # word splitting of user-given extra arguments is intended
extra+=(${INPUT_ARGS:-})

# A --state sweep records the tips as it runs: the SARIF pass reads a copy of the state as it was.
if [ -n "${INPUT_STATE:-}" ]; then
  state_copy="${temp}/aisa-guard-state.before.json"
  rm -f "$state_copy"
  [ -f "${INPUT_STATE}" ] && cp "${INPUT_STATE}" "$state_copy"
  sarif_scan=(history --state "$state_copy")
else
  sarif_scan=("${scan[@]}")
fi

# Annotations on the diff and the job summary, then the SARIF report for code scanning.
"${cli[@]}" "${scan[@]}" "${extra[@]}" --format github
code=$?
case "$code" in
  0 | 1 | 3) ;;
  *) code=2 ;; # usage error, incomplete scan, crash, signal: could not tell
esac
if [ "$code" -ne 2 ]; then
  sarif="${temp}/aisa-guard.sarif"
  rm -f "$sarif"
  "${cli[@]}" "${sarif_scan[@]}" "${extra[@]}" --format sarif --output "$sarif" --quiet > /dev/null 2>&1
  [ -s "$sarif" ] && output "sarif=${sarif}"
fi
output "exit-code=${code}"
