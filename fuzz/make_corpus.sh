#!/bin/sh
# Builds a libFuzzer seed corpus from the spec test binaries, outside the source tree.
#   fuzz/make_corpus.sh [corpus-dir] [spectest-dir]
# Defaults: build/fuzz-corpus and ../shared/spectest next to the repository.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-"$repo/build/fuzz-corpus"}
spectest=${2:-"$repo/../shared/spectest"}
mkdir -p "$corpus"
count=0
for f in "$spectest"/wasm-2.0/*/*.wasm; do
  [ -f "$f" ] || continue
  # Name seeds by directory and file so repeated runs overwrite instead of piling up.
  cp "$f" "$corpus/$(basename "$(dirname "$f")")-$(basename "$f")"
  count=$((count + 1))
done
echo "$count seeds in $corpus"
