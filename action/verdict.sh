#!/usr/bin/env bash
# The Action's last step: fail the job with words that match the exit code of the scan step.
set -uo pipefail
case "${CODE:-2}" in
  0) exit 0 ;;
  2 | '') echo "aisa-guard could not scan (exit 2): see the scan step's log. This is not a finding."; exit 1 ;;
  3) echo "aisa-guard found a live AIsa key (exit 3): revoke it now, then remove it from the repository." ;;
  *) echo "aisa-guard found AIsa keys (exit ${CODE}): remove them, and revoke any that were pushed." ;;
esac
[ "${FAIL_ON_FINDINGS:-true}" = true ] && exit 1
exit 0
