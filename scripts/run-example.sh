#!/usr/bin/env bash
# The main job: set up the machine, build Stratus (Release, build/release) and run a bundled
# example program on it.
#
#   scripts/run-example.sh
#
# The example is one of the benchmark kernels (bench/kernels/), compiled from C to wasm32
# and run through the embedding API by stratus_bench; its checksum is compared with the same
# C compiled natively.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"
build_dir=${STRATUS_BUILD_DIR:-build/release}

STRATUS_BUILD_DIR="$build_dir" scripts/setup.sh --build-type Release

kernel=mandelbrot
n=400
echo "==> $kernel($n) natively:"
"$build_dir/bench/kernels/$kernel" "$n"
echo "==> $kernel($n) under Stratus:"
"$build_dir/bench/stratus_bench" "$build_dir/bench/kernels/$kernel.wasm" "$n"
