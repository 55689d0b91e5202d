#!/usr/bin/env bash
# The whole test suite, as CI runs it (.ci/run):
#   0. static checks: scripts/lint-shell.sh (no racing pipelines in our scripts) and
#      scripts/check-layers.py (no #include points up the layer order of src/CMakeLists.txt);
#   1. scripts/setup.sh: packages (verified installable on every run) and npm tools, then the
#      Release build in build/release;
#   2. ctest there (unit, spec, e2e, diff, WASI test suite, hostile and bench-checksum tests;
#      the e2e programs and the WASI test suite also as WASI 0.2 components: label wasi-p2);
#   3. the same build with AddressSanitizer + UndefinedBehaviorSanitizer in build/asan, and
#      ctest there too.
# Both builds treat warnings as errors. Exits non-zero if the layer check, any build or any
# test failed, and ends with one "<config>: N passed, N failed" line per configuration (and
# one for the layer check).
#
#   scripts/test.sh [release] [asan]     (default: both)
#
# STRATUS_JOBS sets build and test parallelism (default: number of cores).
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo_root"
jobs=${STRATUS_JOBS:-$(nproc)}
configs=("$@")
[[ ${#configs[@]} -gt 0 ]] || configs=(release asan)

export STRATUS_WERROR=ON
# Abort on the first report with a stack trace; the build already makes UBSan fatal.
export ASAN_OPTIONS=${ASAN_OPTIONS:-abort_on_error=1:detect_leaks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

log() { printf '\n==> %s\n' "$*"; }

timings=()
results=()
total_passed=0
total_failed=0
status=0

# run_config NAME BUILD_DIR SETUP_ARGS... : build, then ctest; record timings and counts.
run_config() {
  local name=$1 build_dir=$2
  shift 2
  local start=$SECONDS
  log "$name: build ($build_dir)"
  if ! STRATUS_BUILD_DIR="$build_dir" STRATUS_JOBS="$jobs" scripts/setup.sh "$@"; then
    timings+=("$name: build FAILED after $((SECONDS - start))s")
    results+=("$name: 0 passed, 1 failed")
    total_failed=$((total_failed + 1))
    status=1
    return
  fi
  local build_seconds=$((SECONDS - start))

  log "$name: ctest"
  start=$SECONDS
  local ctest_status=0
  # --no-tests=error: a configuration that finds no tests has tested nothing; fail it.
  ctest --test-dir "$build_dir" --output-on-failure --no-tests=error -j"$jobs" --timeout 900 \
    2>&1 | tee "$build_dir/ctest.log" || ctest_status=$?
  local test_seconds=$((SECONDS - start))

  local passed=0 failed=0
  # ctest's closing line: "NN% tests passed, F tests failed out of T"
  local line
  line=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$build_dir/ctest.log" | tail -n1 || true)
  if [[ "$line" =~ ([0-9]+)\ tests?\ failed\ out\ of\ ([0-9]+) ]]; then
    failed=${BASH_REMATCH[1]}
    passed=$((BASH_REMATCH[2] - failed))
  fi
  if [[ $ctest_status -ne 0 && $failed -eq 0 ]]; then
    failed=1  # ctest failed without counting a test (no tests, crash): still a failure
  fi
  # A skipped test (exit 77 when a tool it needs is missing) has tested nothing. CI's machine
  # has every tool, so only the skips tests/allowed_skips.txt lists for this configuration,
  # with their reasons, pass; any other counts as failed, and so does a listed one that ran.
  local skipped_names allowed_names unexpected stale
  skipped_names=$(sed -nE 's/^[[:space:]]*[0-9]+ - (.*) \((Skipped|Not Run|Disabled)\)$/\1/p' "$build_dir/ctest.log" | sort -u)
  allowed_names=$(sed -nE "s/^$name ([^ ]+) -- .*/\\1/p" tests/allowed_skips.txt | sort -u)
  unexpected=$(comm -23 <(printf '%s\n' "$skipped_names" | sed '/^$/d') <(printf '%s\n' "$allowed_names" | sed '/^$/d'))
  stale=$(comm -13 <(printf '%s\n' "$skipped_names" | sed '/^$/d') <(printf '%s\n' "$allowed_names" | sed '/^$/d'))
  # ctest counts a skipped test as passed; it tested nothing, so it is not.
  local skipped=0
  [[ -z "$skipped_names" ]] || skipped=$(wc -l <<<"$skipped_names")
  passed=$((passed - skipped))
  local count
  for count in unexpected stale; do
    [[ -n "${!count}" ]] || continue
    local n
    n=$(wc -l <<<"${!count}")
    if [[ $count == unexpected ]]; then
      printf 'test.sh: %s: did not run, and tests/allowed_skips.txt does not allow it: %s\n' "$name" "${!count//$'\n'/ }" >&2
    else
      printf 'test.sh: %s: ran, but tests/allowed_skips.txt lists it as skipped; remove it: %s\n' "$name" "${!count//$'\n'/ }" >&2
    fi
    failed=$((failed + n))
  done
  [[ $failed -eq 0 ]] || status=1
  timings+=("$name: build ${build_seconds}s, tests ${test_seconds}s, $skipped skipped (tests/allowed_skips.txt)")
  results+=("$name: $passed passed, $failed failed")
  total_passed=$((total_passed + passed))
  total_failed=$((total_failed + failed))
}

overall_start=$SECONDS
# Static checks come before the builds: each takes a second, and names the offending line
# where a build would only say that a header is not found.
# run_static_check NAME COMMAND...: one summary line, counted like a test.
run_static_check() {
  local name=$1
  shift
  log "static check: $name"
  if "$@"; then
    results+=("$name: 1 passed, 0 failed")
    total_passed=$((total_passed + 1))
  else
    results+=("$name: 0 passed, 1 failed")
    total_failed=$((total_failed + 1))
    status=1
  fi
}
run_static_check "shell lint" scripts/lint-shell.sh
run_static_check "layer check" python3 scripts/check-layers.py

packages_checked=0
for config in "${configs[@]}"; do
  package_args=()
  [[ $packages_checked -eq 0 ]] || package_args=(--skip-packages)
  packages_checked=1
  case "$config" in
    release)
      run_config release build/release "${package_args[@]}" --build-type Release
      ;;
    asan)
      # -O1 with line tables: the tests run several times faster than at -O0 and the
      # sanitizer reports still name file and line; asserts stay on (no NDEBUG).
      run_config asan build/asan "${package_args[@]}" --build-type RelWithDebInfo --sanitize \
        -- "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only" "-DCMAKE_C_FLAGS_RELWITHDEBINFO=-O1 -gline-tables-only"
      ;;
    *)
      echo "test.sh: unknown configuration '$config' (release, asan)" >&2
      exit 2
      ;;
  esac
done

log "summary (total $((SECONDS - overall_start))s)"
printf '%s\n' "${timings[@]}"
printf '%s\n' "${results[@]}"
[[ ${#configs[@]} -eq 1 ]] || echo "total: $total_passed passed, $total_failed failed"
exit $status
