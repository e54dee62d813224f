#!/usr/bin/env bash
# The org sweep's plan job (.github/workflows/org-sweep.yml): the repositories to sweep, cut into chunks
# so that any number of them fits GitHub's limit of 256 matrix jobs. Writes `chunks` to $GITHUB_OUTPUT:
# a JSON list of {"id": N, "repositories": ["owner/name", …]}, the names sorted so a chunk keeps its
# repositories (and its cached state) from night to night while the list does not change.
# Input: REPOSITORIES (a JSON list, optional) or ORGANIZATION (listed with `gh repo list`), CHUNK_SIZE.
set -euo pipefail

if [ -n "${REPOSITORIES:-}" ]; then
  list="$REPOSITORIES"
else
  # gh pages through the API itself; the limit is only a ceiling.
  list="$(gh repo list "${ORGANIZATION:?organization or repositories is required}" --no-archived --limit 100000 --json nameWithOwner --jq '[.[].nameWithOwner]')"
fi

LIST="$list" CHUNK_SIZE="${CHUNK_SIZE:-20}" node -e '
const MAX_JOBS = 256;
let names;
try { names = JSON.parse(process.env.LIST); } catch { names = undefined; }
if (!Array.isArray(names)) { console.error("::error title=aisa-guard::the repository list is not a JSON list"); process.exit(1); }
const bad = names.filter((n) => typeof n !== "string" || !/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(n));
if (bad.length) { console.error(`::error title=aisa-guard::not an owner/name: ${JSON.stringify(bad[0]).slice(0, 100)}`); process.exit(1); }
const sorted = [...new Set(names)].sort();
const asked = Math.max(1, Number.parseInt(process.env.CHUNK_SIZE, 10) || 20);
const size = Math.max(asked, Math.ceil(sorted.length / MAX_JOBS));
const chunks = [];
for (let at = 0; at < sorted.length; at += size) chunks.push({ id: chunks.length, repositories: sorted.slice(at, at + size) });
require("fs").appendFileSync(process.env.GITHUB_OUTPUT, `chunks=${JSON.stringify(chunks)}\n`);
console.log(`${sorted.length} repositories in ${chunks.length} chunks of at most ${size}`);
'
