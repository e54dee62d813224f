#!/usr/bin/env bash
# One job of the org sweep: for each repository of its chunk (REPOSITORIES, a JSON list), a bare clone of
# every branch and tag, then the Action's scan step (action/scan.sh) with that repository's state file,
# so only objects new since the last night are read. No SARIF is written: code scanning can only take
# it for the repository the workflow runs in. Writes the most serious exit code to $GITHUB_OUTPUT
# (3 a live key, 1 keys found, 2 a repository could not be scanned, 0 clean); each repository gets a
# line in the log and a section in the job summary.
# Input: REPOSITORIES, TOKEN (reads every repository), STATE_DIR (cached between runs), GITHUB_* as set.
set -uo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
work="${RUNNER_TEMP:-${TMPDIR:-/tmp}}/aisa-guard-sweep"
state_dir="${STATE_DIR:?}"
mkdir -p "$state_dir"
mapfile -t repositories < <(node -e 'for (const n of JSON.parse(process.env.REPOSITORIES)) if (/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(n)) console.log(n)')

worst=0
rank() { case "$1" in 3) echo 4 ;; 1) echo 3 ;; 2) echo 2 ;; *) echo 1 ;; esac; }
for repository in "${repositories[@]}"; do
  [ -n "${GITHUB_STEP_SUMMARY:-}" ] && printf '\n### %s\n\n' "$repository" >> "$GITHUB_STEP_SUMMARY"
  rm -rf "$work" && mkdir -p "$work"
  code=2
  if git clone --quiet --bare "https://x-access-token:${TOKEN}@github.com/${repository}.git" "$work/repo.git" 2> /dev/null; then
    git -C "$work/repo.git" remote remove origin
    outputs="$work/outputs"
    : > "$outputs"
    (cd "$work/repo.git" && GITHUB_OUTPUT="$outputs" INPUT_STATE="${state_dir}/${repository/\//__}.json" \
      INPUT_UPLOAD_SARIF=false INPUT_VERSION='' INPUT_SCOPE=history bash "$here/scan.sh")
    code="$(sed -n 's/^exit-code=//p' "$outputs" | tail -1)"
  else
    echo "::error title=aisa-guard::${repository}: could not clone (does the token read it?): nothing was scanned"
  fi
  echo "${repository}: exit ${code:=2}"
  [ "$(rank "$code")" -gt "$(rank "$worst")" ] && worst="$code"
done
rm -rf "$work"
echo "exit-code=${worst}" >> "${GITHUB_OUTPUT:-/dev/null}"
