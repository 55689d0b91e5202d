#!/usr/bin/env bash
# The benchmark suite in one command: builds the kernels (wasm + native), stratus_bench and
# the compile-speed module in build/release, then runs everything via bench/run.mjs.
#
#   bench/run.sh [run.mjs options: --runs N --kernels a,b --quick]
#
# STRATUS_BUILD_DIR picks another build directory (default build/release).
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build_dir=${STRATUS_BUILD_DIR:-build/release}
[[ "$build_dir" = /* ]] || build_dir="$repo_root/$build_dir"

# Benchmarks only mean something on an optimized build.
STRATUS_BUILD_DIR="$build_dir" "$repo_root/scripts/setup.sh" --build-type Release --target stratus_bench_all
exec node "$repo_root/bench/run.mjs" --build-dir "$build_dir" "$@"
