#!/usr/bin/env bash
# The main job: set up the machine, build Stratus (Release, build/release) and run the bundled
# example examples/hello (see examples/README.md) with `stratus run`.
#
#   scripts/run-example.sh [args for the guest...]     (default args: first second)
#
# The example is C compiled to wasm32-wasi with clang-19 against wasi-libc; it prints a
# greeting, its arguments and $NAME, and writes then reads back hello.txt in the directory
# preopened as its ".". Everything generated lands in build/release/examples/.
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"
build_dir=${STRATUS_BUILD_DIR:-build/release}

STRATUS_BUILD_DIR="$build_dir" scripts/setup.sh --build-type Release

example_dir="$build_dir/examples"
mkdir -p "$example_dir/hello-dir"
clang-19 --target=wasm32-wasi -O2 examples/hello/hello.c -o "$example_dir/hello.wasm"

[[ $# -gt 0 ]] || set -- first second
echo "==> stratus run --dir $example_dir/hello-dir::. --env NAME=Stratus $example_dir/hello.wasm $*"
"$build_dir/stratus" run --dir "$example_dir/hello-dir::." --env NAME=Stratus "$example_dir/hello.wasm" "$@"
