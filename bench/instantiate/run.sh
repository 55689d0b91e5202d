#!/usr/bin/env bash
# The per-invocation benchmark in one command: builds stratus_instantiate_bench and
# stratus_kernel_floor in build/release, runs them and Node's V8 on the same modules, and
# ends with a table of medians side by side.
#
#   bench/instantiate/run.sh [--quick] [--live N]
#
# STRATUS_BUILD_DIR picks another build directory (default build/release).
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build_dir=${STRATUS_BUILD_DIR:-build/release}
[[ "$build_dir" = /* ]] || build_dir="$repo_root/$build_dir"

STRATUS_BUILD_DIR="$build_dir" "$repo_root/scripts/setup.sh" --build-type Release \
  --target stratus_instantiate_bench --target stratus_kernel_floor

quick=()
[[ " $* " == *" --quick "* ]] && quick=(--quick)
modules=$(mktemp -d)
trap 'rm -rf "$modules"' EXIT
bench="$build_dir/bench/instantiate/stratus_instantiate_bench"
"$bench" --emit "$modules"

log=$(mktemp)
trap 'rm -rf "$modules" "$log"' EXIT
"$bench" "$@" | tee "$log"
"$build_dir/bench/instantiate/stratus_kernel_floor" | tee -a "$log"
node "$repo_root/bench/instantiate/v8_instantiate.mjs" "$modules" "${quick[@]}" | tee -a "$log"
echo
node "$repo_root/bench/instantiate/report.mjs" "$log"
