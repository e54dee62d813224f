#!/usr/bin/env bash
# The Action's scan step (action.yml runs it; tests run it with the environment GitHub sets).
# Resolves the CLI (the bundle in this action's checkout, or an npm version), picks what to scan from
# the event, writes annotations, the job summary and a SARIF report in one scan, and records the exit code. It never turns "could not run"
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

# The CLI: an npm release when `version` is given, else the bundle committed in this action's checkout
# (action/aisa-guard.js: the CLI and its dependencies in one file, no install, no build).
if [ -n "${INPUT_VERSION:-}" ]; then
  prefix="${temp}/aisa-guard-cli"
  npm install --prefix "$prefix" --no-audit --no-fund --no-save --loglevel=error "aisa-guard@${INPUT_VERSION}" >&2 \
    || could_not_run "could not install aisa-guard@${INPUT_VERSION} from npm"
  cli=("${prefix}/node_modules/.bin/aisa-guard")
else
  [ -f "${action_path}/action/aisa-guard.js" ] || could_not_run "the action's checkout (${action_path}) has no action/aisa-guard.js"
  cli=(node "${action_path}/action/aisa-guard.js")
fi
"${cli[@]}" --version > /dev/null 2>&1 || could_not_run "the aisa-guard CLI does not start"

# The event, as GitHub describes it in GITHUB_EVENT_PATH.
event() { node -e 'const e = JSON.parse(require("fs").readFileSync(process.env.GITHUB_EVENT_PATH, "utf8")); const v = process.argv[1].split(".").reduce((o, k) => (o == null ? o : o[k]), e); process.stdout.write(v == null ? "" : String(v));' "$1" 2>/dev/null; }
event_name="${GITHUB_EVENT_NAME:-}"
zero=0000000000000000000000000000000000000000

scan=(history)
scope="every ref (the whole history)"
if [ -n "${INPUT_STATE:-}" ]; then
  mkdir -p "$(dirname "${INPUT_STATE}")"
  scan=(history --state "${INPUT_STATE}")
  scope="every ref, objects new since the last sweep (state ${INPUT_STATE})"
else
  case "${INPUT_SCOPE:-auto}" in
    files) scan=(scan .); scope="the checked-out files at ${GITHUB_SHA:-HEAD}" ;;
    history) ;;
    auto)
      if [ "$event_name" = pull_request ] || [ "$event_name" = pull_request_target ]; then
        base="$(event pull_request.base.sha)"
        head="$(event pull_request.head.sha)"
        [ -n "$base" ] && [ -n "$head" ] || could_not_run "pull_request event without base and head commits"
        scan=(history --range "${base}..${head}")
        scope="pull request (${GITHUB_REF:-}): the commits ${base:0:12}..${head:0:12}"
      elif [ "$event_name" = push ]; then
        before="$(event before)"
        default_branch="$(event repository.default_branch)"
        if [ "${GITHUB_REF:-}" != "refs/heads/${default_branch}" ] && [ -n "$before" ] && [ "$before" != "$zero" ]; then
          scan=(history --range "${before}..${GITHUB_SHA}")
          scope="push to ${GITHUB_REF:-}: the pushed commits ${before:0:12}..${GITHUB_SHA:0:12}"
        else
          # The default branch (or a new branch): everything the pushed commit reaches, which holds the
          # pushed range; never other branches (a key only on an open PR branch must not fail main).
          scan=(history --branch "${GITHUB_SHA}")
          scope="push to ${GITHUB_REF:-}: every commit ${GITHUB_SHA:0:12} reaches"
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

# One scan: annotations and the job summary (github format) and the SARIF report, from the same run.
sarif=""
if [ "${INPUT_UPLOAD_SARIF:-true}" = true ]; then
  sarif="${temp}/aisa-guard.sarif"
  rm -f "$sarif"
  extra+=(--report "sarif=${sarif}")
fi
"${cli[@]}" "${scan[@]}" "${extra[@]}" --format github
code=$?
case "$code" in
  0 | 1 | 3) ;;
  *) code=2 ;; # usage error, incomplete scan, crash, signal: could not tell
esac
[ -n "${GITHUB_STEP_SUMMARY:-}" ] && printf '\nScanned: %s.\n' "$scope" >> "$GITHUB_STEP_SUMMARY"
# An incomplete scan's SARIF would close open alerts in code scanning: publish only a complete one.
[ "$code" -ne 2 ] && [ -n "$sarif" ] && [ -s "$sarif" ] && output "sarif=${sarif}"
output "exit-code=${code}"
