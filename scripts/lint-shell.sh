#!/usr/bin/env bash
# Fails on shell pipelines that race under `set -o pipefail`: a reader that stops early
# (`grep -q`, `grep -m N`, `head`, `sed -n Nq`) lets the writer die of SIGPIPE, and the pipeline
# then reports failure, or not, depending on timing. Capture the output first and match the
# variable instead (see package_has_candidate in scripts/setup.sh).
#
#   scripts/lint-shell.sh [files...]    (default: every shell script of ours)
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"

files=("$@")
if [[ ${#files[@]} -eq 0 ]]; then
  mapfile -t files < <(git ls-files -- '*.sh' '.ci/run')
fi

early_exit_reader='\|[[:space:]]*(grep[[:space:]]+(-[[:alnum:]]*[qm]|--quiet|--silent|--max-count)|head([[:space:]]|$|\))|sed[[:space:]]+-n[[:space:]]+[^|]*q)'
status=0
for file in "${files[@]}"; do
  grep -q 'pipefail' "$file" || continue
  # Comment lines are prose, not pipelines.
  if hits=$(grep -nE "$early_exit_reader" "$file" | grep -vE '^[0-9]+:[[:space:]]*#'); then
    while IFS= read -r hit; do
      echo "$file:$hit: early-exiting reader in a pipeline under pipefail races with SIGPIPE; capture the output, then match it" >&2
    done <<<"$hits"
    status=1
  fi
done
[[ $status -ne 0 ]] || echo "lint-shell: ${#files[@]} scripts, no racing pipelines"
exit $status
